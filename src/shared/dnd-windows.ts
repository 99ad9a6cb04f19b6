// Weekly do-not-disturb windows in the user's time zone, the pure part (no schema code, so the
// browser's pages that only read a schedule load no zod). Pure: the zone's offset comes from
// Intl, so local times are right across daylight-saving changes. A window may cross midnight
// (22:00-07:00 starts on an allowed day and ends the next morning).

const DAY_MS = 86_400_000;

/** A weekly schedule as stored (src/shared/dnd-schedule.ts validates it). */
export interface DndScheduleShape {
  enabled: boolean;
  /** Days a window starts on: 0 = Sunday … 6 = Saturday. */
  days: number[];
  start: string;
  end: string;
  timeZone: string;
}

export interface DndWindow {
  start: number;
  end: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(zone: string) {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone: zone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    formatters.set(zone, f);
  }
  return f;
}

/** Wall-clock fields of an instant in a zone. */
export function localParts(zone: string, t: number) {
  const p: Record<string, number> = {};
  for (const { type, value } of formatter(zone).formatToParts(new Date(t))) {
    if (type !== "literal") p[type] = Number(value);
  }
  return { year: p.year!, month: p.month!, day: p.day!, hour: p.hour! % 24, minute: p.minute!, second: p.second! };
}

/** The zone's offset from UTC at an instant, in ms (east positive). */
export function zoneOffset(zone: string, t: number): number {
  const s = Math.floor(t / 1000) * 1000;
  const p = localParts(zone, s);
  return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - s;
}

/**
 * The instant of a wall-clock time in a zone. A time skipped by a DST change lands on the same
 * clock time one offset later (02:30 becomes 03:30); a repeated one takes the first occurrence.
 */
export function localToUtc(zone: string, year: number, month: number, day: number, hour: number, minute: number): number {
  const guess = Date.UTC(year, month - 1, day, hour, minute);
  const before = zoneOffset(zone, guess - DAY_MS);
  const after = zoneOffset(zone, guess + DAY_MS);
  const candidates = [guess - before, guess - after].sort((x, y) => x - y);
  return candidates.find((t) => showsTime(zone, t, hour, minute)) ?? guess - before;
}

function showsTime(zone: string, t: number, hour: number, minute: number) {
  const p = localParts(zone, t);
  return p.hour === hour && p.minute === minute;
}

const hm = (s: string) => s.split(":").map(Number) as [number, number];

/** Every window touching [t - 1 day, t + 8 days], in order of start. */
export function windowsAround(s: DndScheduleShape, t: number): DndWindow[] {
  if (!s.enabled || s.days.length === 0) return [];
  const [sh, sm] = hm(s.start);
  const [eh, em] = hm(s.end);
  const crosses = eh * 60 + em <= sh * 60 + sm;
  const today = localParts(s.timeZone, t);
  const out: DndWindow[] = [];
  for (let k = -2; k <= 8; k++) {
    const d = new Date(Date.UTC(today.year, today.month - 1, today.day + k));
    if (!s.days.includes(d.getUTCDay())) continue;
    const e = new Date(Date.UTC(today.year, today.month - 1, today.day + k + (crosses ? 1 : 0)));
    const start = localToUtc(s.timeZone, d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), sh, sm);
    const end = localToUtc(s.timeZone, e.getUTCFullYear(), e.getUTCMonth() + 1, e.getUTCDate(), eh, em);
    if (end > start) out.push({ start, end });
  }
  return out;
}

/** The window in force at t (start <= t < end), if any. */
export function activeWindow(s: DndScheduleShape, t: number): DndWindow | null {
  return windowsAround(s, t).find((w) => w.start <= t && t < w.end) ?? null;
}

/** The first window that starts strictly after t. */
export function nextWindow(s: DndScheduleShape, t: number): DndWindow | null {
  return windowsAround(s, t).find((w) => w.start > t) ?? null;
}

/** What the sweep waits for: the window in force at t, else the next one. */
export function currentOrNext(s: DndScheduleShape, t: number): DndWindow | null {
  return activeWindow(s, t) ?? nextWindow(s, t);
}
