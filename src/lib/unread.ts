// Unread counts on the client: the server's read state (a snapshot) plus the messages from others
// heard live since. Pure functions, so the merge of snapshots and live messages, which can arrive
// in any order, is tested on its own.
import { plainText } from "@/shared/text";
import type { ConversationSummary, MessageView, ReadState } from "@/shared/types";

export interface UnreadEntry {
  snap: ReadState;
  /** Messages from others heard live (newest last), kept until a snapshot covers them. */
  live: { id: string; at: string }[];
}
export type UnreadMap = ReadonlyMap<string, UnreadEntry>;

/** Live messages kept per conversation; older ones are long covered by a snapshot. */
const LIVE_CAP = 200;

// ISO times from toISOString() compare as strings; null (nothing read) is before everything.
const after = (a: string | null, b: string | null) => (a ?? "") > (b ?? "");

/** A snapshot replaces the current one when its read state is newer, or equal and it covers as much or more. */
function newer(s: ReadState, cur: ReadState): boolean {
  if (after(s.lastReadAt, cur.lastReadAt)) return true;
  if (after(cur.lastReadAt, s.lastReadAt)) return false;
  return s.lastMessageAt >= cur.lastMessageAt;
}

export function applySnapshot(map: UnreadMap, s: ReadState): UnreadMap {
  const cur = map.get(s.conversationId);
  if (cur && !newer(s, cur.snap)) return map;
  const next = new Map(map);
  next.set(s.conversationId, { snap: s, live: (cur?.live ?? []).filter((l) => l.at > s.lastMessageAt) });
  return next;
}

export function applySummaries(map: UnreadMap, summaries: ConversationSummary[]): UnreadMap {
  return summaries.reduce(
    (m, c) => applySnapshot(m, { conversationId: c.id, unread: c.unread, lastReadAt: c.lastReadAt, lastMessageAt: c.lastMessageAt }),
    map,
  );
}

/** A message heard live. Your own messages are never unread (the server moves your read state past them). */
export function applyMessage(map: UnreadMap, m: MessageView, meId: string): UnreadMap {
  if (m.sender.id === meId) return map;
  const cur = map.get(m.conversationId) ?? { snap: { conversationId: m.conversationId, unread: 0, lastReadAt: null, lastMessageAt: "" }, live: [] };
  if (m.createdAt <= cur.snap.lastMessageAt || cur.live.some((l) => l.id === m.id)) return map;
  const next = new Map(map);
  next.set(m.conversationId, { snap: cur.snap, live: [...cur.live, { id: m.id, at: m.createdAt }].slice(-LIVE_CAP) });
  return next;
}

/**
 * A message was deleted: if it was heard live, it no longer counts. (One the snapshot covered
 * is taken off by the new read state the server sends to whoever had not read it.)
 */
export function applyDeletedMessage(map: UnreadMap, conversationId: string, id: string): UnreadMap {
  const cur = map.get(conversationId);
  if (!cur || !cur.live.some((l) => l.id === id)) return map;
  const next = new Map(map);
  next.set(conversationId, { snap: cur.snap, live: cur.live.filter((l) => l.id !== id) });
  return next;
}

export function unreadOf(entry: UnreadEntry | undefined): number {
  if (!entry) return 0;
  const { snap } = entry;
  return snap.unread + entry.live.filter((l) => l.at > snap.lastMessageAt && after(l.at, snap.lastReadAt)).length;
}

/** The newest message time known for the conversation: what "read up to here" means when it is open. */
export function latestOf(entry: UnreadEntry): string {
  return entry.live.reduce((max, l) => (l.at > max ? l.at : max), entry.snap.lastMessageAt);
}

/** The sum over all conversations, leaving out one (the conversation being read right now). */
export function totalUnread(map: UnreadMap, except?: string | null): number {
  let total = 0;
  for (const [id, entry] of map) if (id !== except) total += unreadOf(entry);
  return total;
}

/** "(3) Title" when anything is unread; the bare title otherwise. An earlier count is replaced. */
export function titleWith(count: number, title: string): string {
  const bare = title.replace(/^\(\d+\+?\) /, "");
  return count > 0 ? `(${badgeText(count)}) ${bare}` : bare;
}

export const badgeText = (count: number) => (count > 99 ? "99+" : String(count));

/** The first message from someone else after the read state: where "New messages" goes. */
export function firstUnreadId(messages: MessageView[], lastReadAt: string | null, meId: string): string | null {
  return messages.find((m) => m.sender.id !== meId && after(m.createdAt, lastReadAt))?.id ?? null;
}

/** The conversation a workspace page shows (a DM's /dm/<id> or a channel's /c/<id>), or null. */
export function viewedConversation(pathname: string, slug: string): string | null {
  const m = /^\/w\/([^/]+)\/(?:dm|c)\/([^/]+)$/.exec(pathname);
  return m && m[1] === slug && m[2] !== "with" ? m[2]! : null;
}

/**
 * Desktop notification and sound: not in do-not-disturb, not for yourself, not for the
 * conversation in front of you, and in a channel that notifies only of mentions (a big one, or by
 * choice) only when the message names you. It still counts as unread.
 */
export function shouldAlert(o: { mine: boolean; dnd: boolean; viewingThis: boolean; attentive: boolean; onlyMentions?: boolean; mentionsMe?: boolean }): boolean {
  if (o.onlyMentions && !o.mentionsMe) return false;
  return !o.mine && !o.dnd && !(o.viewingThis && o.attentive);
}

/**
 * A one-line preview of a message for a notification. A notification cannot isolate user text,
 * so control and bidi characters are dropped (a right-to-left override would reorder it), and it
 * is cut at a code point, never inside an emoji's pair.
 */
export const preview = (body: string, max = 120): string => plainText(body, max);

/** A notification's title: the sender, and in a group the conversation, without control or bidi characters. */
export function notificationTitle(sender: string, group: string | null): string {
  return group === null ? plainText(sender, 80) : `${plainText(sender, 80)} in ${plainText(group, 80)}`;
}
