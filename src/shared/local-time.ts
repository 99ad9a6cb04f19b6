// A person's local time as others see it ("9:04 PM local time"), and whether it is outside their
// working hours (inside a window of their do-not-disturb schedule). Pure: the instant is passed in.
import { activeWindow, type DndScheduleShape } from "./dnd-windows";
import type { OffHours } from "./profile";

const formats = new Map<string, Intl.DateTimeFormat>();
function clock(zone: string): Intl.DateTimeFormat {
  let f = formats.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", { timeZone: zone, hour: "numeric", minute: "2-digit" });
    formats.set(zone, f);
  }
  return f;
}

/** The wall-clock time in `zone` at `now` ("9:04 PM"), or null for a zone this runtime does not know. */
export function clockTime(zone: string, now: number): string {
  try {
    // Intl puts a narrow no-break space before AM/PM; a plain space reads and matches the same everywhere.
    return clock(zone).format(new Date(now)).replace(/\u202f/g, " ");
  } catch {
    return "";
  }
}

/** "9:04 PM local time", or null without a zone (or with one this runtime does not know). */
export function localTimeLabel(zone: string | null | undefined, now: number): string | null {
  if (!zone) return null;
  const t = clockTime(zone, now);
  return t ? `${t} local time` : null;
}

const schedule = (o: OffHours): DndScheduleShape => ({ enabled: true, days: o.days, start: o.start, end: o.end, timeZone: o.timeZone });

/**
 * What the composer says before a message to someone outside their working hours, or null within
 * them (or without a schedule): "It's 11:40 PM for Omar; they may not see this until 8:00 AM."
 */
export function offHoursNotice(name: string, offHours: OffHours | null | undefined, now: number): string | null {
  if (!offHours) return null;
  let window;
  try {
    window = activeWindow(schedule(offHours), now);
  } catch {
    return null; // a zone this runtime does not know
  }
  if (!window) return null;
  const first = name.trim().split(/\s+/)[0] || name;
  return `It's ${clockTime(offHours.timeZone, now)} for ${first}; they may not see this until ${clockTime(offHours.timeZone, window.end)}.`;
}
