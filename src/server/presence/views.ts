// Workspace snapshots, built once and shared by every viewer who asks at about the same time.
// A build reads the member list (cached from the database) and the store (one round trip), then
// derives the public view of every member. Per viewer, only the invisible members whose
// allowlist holds the viewer differ; so a reconnect storm of N clients costs a handful of builds,
// not N member queries, and a viewer's answer costs O(members) copying at most.
import type { PresenceSync, PresenceSyncRequest, VisiblePresence } from "@/shared/presence";
import { digestHex, entryHash } from "@/shared/presence-sync";
import { coarseView, initialState, view, type PresenceMode, type PresenceState } from "./engine";
import type { PresenceStore, WorkspaceRead } from "./store";
import type { MemberRow } from "./users";

export interface Directory {
  /** Members of a workspace with their database presence fields (may be cached briefly). */
  members(workspaceId: string): Promise<MemberRow[]>;
  /** Allowlists of invisible users, at least as new as the given versions. */
  allowlists(want: ReadonlyMap<string, number>): Promise<Map<string, ReadonlySet<string>>>;
  /** One member's row, from the cached member list; undefined if not a member. */
  member(workspaceId: string, userId: string): Promise<MemberRow | undefined>;
  /** Drops cached member lists (one workspace, or all). */
  forgetMembers(workspaceId?: string): void;
}

interface Insider {
  userId: string;
  insiders: ReadonlySet<string>;
  pub: VisiblePresence;
  priv: VisiblePresence;
}

export class WorkspaceView {
  private readonly index = new Map<string, number>();
  private readonly xor: number;

  constructor(
    /** When the store read began: updates committed later reach sockets already in the room. */
    readonly startedAt: number,
    private readonly entries: VisiblePresence[],
    private readonly invisible: Insider[],
    private readonly modes: ReadonlyMap<string, PresenceMode>,
    private readonly allowlistVersions: ReadonlyMap<string, number>,
  ) {
    let x = 0;
    entries.forEach((e, i) => {
      this.index.set(e.userId, i);
      x ^= entryHash(e.userId, e.version);
    });
    this.xor = x;
  }

  has(userId: string): boolean {
    return this.index.has(userId);
  }

  modeOf(userId: string): PresenceMode {
    return this.modes.get(userId) ?? "auto";
  }

  allowlistVersionOf(userId: string): number {
    return this.allowlistVersions.get(userId) ?? 0;
  }

  /** Every member as outsiders see them. */
  get publicEntries(): readonly VisiblePresence[] {
    return this.entries;
  }

  /** Invisible members: who sees through (themselves and their allowlist) and their real status. */
  hiddenMembers(): { userId: string; insiders: ReadonlySet<string>; status: VisiblePresence["status"]; version: number }[] {
    return this.invisible.map((inv) => ({ userId: inv.userId, insiders: inv.insiders, status: inv.priv.status, version: inv.priv.version }));
  }

  /** Every member as this viewer may see them, and the digest of that view. */
  forViewer(viewerId: string): { members: VisiblePresence[]; digest: string } {
    let members = this.entries;
    let x = this.xor;
    for (const inv of this.invisible) {
      if (!inv.insiders.has(viewerId)) continue;
      if (members === this.entries) members = [...this.entries];
      members[this.index.get(inv.userId)!] = inv.priv;
      x ^= entryHash(inv.userId, inv.pub.version) ^ entryHash(inv.userId, inv.priv.version);
    }
    return { members, digest: digestHex(x) };
  }

  /** Answer to a sync request: nothing if the digests agree, a delta with `since`, else everything. */
  answer(viewerId: string, req: PresenceSyncRequest): Pick<PresenceSync, "full" | "members" | "digest"> {
    const { members, digest } = this.forViewer(viewerId);
    if (req.digest !== undefined && req.digest === digest) return { full: false, members: [], digest };
    if (req.since !== undefined) {
      const since = req.since;
      return { full: false, members: members.filter((m) => m.version > since), digest };
    }
    return { full: true, members, digest };
  }
}

