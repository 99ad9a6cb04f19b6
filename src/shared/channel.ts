// Channels: the name rule, who is notified, and mentions. Pure: shared by the server (which
// decides) and the browser (which shows and suggests).

/** "all": every new message notifies; "mentions": only messages naming you with @. */
export type ChannelNotify = "all" | "mentions";

export interface ChannelInfo {
  /** Lowercase, without the "#". */
  name: string;
  topic: string;
  isPrivate: boolean;
  /** Archived: read-only, off the sidebar, still found in the directory and search. */
  archived: boolean;
  memberCount: number;
  /** The viewer's own choice for this channel; null follows the channel's size (`notifyOf`). */
  notify: ChannelNotify | null;
}

/** A channel as the directory lists it to a member of the workspace. */
export interface ChannelListing {
  id: string;
  name: string;
  topic: string;
  isPrivate: boolean;
  archived: boolean;
  memberCount: number;
  /** The viewer is a member. */
  joined: boolean;
}

/** A page of a channel's members by name; `next` continues it (null at the end). */
export interface ChannelMembersPage {
  members: { id: string; name: string }[];
  next: string | null;
  total: number;
}

export const MAX_CHANNEL_NAME = 80;
export const MAX_CHANNEL_TOPIC = 250;
/**
 * From this many members a channel notifies only of mentions unless a member chooses otherwise:
 * in a company-wide channel every message cannot be a desktop notification (Discord's default for
 * large servers, Slack's for every channel). Smaller channels behave as DMs.
 */
export const BIG_CHANNEL_MEMBERS = 100;

/** Which new messages of a channel notify this member. */
export function notifyOf(choice: ChannelNotify | null, memberCount: number): ChannelNotify {
  return choice ?? (memberCount >= BIG_CHANNEL_MEMBERS ? "mentions" : "all");
}

/**
 * A channel name as typed ("#Design Team ") to its stored form ("design-team"): no "#", lowercase,
 * runs of spaces as one hyphen. `channelNameProblem` then says what is still wrong with it.
 */
export function normalizeChannelName(raw: string): string {
  return raw.trim().replace(/^#+/, "").trim().toLowerCase().replace(/\s+/g, "-");
}

export function channelNameProblem(name: string): string | null {
  if (!name) return "Enter a channel name.";
  if (name.length > MAX_CHANNEL_NAME) return `Channel names are at most ${MAX_CHANNEL_NAME} characters.`;
  if (!/^[\p{Ll}\p{Lo}\p{Lm}\p{N}_-]+$/u.test(name)) return "Channel names use letters, numbers, hyphens and underscores.";
  if (!/[\p{L}\p{N}]/u.test(name)) return "Channel names need a letter or a number.";
  return null;
}

/** At most this many words of a name follow an @ ("@Ann Marie Lee"). */
const MAX_NAME_WORDS = 4;
/** At most this many @s of one message are looked up. */
export const MAX_MENTIONS = 20;

/**
 * The names an @ in `body` may stand for, lowercase: after each @ at the start or after a space
 * or punctuation, its next one to four words, without trailing punctuation ("@Ann Lee, see" gives
 * "ann", "ann lee", "ann lee, see"…). The server keeps those that are a channel member's name.
 */
export function mentionCandidates(body: string): string[] {
  const out = new Set<string>();
  const at = /(^|[^\p{L}\p{N}_@])@(?=[\p{L}\p{N}_])/gu;
  let m: RegExpExecArray | null;
  let seen = 0;
  while ((m = at.exec(body)) && seen < MAX_MENTIONS) {
    seen++;
    const rest = body.slice(m.index + m[0].length, m.index + m[0].length + 200);
    const words = rest.split(/[ \t]+/, MAX_NAME_WORDS + 1).slice(0, MAX_NAME_WORDS);
    let name = "";
    for (const w of words) {
      const line = w.split("\n")[0]!;
      name = name ? `${name} ${line}` : line;
      const clean = name.replace(/[\p{P}\p{S}]+$/u, "").toLowerCase();
      if (clean) out.add(clean);
      if (line !== w) break; // a line break ends a name
    }
  }
  return [...out];
}

/**
 * Where in `body` the names of `mentioned` follow an @, for highlighting: [start, end) of "@Name",
 * longest name first at each @ (case-insensitive), in order, never overlapping.
 */
export function mentionSpans(body: string, mentioned: readonly { id: string; name: string }[]): { start: number; end: number; id: string }[] {
  if (!mentioned.length) return [];
  const names = [...mentioned].sort((a, b) => b.name.length - a.name.length);
  const lower = body.toLowerCase();
  const spans: { start: number; end: number; id: string }[] = [];
  for (let i = lower.indexOf("@"); i !== -1; i = lower.indexOf("@", i + 1)) {
    if (i > 0 && /[\p{L}\p{N}_@]/u.test(body[i - 1]!)) continue;
    for (const u of names) {
      const n = u.name.toLowerCase();
      if (!lower.startsWith(n, i + 1)) continue;
      const after = body[i + 1 + n.length];
      if (after !== undefined && /[\p{L}\p{N}_]/u.test(after)) continue;
      spans.push({ start: i, end: i + 1 + n.length, id: u.id });
      i += n.length;
      break;
    }
  }
  return spans;
}
