import { sessionAlive } from "../sessions";

/**
 * Whether a socket's session (its Session row) is still live, checked at every handshake.
 * Answers are cached per instance for `ttlMs`: a storm of reconnects costs no query, and
 * while PostgreSQL is down a session seen before keeps connecting (stale answer). Ending a
 * session forgets it here on every instance (Realtime.sessionsEnded), so a revoked session
 * is refused at once wherever that message arrives, and within `ttlMs` everywhere.
 */
export class SessionCheck {
  private readonly seen = new Map<string, { userId: string; alive: boolean; at: number }>();

  constructor(
    private readonly ttlMs = 60_000,
    private readonly query: (sessionId: string, userId: string) => Promise<boolean> = sessionAlive,
    private readonly now: () => number = Date.now,
  ) {}

  /** True or false, or "down" when the database cannot answer and nothing was cached. */
  async alive(sessionId: string, userId: string): Promise<boolean | "down"> {
    const hit = this.seen.get(sessionId);
    if (hit && hit.userId === userId && this.now() - hit.at < this.ttlMs) return hit.alive;
    try {
      const alive = await this.query(sessionId, userId);
      if (this.seen.size > 100_000) this.seen.clear();
      this.seen.set(sessionId, { userId, alive, at: this.now() });
      return alive;
    } catch {
      return hit && hit.userId === userId ? hit.alive : "down";
    }
  }

  /** Sessions ended: null forgets every cached session of the user. */
  forget(userId: string, sessionIds: string[] | null): void {
    if (sessionIds) for (const id of sessionIds) this.seen.set(id, { userId, alive: false, at: this.now() });
    else for (const [id, v] of this.seen) if (v.userId === userId) this.seen.set(id, { ...v, alive: false, at: this.now() });
  }
}
