import { describe, expect, it } from "vitest";
import { clockTime, localTimeLabel, offHoursNotice } from "./local-time";
import type { OffHours } from "./profile";

const at = (iso: string) => Date.parse(iso);

describe("local time", () => {
  it("shows the wall clock of the person's zone, not the viewer's", () => {
    const t = at("2026-12-07T02:04:00Z");
    expect(localTimeLabel("America/New_York", t)).toBe("9:04 PM local time"); // EST, UTC-5
    expect(localTimeLabel("Europe/Berlin", t)).toBe("3:04 AM local time"); // CET, UTC+1
    expect(localTimeLabel("Asia/Kolkata", t)).toBe("7:34 AM local time"); // UTC+5:30
    expect(localTimeLabel("UTC", t)).toBe("2:04 AM local time");
  });

  it("follows daylight saving: the same UTC instant an hour apart in summer and winter", () => {
    expect(clockTime("America/New_York", at("2026-07-01T16:00:00Z"))).toBe("12:00 PM"); // EDT, UTC-4
    expect(clockTime("America/New_York", at("2026-01-01T16:00:00Z"))).toBe("11:00 AM"); // EST, UTC-5
    // Across the spring change (2026-03-08 02:00 EST becomes 03:00 EDT): one minute apart, an hour on the clock.
    expect(clockTime("America/New_York", at("2026-03-08T06:59:00Z"))).toBe("1:59 AM");
    expect(clockTime("America/New_York", at("2026-03-08T07:00:00Z"))).toBe("3:00 AM");
    // Southern hemisphere: Sydney is on daylight time (UTC+11) in January.
    expect(clockTime("Australia/Sydney", at("2026-01-15T00:00:00Z"))).toBe("11:00 AM");
    expect(clockTime("Australia/Sydney", at("2026-07-15T00:00:00Z"))).toBe("10:00 AM");
  });

  it("says nothing without a zone or with an unknown one", () => {
    expect(localTimeLabel(null, 0)).toBeNull();
    expect(localTimeLabel("", 0)).toBeNull();
    expect(localTimeLabel("Mars/Olympus_Mons", 0)).toBeNull();
  });
});

describe("the off-hours notice", () => {
  // Off 18:00-08:00 on weekdays (Monday 1 .. Friday 5), in Berlin.
  const evenings: OffHours = { days: [1, 2, 3, 4, 5], start: "18:00", end: "08:00", timeZone: "Europe/Berlin" };

  it("speaks inside the window, with the person's time and when it ends", () => {
    // Monday 2026-12-07 23:40 in Berlin (CET, UTC+1).
    expect(offHoursNotice("Omar Haddad", evenings, at("2026-12-07T22:40:00Z"))).toBe("It's 11:40 PM for Omar; they may not see this until 8:00 AM.");
  });

  it("is silent within working hours and without a schedule", () => {
    expect(offHoursNotice("Omar", evenings, at("2026-12-07T10:00:00Z"))).toBeNull(); // Monday 11:00 in Berlin
    expect(offHoursNotice("Omar", null, at("2026-12-07T22:40:00Z"))).toBeNull();
  });

  it("uses the schedule's zone across a daylight-saving change", () => {
    // Berlin moves to summer time on Sunday 2026-03-29. Before it, Thursday 18:30 CET is 17:30Z.
    expect(offHoursNotice("Omar", evenings, at("2026-03-26T17:30:00Z"))).toBe("It's 6:30 PM for Omar; they may not see this until 8:00 AM.");
    // After the change: Monday 2026-03-30 18:30 CEST is 16:30Z (UTC+2, not +1).
    expect(offHoursNotice("Omar", evenings, at("2026-03-30T16:30:00Z"))).toBe("It's 6:30 PM for Omar; they may not see this until 8:00 AM.");
    expect(offHoursNotice("Omar", evenings, at("2026-03-30T15:30:00Z"))).toBeNull(); // 17:30 CEST: still working
    expect(offHoursNotice("Omar", evenings, at("2026-03-29T10:00:00Z"))).toBeNull(); // Sunday noon: no window starts on the weekend
  });
});
