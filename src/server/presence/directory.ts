// Per-instance caches of what viewers' filtering needs from the database.
// - Member lists: kept for `membersTtlMs` and dropped at once when a membership changes (any
//   instance tells the others). Staleness here only delays who appears in a snapshot. While the
//   database is down, the last list keeps serving.
// - Allowlists: checked against the allowlist version the store returns with every change and
//   every read, so a cached copy older than the state it filters is never used (no leak), and a
//   reload that fails fails closed (only the user sees through).
import { warnThrottled } from "../logger";
import { loadAllowlists, loadMembers, lookupConnect, type MemberRow } from "./users";
import type { UserSeed } from "./store";
import type { Directory } from "./views";

interface MemberListEntry {
  at: number;
  rows: Promise<MemberRow[]>;
  size: number;
  /** The rows are in. */
  ready: boolean;
  /** A re-read is running; this list serves until it is in. */
  refreshing: boolean;
}

/** Member lists above this size are kept six times longer between reads. */
const BIG_LIST = 5_000;

export class DbDirectory implements Directory {
  private readonly memberLists = new Map<string, MemberListEntry>();
  private readonly allowlistCache = new Map<string, { version: number; ids: ReadonlySet<string> }>();
  /** slug -> workspace id (a slug never moves to another workspace). */
  private readonly slugs = new Map<string, string>();
  private readonly indexes = new WeakMap<MemberRow[], Map<string, MemberRow>>();

  constructor(
    private readonly membersTtlMs = 10_000,
    private readonly now: () => number = Date.now,
  ) {}

  members(workspaceId: string): Promise<MemberRow[]> {
    const hit = this.memberLists.get(workspaceId);
    // Membership changes drop the list at once on every instance; the period only bounds a lost
    // notice. A big list is read less often (50,000 rows take a few hundred milliseconds).
    const ttl = hit && hit.size > BIG_LIST ? this.membersTtlMs * 6 : this.membersTtlMs;
    if (hit && (this.now() - hit.at < ttl || hit.refreshing)) return hit.rows;
    if (hit?.ready) {
      // Due for a re-read: keep serving this list until the new one is in (nobody waits for it).
      hit.refreshing = true;
      loadMembers(workspaceId).then(
        (rows) => {
          if (this.memberLists.get(workspaceId) === hit) this.memberLists.set(workspaceId, { at: this.now(), rows: Promise.resolve(rows), size: rows.length, ready: true, refreshing: false });
        },
        (err: unknown) => {
          // Database down: keep serving the last list we had (connected users' presence goes on).
          warnThrottled({ err: String(err), workspaceId }, "member list reload failed; serving the cached one");
          hit.at = this.now();
          hit.refreshing = false;
        },
      );
      return hit.rows;
    }
    const entry: MemberListEntry = { at: this.now(), rows: loadMembers(workspaceId), size: 0, ready: false, refreshing: false };
    this.memberLists.set(workspaceId, entry);
    entry.rows.then(
      (rows) => {
        entry.size = rows.length;
        entry.ready = true;
      },
      () => {
        if (this.memberLists.get(workspaceId) === entry) this.memberLists.delete(workspaceId);
      },
    );
    return entry.rows;
  }

  /**
   * The workspace a socket may join and the user's database presence fields, or null if not a
   * member. Answered from the cached member list when it has the user (no query in a connect or
   * restart storm); a user it lacks is checked against the database (one query).
   */
  async lookupConnect(userId: string, slug: string): Promise<{ workspaceId: string; seed: UserSeed } | null> {
    const workspaceId = this.slugs.get(slug);
    if (workspaceId) {
      const rows = await this.members(workspaceId).catch(() => null);
      const row = rows && this.index(rows).get(userId);
      if (row) return { workspaceId, seed: row.seed };
    }
    const found = await lookupConnect(userId, slug);
    if (found) {
      this.slugs.set(slug, found.workspaceId);
      // A cached list without this member predates their joining: read it anew. One that has them
      // stays (in a connect storm before the slug is known, every early connect comes here: dropping
      // the list each time read a 20,000-member list again and again).
      const hit = this.memberLists.get(found.workspaceId);
      if (hit?.ready && !this.index(await hit.rows).has(userId) && this.memberLists.get(found.workspaceId) === hit) this.forgetMembers(found.workspaceId);
    }
    return found;
  }

  async member(workspaceId: string, userId: string): Promise<MemberRow | undefined> {
    return this.index(await this.members(workspaceId)).get(userId);
  }

  private index(rows: MemberRow[]): Map<string, MemberRow> {
    let map = this.indexes.get(rows);
    if (!map) this.indexes.set(rows, (map = new Map(rows.map((r) => [r.userId, r]))));
    return map;
  }

  forgetMembers(workspaceId?: string): void {
    if (workspaceId) this.memberLists.delete(workspaceId);
    else this.memberLists.clear();
  }

  async allowlists(want: ReadonlyMap<string, number>): Promise<Map<string, ReadonlySet<string>>> {
    const out = new Map<string, ReadonlySet<string>>();
    const stale: string[] = [];
    for (const [userId, version] of want) {
      const hit = this.allowlistCache.get(userId);
      if (hit && hit.version >= version) out.set(userId, hit.ids);
      else stale.push(userId);
    }
    if (!stale.length) return out;
    try {
      const loaded = await loadAllowlists(stale);
      for (const userId of stale) {
        const ids = new Set(loaded.get(userId) ?? []);
        // Loaded after the store reported `version`, so at least that new.
        this.allowlistCache.set(userId, { version: want.get(userId)!, ids });
        out.set(userId, ids);
      }
    } catch (err) {
      warnThrottled({ err: String(err), users: stale.length }, "allowlists unavailable; invisible users shown offline to everyone else");
      for (const userId of stale) out.set(userId, new Set());
    }
    return out;
  }

  /** The allowlist of one user, at least as new as `version`. */
  async allowlist(userId: string, version: number): Promise<ReadonlySet<string>> {
    return (await this.allowlists(new Map([[userId, version]]))).get(userId)!;
  }
}
