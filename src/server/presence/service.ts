// The presence shell: reads and writes the store and the database around the pure rules in
// engine.ts, and hands the results to the emitter. One per server instance.
import type { VisiblePresence } from "@/shared/presence";
import { logger } from "../logger";
import { metrics } from "../metrics";
import { audiences, lastSeenOnModeChange, lastSeenOnOffline, visiblePresence, type ConnState, type PresenceMode, type UserPresenceInput } from "./engine";
import type { PresenceEmitter } from "./emitter";
import type { AffectedUser, ConnectionRecord, PresenceStore } from "./store";
import { loadMembersForViewer, loadPresenceUsers, workspaceIdsOf, writeLastSeen, writeMode, type PresenceUser } from "./users";

export interface PresenceServiceOptions {
  store: PresenceStore;
  emitter: PresenceEmitter;
  instanceId: string;
  /** After a connection closes, it counts for this long, so a reload never flashes offline. */
  graceMs: number;
  /** Instance liveness; heartbeats run at a quarter of it, the reaper polls every 2 s at most. */
  livenessMs: number;
}

const withConns = (user: PresenceUser, conns: readonly ConnState[]): UserPresenceInput => ({ ...user, conns });

export class PresenceService {
  /** This instance's open connections, re-registered if the store forgot the instance. */
  private readonly local = new Map<string, ConnectionRecord>();
  /** Closed connections still counted during the grace period. */
  private readonly closing = new Map<string, { rec: ConnectionRecord; timer: NodeJS.Timeout }>();
  /** Per (workspace, user) chains, so before/after pairs never interleave on this instance. */
  private readonly chains = new Map<string, Promise<unknown>>();
  private timers: NodeJS.Timeout[] = [];

  constructor(private readonly opts: PresenceServiceOptions) {}

  get instanceId() {
    return this.opts.instanceId;
  }

  start(): void {
    const { livenessMs } = this.opts;
    // A killed instance lapses livenessMs after its last beat and is reaped within one more poll:
    // at most livenessMs + 2 s after the kill (14 s by default), whatever the number of sockets.
    // Idle Redis cost per instance: one heartbeat script per livenessMs/4, one poll per 2 s.
    const beat = setInterval(() => void this.heartbeat(), Math.max(100, livenessMs / 4));
    const reap = setInterval(() => void this.reapDead(), Math.max(100, Math.min(2_000, livenessMs / 5)));
    beat.unref();
    reap.unref();
    this.timers = [beat, reap];
    void this.heartbeat();
    void this.reapDead(); // a restarted lone instance cleans up after its crashed predecessor
  }

  async connect(rec: ConnectionRecord): Promise<void> {
    this.local.set(rec.connId, rec);
    await this.transition(rec.workspaceId, rec.userId, () => this.opts.store.addConnection(rec));
  }

  async setIdle(connId: string, idle: boolean): Promise<boolean> {
    const rec = this.local.get(connId);
    if (!rec) return false;
    if (rec.idle === idle) return true;
    rec.idle = idle;
    await this.transition(rec.workspaceId, rec.userId, () => this.opts.store.setIdle(rec));
    return true;
  }

  /** The connection keeps counting for the grace period, then goes. */
  disconnect(connId: string): void {
    const rec = this.local.get(connId);
    if (!rec) return;
    this.local.delete(connId);
    const timer = setTimeout(() => {
      this.closing.delete(connId);
      void this.transition(rec.workspaceId, rec.userId, () => this.opts.store.removeConnection(rec));
    }, this.opts.graceMs);
    timer.unref();
    this.closing.set(connId, { rec, timer });
  }

  /** Every member's presence as this viewer may see it: one DB query, one store round trip. */
  async snapshot(workspaceId: string, viewerId: string): Promise<VisiblePresence[]> {
    const [members, conns] = await Promise.all([
      loadMembersForViewer(workspaceId, viewerId),
      this.opts.store.connectionsOf(workspaceId),
    ]);
    return members.map((m) => visiblePresence(withConns(m, conns.get(m.userId) ?? []), viewerId));
  }

  async setMode(userId: string, mode: PresenceMode): Promise<void> {
    const workspaceIds = await workspaceIdsOf(userId);
    const user = (await loadPresenceUsers([userId])).get(userId);
    if (!user) return;
    const conns = await Promise.all(workspaceIds.map((ws) => this.connsOf(ws, userId)));
    const online = conns.some((c) => c.length > 0);
    const patch = lastSeenOnModeChange(user.mode, mode, online, new Date());
    metrics.transitions.inc({ kind: "mode" });
    await writeMode(userId, mode, patch);
    const after: PresenceUser = { ...user, ...patch, mode };
    workspaceIds.forEach((ws, i) => this.announce(ws, withConns(user, conns[i]!), withConns(after, conns[i]!)));
  }

