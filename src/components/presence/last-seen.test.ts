import { describe, expect, it } from "vitest";
import { formatLastSeen } from "./last-seen";

// Midday UTC keeps calendar dates stable in any test-machine time zone.
const NOW = Date.parse("2025-06-15T12:00:00.000Z");
const ago = (ms: number) => new Date(NOW - ms).toISOString();
const S = 1000;
const M = 60 * S;
const H = 60 * M;
const D = 24 * H;

describe("formatLastSeen", () => {
  it("says 'just now' under a minute, including exactly now", () => {
    expect(formatLastSeen(ago(0), NOW)).toBe("just now");
    expect(formatLastSeen(ago(59 * S), NOW)).toBe("just now");
    expect(formatLastSeen(ago(59_999), NOW)).toBe("just now");
  });

  it("treats future timestamps (clock skew) as 'just now'", () => {
    expect(formatLastSeen(ago(-5 * S), NOW)).toBe("just now");
    expect(formatLastSeen(ago(-3 * H), NOW)).toBe("just now");
  });

  it("counts whole minutes from 60 s up to an hour", () => {
    expect(formatLastSeen(ago(60 * S), NOW)).toBe("1 min ago");
    expect(formatLastSeen(ago(5 * M + 30 * S), NOW)).toBe("5 min ago");
    expect(formatLastSeen(ago(59 * M + 59 * S), NOW)).toBe("59 min ago");
  });

  it("counts whole hours from 1 hr up to a day", () => {
    expect(formatLastSeen(ago(H), NOW)).toBe("1 hr ago");
    expect(formatLastSeen(ago(2 * H + 40 * M), NOW)).toBe("2 hr ago");
    expect(formatLastSeen(ago(D - 1), NOW)).toBe("23 hr ago");
  });

  it("says 'yesterday' from 24 h to just under 48 h", () => {
    expect(formatLastSeen(ago(D), NOW)).toBe("yesterday");
    expect(formatLastSeen(ago(2 * D - 1), NOW)).toBe("yesterday");
  });

  it("counts days from 2 up to 30", () => {
    expect(formatLastSeen(ago(2 * D), NOW)).toBe("2 days ago");
    expect(formatLastSeen(ago(3 * D + 5 * H), NOW)).toBe("3 days ago");
    expect(formatLastSeen(ago(30 * D), NOW)).toBe("30 days ago");
  });

  it("shows a short date beyond 30 days", () => {
    expect(formatLastSeen(ago(31 * D), NOW)).toBe("May 15");
    expect(formatLastSeen("2025-03-04T12:00:00.000Z", NOW)).toBe("Mar 4");
  });

  it("adds the year for dates in another year", () => {
    expect(formatLastSeen("2024-11-20T12:00:00.000Z", NOW)).toBe("Nov 20, 2024");
  });

  it("uses the given locale", () => {
    expect(formatLastSeen(ago(D), NOW, "de")).toBe("gestern");
    expect(formatLastSeen(ago(5 * M), NOW, "de")).toMatch(/5/);
  });

  it("returns an empty string for an invalid timestamp", () => {
    expect(formatLastSeen("not a date", NOW)).toBe("");
  });
});
