import type { PresenceDelivery } from "@/shared/events";
import type { MyPresence, VisiblePresence } from "@/shared/presence";
import { everyoneRoom, memberRoom, userRoom } from "../socket/rooms";
import type { RosterServer } from "../socket/types";
import { metrics } from "../metrics";
import type { Watchers } from "./watchers";

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
  /** Several instances share an adapter (Redis): deliveries go to the others too. */
  cluster: boolean;
  /** Called with every workspace's deliveries this instance fans out (the lazy member lists follow them). */
  onDeliver?: (workspaceId: string, deliveries: readonly PresenceDelivery[]) => void;
  /** Called when local pages are told to sync (deliveries may have been lost). */
  onResync?: () => void;
  /** Coalescing window while quiet. */
  tickMs: number;
  /** Longest window, reached in storms (many users arriving or leaving at once). */
  maxTickMs: number;
  /** A batch with more arrivals and departures than this doubles the next window; a smaller one halves it. */
  stormBatch: number;
}

/**
 * Socket.IO delivery. Each change goes once to every instance (`presence:deliver` through the
 * adapter), and each instance fans it out to its own sockets that watch the user: subscribed
 * sockets through the Watchers index (one message per socket per batch, with only the users it
 * watches; sockets with the same batch share one encoding), and sockets that watch everyone
 * (small workspaces, no subscription) through their workspace room, as one broadcast.
 *
 * Room-wide updates are coalesced per workspace: the first change after a quiet tick goes out
 * at once; changes within the next window ride in one batch that keeps the highest version per
 * user. In a storm of arrivals or departures (a deploy, everyone arriving at 9:00) the window
 * grows up to `maxTickMs`, so each client gets a bounded number of messages, not one per
 * change; activity changes alone keep the short window (their latency matters).
 */
export class SocketPresenceEmitter implements PresenceEmitter {
  private readonly pending = new Map<string, { updates: Map<string, VisiblePresence>; arrivals: number }>();
  private readonly timers = new Map<string, { timer: NodeJS.Timeout; windowMs: number }>();
  private readonly opts: Omit<EmitterOptions, "onDeliver" | "onResync"> & Pick<EmitterOptions, "onDeliver" | "onResync">;

  constructor(
    private readonly io: RosterServer,
    private readonly watchers: Watchers,
    opts: Partial<EmitterOptions> = {},
  ) {
    const tickMs = opts.tickMs ?? 100;
    this.opts = {
      tickMs,
      maxTickMs: opts.maxTickMs ?? Math.max(tickMs, 1_000),
      stormBatch: opts.stormBatch ?? 20,
      cluster: opts.cluster ?? false,
      onDeliver: opts.onDeliver,
      onResync: opts.onResync,
    };
  }

