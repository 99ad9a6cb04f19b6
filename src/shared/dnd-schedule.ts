// Weekly do-not-disturb windows in the user's time zone: the schedule's schema here, the window
// arithmetic in dnd-windows.ts (re-exported), which pages that only read a schedule import alone.
import * as z from "zod/mini";
import "./zod";

const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;

export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

const dndScheduleFields = z
  .object({
    enabled: z.boolean(),
    /** Days a window starts on: 0 = Sunday … 6 = Saturday. */
    days: z.array(z.number().check(z.int(), z.gte(0), z.lte(6))).check(z.maxLength(7)),
    start: z.string().check(z.regex(HHMM, "Start: a time as HH:MM.")),
    end: z.string().check(z.regex(HHMM, "End: a time as HH:MM.")),
    timeZone: z.string().check(z.minLength(1), z.maxLength(64), z.refine(isTimeZone, "Unknown time zone.")),
  })
  .check(
    z.refine((s) => s.start !== s.end, "Start and end must differ."),
    z.refine((s) => !s.enabled || s.days.length > 0, "Pick at least one day."),
  );
export const dndScheduleInput = z.pipe(
  dndScheduleFields,
  z.transform((s: z.output<typeof dndScheduleFields>) => ({ ...s, days: [...new Set(s.days)].sort() })),
);

export type DndSchedule = z.output<typeof dndScheduleInput>;

export { localParts, zoneOffset, localToUtc, windowsAround, activeWindow, nextWindow, currentOrNext, type DndWindow } from "./dnd-windows";
