/**
 * Who watches whom on this instance: each subscribed socket's watched users, indexed by
 * workspace and watched user, so a change reaches its watchers at a cost in proportion to them,
 * not to the workspace. A socket's own user is never indexed (the emitter reaches a user's own
 * sockets through their member room), so a socket that never subscribes costs nothing here.
 * No I/O; the emitter and the handlers use it.
 */
export class Watchers {
  /** workspace -> watched user -> socket -> viewer (the socket's user). */
  private readonly byUser = new Map<string, Map<string, Map<string, string>>>();
  private readonly sockets = new Map<string, { ws: string; viewer: string; watched: Set<string> }>();

  /** Starts indexing a socket, watching no one else yet. */
  add(socketId: string, workspaceId: string, viewerId: string): void {
    if (this.sockets.has(socketId)) return;
    this.sockets.set(socketId, { ws: workspaceId, viewer: viewerId, watched: new Set() });
  }

  has(socketId: string): boolean {
    return this.sockets.has(socketId);
  }

  /** Replaces whom the socket watches (its own user is left out); returns the ids it did not watch before. */
  set(socketId: string, userIds: readonly string[]): string[] {
    const s = this.sockets.get(socketId);
    if (!s) return [];
    const next = new Set(userIds);
    next.delete(s.viewer);
    let users = this.byUser.get(s.ws);
    for (const id of s.watched) {
      if (next.has(id)) continue;
      const w = users!.get(id)!;
      w.delete(socketId);
      if (w.size === 0) users!.delete(id);
    }
    if (users?.size === 0) {
      this.byUser.delete(s.ws);
      users = undefined;
    }
    const added: string[] = [];
    if (next.size && !users) this.byUser.set(s.ws, (users = new Map()));
    for (const id of next) {
      if (s.watched.has(id)) continue;
      added.push(id);
      let w = users!.get(id);
      if (!w) users!.set(id, (w = new Map()));
      w.set(socketId, s.viewer);
    }
    s.watched = next;
    return added;
  }

  remove(socketId: string): void {
    if (!this.sockets.has(socketId)) return;
    this.set(socketId, []);
    this.sockets.delete(socketId);
  }

  /** Sockets of this instance watching a user (socket id -> viewer id). */
  of(workspaceId: string, userId: string): ReadonlyMap<string, string> | undefined {
    return this.byUser.get(workspaceId)?.get(userId);
  }

  /** Whom a socket watches (its own user left out); undefined if it is not indexed. */
  watched(socketId: string): ReadonlySet<string> | undefined {
    return this.sockets.get(socketId)?.watched;
  }

  /** Indexed sockets and watched pairs, for metrics and tests. */
  get size(): { sockets: number; pairs: number } {
    let pairs = 0;
    for (const s of this.sockets.values()) pairs += s.watched.size;
    return { sockets: this.sockets.size, pairs };
  }
}
