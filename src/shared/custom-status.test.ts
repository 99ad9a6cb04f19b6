import { describe, expect, it } from "vitest";
import { expiryError, expiryFor, nextExpiry, statusAt } from "./custom-status";
import { setStatusInput } from "./custom-status-input";

const T = Date.parse("2026-11-27T10:00:00.000Z");

describe("setStatusInput", () => {
  it("trims the text and accepts an emoji, text or both", () => {
    expect(setStatusInput.parse({ emoji: "📅", text: "  In a meeting  " })).toEqual({ emoji: "📅", text: "In a meeting", expiresAt: null });
    expect(setStatusInput.parse({ text: "Lunch" })).toEqual({ emoji: null, text: "Lunch", expiresAt: null });
    expect(setStatusInput.parse({ emoji: "🌴" }).text).toBe("");
  });

  it("accepts emoji sequences: skin tones, joiners, flags, keycaps", () => {
    for (const emoji of ["👍🏽", "👩‍💻", "🇫🇷", "1️⃣", "❤️", "🏳️‍🌈"]) expect(setStatusInput.safeParse({ emoji }).success, emoji).toBe(true);
  });

  it("refuses non-emoji in the emoji field", () => {
    for (const emoji of ["a", "ab", "1", " ", "📅 x", "<b>", "#"]) expect(setStatusInput.safeParse({ emoji }).success, emoji).toBe(false);
  });

  it("counts characters as code points, up to 100", () => {
    expect(setStatusInput.safeParse({ text: "a".repeat(100) }).success).toBe(true);
    expect(setStatusInput.safeParse({ text: "a".repeat(101) }).success).toBe(false);
    // 100 emoji are 200 UTF-16 units but 100 characters
    expect(setStatusInput.safeParse({ text: "😀".repeat(100) }).success).toBe(true);
    // spaces around do not count
    expect(setStatusInput.safeParse({ text: `  ${"a".repeat(100)}  ` }).success).toBe(true);
  });

  it("refuses control characters and bidi overrides, keeps joiners", () => {
    for (const text of ["a\nb", "a\tb", "a\u0000b", "a\u202Eb", "a\u2028b", "a\u0085b"]) {
      expect(setStatusInput.safeParse({ text }).success, JSON.stringify(text)).toBe(false);
    }
    expect(setStatusInput.safeParse({ text: "Coding 👩‍💻" }).success).toBe(true);
  });

  it("needs an emoji or a text", () => {
    expect(setStatusInput.safeParse({}).success).toBe(false);
    expect(setStatusInput.safeParse({ text: "   " }).success).toBe(false);
    expect(setStatusInput.safeParse({ emoji: null, text: "" }).success).toBe(false);
  });

  it("takes an ISO expiry with a zone, or null", () => {
    expect(setStatusInput.parse({ text: "x", expiresAt: "2026-11-27T11:00:00.000Z" }).expiresAt).toBe("2026-11-27T11:00:00.000Z");
    expect(setStatusInput.parse({ text: "x", expiresAt: "2026-11-27T12:00:00+01:00" }).expiresAt).toBe("2026-11-27T12:00:00+01:00");
    expect(setStatusInput.safeParse({ text: "x", expiresAt: "tomorrow" }).success).toBe(false);
    expect(setStatusInput.safeParse({ text: "x", expiresAt: 5 }).success).toBe(false);
  });
});

describe("expiryError", () => {
  it("wants a time in the future, at most a year ahead", () => {
    expect(expiryError(null, T)).toBeNull();
    expect(expiryError("2026-11-27T10:00:05.000Z", T)).toBeNull();
    expect(expiryError("2026-11-27T10:00:00.000Z", T)).toBe("That time has already passed.");
    expect(expiryError("2026-11-27T09:00:00.000Z", T)).toBe("That time has already passed.");
    expect(expiryError("2027-11-27T10:00:00.000Z", T)).toBeNull();
    expect(expiryError("2027-11-29T10:00:00.000Z", T)).toBe("A status can be set for at most a year.");
  });
});

describe("expiryFor (local time)", () => {
  // Friday 27 November 2026, 14:30 local
  const now = new Date(2026, 10, 27, 14, 30);
  it("adds durations", () => {
    expect(expiryFor("never", now)).toBeNull();
    expect(expiryFor("30m", now)).toEqual(new Date(2026, 10, 27, 15, 0));
    expect(expiryFor("1h", now)).toEqual(new Date(2026, 10, 27, 15, 30));
    expect(expiryFor("4h", now)).toEqual(new Date(2026, 10, 27, 18, 30));
  });
  it("today ends at the next midnight; this week at the start of Monday", () => {
    expect(expiryFor("today", now)).toEqual(new Date(2026, 10, 28, 0, 0));
    expect(expiryFor("week", now)).toEqual(new Date(2026, 10, 30, 0, 0));
    // on a Sunday: the next day; on a Monday: a week later
    expect(expiryFor("week", new Date(2026, 10, 29, 23, 0))).toEqual(new Date(2026, 10, 30, 0, 0));
    expect(expiryFor("week", new Date(2026, 10, 30, 9, 0))).toEqual(new Date(2026, 11, 7, 0, 0));
    // across a month and a year
    expect(expiryFor("today", new Date(2026, 11, 31, 22, 0))).toEqual(new Date(2027, 0, 1, 0, 0));
  });
  it("a date clears at the end of that day; a past or malformed one gives null", () => {
    expect(expiryFor("date", now, "2026-12-03")).toEqual(new Date(2026, 11, 4, 0, 0));
    expect(expiryFor("date", now, "2026-11-27")).toEqual(new Date(2026, 10, 28, 0, 0));
    expect(expiryFor("date", now, "2026-11-26")).toBeNull();
    expect(expiryFor("date", now, "soon")).toBeNull();
    expect(expiryFor("date", now)).toBeNull();
  });
});

describe("expiry on the client", () => {
  const meeting = { emoji: "📅", text: "In a meeting", expiresAt: null };
  const lunch = { emoji: null, text: "Lunch", expiresAt: "2026-11-27T10:30:00.000Z" };

  it("drops a status at its expiry, by server time; nextExpiry names the moment", () => {
    const at = Date.parse("2026-11-27T10:30:00.000Z");
    expect(statusAt(lunch, at - 1)).toEqual(lunch);
    expect(statusAt(lunch, at)).toBeNull();
    expect(statusAt(meeting, at)).toEqual(meeting);
    expect(statusAt(undefined, at)).toBeNull();
    expect(nextExpiry([lunch, meeting, undefined, null], T)).toBe(at);
    expect(nextExpiry([lunch, meeting], at)).toBeNull();
  });
});