/** A member's state: the store's if it holds one, else from the database's fields (the store's shown fields win). */
function stateOf(m: MemberRow, read: WorkspaceRead): [PresenceState, number] {
  const held = read.users.get(m.userId);
  if (held) return [held.state, held.allowlistVersion];
  const mode = read.modes.get(m.userId) ?? m.seed.mode;
  // Fields the store holds win over the database's (its copy trails the store's).
  const f = read.fields.get(m.userId);
  const seed = { mode, lastSeenAt: m.seed.lastSeenAt, publicLastSeenAt: m.seed.publicLastSeenAt, custom: f ? f.custom : (m.seed.custom ?? null), dndUntil: f ? f.dndUntil : (m.seed.dndUntil ?? null) };
  return [initialState(read.epochOf(m.userId), seed), 0];
}

/** A member who keeps last seen private: nobody's view holds the exact time. */
const seen = (m: MemberRow, v: VisiblePresence, now: number) => (m.coarseLastSeen ? coarseView(v, now) : v);

/** Members per store read when a big workspace is read whole: no single read holds Redis for long. */
export const READ_CHUNK = 2_000;

/**
 * Every member's state: one read, or in a big workspace reads of READ_CHUNK members one after
 * another (each user is read after the build started, which is all a build promises; users
 * without state get the newest epoch of their bucket seen).
 */
async function readMembers(store: PresenceStore, workspaceId: string, ids: readonly string[]): Promise<WorkspaceRead> {
  if (ids.length <= READ_CHUNK) return store.readWorkspace(workspaceId, ids);
  const parts: WorkspaceRead[] = [];
  const all: WorkspaceRead = { epochOf: (id) => Math.max(...parts.map((p) => p.epochOf(id))), users: new Map(), modes: new Map(), fields: new Map() };
  for (let i = 0; i < ids.length; i += READ_CHUNK) {
    const part = await store.readWorkspace(workspaceId, ids.slice(i, i + READ_CHUNK), true);
    parts.push(part);
    for (const [k, v] of part.users) all.users.set(k, v);
    for (const [k, v] of part.modes) all.modes.set(k, v);
    for (const [k, v] of part.fields) all.fields.set(k, v);
  }
  return all;
}

export async function buildView(store: PresenceStore, directory: Directory, workspaceId: string, now: number): Promise<WorkspaceView> {
  const members = await directory.members(workspaceId);
  const startedAt = now;
  const read = await readMembers(store, workspaceId, members.map((m) => m.userId));
  const states = members.map((m) => [m, ...stateOf(m, read)] as const);
  // Every member's allowlist (one query for those not cached at their version): invisible members'
  // to filter, and each viewer's own for the status menu, so answering a viewer costs no query.
  const allowlists = await directory.allowlists(new Map(states.map(([m, , alv]) => [m.userId, alv])));
  const entries: VisiblePresence[] = [];
  const invisible: Insider[] = [];
  const modes = new Map<string, PresenceMode>();
  const alvs = new Map<string, number>();
  for (const [m, s, alv] of states) {
    const pub = seen(m, view(m.userId, s, false, now), now);
    entries.push(pub);
    modes.set(m.userId, s.mode);
    alvs.set(m.userId, alv);
    if (s.mode === "invisible") {
      const insiders = new Set(allowlists.get(m.userId) ?? []);
      insiders.add(m.userId);
      invisible.push({ userId: m.userId, insiders, pub, priv: seen(m, view(m.userId, s, true, now), now) });
    }
  }
  return new WorkspaceView(startedAt, entries, invisible, modes, alvs);
}

/**
 * Some members as one viewer may see them, read now at a cost in proportion to them (not to the
 * workspace): what a subscribed socket gets when it adds people, and its syncs. Ids that are not
 * members are left out. Also the viewer's mode and allowlist version.
 */
