import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { activeWindow, currentOrNext, dndScheduleInput, localParts, localToUtc, nextWindow, type DndSchedule, zoneOffset } from "./dnd-schedule";

const sched = (over: Partial<DndSchedule> = {}): DndSchedule =>
  dndScheduleInput.parse({ enabled: true, days: [1, 2, 3, 4, 5], start: "22:00", end: "07:00", timeZone: "Europe/Berlin", ...over });
const iso = (t: number | undefined) => (t === undefined ? undefined : new Date(t).toISOString());

describe("zone offsets", () => {
  it("follows daylight saving in Berlin and New York", () => {
    expect(zoneOffset("Europe/Berlin", Date.parse("2026-01-15T12:00:00Z"))).toBe(3_600_000);
    expect(zoneOffset("Europe/Berlin", Date.parse("2026-07-15T12:00:00Z"))).toBe(7_200_000);
    expect(zoneOffset("America/New_York", Date.parse("2026-07-15T12:00:00Z"))).toBe(-4 * 3_600_000);
    expect(zoneOffset("Asia/Kolkata", Date.parse("2026-07-15T12:00:00Z"))).toBe(5.5 * 3_600_000);
  });

  it("maps wall times to instants, including skipped and repeated hours", () => {
    expect(iso(localToUtc("Europe/Berlin", 2026, 7, 1, 9, 0))).toBe("2026-07-01T07:00:00.000Z");
    // 2026-03-29 02:30 does not exist in Berlin: it lands on 03:30 CEST.
    expect(iso(localToUtc("Europe/Berlin", 2026, 3, 29, 2, 30))).toBe("2026-03-29T01:30:00.000Z");
    // 2026-10-25 02:30 happens twice: the first one (CEST).
    expect(iso(localToUtc("Europe/Berlin", 2026, 10, 25, 2, 30))).toBe("2026-10-25T00:30:00.000Z");
  });
});

describe("schedule windows", () => {
  it("crosses midnight: Monday 22:00 until Tuesday 07:00", () => {
    const monNoon = Date.parse("2026-11-23T11:00:00Z"); // Monday 12:00 in Berlin
    expect(activeWindow(sched(), monNoon)).toBeNull();
    const w = nextWindow(sched(), monNoon)!;
    expect(iso(w.start)).toBe("2026-11-23T21:00:00.000Z");
    expect(iso(w.end)).toBe("2026-11-24T06:00:00.000Z");
  });

  it("is in force after midnight of a window that began the day before", () => {
    const satEarly = Date.parse("2026-11-28T05:00:00Z"); // Saturday 06:00: Friday's window is still on
    expect(iso(activeWindow(sched(), satEarly)?.end)).toBe("2026-11-28T06:00:00.000Z");
    // Next one: Monday 22:00 (no windows start on Saturday or Sunday).
    expect(iso(nextWindow(sched(), satEarly)?.start)).toBe("2026-11-30T21:00:00.000Z");
  });

  it("keeps local times across the DST change (a week holding the switch)", () => {
    const s = sched({ days: [0, 1, 2, 3, 4, 5, 6], start: "09:00", end: "17:00" });
    const before = nextWindow(s, Date.parse("2026-03-28T12:00:00Z"))!; // Sunday 29 March, after the switch
    expect(iso(before.start)).toBe("2026-03-29T07:00:00.000Z");
    expect(iso(before.end)).toBe("2026-03-29T15:00:00.000Z");
    const winter = nextWindow(s, Date.parse("2026-03-27T12:00:00Z"))!;
    expect(iso(winter.start)).toBe("2026-03-28T08:00:00.000Z");
  });

  it("has nothing when off; the current window comes first", () => {
    expect(currentOrNext(sched({ enabled: false }), Date.now())).toBeNull();
    const inWindow = Date.parse("2026-11-23T22:00:00Z");
    expect(iso(currentOrNext(sched(), inWindow)?.start)).toBe("2026-11-23T21:00:00.000Z");
  });

  it("rejects invalid schedules", () => {
    expect(dndScheduleInput.safeParse({ enabled: true, days: [], start: "09:00", end: "10:00", timeZone: "UTC" }).success).toBe(false);
    expect(dndScheduleInput.safeParse({ enabled: true, days: [1], start: "09:00", end: "09:00", timeZone: "UTC" }).success).toBe(false);
    expect(dndScheduleInput.safeParse({ enabled: true, days: [1], start: "24:00", end: "09:00", timeZone: "UTC" }).success).toBe(false);
    expect(dndScheduleInput.safeParse({ enabled: true, days: [1], start: "08:00", end: "09:00", timeZone: "Mars/Base" }).success).toBe(false);
  });
});

describe("schedule properties", () => {
  const zones = ["UTC", "Europe/Berlin", "America/New_York", "America/Sao_Paulo", "Australia/Sydney", "Asia/Kolkata", "Pacific/Chatham", "Europe/London"];
  const time = fc.tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 })).map(([h, m]) => `${String(h).padStart(2, "0")}:${String(m).padStart(2, "0")}`);
  const schedule = fc
    .record({
      days: fc.uniqueArray(fc.integer({ min: 0, max: 6 }), { minLength: 1, maxLength: 7 }),
      start: time,
      end: time,
      timeZone: fc.constantFrom(...zones),
    })
    .filter((s) => s.start !== s.end)
    .map((s) => dndScheduleInput.parse({ ...s, enabled: true }));
  const instant = fc.integer({ min: Date.parse("2024-01-01T00:00:00Z"), max: Date.parse("2030-12-31T00:00:00Z") });

  it("the next window starts in the future, within a week, on an allowed day at the start time there", () => {
    fc.assert(
      fc.property(schedule, instant, (s, t) => {
        const w = nextWindow(s, t)!;
        expect(w.start).toBeGreaterThan(t);
        expect(w.start - t).toBeLessThanOrEqual(7 * 86_400_000 + 3_600_000);
        expect(w.end).toBeGreaterThan(w.start);
        expect(w.end - w.start).toBeLessThanOrEqual(86_400_000 + 3_600_000);
        const p = localParts(s.timeZone, w.start);
        const day = new Date(Date.UTC(p.year, p.month - 1, p.day)).getUTCDay();
        const shown = `${String(p.hour).padStart(2, "0")}:${String(p.minute).padStart(2, "0")}`;
        const gap = zoneOffset(s.timeZone, w.start - 86_400_000) !== zoneOffset(s.timeZone, w.start + 86_400_000);
        if (!gap) {
          expect(s.days).toContain(day);
          expect(shown).toBe(s.start);
        }
      }),
      { numRuns: 400 },
    );
  });

  it("a window is in force exactly between its start and end", () => {
    fc.assert(
      fc.property(schedule, instant, (s, t) => {
        const w = currentOrNext(s, t)!;
        expect(w.end).toBeGreaterThan(t);
        const active = activeWindow(s, t);
        if (active) expect(active.start).toBeLessThanOrEqual(t);
        else expect(w.start).toBeGreaterThan(t);
        expect(activeWindow(s, w.start)).not.toBeNull();
      }),
      { numRuns: 400 },
    );
  });
});
