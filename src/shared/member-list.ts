// The lazy member list's wire types and the client's pure window update, shared by server and
// client. The server keeps each workspace's members in one order (active; away and
// do-not-disturb; offline; by name) and answers ranges of rows; a socket's subscribed range
// gets ops that keep its copy equal to the list (see server/presence/member-list.ts).
import type { PresenceStatus } from "./presence";

/** One row: a member and their status as this viewer sees it (invisible: offline, unless seen through). */
export interface MemberListRow {
  readonly userId: string;
  readonly name: string;
  readonly status: PresenceStatus;
}

/** Exact counts: `awayDnd` is away and do-not-disturb together; `online` is everyone not offline. */
export interface MemberCounts {
  active: number;
  awayDnd: number;
  offline: number;
  online: number;
  total: number;
}

/**
 * An op on a subscribed range, in indices of the whole list, applied in order: insert puts the
 * row at `index` (rows after it shift down), delete removes the row at `index`, update replaces it.
 * `rows` replaces the whole copy with the range's rows from `index` (sent instead of more ops
 * than the range has rows, as in an arrival storm).
 */
export type RangeOp =
  | { kind: "insert"; index: number; item: MemberListRow }
  | { kind: "delete"; index: number }
  | { kind: "update"; index: number; item: MemberListRow }
  | { kind: "rows"; index: number; items: readonly MemberListRow[] };

/**
 * Answer of `members:range`: rows [start, start + rows.length) of the list, and its counts. With
 * `unchanged`, the rows are those the client named by their digest (it keeps its copy; `rows` is empty).
 */
export interface MemberListPage {
  start: number;
  rows: MemberListRow[];
  counts: MemberCounts;
  unchanged?: true;
}

/** Digest of a run of rows (FNV-1a, 32 bits, hex): a client names the rows it holds with it. */
export function rowsDigest(rows: readonly MemberListRow[]): string {
  let h = 0x811c9dc5;
  for (const r of rows) {
    const s = `${r.userId}\u0001${r.status}\u0001${r.name}\n`;
    for (let i = 0; i < s.length; i++) {
      h ^= s.charCodeAt(i);
      h = Math.imul(h, 0x01000193);
    }
  }
  return (h >>> 0).toString(16).padStart(8, "0");
}

/** At most this many rows per `members:range` request (and subscribed range). */
export const MAX_RANGE_ROWS = 200;
/** At most this many people watched at once by one socket (`presence:subscribe`). */
export const MAX_WATCHED = 500;
/** At most this many search results. */
export const MAX_SEARCH_ROWS = 50;

/** A client's copy of one range of the list. */
export interface ListWindow {
  start: number;
  rows: readonly MemberListRow[];
}

/** Applies ops to a window copy; returns a new window (the input is not changed). */
export function applyRangeOps(w: ListWindow, ops: readonly RangeOp[]): ListWindow {
  let rows = [...w.rows];
  let start = w.start;
  for (const op of ops) {
    if (op.kind === "rows") {
      rows = [...op.items];
      start = op.index;
      continue;
    }
    const i = op.index - start;
    if (i < 0 || i > rows.length) continue; // not in this copy (a stale op): the next range answer heals
    if (op.kind === "insert") rows.splice(i, 0, op.item);
    else if (i < rows.length) {
      if (op.kind === "delete") rows.splice(i, 1);
      else rows[i] = op.item;
    }
  }
  return { start, rows };
}
