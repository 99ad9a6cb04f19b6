import type { MyPresence, VisiblePresence } from "@/shared/presence";
import { memberRoom, userRoom, workspaceRoom } from "../socket/rooms";
import type { RosterServer } from "../socket/types";
import { metrics } from "../metrics";

/**
 * The one way presence reaches sockets: every update of what others see of a user, and a user's
 * own mode to their tabs. The service decides who may see what (engine.audience); this delivers.
 */
export interface PresenceEmitter {
  /** To everyone in the workspace (coalesced per tick); `arrival`: the user came online or went offline. */
  toWorkspace(workspaceId: string, update: VisiblePresence, arrival?: boolean): void;
  /** To some members only. */
  toMembers(workspaceId: string, userIds: readonly string[], update: VisiblePresence): void;
  /** To everyone in the workspace except some members. */
  toWorkspaceExcept(workspaceId: string, exceptUserIds: readonly string[], update: VisiblePresence): void;
  /** To every tab of the user, on every instance: their own mode and do-not-disturb end. */
  toUser(userId: string, me: MyPresence): void;
  /** Tells this instance's sockets to sync (their updates may have been lost in an outage). */
  resyncLocal(): void;
  close(): void;
}

export interface EmitterOptions {
  /** Coalescing window while quiet. */
  tickMs: number;
  /** Longest window, reached in storms (many users arriving or leaving at once). */
  maxTickMs: number;
  /** A batch with more arrivals and departures than this doubles the next window; a smaller one halves it. */
  stormBatch: number;
}

/**
 * Socket.IO delivery. Room-wide updates are coalesced per workspace: the first change after a
 * quiet tick goes out at once; changes within the next window ride in one batch that keeps the
 * highest version per user. In a storm of arrivals or departures (a deploy, everyone arriving at
 * 9:00) the window grows up to `maxTickMs`, so each client gets a bounded number of messages,
 * not one per change; activity changes alone keep the short window (their latency matters).
 */
export class SocketPresenceEmitter implements PresenceEmitter {
  private readonly pending = new Map<string, { updates: Map<string, VisiblePresence>; arrivals: number }>();
  private readonly timers = new Map<string, { timer: NodeJS.Timeout; windowMs: number }>();
  private readonly opts: EmitterOptions;

  constructor(
    private readonly io: RosterServer,
    opts: Partial<EmitterOptions> = {},
  ) {
    const tickMs = opts.tickMs ?? 100;
    this.opts = { tickMs, maxTickMs: opts.maxTickMs ?? Math.max(tickMs, 1_000), stormBatch: opts.stormBatch ?? 20 };
  }

  toWorkspace(workspaceId: string, update: VisiblePresence, arrival = false): void {
    if (!this.timers.has(workspaceId)) {
      this.send(workspaceId, [update]);
      this.arm(workspaceId, this.opts.tickMs);
      return;
    }
    let batch = this.pending.get(workspaceId);
    if (!batch) this.pending.set(workspaceId, (batch = { updates: new Map(), arrivals: 0 }));
    const cur = batch.updates.get(update.userId);
    if (!cur || cur.version < update.version) batch.updates.set(update.userId, update);
    if (arrival) batch.arrivals++;
  }

  toMembers(workspaceId: string, userIds: readonly string[], update: VisiblePresence): void {
    if (!userIds.length) return;
    this.io.to(userIds.map((id) => memberRoom(workspaceId, id))).emit("presence:updated", { updates: [update] });
    metrics.broadcasts.inc({ audience: "members" });
    metrics.batchSize.observe({ audience: "members" }, 1);
  }

  toWorkspaceExcept(workspaceId: string, exceptUserIds: readonly string[], update: VisiblePresence): void {
    this.io
      .to(workspaceRoom(workspaceId))
      .except(exceptUserIds.map((id) => memberRoom(workspaceId, id)))
      .emit("presence:updated", { updates: [update] });
    metrics.broadcasts.inc({ audience: "workspace-except" });
    metrics.batchSize.observe({ audience: "workspace-except" }, 1);
  }

  toUser(userId: string, me: MyPresence): void {
    this.io.to(userRoom(userId)).emit("presence:me", me);
  }

  resyncLocal(): void {
    this.io.local.emit("presence:resync");
  }

  close(): void {
    for (const { timer } of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    this.pending.clear();
  }

  private send(workspaceId: string, updates: VisiblePresence[]) {
    this.io.to(workspaceRoom(workspaceId)).emit("presence:updated", { updates });
    metrics.broadcasts.inc({ audience: "workspace" });
    metrics.batchSize.observe({ audience: "workspace" }, updates.length);
  }

  private arm(workspaceId: string, windowMs: number) {
    const timer = setTimeout(() => {
      this.timers.delete(workspaceId);
      const batch = this.pending.get(workspaceId);
      if (!batch?.updates.size) return;
      this.pending.delete(workspaceId);
      this.send(workspaceId, [...batch.updates.values()]);
      const { tickMs, maxTickMs, stormBatch } = this.opts;
      const next = batch.arrivals > stormBatch ? windowMs * 2 : windowMs / 2;
      this.arm(workspaceId, Math.min(maxTickMs, Math.max(tickMs, next)));
    }, windowMs);
    timer.unref();
    this.timers.set(workspaceId, { timer, windowMs });
  }
}
