/**
 * The lazy member list of one workspace, as a pure core (no I/O): every member in one total
 * order, served in ranges of rows with exact counts, and the ops that keep a viewer's copy of a
 * range equal to the list after each change (as Discord's lazy member list does).
 *
 * Order: active first, then away and do-not-disturb together, then offline; within a group by
 * name (case- and accent-insensitive: `localeCompare` with the fixed locale "en" and
 * `sensitivity: "base"`, through the equivalent `Intl.Collator`), then by userId (code units) to
 * break ties. The order is total, so every instance (running the same Node, hence the same ICU)
 * holds the same rows at the same indices.
 *
 * The list holds each member's status as outsiders see it: an invisible member is `offline`
 * here, and nothing they do moves them. Insiders (the member and their allowlist) see the real
 * status through `viewerOverlay`, which places the few invisible members a viewer sees through.
 *
 * A sorted array with binary search: finding a member is O(log n); a change shifts the rows
 * between its old and new index (O(n) at worst, a memmove-sized loop at 50,000 members).
 */
import type { PresenceStatus } from "@/shared/presence";
import type { MemberCounts } from "@/shared/member-list";
import { emailPrefix, keysMatch, nameKeys, searchKey } from "@/shared/search-key";

export type { MemberCounts } from "@/shared/member-list";

export interface Member {
  userId: string;
  name: string;
  /** Found by a prefix of it too (see `search`); never part of a row. */
  email?: string;
}

/** One row of the list: a member and their status as the list's viewers see it. Never mutated. */
export interface MemberItem {
  readonly userId: string;
  readonly name: string;
  readonly status: PresenceStatus;
}

/**
 * What one operation did to the list, in indices of the whole list. `index` and `to` are
 * indices after the change; `from` before it. A change that keeps the member at the same index
 * and in the same group is an `update`; any other rename or status change is a `move` (a change
 * of group at the same index is a move with `from === to`).
 */
export type ListChange =
  | { kind: "insert"; index: number; item: MemberItem }
  | { kind: "delete"; index: number }
  | { kind: "update"; index: number; item: MemberItem }
  | { kind: "move"; from: number; to: number; item: MemberItem };

/** An op a viewer applies, in order, to their copy of a range; `index` is an index of the whole list. */
export type RangeOp = Exclude<ListChange, { kind: "move" }>;

export interface SearchHit {
  index: number;
  item: MemberItem;
}

/** Group of a status in the list order. */
export const LIST_GROUP: Record<PresenceStatus, 0 | 1 | 2> = { active: 0, away: 1, dnd: 1, offline: 2 };

const collator = new Intl.Collator("en", { sensitivity: "base" });

/** The list order: group, then name (see the top of this file), then userId. */
export function compareMembers(a: MemberItem, b: MemberItem): number {
  return (
    LIST_GROUP[a.status] - LIST_GROUP[b.status] ||
    collator.compare(a.name, b.name) ||
    (a.userId < b.userId ? -1 : a.userId > b.userId ? 1 : 0)
  );
}

const item = (userId: string, name: string, status: PresenceStatus): MemberItem => Object.freeze({ userId, name, status });

export class MemberList {
  private rows: MemberItem[] = [];
  private readonly byId = new Map<string, MemberItem>();
  private readonly keys = new Map<string, string[]>();
  private readonly emails = new Map<string, string>();
  private readonly tally: Record<PresenceStatus, number> = { active: 0, away: 0, dnd: 0, offline: 0 };
  /** The latest change: the only one `opsForRange` can translate (it reads the list as it is now). */
  private last: ListChange | null = null;

  /** A list of many members at once (one sort rather than one insert each). Throws on a repeated userId. */
  static from(entries: Iterable<{ member: Member; status: PresenceStatus }>): MemberList {
    const list = new MemberList();
    for (const { member, status } of entries) {
      if (list.byId.has(member.userId)) throw new Error(`member ${member.userId} is already in the list`);
      const it = item(member.userId, member.name, status);
      list.byId.set(it.userId, it);
      list.keys.set(it.userId, nameKeys(it.name));
      if (member.email) list.emails.set(it.userId, member.email.toLocaleLowerCase("en"));
      list.tally[status]++;
      list.rows.push(it);
    }
    list.rows.sort(compareMembers);
    return list;
  }

  get size(): number {
    return this.rows.length;
  }

  get(userId: string): MemberItem | undefined {
    return this.byId.get(userId);
  }

  at(index: number): MemberItem | undefined {
    return this.rows[index];
  }

