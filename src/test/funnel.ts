// The presence funnel with its parts handed in and nothing else: the memory store, the clock
// (vitest's fake timers drive Date.now and the grace timers together), a recording emitter, and
// in-memory member lists, allowlists and user rows. No database, no Redis, no sockets.
import { vi } from "vitest";
import type { MyPresence, VisiblePresence } from "@/shared/presence";
import type { PresenceEmitter } from "@/server/presence/emitter";
import { MemoryPresenceStore } from "@/server/presence/memory-store";
import { PresenceService } from "@/server/presence/service";
import type { UserSeed } from "@/server/presence/store";
import { UserWrites } from "@/server/presence/user-writes";
import type { MemberRow, UserWrite } from "@/server/presence/users";
import type { Directory } from "@/server/presence/views";

/** One delivery: who it went to and what. `except`/`to` are user ids. */
export type Delivery =
  | { kind: "everyone"; workspaceId: string; update: VisiblePresence }
  | { kind: "members"; workspaceId: string; to: string[]; update: VisiblePresence }
  | { kind: "except"; workspaceId: string; except: string[]; update: VisiblePresence }
  | { kind: "me"; userId: string; me: MyPresence };

export class RecordingEmitter implements PresenceEmitter {
  readonly sent: Delivery[] = [];
  resyncs = 0;
  toWorkspace(workspaceId: string, update: VisiblePresence) {
    this.sent.push({ kind: "everyone", workspaceId, update });
  }
  toMembers(workspaceId: string, to: readonly string[], update: VisiblePresence) {
    this.sent.push({ kind: "members", workspaceId, to: [...to], update });
  }
  toWorkspaceExcept(workspaceId: string, except: readonly string[], update: VisiblePresence) {
    this.sent.push({ kind: "except", workspaceId, except: [...except], update });
  }
  toUser(userId: string, me: MyPresence) {
    this.sent.push({ kind: "me", userId, me });
  }
  resyncLocal() {
    this.resyncs++;
  }
  close() {}

  /** What `viewer` received about `userId`, in order (everyone, or a class they belong to). */
  receivedBy(viewer: string, userId: string): VisiblePresence[] {
    return this.sent.flatMap((d) => {
      if (d.kind === "me" || d.update.userId !== userId) return [];
      if (d.kind === "everyone" || (d.kind === "members" && d.to.includes(viewer)) || (d.kind === "except" && !d.except.includes(viewer))) return [d.update];
      return [];
    });
  }
}

/** Members, allowlists and user rows in memory: what the database would answer. */
export class MemoryDirectory implements Directory {
  readonly rows = new Map<string, { seed: UserSeed; coarseLastSeen: boolean; workspaceIds: string[] }>();
  readonly allow = new Map<string, Set<string>>();

  addUser(userId: string, workspaceIds: string[], over: { seed?: Partial<UserSeed>; coarseLastSeen?: boolean } = {}) {
    this.rows.set(userId, {
      seed: { mode: "auto", lastSeenAt: null, publicLastSeenAt: null, ...over.seed },
      coarseLastSeen: over.coarseLastSeen ?? false,
      workspaceIds,
    });
  }

  async members(workspaceId: string): Promise<MemberRow[]> {
    return [...this.rows].filter(([, r]) => r.workspaceIds.includes(workspaceId)).map(([userId, r]) => ({ userId, seed: r.seed, coarseLastSeen: r.coarseLastSeen }));
  }
  async member(workspaceId: string, userId: string) {
    return (await this.members(workspaceId)).find((m) => m.userId === userId);
  }
  async allowlists(want: ReadonlyMap<string, number>) {
    return new Map([...want.keys()].map((id) => [id, this.allow.get(id) ?? new Set<string>()] as const));
  }
  async allowlist(userId: string) {
    return this.allow.get(userId) ?? new Set<string>();
  }
  forgetMembers() {}

  readonly users = {
    loadUser: async (userId: string) => {
      const r = this.rows.get(userId);
      return r ? { seed: r.seed, workspaceIds: r.workspaceIds } : null;
    },
    loadSeeds: async (ids: readonly string[]) => new Map(ids.flatMap((id) => (this.rows.has(id) ? [[id, this.rows.get(id)!.seed] as const] : []))),
  };
}

export interface Funnel {
  service: PresenceService;
  store: MemoryPresenceStore;
  emitter: RecordingEmitter;
  directory: MemoryDirectory;
  /** Database writes the funnel queued, in order. */
  written: Array<{ userId: string; w: UserWrite }>;
  /** Moves the fake clock (and runs due timers and pending promises). */
  advance(ms: number): Promise<void>;
}

/** Call inside a test after vi.useFakeTimers() and vi.setSystemTime(start). */
export function funnel(opts: { graceMs?: number } = {}): Funnel {
  const store = new MemoryPresenceStore({ livenessMs: 12_000, now: Date.now });
  const emitter = new RecordingEmitter();
  const directory = new MemoryDirectory();
  const written: Funnel["written"] = [];
  const writes = new UserWrites(async (userId, w) => void written.push({ userId, w }));
  const service = new PresenceService({
    store,
    emitter,
    directory,
    users: directory.users,
    writes,
    instanceId: "i1",
    graceMs: opts.graceMs ?? 5_000,
    restartGraceMs: 30_000,
    livenessMs: 12_000,
    now: Date.now,
  });
  return { service, store, emitter, directory, written, advance: (ms) => vi.advanceTimersByTimeAsync(ms).then(() => undefined) };
}
