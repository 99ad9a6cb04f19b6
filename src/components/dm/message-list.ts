import type { MessageView } from "@/shared/types";

/** Consecutive messages by one author within this window share one header (name and time). */
export const GROUP_WINDOW_MS = 5 * 60_000;

export type ListItem =
  | { kind: "day"; key: string; label: string; /** YYYY-MM-DD */ date: string }
  | { kind: "message"; key: string; message: MessageView; /** Starts a group: show avatar, name and time. */ head: boolean };

const keyFormats = new Map<string, Intl.DateTimeFormat>();
/** The calendar day of an instant in a time zone (the viewer's when undefined), as YYYY-MM-DD. */
export function dayKey(d: Date, timeZone?: string): string {
  const k = timeZone ?? "";
  let f = keyFormats.get(k);
  if (!f) keyFormats.set(k, (f = new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" })));
  return f.format(d);
}

/** The day before a YYYY-MM-DD day. */
function dayBefore(key: string): string {
  const [y, m, d] = key.split("-").map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d - 1)).toISOString().slice(0, 10);
}

/**
 * "Today", "Yesterday", or the date (with the year only when it is not this year), in the viewer's
 * time zone (or `timeZone`: the server renders in UTC and the browser corrects it after hydration).
 */
export function dayLabel(date: Date, now: Date, locale = "en", timeZone?: string): string {
  const day = dayKey(date, timeZone);
  const today = dayKey(now, timeZone);
  if (day === today) return "Today";
  if (day === dayBefore(today)) return "Yesterday";
  return new Intl.DateTimeFormat(locale, {
    timeZone,
    weekday: "long",
    month: "long",
    day: "numeric",
    ...(day.slice(0, 4) === today.slice(0, 4) ? {} : { year: "numeric" }),
  }).format(date);
}

/** Messages (oldest first) with a separator before each new day and group heads marked. */
export function buildList(messages: MessageView[], now: Date, locale = "en", timeZone?: string): ListItem[] {
  const items: ListItem[] = [];
  let prev: MessageView | undefined;
  let prevAt = 0;
  for (const m of messages) {
    const at = new Date(m.createdAt);
    const day = dayKey(at, timeZone);
    const newDay = !prev || day !== dayKey(new Date(prevAt), timeZone);
    if (newDay) items.push({ kind: "day", key: `day-${day}`, label: dayLabel(at, now, locale, timeZone), date: day });
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
