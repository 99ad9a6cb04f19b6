// Timed and scheduled do-not-disturb. The timer lives on the User row (dndUntil, dndRestoreMode);
// every instance sweeps for due rows about once a second and claims each with a conditional
// update, so the previous mode comes back exactly once, through the presence service (every
// viewer on every instance sees it), even when the instance that set the timer is gone. A
// scheduled window is a timed do-not-disturb until the window's end; it never unmasks an
// invisible user: they stay invisible (offline to outsiders) and only their allowlist sees
// do not disturb (engine.realStatus). Tabs hear of their own mode from the presence service.
import { currentOrNext, dndScheduleInput, nextWindow, activeWindow, type DndSchedule } from "@/shared/dnd-schedule";
import type { MyPresence, PresenceMode } from "@/shared/presence";
import { getDb } from "../db";
import { logger, warnThrottled } from "../logger";
import type { PresenceService } from "./service";

export type MyDnd = MyPresence;

export interface DndOptions {
  presence: Pick<PresenceService, "setMode" | "modeOf">;
  now?: () => number;
  sweepMs?: number;
}

/** Rows claimed per sweep and kind; the rest wait for the next sweep. */
const BATCH = 100;
/** How long a sweep waits for one user's pending clear before going on. */
const CLEAR_WAIT_MS = 2_000;

/** Waits for `p` at most `ms` (it goes on in the background); never rejects. */
function within(p: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, ms);
    timer.unref();
  });
  return Promise.race([p.then(() => undefined, () => undefined), late]).finally(() => clearTimeout(timer));
}

export class DndService {
  private timer: NodeJS.Timeout | null = null;
  private sweeping: Promise<void> | null = null;
  private readonly now: () => number;
  /** Timers to clear after plain mode changes (kept until the database took them). */
  private readonly clears = new Map<string, PresenceMode>();
  /** Each user's timer writes on this instance, in order (a clear begun earlier never lands after a newer timer). */
  private readonly chains = new Map<string, Promise<unknown>>();

  constructor(private readonly opts: DndOptions) {
    this.now = opts.now ?? Date.now;
  }

  /**
   * A mode chosen by the user. With `until` (dnd only) the mode before comes back then; when the
   * user is already in a timed do-not-disturb, the mode from before that one is kept. Any other
   * change clears the timer.
   */
  async setMode(userId: string, mode: PresenceMode, until?: Date, opts: { scheduled?: boolean } = {}): Promise<MyDnd> {
    if (until && mode === "dnd") {
      this.clears.delete(userId);
      // A scheduled window keeps an invisible user invisible; do not disturb rides on the mode.
      const hidden = opts.scheduled === true && (await this.opts.presence.modeOf(userId)) === "invisible";
      const shown: PresenceMode = hidden ? "invisible" : "dnd";
      // The mode to restore is the one the presence store held (atomic, always current), not the
      // database's copy, which trails it behind the write queue.
      const before = await this.opts.presence.setMode(userId, shown, until.getTime());
      const restore = before === "dnd" ? "auto" : (before ?? null);
      try {
        await this.inOrder(userId, () => getDb().$executeRaw`
          UPDATE "User" SET
            "dndRestoreMode" = CASE
              WHEN "dndUntil" IS NOT NULL AND "dndRestoreMode" IS NOT NULL THEN "dndRestoreMode"
              WHEN ${restore}::text IS NOT NULL THEN ${restore}::text::"PresenceMode"
              WHEN "presenceMode" = 'dnd' THEN 'auto'::"PresenceMode"
              ELSE "presenceMode" END,
            "dndUntil" = ${until.toISOString()}::timestamp,
            "presenceMode" = ${shown}::text::"PresenceMode"
          WHERE id = ${userId}`);
      } catch (err) {
        // No timer saved: do not leave the user in a do-not-disturb that never ends.
        if (before && before !== shown) await this.opts.presence.setMode(userId, before).catch(() => {});
        throw err;
      }
      return { mode: shown, dndUntil: until.toISOString() };
    } else {
      // A plain mode change works while the database is down (the store holds the mode); the
      // timer is then cleared by this instance's next sweep that reaches the database.
      this.clears.set(userId, mode);
      await Promise.all([this.opts.presence.setMode(userId, mode), this.clearTimer(userId).catch(() => {})]);
    }
    return { mode, dndUntil: null };
  }

  private inOrder<T>(userId: string, write: () => Promise<T>): Promise<T> {
    const next = (this.chains.get(userId) ?? Promise.resolve()).catch(() => {}).then(write);
    this.chains.set(userId, next);
    void next.catch(() => {}).finally(() => {
      if (this.chains.get(userId) === next) this.chains.delete(userId);
    });
    return next;
  }

  private clearTimer(userId: string): Promise<void> {
    return this.inOrder(userId, async () => {
      const mode = this.clears.get(userId);
      if (!mode) return;
      await getDb().$executeRaw`
        UPDATE "User" SET "presenceMode" = ${mode}::text::"PresenceMode", "dndUntil" = NULL, "dndRestoreMode" = NULL
        WHERE id = ${userId}`;
      if (this.clears.get(userId) === mode) this.clears.delete(userId);
    });
  }

