import type { VisiblePresence } from "@/shared/presence";
import { memberRoom, workspaceRoom } from "../realtime/rooms";
import type { RosterServer } from "../realtime/types";
import { metrics } from "../metrics";

/** Where presence updates go. The service decides who may see what; this only delivers. */
export interface PresenceEmitter {
  /** To everyone in the workspace (coalesced per tick). */
  toWorkspace(workspaceId: string, update: VisiblePresence): void;
  /** To some members only. */
  toMembers(workspaceId: string, userIds: readonly string[], update: VisiblePresence): void;
  /** To everyone in the workspace except some members. */
  toWorkspaceExcept(workspaceId: string, exceptUserIds: readonly string[], update: VisiblePresence): void;
  close(): void;
}

/**
 * Socket.IO delivery. Room-wide updates are coalesced per workspace: the first change after a
 * quiet tick goes out at once; changes within the next `tickMs` ride in one batch, so a
 * reconnect storm costs each client a handful of messages.
 */
export class SocketPresenceEmitter implements PresenceEmitter {
  private pending = new Map<string, Map<string, VisiblePresence>>();
  private timers = new Map<string, NodeJS.Timeout>();

  constructor(
    private readonly io: RosterServer,
    private readonly tickMs = 100,
  ) {}

  toWorkspace(workspaceId: string, update: VisiblePresence): void {
    if (!this.timers.has(workspaceId)) {
      this.io.to(workspaceRoom(workspaceId)).emit("presence:updated", { updates: [update] });
      metrics.broadcasts.inc({ audience: "workspace" });
      this.arm(workspaceId);
      return;
    }
    let batch = this.pending.get(workspaceId);
    if (!batch) this.pending.set(workspaceId, (batch = new Map()));
    batch.set(update.userId, update);
  }

  /** Sends the workspace's pending batch now; returns whether there was one. */
  private flush(workspaceId: string): boolean {
    const batch = this.pending.get(workspaceId);
    if (!batch?.size) return false;
    this.pending.delete(workspaceId);
    this.io.to(workspaceRoom(workspaceId)).emit("presence:updated", { updates: [...batch.values()] });
    metrics.broadcasts.inc({ audience: "workspace" });
    return true;
  }

  private arm(workspaceId: string) {
    const timer = setTimeout(() => {
      this.timers.delete(workspaceId);
      if (this.flush(workspaceId)) this.arm(workspaceId);
    }, this.tickMs);
    timer.unref();
    this.timers.set(workspaceId, timer);
  }

  toMembers(workspaceId: string, userIds: readonly string[], update: VisiblePresence): void {
    if (!userIds.length) return;
    this.flush(workspaceId); // keep order: a batched older update must not land after this one
    this.io.to(userIds.map((id) => memberRoom(workspaceId, id))).emit("presence:updated", { updates: [update] });
    metrics.broadcasts.inc({ audience: "members" });
  }

  toWorkspaceExcept(workspaceId: string, exceptUserIds: readonly string[], update: VisiblePresence): void {
    this.flush(workspaceId);
    this.io
      .to(workspaceRoom(workspaceId))
      .except(exceptUserIds.map((id) => memberRoom(workspaceId, id)))
      .emit("presence:updated", { updates: [update] });
    metrics.broadcasts.inc({ audience: "workspace-except" });
  }

  close(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
    this.pending.clear();
  }
}