  toWorkspace(workspaceId: string, update: VisiblePresence, arrival = false): void {
    if (!this.timers.has(workspaceId)) {
      this.send(workspaceId, [{ update }], "workspace");
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
    this.send(workspaceId, [{ update, only: [...userIds] }], "members");
  }

  toWorkspaceExcept(workspaceId: string, exceptUserIds: readonly string[], update: VisiblePresence): void {
    this.send(workspaceId, [{ update, except: [...exceptUserIds] }], "workspace-except");
  }

  toUser(userId: string, me: MyPresence): void {
    this.io.to(userRoom(userId)).emit("presence:me", me);
  }

  resyncLocal(): void {
    this.opts.onResync?.();
    this.io.local.emit("presence:resync");
  }

  close(): void {
    for (const { timer } of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    this.pending.clear();
  }

  /**
   * Fans deliveries out to this instance's watchers (also called with other instances'
   * deliveries). Subscribed sockets get one message each with what they watch; sockets that
   * watch everyone get room broadcasts.
   */
  deliverLocal(workspaceId: string, deliveries: readonly PresenceDelivery[]): void {
    const everyone: VisiblePresence[] = [];
    const all = everyoneRoom(workspaceId);
    let reached = 0;
    for (const d of deliveries) {
      const updated = { updates: [d.update] };
      if (d.only) {
        // The named members' sockets that watch everyone (the others are reached below, by whom they watch).
        const sockets = this.collect(d.only.map((id) => memberRoom(workspaceId, id)), (s) => this.inRoom(all, s));
        if (sockets.size) this.io.local.to([...sockets]).emit("presence:updated", updated);
        reached += sockets.size;
      } else if (d.except) {
        const rooms = d.except.map((id) => memberRoom(workspaceId, id));
        this.io.local.to(all).except(rooms).emit("presence:updated", updated);
        reached += this.roomSize(all) - this.count(rooms, (s) => this.inRoom(all, s));
      } else everyone.push(d.update);
    }
    if (everyone.length) {
      this.io.local.to(all).emit("presence:updated", { updates: everyone });
      reached += this.roomSize(all);
    }
    reached += this.toSelf(workspaceId, deliveries);
    reached += this.fanOut(workspaceId, deliveries);
    if (reached) metrics.deliveries.inc(reached);
    this.opts.onDeliver?.(workspaceId, deliveries);
  }

  private roomSize(room: string): number {
    return this.io.sockets.adapter.rooms.get(room)?.size ?? 0;
  }

  private inRoom(room: string, socketId: string): boolean {
    return this.io.sockets.adapter.rooms.get(room)?.has(socketId) ?? false;
  }

  /** Sockets of this instance in any of `rooms` that pass `keep`. */
  private collect(rooms: readonly string[], keep: (socketId: string) => boolean): Set<string> {
    const seen = new Set<string>();
    for (const r of rooms) for (const s of this.io.sockets.adapter.rooms.get(r) ?? []) if (keep(s)) seen.add(s);
    return seen;
  }

  private count(rooms: readonly string[], keep: (socketId: string) => boolean): number {
    return this.collect(rooms, keep).size;
  }

  /** A user's own subscribed sockets (their member room, less the sockets watching everyone), when the delivery is for them. */
  private toSelf(workspaceId: string, deliveries: readonly PresenceDelivery[]): number {
    const all = everyoneRoom(workspaceId);
    let reached = 0;
    for (const { update, only, except } of deliveries) {
      if (only ? !only.includes(update.userId) : except?.includes(update.userId)) continue;
      const own = memberRoom(workspaceId, update.userId);
      const n = this.count([own], (s) => !this.inRoom(all, s));
      if (n === 0) continue;
      this.io.local.to(own).except(all).emit("presence:updated", { updates: [update] });
      reached += n;
    }
    return reached;
  }

  /** Subscribed sockets: per socket, the deliveries it may receive of the users it watches (never their own user). */
  private fanOut(workspaceId: string, deliveries: readonly PresenceDelivery[]): number {
    const perSocket = new Map<string, number[]>();
    deliveries.forEach((d, k) => {
      const watching = this.watchers.of(workspaceId, d.update.userId);
      if (!watching) return;
      const only = d.only && new Set(d.only);
      const except = d.except && new Set(d.except);
      for (const [socketId, viewer] of watching) {
        if (only ? !only.has(viewer) : except?.has(viewer)) continue;
        const list = perSocket.get(socketId);
        if (list) list.push(k);
        else perSocket.set(socketId, [k]);
      }
    });
    if (perSocket.size === 0) return 0;
    // Sockets with the same batch share one emit (one encoding).
    const groups = new Map<string, string[]>();
    for (const [socketId, ks] of perSocket) {
      const key = ks.join(",");
      const g = groups.get(key);
      if (g) g.push(socketId);
      else groups.set(key, [socketId]);
    }
    for (const [key, socketIds] of groups) {
      const updates = key.split(",").map((k) => deliveries[Number(k)].update);
      this.io.local.to(socketIds).emit("presence:updated", { updates });
    }
    return perSocket.size;
  }

  private send(workspaceId: string, deliveries: PresenceDelivery[], audience: string) {
    if (this.opts.cluster) this.io.serverSideEmit("presence:deliver", workspaceId, deliveries);
    this.deliverLocal(workspaceId, deliveries);
    metrics.broadcasts.inc({ audience });
    metrics.batchSize.observe({ audience }, deliveries.length);
  }

  private arm(workspaceId: string, windowMs: number) {
    const timer = setTimeout(() => {
      this.timers.delete(workspaceId);
      const batch = this.pending.get(workspaceId);
      if (!batch?.updates.size) return;
      this.pending.delete(workspaceId);
      this.send(workspaceId, [...batch.updates.values()].map((update) => ({ update })), "workspace");
      const { tickMs, maxTickMs, stormBatch } = this.opts;
      const next = batch.arrivals > stormBatch ? windowMs * 2 : windowMs / 2;
      this.arm(workspaceId, Math.min(maxTickMs, Math.max(tickMs, next)));
    }, windowMs);
    timer.unref();
    this.timers.set(workspaceId, { timer, windowMs });
  }
}
