import { afterEach, describe, expect, it, vi } from "vitest";
import type { VisiblePresence } from "@/shared/presence";
import type { PresenceEmitter } from "./emitter";
import { MemoryPresenceStore } from "./memory-store";
import { PresenceService } from "./service";
import type { PresenceStore, UserSeed } from "./store";
import { UserWrites } from "./user-writes";
import type { MemberRow } from "./users";

const seed: UserSeed = { mode: "auto", lastSeenAt: null, publicLastSeenAt: null };
const rows: MemberRow[] = [{ userId: "ann", seed, coarseLastSeen: false }];

// The store refuses the first `failures` connects as a command past its timeout would (the store itself is real).
function setup(failures: number) {
  const store = new MemoryPresenceStore({ livenessMs: 60_000 });
  let left = failures;
  const flaky: PresenceStore = Object.create(store, {
    addConnection: { value: (...args: Parameters<PresenceStore["addConnection"]>) => (left-- > 0 ? Promise.reject(new Error("Command timed out")) : store.addConnection(...args)) },
  });
  const sent: VisiblePresence[] = [];
  const emitter: PresenceEmitter = { toWorkspace: (_ws, u) => void sent.push(u), toMembers: () => {}, toWorkspaceExcept: () => {}, toUser: () => {}, resyncLocal: () => {}, close: () => {} };
  const service = new PresenceService({
    store: flaky,
    emitter,
    directory: { members: async () => rows, member: async (_ws, id) => rows.find((r) => r.userId === id), allowlists: async () => new Map(), allowlist: async () => new Set(), forgetMembers: () => {} },
    users: { loadUser: async () => null, loadSeeds: async () => new Map() },
    writes: new UserWrites(async () => {}),
    instanceId: "i1",
    graceMs: 1_000,
    restartGraceMs: 1_000,
    livenessMs: 60_000,
  });
  return { service, sent, store };
}

const rec = { connId: "c1", userId: "ann", workspaceId: "w", instanceId: "i1", idle: false };

afterEach(() => vi.useRealTimers());

describe("a connect the store refuses once", () => {
  it("is tried again within a second and the member shows active", async () => {
    vi.useFakeTimers();
    const { service, sent, store } = setup(1);
    const done = service.connect(rec, seed);
    await vi.advanceTimersByTimeAsync(500);
    await done;
    expect(sent.map((u) => u.status)).toEqual(["active"]);
    expect((await store.readWorkspace("w", [])).users.get("ann")?.state.status).toBe("active");
    service.stop();
  });

  it("gives up after three tries (the store is down: registered when it is back), and not at all for a closed socket", async () => {
    vi.useFakeTimers();
    const down = setup(3);
    const failed = down.service.connect(rec, seed).catch((err: Error) => err.message);
    await vi.advanceTimersByTimeAsync(1_500);
    expect(await failed).toBe("Command timed out");
    expect(down.sent).toEqual([]);
    down.service.stop();

    const closed = setup(1);
    const gone = closed.service.connect(rec, seed).catch((err: Error) => err.message);
    closed.service.disconnect("c1");
    await vi.advanceTimersByTimeAsync(1_500);
    expect(await gone).toBe("Command timed out");
    closed.service.stop();
  });
});