  /** How many rows come before `x` in the order (its index if it is in the list). */
  rank(x: MemberItem): number {
    let lo = 0;
    let hi = this.rows.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compareMembers(this.rows[mid], x) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  indexOf(userId: string): number {
    const it = this.byId.get(userId);
    return it ? this.rank(it) : -1;
  }

  /** Rows [start, end), clamped to the list. */
  range(start: number, end: number): MemberItem[] {
    return this.rows.slice(Math.max(0, start), Math.max(0, Math.min(end, this.rows.length)));
  }

  counts(): MemberCounts {
    const { active, away, dnd, offline } = this.tally;
    return { active, awayDnd: away + dnd, offline, online: active + away + dnd, total: this.rows.length };
  }

  /**
   * Up to `limit` members, in list order, whose name has a word starting with `prefix` (case- and
   * accent-insensitive; a prefix of several words matches consecutive words) or whose email starts
   * with it ("ann.l" finds ann.lee@acme.test). A blank prefix matches everyone.
   *
   * Email matching serves every viewer: a workspace shows each member's email to every member,
   * whatever their role (Home's people, the new message and allowlist pickers; the search page
   * finds a member by their whole address), and only the size of a page keeps some of them off
   * it. So a match tells a member nothing they may not see; a hit never carries the email itself.
   * Should members' emails ever be hidden from some viewers, this must take the viewer's right.
   */
  search(prefix: string, limit: number): SearchHit[] {
    const p = searchKey(prefix);
    const e = emailPrefix(prefix);
    const hits: SearchHit[] = [];
    for (let i = 0; i < this.rows.length && hits.length < limit; i++) {
      const id = this.rows[i].userId;
      if (keysMatch(this.keys.get(id)!, p) || (e !== null && this.emails.get(id)?.startsWith(e))) hits.push({ index: i, item: this.rows[i] });
    }
    return hits;
  }

  /** Adds a member. Throws if the userId is already in the list. */
  add(member: Member, status: PresenceStatus): ListChange {
    if (this.byId.has(member.userId)) throw new Error(`member ${member.userId} is already in the list`);
    const it = item(member.userId, member.name, status);
    const index = this.rank(it);
    this.rows.splice(index, 0, it);
    this.byId.set(it.userId, it);
    this.keys.set(it.userId, nameKeys(it.name));
    if (member.email) this.emails.set(it.userId, member.email.toLocaleLowerCase("en"));
    this.tally[status]++;
    return (this.last = { kind: "insert", index, item: it });
  }

  /** Removes a member; null if not in the list. */
  remove(userId: string): ListChange | null {
    const it = this.byId.get(userId);
    if (!it) return null;
    const index = this.rank(it);
    this.rows.splice(index, 1);
    this.byId.delete(userId);
    this.keys.delete(userId);
    this.emails.delete(userId);
    this.tally[it.status]--;
    return (this.last = { kind: "delete", index });
  }

  /** Renames a member; null if not in the list or the name is the same. */
  rename(userId: string, name: string): ListChange | null {
    const old = this.byId.get(userId);
    if (!old || old.name === name) return null;
    this.keys.set(userId, nameKeys(name));
    return this.replace(old, item(userId, name, old.status));
  }

  /** Sets a member's status (as outsiders see it); null if not in the list or the status is the same. */
  setStatus(userId: string, status: PresenceStatus): ListChange | null {
    const old = this.byId.get(userId);
    if (!old || old.status === status) return null;
    this.tally[old.status]--;
    this.tally[status]++;
    return this.replace(old, item(userId, old.name, status));
  }

  private replace(old: MemberItem, next: MemberItem): ListChange {
    const rows = this.rows;
    const from = this.rank(old);
    // Rows before `next` once `old` is out: `rank` counts `old` too when it comes before `next`.
    const to = this.rank(next) - (compareMembers(old, next) < 0 ? 1 : 0);
    if (from < to) for (let i = from; i < to; i++) rows[i] = rows[i + 1];
    else for (let i = from; i > to; i--) rows[i] = rows[i - 1];
    rows[to] = next;
    this.byId.set(next.userId, next);
    const same = from === to && LIST_GROUP[old.status] === LIST_GROUP[next.status];
    return (this.last = same ? { kind: "update", index: to, item: next } : { kind: "move", from, to, item: next });
  }

  /**
   * The ops that turn a viewer's copy of rows [start, end) as they were before `change` into
   * `range(start, end)` after it. Call it right after the change (it reads the list as it is
   * now); it throws for any change but the latest. Ops use indices of the whole list and apply in
   * order; the copy is never longer than `end - start` and is clamped to the list like `range`.
   *
   * Rules (B: before the range, index < start; R: in it; A: after it, index >= end):
   * - insert at i: A: nothing. R: if the copy was full, delete its last row (end - 1); insert i.
   *   B: every row shifts down one: if the copy was full, delete end - 1; insert at start the row
   *   now there (nothing if the range is still beyond the list).
   * - delete at i: A: nothing. R: delete i. B: every row shifts up one: delete start (nothing if
   *   the copy was empty). Then, in R and B, if the list still reaches end, insert at end - 1 the
   *   row that slid in.
   * - update at i: R: update i. Otherwise nothing.
   * - move from f to t (a delete at f then an insert at t, with the shifts that cancel left out):
   *   f = t: update in R. B→B, A→A: nothing. R→R: delete f, insert t. B→R: delete start,
   *   insert t. R→B: delete f, insert at start the row now there. R→A: delete f, insert at
   *   end - 1 the row now there. A→R: delete end - 1, insert t. B→A: delete start, insert at
   *   end - 1 the row now there. A→B: delete end - 1, insert at start the row now there.
   */
  opsForRange(change: ListChange, [start, end]: readonly [number, number]): RangeOp[] {
    if (change !== this.last) throw new Error("opsForRange translates the list's latest change only");
    const s = Math.max(0, start);
    const e = end;
    if (e <= s) return [];
    const rows = this.rows;
    const n = rows.length;
    const del = (index: number): RangeOp => ({ kind: "delete", index });
    const ins = (index: number, it: MemberItem = rows[index]): RangeOp => ({ kind: "insert", index, item: it });
    const zone = (i: number) => (i < s ? "B" : i < e ? "R" : "A");
    switch (change.kind) {
      case "insert": {
        const i = change.index;
        const full = n - 1 >= e;
        if (i >= e || n - 1 < s) return [];
        const ops = full ? [del(e - 1)] : [];
        ops.push(i >= s ? ins(i, change.item) : ins(s));
        return ops;
      }
      case "delete": {
        const i = change.index;
        if (i >= e || n + 1 <= s) return [];
        const ops = [del(i >= s ? i : s)];
        if (n >= e) ops.push(ins(e - 1));
        return ops;
      }
      case "update":
        return zone(change.index) === "R" ? [{ kind: "update", index: change.index, item: change.item }] : [];
      case "move": {
        const { from: f, to: t, item: it } = change;
        if (f === t) return zone(t) === "R" ? [{ kind: "update", index: t, item: it }] : [];
        switch (zone(f) + zone(t)) {
          case "RR":
            return [del(f), ins(t, it)];
          case "BR":
            return [del(s), ins(t, it)];
          case "RB":
            return [del(f), ins(s)];
          case "RA":
            return [del(f), ins(e - 1)];
          case "AR":
            return [del(e - 1), ins(t, it)];
          case "BA":
            return [del(s), ins(e - 1)];
          case "AB":
            return [del(e - 1), ins(s)];
          default:
            return []; // BB, AA: the rows of the range are the same
        }
      }
    }
  }
}

/** The list as one viewer sees it, with the invisible members they see through in place. */
export interface ViewerList {
  readonly size: number;
  range(start: number, end: number): MemberItem[];
  indexOf(userId: string): number;
  counts(): MemberCounts;
}

/**
 * The list as an insider sees it. `seenThrough` holds the real status of the invisible members
 * this viewer sees through (the viewer themself, and members whose allowlist holds the viewer):
 * a few, so the view is computed from the shared list without copying it. Each of them leaves
 * their outsiders' row and takes their real one; every other row keeps its order. Members not
 * in the list are ignored. Live ops for such a viewer are left to the caller (for example resend
 * their range when a change touches it): a viewer without any gets `list` itself.
 */
export function viewerOverlay(list: MemberList, seenThrough: ReadonlyMap<string, PresenceStatus>): ViewerList {
  const base: MemberItem[] = [];
  const real: MemberItem[] = [];
  for (const [userId, status] of seenThrough) {
    const it = list.get(userId);
    if (!it || it.status === status) continue;
    base.push(it);
    real.push(item(it.userId, it.name, status));
  }
  if (real.length === 0) return list;
  const hidden = base.map((it) => list.indexOf(it.userId)).sort((a, b) => a - b);
  real.sort(compareMembers);
  // Each shown member's index: the rows of the list before it, less the hidden ones, plus the shown before it.
  const positions = real.map((x, k) => list.rank(x) - base.filter((h) => compareMembers(h, x) < 0).length + k);
  const n = list.size;
  const shownAt = new Map(positions.map((p, k) => [p, real[k]]));
  /** Index in `list` of the j-th row that is not hidden. */
  const baseIndex = (j: number) => {
    let b = j;
    for (const h of hidden) if (h <= b) b++;
    return b;
  };
  const counts = list.counts();
  for (let k = 0; k < base.length; k++) {
    for (const [it, d] of [[base[k], -1], [real[k], 1]] as const) {
      if (it.status === "active") counts.active += d;
      else if (it.status === "offline") counts.offline += d;
      else counts.awayDnd += d;
    }
  }
  counts.online = counts.active + counts.awayDnd;
  return {
    size: n,
    range(start, end) {
      const out: MemberItem[] = [];
      const lo = Math.max(0, start);
      let before = positions.filter((p) => p < lo).length;
      for (let i = lo; i < Math.min(end, n); i++) {
        const shown = shownAt.get(i);
        if (shown) {
          out.push(shown);
          before++;
        } else out.push(list.at(baseIndex(i - before))!);
      }
      return out;
    },
    indexOf(userId) {
      const k = real.findIndex((x) => x.userId === userId);
      if (k >= 0) return positions[k];
      const b = list.indexOf(userId);
      if (b < 0) return -1;
      let i = b - hidden.filter((h) => h < b).length;
      for (const p of positions) if (p <= i) i++;
      return i;
    },
    counts: () => ({ ...counts }),
  };
}
