// The quick switcher's choices, as a pure function: the viewer's conversations and the people of
// the workspace, filtered by what was typed and ranked. No React, no I/O.
import type { PresenceStatus } from "@/shared/presence";
import type { ConversationSummary } from "@/shared/types";
import { conversationPath, conversationTitle } from "@/shared/format";
import { emailPrefix, nameKeys, searchKey } from "@/shared/search-key";

/** How many choices the switcher lists at most. */
export const MAX_CHOICES = 50;

/** A person the switcher may offer: a member the page carries (no status) or a server search row. */
export interface SwitcherPerson {
  userId: string;
  name: string;
  /** Their status as the server's search answered it for this viewer (until live presence arrives). */
  status?: PresenceStatus;
  /** A carried member's email: a query that starts it finds them (members see each other's emails). */
  email?: string;
  /** The server's search found them for this very query (by name or by email). */
  found?: boolean;
}

export type SwitcherChoice =
  | {
      kind: "conversation";
      /** Unique among the choices (and usable in an element id). */
      key: string;
      conversationId: string;
      isGroup: boolean;
      title: string;
      others: { id: string; name: string }[];
      /** A channel (its title is its name; its members are not listed). */
      channel?: { isPrivate: boolean; memberCount: number };
      /** A 1:1 DM found through a search row carries that row's status for its person. */
      status?: PresenceStatus;
    }
  | { kind: "person"; key: string; userId: string; name: string; status?: PresenceStatus };

/**
 * How well a name with these keys matches the folded query `p`, best first: 0 the whole name, 1
 * the name starts with it, 2 one of its words does; null: no match.
 */
export function matchTier(keys: readonly string[], p: string): 0 | 1 | 2 | null {
  let best: 0 | 1 | 2 | null = null;
  const spaced = " " + p;
  for (const k of keys) {
    if (k === p) return 0;
    if (k.startsWith(p)) best = 1;
    else if (best === null && k.includes(spaced)) best = 2;
  }
  return best;
}

const collator = new Intl.Collator("en", { sensitivity: "base" });
const byName = (a: string, b: string) => collator.compare(a, b) || (a < b ? -1 : a > b ? 1 : 0);

/**
 * The choices for `query`, best first.
 *
 * Empty query: the conversations (channels by their name), most recent first, then people without a DM by name.
 * Otherwise the conversations and people whose name (or one of whose words) starts with the query,
 * ignoring case and accents: an exact name first, then names that start with it, then names with a
 * word that does; within each, conversations (most recent first) before people (by name). A group
 * DM is found by any participant's name or by its title. Last, those found by email: a carried
 * member whose email starts with the query, or a person the server's search found for it.
 *
 * A person with a 1:1 DM is offered once, as that DM; the viewer is never offered as a person.
 * `people` may repeat someone (the page's members and a search answer): the first with a status wins.
 */
export function rankChoices({
  query,
  conversations,
  people,
  meId,
  limit = MAX_CHOICES,
}: {
  query: string;
  /** Most recent first is not assumed: they are sorted here. */
  conversations: readonly ConversationSummary[];
  people: readonly SwitcherPerson[];
  meId: string;
  limit?: number;
}): SwitcherChoice[] {
  const found = new Map<string, SwitcherPerson>();
  for (const p of people) {
    if (p.userId === meId) continue;
    const had = found.get(p.userId);
    const best = !had || (had.status === undefined && p.status !== undefined) ? p : had;
    found.set(p.userId, { ...best, email: had?.email ?? p.email, found: had?.found || p.found });
  }
  const direct = new Set<string>();
  const convs = [...conversations]
    .sort((a, b) => (a.lastMessageAt < b.lastMessageAt ? 1 : a.lastMessageAt > b.lastMessageAt ? -1 : 0))
    .map((c): SwitcherChoice => {
      const other = !c.isGroup && c.others.length === 1 ? c.others[0]! : null;
      if (other) direct.add(other.id);
      return {
        kind: "conversation",
        key: `c-${c.id}`,
        conversationId: c.id,
        isGroup: c.isGroup,
        title: c.channel ? c.channel.name : conversationTitle(c),
        others: c.others,
        ...(c.channel ? { channel: { isPrivate: c.channel.isPrivate, memberCount: c.channel.memberCount } } : {}),
        ...(other && found.get(other.id)?.status ? { status: found.get(other.id)!.status } : {}),
      };
    });
  const persons = [...found.values()]
    .filter((p) => !direct.has(p.userId))
    .sort((a, b) => byName(a.name, b.name) || (a.userId < b.userId ? -1 : 1))
    .map((p): SwitcherChoice => ({ kind: "person", key: `p-${p.userId}`, userId: p.userId, name: p.name, ...(p.status ? { status: p.status } : {}) }));

  if (!query.trim()) return [...convs, ...persons].slice(0, limit);
  const p = searchKey(query);
  if (!p && emailPrefix(query) === null) return [];

  const e = emailPrefix(query);
  // Found by email only: after every name match.
  const personTier = (userId: string, name: string) => {
    const person = found.get(userId);
    return (p ? matchTier(nameKeys(name), p) : null) ?? (person?.found || (e !== null && person?.email?.toLocaleLowerCase("en").startsWith(e)) ? 3 : null);
  };
  const tierOf = (c: SwitcherChoice): number | null => {
    if (c.kind === "person") return personTier(c.userId, c.name);
    let best: number | null = p ? matchTier(nameKeys(c.title), p) : null;
    for (const o of c.others) {
      const t = personTier(o.id, o.name);
      if (t !== null && (best === null || t < best)) best = t;
    }
    return best;
  };
  // Stable sort on the tier keeps the order above (recent conversations, then people by name) within a tier.
  return [...convs, ...persons]
    .map((c) => ({ c, tier: tierOf(c) }))
    .filter((x): x is { c: SwitcherChoice; tier: number } => x.tier !== null)
    .sort((a, b) => a.tier - b.tier)
    .slice(0, limit)
    .map((x) => x.c);
}

/** The page a choice opens: the conversation, or the DM with the person (a draft until the first message). */
export function choiceHref(slug: string, c: SwitcherChoice): string {
  return c.kind === "conversation" ? conversationPath(slug, c.conversationId, c.channel !== undefined) : `/w/${slug}/dm/with/${c.userId}`;
}

/** The active row after an arrow key: `delta` rows on, wrapping around; -1 with no rows. */
export function moveActive(active: number, delta: number, count: number): number {
  if (count <= 0) return -1;
  if (active < 0) return delta > 0 ? 0 : count - 1;
  return (((active + delta) % count) + count) % count;
}
