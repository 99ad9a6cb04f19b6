// The pure side of @mention suggestions in the composer: the "@fragment" being typed at the caret,
// the people it suggests, and the text once one is picked. No React, no I/O.
import { keysMatch, nameKeys, searchKey } from "@/shared/search-key";

/** At most this many characters after the @ are a fragment to suggest for. */
const MAX_FRAGMENT = 30;
/** At most this many people are suggested. */
const MAX_SUGGESTIONS = 8;
/** The server reads at most this many words after an @ (src/shared/channel.ts). */
const MAX_WORDS = 4;

/** What a name is typed with: a comma or a line break after "@Ben" ends it. */
const NAME_CHARS = /^[\p{L}\p{M}\p{N}_ '’.-]*$/u;

/** The "@…" just before the caret: the @ at `start`, `query` the text from it to the caret. */
interface MentionFragment {
  start: number;
  query: string;
}

/**
 * The mention being typed at `caret`: an @ at the start or after a character that is not a letter,
 * digit, _ or @ (so "a@b" is an email, not a mention), followed by 0..30 letters, digits, spaces
 * or ' . - (no line break), not starting with a space, in at most four words. Null when there is none.
 */
export function mentionFragment(text: string, caret: number): MentionFragment | null {
  const from = Math.max(0, caret - MAX_FRAGMENT - 1);
  const at = caret > 0 ? text.lastIndexOf("@", caret - 1) : -1;
  if (at < from || at < 0) return null;
  if (at > 0 && /[\p{L}\p{N}_@]/u.test(text[at - 1]!)) return null;
  const query = text.slice(at + 1, caret);
  if (query.length > MAX_FRAGMENT || !NAME_CHARS.test(query) || /^\s/.test(query)) return null;
  if (query.trim().split(/\s+/).length > MAX_WORDS) return null;
  return { start: at, query };
}

export interface Mentionable {
  id: string;
  name: string;
}

/**
 * The people `query` suggests: those whose name or a word of it starts with it (accents and case
 * aside), each once, at most `limit`. A query ending with a space wants a longer name ("ben "
 * finds Ben Carter, not Ben). Order: the name itself, then names starting with it, then names with
 * a word starting with it; each by name.
 */
export function suggestMentions<M extends Mentionable>(people: readonly M[], query: string, limit = MAX_SUGGESTIONS): M[] {
  const folded = searchKey(query);
  const p = folded && /\s$/.test(query) ? `${folded} ` : folded;
  const seen = new Set<string>();
  const hits: { m: M; rank: number }[] = [];
  for (const m of people) {
    if (seen.has(m.id)) continue;
    seen.add(m.id);
    const keys = nameKeys(m.name);
    if (!keysMatch(keys, p)) continue;
    const rank = keys[0] === p ? 0 : keys.some((k) => k.startsWith(p)) ? 1 : 2;
    hits.push({ m, rank });
  }
  hits.sort((a, b) => a.rank - b.rank || a.m.name.localeCompare(b.m.name, "en", { sensitivity: "base" }));
  return hits.slice(0, limit).map((h) => h.m);
}

/**
 * `text` with the fragment (from its @ to the caret) replaced by "@Name " and where the caret goes:
 * after the space (one already after the caret is reused).
 */
export function insertMention(text: string, fragment: MentionFragment, caret: number, name: string): { text: string; caret: number } {
  const after = text.slice(caret);
  const mention = `@${name}`;
  const spaced = after.startsWith(" ") ? mention : `${mention} `;
  return { text: text.slice(0, fragment.start) + spaced + after, caret: fragment.start + mention.length + 1 };
}
