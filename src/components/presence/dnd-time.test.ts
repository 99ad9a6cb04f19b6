import { describe, expect, it } from "vitest";
import { DND_CHOICES, formatUntil, tomorrowAt9 } from "./dnd-time";
import { presenceLabel } from "./presence-indicator";

describe("do-not-disturb times", () => {
  const now = new Date(2026, 10, 27, 22, 45);

  it("offers the usual lengths, ending at the right time", () => {
    expect(DND_CHOICES.map((c) => c.label)).toEqual(["For 30 minutes", "For 1 hour", "For 2 hours", "Until tomorrow 9:00", "Until I turn it off"]);
    expect(DND_CHOICES[0]!.until(now)!.getTime() - now.getTime()).toBe(30 * 60_000);
    expect(DND_CHOICES[2]!.until(now)!.getTime() - now.getTime()).toBe(2 * 3_600_000);
    expect(DND_CHOICES[4]!.until(now)).toBeNull();
  });

  it("tomorrow 9:00 is local, also across a month end", () => {
    const t = tomorrowAt9(new Date(2026, 10, 30, 23, 59));
    expect([t.getFullYear(), t.getMonth(), t.getDate(), t.getHours(), t.getMinutes()]).toEqual([2026, 11, 1, 9, 0]);
  });

  it("shows the time today and the weekday on another day", () => {
    expect(formatUntil(new Date(2026, 10, 27, 23, 15), now, "en-GB")).toBe("23:15");
    expect(formatUntil(tomorrowAt9(now), now, "en-GB")).toBe("Sat 09:00");
  });

  it("others see when a timed do-not-disturb ends", () => {
    const until = new Date(2026, 10, 27, 23, 30).toISOString();
    expect(presenceLabel({ status: "dnd", dndUntil: until, devices: "mobile" }, now.getTime(), "en-GB")).toBe("Do not disturb on mobile until 23:30");
    expect(presenceLabel({ status: "dnd", dndUntil: until }, now.getTime(), "en-GB")).toBe("Do not disturb until 23:30");
    expect(presenceLabel({ status: "dnd" }, now.getTime(), "en-GB")).toBe("Do not disturb");
    expect(presenceLabel({ status: "active", dndUntil: until }, now.getTime(), "en-GB")).toBe("Active");
  });
});