  /** After an allowlist edit: viewers who gained or lost sight of an invisible user are told. */
  async allowlistChanged(userId: string, before: readonly string[], after: readonly string[]): Promise<void> {
    const user = (await loadPresenceUsers([userId])).get(userId);
    if (!user || user.mode !== "invisible") return;
    const changed = [...before.filter((v) => !after.includes(v)), ...after.filter((v) => !before.includes(v))];
    if (!changed.length) return;
    for (const ws of await workspaceIdsOf(userId)) {
      const input = withConns(user, await this.connsOf(ws, userId));
      for (const viewer of changed) this.opts.emitter.toMembers(ws, [viewer], visiblePresence(input, viewer));
    }
  }

  /**
   * Graceful shutdown, after the sockets were closed: waits out the grace period of every
   * closing connection, so users who reconnected elsewhere never flash offline and the rest
   * are announced offline once, by this instance.
   */
  async drain(timeoutMs = this.opts.graceMs + 2_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while ((this.closing.size || this.chains.size) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
    }
    await this.opts.store.removeInstance(this.opts.instanceId).catch((err: unknown) => logger.warn({ err }, "removeInstance failed"));
  }

  /** Stops timers (after drain, or in tests). */
  stop(): void {
    for (const t of this.timers) clearInterval(t);
    for (const { timer } of this.closing.values()) clearTimeout(timer);
    this.timers = [];
  }

  private connsOf(workspaceId: string, userId: string): Promise<ConnState[]> {
    return this.opts.store.connectionsOf(workspaceId, [userId]).then((m) => m.get(userId) ?? []);
  }

  private transition(workspaceId: string, userId: string, write: () => Promise<unknown>): Promise<void> {
    const key = `${workspaceId}:${userId}`;
    metrics.transitions.inc({ kind: "connection" });
    const run = async () => {
      const [users, before] = await Promise.all([loadPresenceUsers([userId]), this.connsOf(workspaceId, userId)]);
      await write();
      const user = users.get(userId);
      if (user) await this.settle(workspaceId, user, before, await this.connsOf(workspaceId, userId));
    };
    const chained = (this.chains.get(key) ?? Promise.resolve()).then(run, run);
    const settled = chained.catch((err: unknown) => logger.error({ err, workspaceId, userId }, "presence transition failed"));
    this.chains.set(key, settled);
    void settled.then(() => {
      if (this.chains.get(key) === settled) this.chains.delete(key);
    });
    return chained;
  }

  /** Records last seen if the user just went offline here, then announces the change. */
  private async settle(workspaceId: string, user: PresenceUser, before: ConnState[], after: ConnState[]): Promise<void> {
    let next = user;
    if (before.length > 0 && after.length === 0) {
      const patch = lastSeenOnOffline(user.mode, new Date());
      await writeLastSeen(user.userId, patch);
      next = { ...user, ...patch };
    }
    this.announce(workspaceId, withConns(user, before), withConns(next, after));
  }

  private announce(workspaceId: string, before: UserPresenceInput, after: UserPresenceInput): void {
    const { public: pub, private: priv } = audiences(before, after);
    if (!pub && !priv) return;
    const { emitter } = this.opts;
    if (after.mode !== "invisible") {
      // Everyone sees the same thing now.
      emitter.toWorkspace(workspaceId, visiblePresence(after, after.userId));
      return;
    }
    const insiders = [after.userId, ...after.allowlist];
    if (pub) emitter.toWorkspaceExcept(workspaceId, insiders, pub);
    if (priv) emitter.toMembers(workspaceId, insiders, priv);
  }

  private async heartbeat(): Promise<void> {
    try {
      const known = await this.opts.store.heartbeat(this.opts.instanceId);
      if (known) return;
      // The store forgot us (first beat, or a pause long enough to be reaped): register again.
      const recs = [...this.local.values(), ...[...this.closing.values()].map((c) => c.rec)];
      for (const rec of recs) await this.transition(rec.workspaceId, rec.userId, () => this.opts.store.addConnection(rec));
    } catch (err) {
      logger.warn({ err }, "presence heartbeat failed");
    }
  }

  private async reapDead(): Promise<void> {
    try {
      for (const dead of await this.opts.store.deadInstances()) {
        if (dead === this.opts.instanceId) continue;
        const affected = await this.opts.store.reapInstance(dead);
        if (affected.length) {
          logger.info({ dead, users: affected.length }, "reaped a dead instance");
          metrics.reaped.inc();
        }
        await Promise.all(affected.map((a) => this.afterReap(a, dead)));
      }
    } catch (err) {
      logger.warn({ err }, "presence reaper failed");
    }
  }

  /** The reaped connections' states are gone; treat the user as having been active there. */
  private async afterReap({ workspaceId, userId }: AffectedUser, dead: string): Promise<void> {
    const ghost: ConnState = { connId: `reaped-${dead}`, instanceId: dead, idle: false };
    const [users, after] = await Promise.all([loadPresenceUsers([userId]), this.connsOf(workspaceId, userId)]);
    const user = users.get(userId);
    if (user) await this.settle(workspaceId, user, [...after, ghost], after);
  }
}
