import { describe, expect, it } from "vitest";
import { SessionCheck } from "./session-check";

describe("SessionCheck", () => {
  const rows = new Map([
    ["s1", "u1"],
    ["s2", "u2"],
  ]);

  it("looks up a storm of handshakes in one query, and answers per session and user", async () => {
    const queries: string[][] = [];
    const check = new SessionCheck(60_000, async (ids) => {
      queries.push(ids);
      return new Map([...rows].filter(([id]) => ids.includes(id)));
    });
    const asks = [
      ...Array.from({ length: 300 }, () => check.alive("s1", "u1")),
      check.alive("s2", "u2"),
      check.alive("s2", "u1"), // another user's session id
      check.alive("gone", "u1"),
    ];
    const answers = await Promise.all(asks);
    expect(answers.slice(0, 300).every((a) => a === true)).toBe(true);
    expect(answers.slice(300)).toEqual([true, false, false]);
    expect(queries).toHaveLength(1);
    expect(queries[0]!.sort()).toEqual(["gone", "s1", "s2"]);
    // Cached: no query for a second look.
    expect(await check.alive("s1", "u1")).toBe(true);
    expect(queries).toHaveLength(1);
  });

  it("answers from the cache while the database is down, else 'down'; re-asks after the TTL", async () => {
    let now = 0;
    let up = true;
    let calls = 0;
    const check = new SessionCheck(
      1_000,
      async (ids) => {
        calls++;
        if (!up) throw new Error("connection refused");
        return new Map([...rows].filter(([id]) => ids.includes(id)));
      },
      () => now,
    );
    expect(await check.alive("s1", "u1")).toBe(true);
    up = false;
    now = 5_000;
    expect(await check.alive("s1", "u1")).toBe(true); // stale, but the database cannot say otherwise
    expect(await check.alive("s2", "u2")).toBe("down");
    expect(calls).toBe(3);
    up = true;
    expect(await check.alive("s2", "u2")).toBe(true);
  });

  it("forgets ended sessions: one, or all of a user's", async () => {
    const check = new SessionCheck(60_000, async (ids) => new Map([...rows, ["s3", "u1"] as [string, string]].filter(([id]) => ids.includes(id))));
    expect(await check.alive("s1", "u1")).toBe(true);
    expect(await check.alive("s3", "u1")).toBe(true);
    check.forget("u1", ["s1"]);
    expect(await check.alive("s1", "u1")).toBe(false);
    expect(await check.alive("s3", "u1")).toBe(true);
    check.forget("u1", null);
    expect(await check.alive("s3", "u1")).toBe(false);
  });
});
