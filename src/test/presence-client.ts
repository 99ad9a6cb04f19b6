// A test-side presence client over one real socket, doing what the browser's PresenceProvider
// does: keep a map of the members' presence, merge live `presence:updated` batches and
// `presence:sync` answers with the shared pure functions (highest version per user wins), and
// sync again when the server asks (`presence:resync`).
import { isDeepStrictEqual } from "node:util";
import type { AckResult } from "@/shared/events";
import type { PresenceSync, PresenceSyncRequest, VisiblePresence } from "@/shared/presence";
import { applySync, applyUpdates, highestVersion, presenceDigest, type PresenceMap } from "@/shared/presence-sync";
import { until, type TestSocket } from "./realtime-harness";

export const UNAVAILABLE = "Presence is temporarily unavailable.";

const byUser = (a: VisiblePresence, b: VisiblePresence) => (a.userId < b.userId ? -1 : a.userId > b.userId ? 1 : 0);
export const sortByUser = (list: Iterable<VisiblePresence>) => [...list].sort(byUser);

export interface PresenceClientOptions {
  /** A failed sync (store down, timeout) is tried again this often... */
  retryMs?: number;
  /** ...this many times, as a page would before its periodic check takes over. */
  retries?: number;
  /** Ack timeout of one `presence:sync`. */
  ackTimeoutMs?: number;
}

export class PresenceClient {
  map: PresenceMap = new Map();
  /** Every update received, in arrival order. */
  readonly updates: VisiblePresence[] = [];
  /** How many `presence:resync` requests the server sent. */
  resyncRequests = 0;
  /** Errors of failed syncs, in order (e.g. "Presence is temporarily unavailable."). */
  readonly syncErrors: string[] = [];
  private running: Promise<void> | null = null;
  private pending = false;
  private readonly opts: Required<PresenceClientOptions>;

  constructor(
    readonly socket: TestSocket,
    opts: PresenceClientOptions = {},
  ) {
    this.opts = { retryMs: 500, retries: 10, ackTimeoutMs: 5_000, ...opts };
    socket.on("presence:updated", ({ updates }) => {
      this.updates.push(...updates);
      this.map = applyUpdates(this.map, updates);
    });
    socket.on("presence:resync", () => {
      this.resyncRequests++;
      this.sync().catch(() => undefined);
    });
  }

  /** Wraps a connected socket and loads the initial state (a full snapshot). */
  static async open(socket: TestSocket, opts?: PresenceClientOptions): Promise<PresenceClient> {
    const client = new PresenceClient(socket, opts);
    await client.sync();
    return client;
  }

  get(userId: string): VisiblePresence | undefined {
    return this.map.get(userId);
  }

  status(userId: string): string | undefined {
    return this.map.get(userId)?.status;
  }

  /** The live map as a list sorted by user id (comparable with snapshot()). */
  view(): VisiblePresence[] {
    return sortByUser(this.map.values());
  }

  /**
   * Syncs like the browser: a delta since the highest version held, with the digest of what it
   * holds; when the result still differs from the server's digest, a full snapshot. Calls made
   * while a sync runs are coalesced into one more sync after it.
   */
  sync(): Promise<void> {
    if (this.running) {
      this.pending = true;
      return this.running;
    }
    const run = async () => {
      try {
        do {
          this.pending = false;
          await this.syncOnce();
        } while (this.pending);
      } finally {
        this.running = null;
      }
    };
    this.running = run();
    return this.running;
  }

  /** A fresh full snapshot for this viewer, not applied to the map; throws on an error ack. */
  async snapshot(): Promise<VisiblePresence[]> {
    const res = await this.request({});
    if (!res.ok) throw new Error(res.error);
    expectFull(res.data);
    return sortByUser(res.data.members);
  }

  /** One raw `presence:sync`, answered or timed out (as `{ ok: false, error: "ack timeout" }`). */
  async request(payload: PresenceSyncRequest): Promise<AckResult<PresenceSync>> {
    try {
      return await this.socket.timeout(this.opts.ackTimeoutMs).emitWithAck("presence:sync", payload);
    } catch {
      return { ok: false, error: "ack timeout" };
    }
  }

  /**
   * Waits (up to `boundMs`) for the live map to equal a fresh snapshot: by default this viewer's
   * `presence:sync` full answer (which the server may serve from a view up to its
   * snapshotMaxAgeMs old, 1 s by default), or what `read` returns (e.g. the in-process
   * `realtime.presence.snapshot`, always fresh). Live updates still in flight when a snapshot is
   * read may land meanwhile, so each snapshot gets a short while to be matched before a newer
   * one is read. Resolves with null when the map matched one, or with the last difference when
   * none matched within the bound. The live map is never written here.
   */
  async convergence(
    boundMs: number,
    read: () => Promise<VisiblePresence[]> = () => this.snapshot(),
  ): Promise<null | { live: VisiblePresence[]; snapshot: VisiblePresence[] }> {
    const deadline = Date.now() + boundMs;
    for (;;) {
      let snap: VisiblePresence[];
      try {
        snap = sortByUser(await read());
      } catch (err) {
        // The server cannot answer yet (e.g. the store is still coming back): try again.
        if (Date.now() >= deadline) throw err;
        await new Promise((r) => setTimeout(r, 100));
        continue;
      }
      const wait = Math.max(0, Math.min(250, deadline - Date.now()));
      try {
        await until(() => isDeepStrictEqual(this.view(), snap), wait, "live map = snapshot", 5);
        return null;
      } catch {
        if (Date.now() >= deadline) return { live: this.view(), snapshot: snap };
      }
    }
  }

  private async syncOnce(): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      const holds = this.map.size > 0;
      const res = await this.request(holds ? { since: highestVersion(this.map), digest: presenceDigest(this.map.values()) } : {});
      if (res.ok) {
        this.map = applySync(this.map, res.data);
        if (presenceDigest(this.map.values()) === res.data.digest) return;
        const full = await this.request({});
        if (full.ok) {
          this.map = applySync(this.map, full.data);
          return;
        }
        this.syncErrors.push(full.error);
      } else {
        this.syncErrors.push(res.error);
      }
      if (attempt >= this.opts.retries || !this.socket.connected) throw new Error(`presence sync failed: ${this.syncErrors.at(-1)}`);
      await new Promise((r) => setTimeout(r, this.opts.retryMs));
    }
  }
}

/** The entries where a live view and a snapshot differ (by user id), for failure messages. */
export function differences(live: readonly VisiblePresence[], snapshot: readonly VisiblePresence[], names: Record<string, string> = {}) {
  const users = [...new Set([...live, ...snapshot].map((p) => p.userId))].sort();
  return users
    .map((u) => ({ user: names[u] ?? u, live: live.find((p) => p.userId === u) ?? null, snapshot: snapshot.find((p) => p.userId === u) ?? null }))
    .filter((d) => !isDeepStrictEqual(d.live, d.snapshot));
}

function expectFull(sync: PresenceSync): void {
  if (!sync.full) throw new Error("presence:sync without `since` answered with a delta");
}
