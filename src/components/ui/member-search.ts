// The pure side of the member pickers: whether a page carries every member (then pickers filter on
// the client), and, when it does not, what a server search shows (hint, searching, results, no
// match, error) and which picked people stay listed beside the results. No React, no I/O.
import { MAX_SEARCH_ROWS, type MemberListRow } from "@/shared/member-list";
import { membersText } from "@/shared/format";

/** The longest query `members:search` takes. */
export const MAX_QUERY_LENGTH = 80;

/**
 * Whether the page carries every member of the workspace (`carried` of them, the whole list of
 * ShellData.members, the viewer included), so pickers can list and filter them on the client.
 * An unknown count means it does (the page was built before counts).
 */
export function carriesEveryone(carried: number, memberCount: number | undefined): boolean {
  return memberCount === undefined || carried >= memberCount;
}

export { membersText };

/** What a picker that searches the server says before anything is typed. */
export function hintText(memberCount: number): string {
  return `Type a name to find people among ${membersText(memberCount)}.`;
}

/** No result for `q`. */
export function noMatchText(q: string): string {
  return `No one matches “${q}”.`;
}

/** A member as a picker lists it. */
export interface NamedMember {
  id: string;
  name: string;
  email: string;
}

/** The client-side filter of a page that carries every member: a part of the name or email, any case. */
export function filterMembers<M extends NamedMember>(members: readonly M[], query: string): readonly M[] {
  const q = query.trim().toLowerCase();
  return q ? members.filter((m) => m.name.toLowerCase().includes(q) || m.email.toLowerCase().includes(q)) : members;
}

/** A search's state, as useMemberSearch answers it. */
export interface SearchAnswer {
  /** The query the rows answer. */
  q: string;
  /** The rows of the last answer (kept while the next one is on its way), null before one or after an error. */
  rows: readonly MemberListRow[] | null;
  loading: boolean;
  error: string | null;
}

/** What the picker shows under its search box. */
export type SearchView =
  | { kind: "hint"; text: string }
  | { kind: "searching"; text: string }
  | { kind: "error"; text: string }
  | { kind: "empty"; text: string }
  | { kind: "rows"; text: string; rows: readonly MemberListRow[]; stale: boolean; more: boolean };

/**
 * The view of a search for `query` (as typed) given the answer so far; `excludeId` (the viewer)
 * is never offered. `text` is what the live status line says.
 */
export function searchView(query: string, answer: SearchAnswer, memberCount: number, excludeId?: string): SearchView {
  const q = query.trim();
  if (!q) return { kind: "hint", text: hintText(memberCount) };
  if (answer.error && !answer.loading) return { kind: "error", text: `Could not search: ${answer.error}` };
  if (!answer.rows) return { kind: "searching", text: "Searching…" };
  const rows = excludeId === undefined ? answer.rows : answer.rows.filter((r) => r.userId !== excludeId);
  if (rows.length === 0) return answer.loading ? { kind: "searching", text: "Searching…" } : { kind: "empty", text: noMatchText(answer.q || q) };
  const more = answer.rows.length >= MAX_SEARCH_ROWS;
  const found = `${rows.length}${more ? "+" : ""} ${rows.length === 1 && !more ? "person" : "people"} found`;
  return {
    kind: "rows",
    text: answer.loading ? "Searching…" : more ? `${found}. Showing the first ${rows.length}: type more of the name to narrow.` : `${found}.`,
    rows,
    stale: answer.loading,
    more,
  };
}

/**
 * The ids a picker keeps listed this visit: those picked at any moment, in the order they were
 * first picked. A person unpicked stays listed (unchecked), so their row and focus do not vanish.
 * Answers `kept` itself when nothing was added.
 */
export function keepPicked(kept: readonly string[], picked: ReadonlySet<string>): readonly string[] {
  const have = new Set(kept);
  const added = [...picked].filter((id) => !have.has(id));
  return added.length ? [...kept, ...added] : kept;
}

/** Adds the names of `rows` to `names`; answers `names` itself when nothing changed. */
export function rememberNames(
  names: ReadonlyMap<string, string>,
  rows: readonly { userId: string; name: string }[],
): ReadonlyMap<string, string> {
  const fresh = rows.filter((r) => names.get(r.userId) !== r.name);
  if (!fresh.length) return names;
  const next = new Map(names);
  for (const r of fresh) next.set(r.userId, r.name);
  return next;
}

/**
 * The kept people listed beside the search results (those not among `shown`), with the names known
 * for them, and how many picked ones have no known name (not loaded here: they stay picked, unlisted).
 * With `single`, only the picked one is kept listed; `excludeId` (the viewer) never is.
 */
export function keptOutside({
  kept,
  picked,
  shown,
  nameOf,
  single = false,
  excludeId,
}: {
  kept: readonly string[];
  picked: ReadonlySet<string>;
  shown: ReadonlySet<string>;
  nameOf: (id: string) => string | undefined;
  single?: boolean;
  excludeId?: string;
}): { rows: { userId: string; name: string }[]; unnamed: number } {
  const rows: { userId: string; name: string }[] = [];
  let unnamed = 0;
  for (const id of kept) {
    if (id === excludeId || shown.has(id) || (single && !picked.has(id))) continue;
    const name = nameOf(id);
    if (name !== undefined) rows.push({ userId: id, name });
    else if (picked.has(id)) unnamed++;
  }
  return { rows, unnamed };
}

/** How many picked ids are not among `members` nor `excludeId` (on a page that carries every member: people of other workspaces). */
export function pickedOutside(picked: ReadonlySet<string>, members: readonly { id: string }[], excludeId?: string): number {
  const ids = new Set(members.map((m) => m.id));
  let n = 0;
  for (const id of picked) if (id !== excludeId && !ids.has(id)) n++;
  return n;
}
