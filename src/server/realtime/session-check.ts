import { liveSessions } from "../sessions";

/**
 * Whether a socket's session (its Session row, unexpired) is still live: checked at every
 * handshake, again before privileged events (with a fresher bound), and for every open socket
 * of the instance on a timer (`sweep`), so a session that expired or whose row was deleted,
 * even outside the app, stops working within that period.
 * - Answers are cached per instance for `ttlMs`: reconnects cost no query, and while
 *   PostgreSQL is down a session seen before keeps connecting (stale answer).
 * - Misses that arrive together (a connect or restart storm) are looked up together: one
 *   query per batch of up to 1,000, instead of one per socket.
 * - Ending a session forgets it here on every instance (Realtime.sessionsEnded), so a revoked
 *   session is refused at once wherever that message arrives, and within `ttlMs` everywhere.
 */
export class SessionCheck {
  private readonly seen = new Map<string, { userId: string; alive: boolean; at: number }>();
  private pending: { sessionId: string; userId: string; done: (alive: boolean | Error) => void }[] = [];
  private scheduled = false;

  constructor(
    private readonly ttlMs = 60_000,
    /** Live session ids among `ids`, each with its user id. */
    private readonly query: (ids: string[]) => Promise<Map<string, string>> = liveSessions,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * True or false, or "down" when the database cannot answer and nothing was cached. An answer
   * cached less than `maxAgeMs` ago (default: the cache's ttl) is reused.
   */
  async alive(sessionId: string, userId: string, maxAgeMs = this.ttlMs): Promise<boolean | "down"> {
    const hit = this.seen.get(sessionId);
    if (hit && hit.userId === userId && this.now() - hit.at < Math.min(maxAgeMs, this.ttlMs)) return hit.alive;
    const answer = await new Promise<boolean | Error>((done) => {
      this.pending.push({ sessionId, userId, done });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => void this.flush());
      }
    });
    if (answer instanceof Error) return hit && hit.userId === userId ? hit.alive : "down";
    if (this.seen.size > 100_000) this.seen.clear();
    this.seen.set(sessionId, { userId, alive: answer, at: this.now() });
    return answer;
  }

  /**
   * Looks every given session up afresh (batched, as handshakes are) and returns those that
   * ended or expired. A database that cannot answer ends nothing (checked again next time).
   */
  async sweep(sessions: ReadonlyMap<string, string>): Promise<string[]> {
    const answers = await Promise.all([...sessions].map(async ([sessionId, userId]) => [sessionId, await this.alive(sessionId, userId, 0)] as const));
    return answers.filter(([, alive]) => alive === false).map(([id]) => id);
  }

  /** Sessions ended: null forgets every cached session of the user. */
  forget(userId: string, sessionIds: string[] | null): void {
    if (sessionIds) for (const id of sessionIds) this.seen.set(id, { userId, alive: false, at: this.now() });
    else for (const [id, v] of this.seen) if (v.userId === userId) this.seen.set(id, { ...v, alive: false, at: this.now() });
  }

  private async flush(): Promise<void> {
    const batch = this.pending.splice(0, 1_000);
    this.scheduled = this.pending.length > 0;
    if (this.scheduled) setImmediate(() => void this.flush());
    try {
      const live = await this.query([...new Set(batch.map((b) => b.sessionId))]);
      for (const b of batch) b.done(live.get(b.sessionId) === b.userId);
    } catch (err) {
      for (const b of batch) b.done(err instanceof Error ? err : new Error(String(err)));
    }
  }
}
