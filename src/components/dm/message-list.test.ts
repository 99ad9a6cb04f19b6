import { describe, expect, it } from "vitest";
import type { MessageView } from "@/shared/types";
import { buildList, dayLabel, splitLinks } from "./message-list";

const ann = { id: "u1", name: "Ann" };
const bob = { id: "u2", name: "Bob" };
let n = 0;
const msg = (sender: { id: string; name: string }, at: Date, body = "hi"): MessageView => ({
  id: `m${++n}`,
  conversationId: "c1",
  body,
  createdAt: at.toISOString(),
  sender,
  editedAt: null,
  reactions: [],
});
// Local times, as the list groups by the viewer's day.
const at = (day: number, h: number, min: number, s = 0) => new Date(2026, 10, day, h, min, s);
const now = at(27, 12, 0);

describe("dayLabel", () => {
  it("says Today, Yesterday, or the date (year only for another year)", () => {
    expect(dayLabel(at(27, 0, 1), now)).toBe("Today");
    expect(dayLabel(at(26, 23, 59), now)).toBe("Yesterday");
    expect(dayLabel(at(20, 9, 0), now)).toBe("Friday, November 20");
    expect(dayLabel(new Date(2025, 11, 31, 10), now)).toBe("Wednesday, December 31, 2025");
    // Yesterday across a month boundary.
    expect(dayLabel(new Date(2026, 10, 30, 22), new Date(2026, 11, 1, 8))).toBe("Yesterday");
    expect(dayLabel(new Date(2026, 11, 31, 22), new Date(2027, 0, 1, 8))).toBe("Yesterday");
  });

  it("follows the time zone it is given", () => {
    const late = new Date(Date.UTC(2026, 10, 26, 23, 30)); // 23:30 UTC, already the 27th in Berlin
    const noon = new Date(Date.UTC(2026, 10, 27, 12));
    expect(dayLabel(late, noon, "en", "UTC")).toBe("Yesterday");
    expect(dayLabel(late, noon, "en", "Europe/Berlin")).toBe("Today");
    expect(dayLabel(late, noon, "en", "America/New_York")).toBe("Yesterday");
    expect(buildList([msg(ann, late)], noon, "en", "Europe/Berlin")[0]).toMatchObject({ kind: "day", date: "2026-11-27" });
  });
});

describe("buildList", () => {
  it("groups one author's messages within 5 minutes and separates days", () => {
    const items = buildList(
      [
        msg(ann, at(26, 9, 0)),
        msg(ann, at(26, 9, 4, 59)), // same group
        msg(ann, at(26, 9, 10)), // more than 5 min after the previous: new head
        msg(bob, at(26, 9, 11)), // other author: new head
        msg(ann, at(26, 9, 12)), // back to Ann: new head
        msg(ann, at(27, 0, 1)), // new day: separator and head even though close in time
        msg(ann, at(27, 0, 2)),
      ],
      now,
    );
    expect(items.map((i) => (i.kind === "day" ? `[${i.label}]` : i.head ? "H" : "-"))).toEqual([
      "[Yesterday]",
      "H",
      "-",
      "H",
      "H",
      "H",
      "[Today]",
      "H",
      "-",
    ]);
  });

  it("measures the window from the previous message, and is empty for no messages", () => {
    const items = buildList([msg(ann, at(27, 9, 0)), msg(ann, at(27, 9, 4)), msg(ann, at(27, 9, 8)), msg(ann, at(27, 9, 13, 1))], now);
    expect(items.filter((i) => i.kind === "message").map((i) => (i.kind === "message" && i.head ? "H" : "-"))).toEqual(["H", "-", "-", "H"]);
    expect(buildList([], now)).toEqual([]);
  });
});

describe("splitLinks", () => {
  it("keeps plain text as one text part", () => {
    expect(splitLinks("no links here")).toEqual([{ kind: "text", text: "no links here" }]);
    expect(splitLinks("")).toEqual([]);
  });

  it("finds http and https links and trims sentence punctuation", () => {
    expect(splitLinks("see https://example.com/a?b=1, and http://x.org.")).toEqual([
      { kind: "text", text: "see " },
      { kind: "link", text: "https://example.com/a?b=1", href: "https://example.com/a?b=1" },
      { kind: "text", text: ", and " },
      { kind: "link", text: "http://x.org", href: "http://x.org/" },
      { kind: "text", text: "." },
    ]);
    expect(splitLinks("(see https://en.wikipedia.org/wiki/Foo_(bar))")).toEqual([
      { kind: "text", text: "(see " },
      { kind: "link", text: "https://en.wikipedia.org/wiki/Foo_(bar)", href: "https://en.wikipedia.org/wiki/Foo_(bar)" },
      { kind: "text", text: ")" },
    ]);
  });

  it("never links other schemes and never turns markup into anything but text", () => {
    for (const text of ["javascript:alert(1)", "data:text/html,<b>x</b>", "ftp://files.example.com", "<a href=\"https://evil\">x</a>"]) {
      const parts = splitLinks(text);
      expect(parts.every((p) => p.kind === "text" || p.href.startsWith("http"))).toBe(true);
      expect(parts.map((p) => p.text).join("")).toBe(text);
    }
    expect(splitLinks("javascript:alert(1)")).toEqual([{ kind: "text", text: "javascript:alert(1)" }]);
    expect(splitLinks('<a href="https://evil.example/x">x</a>')).toEqual([
      { kind: "text", text: '<a href="' },
      { kind: "link", text: "https://evil.example/x", href: "https://evil.example/x" },
      { kind: "text", text: '">x</a>' },
    ]);
    expect(splitLinks("https://")).toEqual([{ kind: "text", text: "https://" }]);
  });
});
