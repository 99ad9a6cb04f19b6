// Durable copies of presence fields (mode, custom status, last seen) in the database, written off
// the hot path, after the presence store took them. A write that fails (database down) stays
// queued with its original times and is retried with backoff until it lands; writes for one user
// merge (latest mode, latest custom status, latest last seen).
import { logger, warnThrottled } from "../logger";
import type { UserWrite } from "./users";

export type WriteUser = (userId: string, w: UserWrite) => Promise<void>;

const later = (a: Date | undefined, b: Date | undefined) => (!a ? b : !b ? a : a > b ? a : b);

export class UserWrites {
  private readonly queue = new Map<string, UserWrite>();
  private running: Promise<void> | null = null;
  private retryMs = 0;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly write: WriteUser,
    private readonly maxRetryMs = 5_000,
  ) {}

  enqueue(userId: string, w: UserWrite): void {
    const cur = this.queue.get(userId);
    this.queue.set(userId, cur ? { ...this.choices(cur, w), ...this.lastSeen(cur, w) } : w);
    if (!this.timer && !this.running) this.schedule(0);
  }

  /** Puts back an older write that failed, under anything newer queued meanwhile. */
  private merge(userId: string, older: UserWrite) {
    const newer = this.queue.get(userId);
    this.queue.set(userId, newer ? { ...this.choices(older, newer), ...this.lastSeen(older, newer) } : older);
  }

  /** The newer write's mode and custom status where it has them, else the older's. */
  private choices(older: UserWrite, newer: UserWrite): UserWrite {
    const out: UserWrite = { mode: newer.mode ?? older.mode };
    if (newer.custom !== undefined) out.custom = newer.custom;
    else if (older.custom !== undefined) out.custom = older.custom;
    return out;
  }

  private lastSeen(a: UserWrite, b: UserWrite) {
    return { lastSeenAt: later(a.lastSeenAt, b.lastSeenAt), publicLastSeenAt: later(a.publicLastSeenAt, b.publicLastSeenAt) };
  }

  /** A mode written but not yet in the database, so a re-seed after a store outage uses it. */
  pendingMode(userId: string) {
    return this.queue.get(userId)?.mode;
  }

  /** A custom status written but not yet in the database (undefined: none pending). */
  pendingCustom(userId: string) {
    return this.queue.get(userId)?.custom;
  }

  /** Tries to write everything now (graceful shutdown); gives up after `timeoutMs`. */
  async flush(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.queue.size && Date.now() < deadline) {
      if (this.timer) clearTimeout(this.timer);
      this.timer = null;
      await (this.running ?? this.run());
      if (this.queue.size) await new Promise((r) => setTimeout(r, 200));
    }
    if (this.queue.size) logger.error({ users: this.queue.size }, "presence writes not saved before shutdown");
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private schedule(ms: number) {
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.run();
    }, ms);
    this.timer.unref();
  }

  private run(): Promise<void> {
    this.running = (async () => {
      const batch = [...this.queue];
      this.queue.clear();
      let failed = false;
      for (let i = 0; i < batch.length; i++) {
        const [userId, w] = batch[i]!;
        try {
          await this.write(userId, w);
        } catch (err) {
          // The database is likely down: put this and the rest back (under anything newer that
          // arrived meanwhile) and retry later.
          failed = true;
          warnThrottled({ err: String(err), queued: batch.length - i }, "presence writes failed; will retry");
          for (const [id, old] of batch.slice(i)) this.merge(id, old);
          break;
        }
      }
      this.retryMs = failed ? Math.min(this.maxRetryMs, Math.max(250, this.retryMs * 2)) : 0;
      this.running = null;
      if (this.queue.size && !this.timer) this.schedule(this.retryMs);
    })();
    return this.running;
  }
}
