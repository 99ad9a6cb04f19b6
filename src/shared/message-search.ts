// Message search: the query of GET /api/workspaces/:slug/search, its answer, and the pure split
// of a highlighted snippet into plain and matched parts (rendered as text and <mark>, never as HTML).
import * as z from "zod/mini";
import "./zod";
import { text } from "./text-schema";

/** The longest search query. */
export const MAX_SEARCH_QUERY = 200;
/** Messages per page of results. */
export const SEARCH_PAGE_SIZE = 20;
/** How deep paging goes (results past this many are not served: narrow the words instead). */
export const MAX_SEARCH_OFFSET = 1_000;

/**
 * Where a matched word starts and ends in a snippet. Control characters: a message cannot
 * contain them (the text rule refuses them, and the search strips them from stored bodies before
 * highlighting), so a message can never fake a highlight.
 */
export const HIT_START = "\u0002";
export const HIT_END = "\u0003";

/** The cursor of the next page: how many results come before it, as a decimal string. */
export const searchCursor = {
  encode: (offset: number) => String(offset),
  decode(s: string): number | null {
    if (!/^\d{1,5}$/.test(s)) return null;
    const n = Number(s);
    return n > 0 && n <= MAX_SEARCH_OFFSET && n % SEARCH_PAGE_SIZE === 0 ? n : null;
  },
};

/** The query string of the search route and page: `q` (trimmed, 1..200 characters), `cursor` optional. */
export const searchQuery = z.object({
  q: z.pipe(
    z._default(z.string(), ""),
    text("name", "Search").check(
      z.minLength(1, "Type something to search for."),
      z.maxLength(MAX_SEARCH_QUERY, `Search: at most ${MAX_SEARCH_QUERY} characters.`),
    ),
  ),
  cursor: z.pipe(
    z.optional(z.string()),
    z.transform((s: string | undefined, ctx) => {
      if (s === undefined) return 0;
      const offset = searchCursor.decode(s);
      if (offset === null) {
        ctx.issues.push({ code: "custom", message: "Invalid cursor.", input: s });
        return z.NEVER;
      }
      return offset;
    }),
  ),
});

/** One message found. `snippet` holds HIT_START/HIT_END around matched words (split with splitSnippet). */
export interface MessageHit {
  id: string;
  conversationId: string;
  snippet: string;
  sender: { id: string; name: string };
  /** The conversation as the searcher sees it: the other participants (a 1:1 DM has one). */
  conversation: { isGroup: boolean; others: { id: string; name: string }[]; /** A channel's name (its members are not listed). */ channel?: string };
  createdAt: string;
}

/** A page of results, most relevant first (then newest); `next` is the cursor of the next page. */
export interface MessageSearchPage {
  hits: MessageHit[];
  next: string | null;
}

/** A run of a snippet: plain text, or a matched word (`hit`). */
export interface SnippetPart {
  text: string;
  hit: boolean;
}

/**
 * A snippet split on its markers, in order, without empty parts. A marker without its pair
 * (a snippet cut short) ends or starts the highlight at the snippet's edge.
 */
export function splitSnippet(snippet: string): SnippetPart[] {
  const parts: SnippetPart[] = [];
  let hit = false;
  let run = "";
  const flush = () => {
    if (!run) return;
    const last = parts[parts.length - 1];
    if (last && last.hit === hit) last.text += run;
    else parts.push({ text: run, hit });
    run = "";
  };
  for (const ch of snippet) {
    if (ch === HIT_START || ch === HIT_END) {
      flush();
      hit = ch === HIT_START;
    } else {
      run += ch;
    }
  }
  flush();
  return parts;
}

/** A snippet at most this many characters long (ellipses aside). */
export const SNIPPET_LENGTH = 240;
/** How much of the message a clipped snippet keeps before the first matched word. */
const SNIPPET_LEAD = 60;

/**
 * A highlighted message cut to about `max` characters around its first matched word, at spaces
 * where it can, with "…" where text was left out. Characters are code points (an emoji is never
 * cut in half); markers do not count. A message that fits is returned whole.
 */
export function clipSnippet(snippet: string, max = SNIPPET_LENGTH, lead = SNIPPET_LEAD): string {
  const chars = Array.from(snippet);
  const visible = chars.filter((c) => c !== HIT_START && c !== HIT_END).length;
  if (visible <= max) return snippet;
  const first = Math.max(0, chars.indexOf(HIT_START));
  // Start `lead` visible characters before the first hit, at the start of a word.
  let start = first;
  for (let n = 0; start > 0 && n < lead; start--) if (chars[start - 1] !== HIT_START && chars[start - 1] !== HIT_END) n++;
  if (start > 0) {
    const space = chars.slice(start, first).findIndex((c) => /\s/.test(c));
    if (space >= 0) start += space + 1;
  }
  // End after `max` visible characters, at the end of a word if one ends in the last fifth.
  let end = start;
  for (let n = 0; end < chars.length && n < max; end++) if (chars[end] !== HIT_START && chars[end] !== HIT_END) n++;
  if (end < chars.length) {
    for (let i = end; i > end - max / 5 && i > first; i--) {
      if (/\s/.test(chars[i]!)) {
        end = i;
        break;
      }
    }
  }
  const open = chars.slice(start, end).lastIndexOf(HIT_START) > chars.slice(start, end).lastIndexOf(HIT_END);
  return `${start > 0 ? "…" : ""}${chars.slice(start, end).join("").trim()}${open ? HIT_END : ""}${end < chars.length ? "…" : ""}`;
}

/** "No messages match “foo”." */
export const noMessagesText = (q: string) => `No messages match “${q}”.`;