  /**
   * Saves a weekly schedule; its next (or current) window start is what the sweep waits for. A
   * window of the old schedule in force that the new one no longer has ends now (within a sweep);
   * a timer the user set by hand is left alone.
   */
  async saveSchedule(userId: string, schedule: DndSchedule): Promise<void> {
    const t = this.now();
    const next = currentOrNext(schedule, t);
    const db = getDb();
    const [old] = await db.$queryRaw<{ schedule: unknown; until: string | null }[]>`
      SELECT "dndSchedule" AS schedule, to_char("dndUntil", 'YYYY-MM-DD"T"HH24:MI:SS.MS') AS until FROM "User" WHERE id = ${userId}`;
    await db.$executeRaw`
      UPDATE "User" SET "dndSchedule" = ${JSON.stringify(schedule)}::jsonb,
        "dndNextStart" = ${next ? new Date(next.start).toISOString() : null}::timestamp
      WHERE id = ${userId}`;
    const before = dndScheduleInput.safeParse(old?.schedule);
    const was = before.success ? activeWindow(before.data, t) : null;
    if (!was || !old?.until || Date.parse(`${old.until}Z`) !== was.end || activeWindow(schedule, t)) return;
    const ended = await db.$executeRaw`
      UPDATE "User" SET "dndUntil" = ${new Date(t).toISOString()}::timestamp
      WHERE id = ${userId} AND "dndUntil" = ${old.until}::timestamp`;
    if (ended === 1) await this.sweep();
  }

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.sweep(), this.opts.sweepMs ?? 1_000);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** Ends due timers, then starts due scheduled windows. One sweep at a time per instance. */
  sweep(): Promise<void> {
    this.sweeping ??= this.sweepOnce()
      .catch((err: unknown) => warnThrottled({ err: String(err) }, "do-not-disturb sweep failed"))
      .finally(() => {
        this.sweeping = null;
      });
    return this.sweeping;
  }

  private async sweepOnce(): Promise<void> {
    const now = new Date(this.now()).toISOString();
    const db = getDb();
    // Pending clears are retried here, each bounded: one user's stuck write (a statement on a
    // connection that hangs) must not hold every other user's timers up; it is retried next sweep.
    for (const userId of [...this.clears.keys()]) await within(this.clearTimer(userId), CLEAR_WAIT_MS);
    const due = await db.$queryRaw<{ id: string; until: string; restore: PresenceMode | null }[]>`
      SELECT id, to_char("dndUntil", 'YYYY-MM-DD"T"HH24:MI:SS.MS') AS until, "dndRestoreMode"::text AS restore
      FROM "User" WHERE "dndUntil" <= ${now}::timestamp ORDER BY "dndUntil" LIMIT ${BATCH}`;
    for (const row of due) {
      const mode = row.restore ?? "auto";
      // Only one sweep (of any instance) changes the row from the value it read.
      const claimed = await db.$executeRaw`
        UPDATE "User" SET "dndUntil" = NULL, "dndRestoreMode" = NULL, "presenceMode" = ${mode}::text::"PresenceMode"
        WHERE id = ${row.id} AND "dndUntil" = ${row.until}::timestamp`;
      if (claimed !== 1) continue;
      await this.restore(row.id, mode);
    }
    const starts = await db.$queryRaw<{ id: string; next: string; schedule: unknown }[]>`
      SELECT id, to_char("dndNextStart", 'YYYY-MM-DD"T"HH24:MI:SS.MS') AS next, "dndSchedule" AS schedule
      FROM "User" WHERE "dndNextStart" <= ${now}::timestamp ORDER BY "dndNextStart" LIMIT ${BATCH}`;
    for (const row of starts) await this.startWindow(row.id, row.next, row.schedule);
  }

  private async restore(userId: string, mode: PresenceMode): Promise<void> {
    try {
      await this.opts.presence.setMode(userId, mode);
    } catch (err) {
      logger.warn({ err: String(err), userId }, "do-not-disturb ended but the presence store refused the mode");
    }
  }

  private async startWindow(userId: string, readNext: string, raw: unknown): Promise<void> {
    const t = this.now();
    const parsed = dndScheduleInput.safeParse(raw);
    const schedule = parsed.success ? parsed.data : null;
    const active = schedule && activeWindow(schedule, t);
    // After this window, the first one that starts at or after its end (back-to-back windows chain).
    const following = schedule && nextWindow(schedule, active ? Math.max(t, active.end - 1) : t);
    const claimed = await getDb().$executeRaw`
      UPDATE "User" SET "dndNextStart" = ${following ? new Date(following.start).toISOString() : null}::timestamp
      WHERE id = ${userId} AND "dndNextStart" = ${readNext}::timestamp`;
    if (claimed !== 1 || !active) return;
    await this.setMode(userId, "dnd", new Date(active.end), { scheduled: true }).catch((err: unknown) =>
      logger.warn({ err: String(err), userId }, "scheduled do-not-disturb could not start"),
    );
  }
}
