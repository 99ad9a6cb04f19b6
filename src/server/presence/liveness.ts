// Instance liveness: this instance's heartbeat and the reaper of dead instances.
// A killed instance lapses livenessMs after its last beat and is reaped within one more poll:
// at most livenessMs + 2 s after the kill (14 s by default), whatever the number of sockets.
// Idle store cost per instance: one heartbeat script per livenessMs/4, one poll per 2 s.
import { logger, warnThrottled } from "../logger";
import { metrics } from "../metrics";
import type { PresenceChange, PresenceStore } from "./store";

export interface LivenessOptions {
  store: PresenceStore;
  instanceId: string;
  livenessMs: number;
  /** The store does not know this instance's connections (first beat, reaped, or data lost). */
  onUnknown(): Promise<void>;
  /** Changes of users whose connections a reap removed. */
  onReaped(changes: PresenceChange[]): void;
  /**
   * A beat succeeded after failed ones: the store was unreachable (every instance missed its
   * beats) and is back, perhaps without some of its data (a cluster master restarted empty).
   */
  onRecovered?(): void;
  now?: () => number;
}

export type Beat = "known" | "unknown" | "failed";

export class Liveness {
  private timers: NodeJS.Timeout[] = [];
  /** No reaping before this: after a store outage, others need a beat's time to re-register. */
  private reapAfter = 0;
  private readonly now: () => number;
  private lastBeat: number | null = null;
  /** The last beat failed. */
  private failing = false;

  constructor(private readonly opts: LivenessOptions) {
    this.now = opts.now ?? Date.now;
  }

  start(): void {
    const { livenessMs } = this.opts;
    const beat = setInterval(() => void this.beat(), Math.max(100, livenessMs / 4));
    const reap = setInterval(() => void this.reap(), Math.max(100, Math.min(2_000, livenessMs / 5)));
    beat.unref();
    reap.unref();
    this.timers = [beat, reap];
    void this.beat().then(() => this.reap()); // a restarted lone instance cleans up after its crashed predecessor
  }

  stop(): void {
    for (const t of this.timers) clearInterval(t);
    this.timers = [];
  }

  /**
   * The store is reachable again after an outage: beat now, and hold the reaper for one
   * liveness period, since every instance missed its beats through no fault of its own.
   */
  storeBack(): Promise<Beat> {
    this.reapAfter = this.now() + this.opts.livenessMs;
    this.failing = false; // the caller recovers: the beat only tells it what the store knew
    return this.beat();
  }

  /** When a heartbeat last succeeded (ms), null before the first; readiness checks it against livenessMs. */
  get lastBeatAt(): number | null {
    return this.lastBeat;
  }

  /** "unknown": the store did not know this instance, and onUnknown has re-registered it. */
  async beat(): Promise<Beat> {
    try {
      const known = await this.opts.store.heartbeat(this.opts.instanceId);
      if (this.failing && this.opts.onRecovered) {
        // Every instance missed its beats: hold the reaper, and let the owner re-register.
        this.failing = false;
        this.lastBeat = this.now();
        this.reapAfter = Math.max(this.reapAfter, this.now() + this.opts.livenessMs);
        this.opts.onRecovered();
        return counted(known ? "known" : "unknown");
      }
      this.failing = false;
      if (known) {
        this.lastBeat = this.now();
        return counted("known");
      }
      await this.opts.onUnknown();
      this.lastBeat = this.now();
      return counted("unknown");
    } catch (err) {
      this.failing = true;
      warnThrottled({ err: String(err) }, "presence heartbeat failed");
      return counted("failed");
    }
  }

  async reap(): Promise<void> {
    // While this instance's own beats fail, the store is out for everyone (or for its part of a
    // cluster): the others' lapsed deadlines say nothing yet. The first good beat holds the
    // reaper for one more liveness period.
    if (this.failing || this.now() < this.reapAfter) return;
    try {
      for (const dead of await this.opts.store.deadInstances()) {
        if (dead === this.opts.instanceId) continue;
        const changes = await this.opts.store.reapInstance(dead);
        if (!changes.length) continue;
        logger.info({ dead, users: changes.length }, "reaped a dead instance");
        metrics.reaped.inc();
        this.opts.onReaped(changes);
      }
      metrics.reaperRuns.inc({ outcome: "ok" });
    } catch (err) {
      metrics.reaperRuns.inc({ outcome: "error" });
      warnThrottled({ err: String(err) }, "presence reaper failed");
    }
  }
}

function counted(beat: Beat): Beat {
  metrics.heartbeats.inc({ result: beat });
  return beat;
}