export async function readSome(
  store: PresenceStore,
  directory: Directory,
  workspaceId: string,
  viewerId: string,
  userIds: readonly string[],
  now: number,
): Promise<{ members: VisiblePresence[]; mode: PresenceMode; allowlistVersion: number } | null> {
  const found = await Promise.all([...new Set([viewerId, ...userIds])].map((id) => directory.member(workspaceId, id)));
  const rows = found.filter((m): m is MemberRow => m !== undefined);
  if (rows[0]?.userId !== viewerId) return null;
  const read = await store.readWorkspace(workspaceId, rows.map((m) => m.userId), true);
  const states = rows.map((m) => [m, ...stateOf(m, read)] as const);
  const hidden = states.filter(([m, s]) => s.mode === "invisible" && m.userId !== viewerId);
  const allowlists = hidden.length ? await directory.allowlists(new Map(hidden.map(([m, , alv]) => [m.userId, alv]))) : new Map<string, ReadonlySet<string>>();
  const members = states.map(([m, s]) => {
    const through = m.userId === viewerId || (s.mode === "invisible" && (allowlists.get(m.userId)?.has(viewerId) ?? false));
    return seen(m, view(m.userId, s, through, now), now);
  });
  return { members, mode: states[0][1].mode, allowlistVersion: states[0][2] };
}

/**
 * Shares builds: a request is served by the newest build that started no earlier than it
 * needs (`notBefore`), waiting for one in flight when that suffices. Otherwise it waits for the
 * one build queued behind the running one, so a storm of joiners costs a build at a time, not
 * one each.
 */
export class ViewCache {
  private readonly latest = new Map<string, WorkspaceView>();
  private readonly inflight = new Map<string, { startedAt: number; done: Promise<WorkspaceView> }>();
  private readonly queued = new Map<string, Promise<WorkspaceView>>();
  /** Builds started before this are never reused (the store came back after an outage). */
  private freshAfter = 0;

  constructor(
    private readonly build: (workspaceId: string, now: number) => Promise<WorkspaceView>,
    private readonly now: () => number = Date.now,
  ) {}

  async get(workspaceId: string, atLeast: number): Promise<WorkspaceView> {
    const notBefore = Math.max(atLeast, this.freshAfter);
    const done = this.latest.get(workspaceId);
    if (done && done.startedAt >= notBefore) return done;
    const running = this.inflight.get(workspaceId);
    if (running && running.startedAt >= notBefore) return running.done;
    if (!running) return this.start(workspaceId);
    // The running build began too early for this caller: share the next one, started after it.
    let next = this.queued.get(workspaceId);
    if (!next) {
      next = running.done.catch(() => undefined).then(() => {
        this.queued.delete(workspaceId);
        return this.start(workspaceId);
      });
      this.queued.set(workspaceId, next);
    }
    return next;
  }

  /** Drops every build so far: later requests get snapshots started from now on. */
  forget(): void {
    this.latest.clear();
    this.freshAfter = this.now();
  }

  private start(workspaceId: string): Promise<WorkspaceView> {
    const startedAt = this.now();
    const done = this.build(workspaceId, startedAt).then((v) => {
      const cur = this.latest.get(workspaceId);
      if (!cur || cur.startedAt <= v.startedAt) {
        this.latest.set(workspaceId, v);
        // Only fresh builds are ever reused (a few seconds at most): do not keep one per workspace forever.
        const drop = setTimeout(() => this.latest.get(workspaceId) === v && this.latest.delete(workspaceId), 10_000);
        drop.unref();
      }
      return v;
    });
    const entry = { startedAt, done };
    this.inflight.set(workspaceId, entry);
    const clear = () => {
      if (this.inflight.get(workspaceId) === entry) this.inflight.delete(workspaceId);
    };
    done.then(clear, clear);
    return done;
  }
}
