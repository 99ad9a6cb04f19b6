// Per-instance caches of what viewers' filtering needs from the database.
// - Member lists: kept for `membersTtlMs` and dropped at once when a membership changes (any
//   instance tells the others). Staleness here only delays who appears in a snapshot.
// - Allowlists: checked against the allowlist version the store returns with every change and
//   every read, so a cached copy older than the state it filters is never used (no leak), and a
//   reload that fails fails closed (only the user sees through).
import { logger } from "../logger";
import { loadAllowlists, loadMembers, type MemberRow } from "./users";
import type { Directory } from "./views";

export class DbDirectory implements Directory {
  private readonly memberLists = new Map<string, { at: number; rows: Promise<MemberRow[]> }>();
  private readonly allowlistCache = new Map<string, { version: number; ids: ReadonlySet<string> }>();

  constructor(
    private readonly membersTtlMs = 10_000,
    private readonly now: () => number = Date.now,
  ) {}

  members(workspaceId: string): Promise<MemberRow[]> {
    const hit = this.memberLists.get(workspaceId);
    if (hit && this.now() - hit.at < this.membersTtlMs) return hit.rows;
    const rows = loadMembers(workspaceId);
    const entry = { at: this.now(), rows };
    this.memberLists.set(workspaceId, entry);
    rows.catch(() => {
      if (this.memberLists.get(workspaceId) === entry) this.memberLists.delete(workspaceId);
    });
    return rows;
  }

  forgetMembers(workspaceId: string): void {
    this.memberLists.delete(workspaceId);
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
      logger.warn({ err, users: stale.length }, "allowlists unavailable; invisible users shown offline to everyone else");
      for (const userId of stale) out.set(userId, new Set());
    }
    return out;
  }

  /** The allowlist of one user, at least as new as `version`. */
  async allowlist(userId: string, version: number): Promise<ReadonlySet<string>> {
    return (await this.allowlists(new Map([[userId, version]]))).get(userId)!;
  }
}
