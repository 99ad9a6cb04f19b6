import type { MessageView } from "@/shared/types";

/** Consecutive messages by one author within this window share one header (name and time). */
export const GROUP_WINDOW_MS = 5 * 60_000;

export type ListItem =
  | { kind: "day"; key: string; label: string; date: string }
  | { kind: "message"; key: string; message: MessageView; /** Starts a group: show avatar, name and time. */ head: boolean };

const dayKey = (d: Date) => `${d.getFullYear()}-${d.getMonth() + 1}-${d.getDate()}`;

/** "Today", "Yesterday", or the date (with the year only when it is not this year), in local time. */
export function dayLabel(date: Date, now: Date, locale = "en"): string {
  if (dayKey(date) === dayKey(now)) return "Today";
  const yesterday = new Date(now.getFullYear(), now.getMonth(), now.getDate() - 1);
  if (dayKey(date) === dayKey(yesterday)) return "Yesterday";
  return new Intl.DateTimeFormat(locale, {
    weekday: "long",
    month: "long",
    day: "numeric",
    ...(date.getFullYear() === now.getFullYear() ? {} : { year: "numeric" }),
  }).format(date);
}

/** Messages (oldest first) with a separator before each new local day and group heads marked. */
export function buildList(messages: MessageView[], now: Date, locale = "en"): ListItem[] {
  const items: ListItem[] = [];
  let prev: MessageView | undefined;
  let prevAt = 0;
  for (const m of messages) {
    const at = new Date(m.createdAt);
    const newDay = !prev || dayKey(at) !== dayKey(new Date(prevAt));
    if (newDay) items.push({ kind: "day", key: `day-${dayKey(at)}`, label: dayLabel(at, now, locale), date: m.createdAt });
    const head =
      newDay || !prev || prev.sender.id !== m.sender.id || at.getTime() - prevAt > GROUP_WINDOW_MS || at.getTime() < prevAt;
    items.push({ kind: "message", key: m.id, message: m, head });
    prev = m;
    prevAt = at.getTime();
  }
  return items;
}

export type TextPart = { kind: "text"; text: string } | { kind: "link"; text: string; href: string };

const URL_PATTERN = /\bhttps?:\/\/[^\s<>"'`]+/gi;
const TRAILING = /[.,;:!?'"*_~]+$/;

/** Trims punctuation that ends a sentence rather than the URL, and a closing bracket without its opener. */
function trimUrl(raw: string): string {
  let url = raw.replace(TRAILING, "");
  for (const [open, close] of [["(", ")"], ["[", "]"]] as const) {
    while (url.endsWith(close) && url.split(open).length < url.split(close).length) {
      url = url.slice(0, -1).replace(TRAILING, "");
    }
  }
  return url;
}

/** Splits a message into plain text and http(s) links: rendered as nodes, never as HTML. */
export function splitLinks(text: string): TextPart[] {
  const parts: TextPart[] = [];
  let last = 0;
  for (const match of text.matchAll(URL_PATTERN)) {
    const start = match.index ?? 0;
    const candidate = trimUrl(match[0]);
    let href: string | null = null;
    try {
      const u = new URL(candidate);
      if ((u.protocol === "http:" || u.protocol === "https:") && u.hostname) href = u.href;
    } catch {
      href = null;
    }
    if (!href) continue;
    if (start > last) parts.push({ kind: "text", text: text.slice(last, start) });
    parts.push({ kind: "link", text: candidate, href });
    last = start + candidate.length;
  }
  if (last < text.length) parts.push({ kind: "text", text: text.slice(last) });
  return parts;
}
