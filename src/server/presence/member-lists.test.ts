import fc from "fast-check";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { PresenceDelivery } from "@/shared/events";
import { applyRangeOps, rowsDigest, type ListWindow, type MemberCounts, type RangeOp } from "@/shared/member-list";
import { PRESENCE_STATUSES, type PresenceStatus, type VisiblePresence } from "@/shared/presence";
import { audience, initialState, transition, view, type PresenceState } from "./engine";
import { MemberLists, type ListSnapshot } from "./member-lists";

const update = (userId: string, status: PresenceStatus, version: number): VisiblePresence => ({ userId, status, lastSeenAt: null, version });
const ORDER: Record<PresenceStatus, number> = { active: 0, away: 1, dnd: 1, offline: 2 };

function harness(snap: ListSnapshot, opts: { opsEveryMs?: number; now?: () => number } = { opsEveryMs: 0 }) {
  const sent = { ops: [] as [string, RangeOp[], MemberCounts][], counts: [] as [string[], MemberCounts][], invalidated: [] as string[] };
  const lists = new MemberLists({
    ...opts,
    load: async () => snap,
    outbox: {
      ops: (ids, ops, counts) => sent.ops.push(...ids.map((id): [string, RangeOp[], MemberCounts] => [id, ops, counts])),
      counts: (ids, counts) => sent.counts.push([[...ids], counts]),
      invalidated: (ids) => sent.invalidated.push(...ids),
    },
  });
  return { lists, sent };
}

const members = (n: number, status: PresenceStatus = "offline") =>
  Array.from({ length: n }, (_, i) => ({ userId: `u${i}`, name: `Name ${String.fromCharCode(65 + (i % 26))}${i}`, status, version: 1 }));

afterEach(() => vi.useRealTimers());

describe("MemberLists", () => {
  it("keeps every subscribed range equal to the list through any sequence of changes", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ user: fc.integer({ min: 0, max: 11 }), status: fc.constantFrom(...PRESENCE_STATUSES) }), { minLength: 1, maxLength: 40 }),
        fc.array(fc.tuple(fc.integer({ min: 0, max: 12 }), fc.integer({ min: 0, max: 6 })), { minLength: 1, maxLength: 4 }),
        async (changes, ranges) => {
          const { lists, sent } = harness({ members: members(12), hidden: [] });
          const copies = new Map<string, ListWindow>();
          for (const [k, [start, len]] of ranges.entries()) {
            const page = await lists.range("w", `s${k}`, `viewer${k}`, start, start + len);
            copies.set(`s${k}`, { start: page.start, rows: page.rows });
          }
          let version = 1;
          for (const c of changes) {
            lists.apply("w", [{ update: update(`u${c.user}`, c.status, ++version) }]);
            for (const [id, ops] of sent.ops.splice(0)) copies.set(id, applyRangeOps(copies.get(id)!, ops));
          }
          for (const [k, [start, len]] of ranges.entries()) {
            const fresh = await lists.range("w", `probe${k}`, "probe", start, start + len);
            expect(copies.get(`s${k}`)!.rows).toEqual(fresh.rows);
            // The order itself: by group, then by name.
            const keys = fresh.rows.map((r) => `${ORDER[r.status]}`);
            expect(keys).toEqual([...keys].sort());
          }
          lists.close();
        },
      ),
      { numRuns: 150 },
    );
  });

  it("with ops held back per range (any changes, clock moves and sockets changing ranges), every copy ends equal to the list", async () => {
    vi.useFakeTimers();
    const step = fc.oneof(
      fc.record({ kind: fc.constant("change" as const), user: fc.integer({ min: 0, max: 15 }), status: fc.constantFrom(...PRESENCE_STATUSES) }),
      fc.record({ kind: fc.constant("tick" as const), ms: fc.integer({ min: 1, max: 400 }) }),
      fc.record({ kind: fc.constant("range" as const), socket: fc.integer({ min: 0, max: 3 }), start: fc.integer({ min: 0, max: 6 }), len: fc.constantFrom(3, 5, 16) }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 60 }), async (steps) => {
        const { lists, sent } = harness({ members: members(16), hidden: [] }, { opsEveryMs: 250, now: () => Date.now() });
        const copies = new Map<string, ListWindow>();
        const ranges = new Map<string, [number, number]>();
        const drain = () => {
          for (const [id, ops] of sent.ops.splice(0)) copies.set(id, applyRangeOps(copies.get(id)!, ops));
        };
        let version = 1;
        for (const st of steps) {
          if (st.kind === "change") lists.apply("w", [{ update: update(`u${st.user}`, st.status, ++version) }]);
          else if (st.kind === "tick") vi.advanceTimersByTime(st.ms);
          else {
            const id = `s${st.socket}`;
            const page = await lists.range("w", id, `viewer${st.socket}`, st.start, st.start + st.len);
            copies.set(id, { start: page.start, rows: page.rows });
            ranges.set(id, [st.start, st.start + st.len]);
          }
          drain();
        }
        vi.advanceTimersByTime(1_000);
        drain();
        for (const [id, [start, end]] of ranges) expect(copies.get(id)!.rows).toEqual((await lists.range("w", "probe", "probe", start, end)).rows);
        lists.close();
      }),
      { numRuns: 200 },
    );
  });

  it("an arrival storm costs each socket a few messages a second, the rows themselves once ops outnumber them", async () => {
    vi.useFakeTimers();
    const { lists, sent } = harness({ members: members(1_000), hidden: [] }, { opsEveryMs: 250, now: () => Date.now() });
    const copies = new Map<string, ListWindow>();
    for (let k = 0; k < 50; k++) {
      const page = await lists.range("w", `s${k}`, `v${k}`, 0, 100);
      copies.set(`s${k}`, { start: 0, rows: page.rows });
    }
    const messages = new Map<string, number>();
    const kinds = new Set<string>();
    // 1,000 arrivals in 2 s, 10 per 20 ms delivery batch: each moves a row into rows 0..100.
    for (let b = 0; b < 100; b++) {
      lists.apply("w", Array.from({ length: 10 }, (_, i) => ({ update: update(`u${b * 10 + i}`, "active" as const, 2) })));
      vi.advanceTimersByTime(20);
      for (const [id, ops] of sent.ops.splice(0)) {
        messages.set(id, (messages.get(id) ?? 0) + 1);
        for (const op of ops) kinds.add(op.kind);
        copies.set(id, applyRangeOps(copies.get(id)!, ops));
      }
    }
    vi.advanceTimersByTime(1_000);
    for (const [id, ops] of sent.ops.splice(0)) {
      messages.set(id, (messages.get(id) ?? 0) + 1);
      copies.set(id, applyRangeOps(copies.get(id)!, ops));
    }
    // Without holding back: one message per batch (100) per socket.
    expect(Math.max(...messages.values())).toBeLessThanOrEqual(2_000 / 250 + 2);
    expect(kinds.has("rows")).toBe(true);
    const fresh = (await lists.range("w", "probe", "probe", 0, 100)).rows;
    for (const copy of copies.values()) expect(copy.rows).toEqual(fresh);
    lists.close();
  });

  it("sockets arriving while changes are pending cost the others nothing, and are sent only the ops after their rows", async () => {
    vi.useFakeTimers();
    const { lists, sent } = harness({ members: members(1_000), hidden: [] }, { opsEveryMs: 250, now: () => Date.now() });
    const copies = new Map<string, ListWindow>();
    const messages = new Map<string, number>();
    const drain = () => {
      for (const [id, ops] of sent.ops.splice(0)) {
        messages.set(id, (messages.get(id) ?? 0) + 1);
        copies.set(id, applyRangeOps(copies.get(id)!, ops));
      }
    };
    for (let k = 0; k < 20; k++) copies.set(`s${k}`, { start: 0, rows: (await lists.range("w", `s${k}`, `v${k}`, 0, 100)).rows });
    // 2 s: every 10 ms one member comes online (a row moves into 0..100) and one more socket opens the list.
    for (let b = 0; b < 200; b++) {
      lists.apply("w", [{ update: update(`u${500 + b}`, "active", 2) }]);
      copies.set(`new${b}`, { start: 0, rows: (await lists.range("w", `new${b}`, `nv${b}`, 0, 100)).rows });
      vi.advanceTimersByTime(10);
      drain();
    }
    vi.advanceTimersByTime(1_000);
    drain();
    // With a flush on every arrival, each of the first sockets got one message per arrival (200).
    for (let k = 0; k < 20; k++) expect(messages.get(`s${k}`) ?? 0).toBeLessThanOrEqual(2_000 / 250 + 2);
    const fresh = (await lists.range("w", "probe", "probe", 0, 100)).rows;
    for (const [id, copy] of copies) expect({ id, rows: copy.rows }).toEqual({ id, rows: fresh });
    lists.close();
  });

  it("ignores older versions, and applies what arrived while the list was loading", async () => {
    let release!: (s: ListSnapshot) => void;
    const sent: RangeOp[][] = [];
    const lists = new MemberLists({
      load: () => new Promise((r) => (release = r)),
      opsEveryMs: 0,
      outbox: { ops: (_ids, ops) => sent.push(ops), counts: () => {}, invalidated: () => {} },
    });
    const page = lists.range("w", "s1", "v", 0, 3);
    await Promise.resolve();
    lists.apply("w", [{ update: update("u1", "active", 5) }]);
    lists.apply("w", [{ update: update("u2", "active", 1) }]); // not newer than the snapshot's
    release({ members: members(3), hidden: [] });
    const got = await page;
    expect(got.rows.map((r) => [r.userId, r.status])).toEqual([["u1", "active"], ["u0", "offline"], ["u2", "offline"]]);
    expect(got.counts).toEqual({ active: 1, awayDnd: 0, offline: 2, online: 1, total: 3 });
    lists.apply("w", [{ update: update("u1", "away", 4) }]);
    expect(sent).toEqual([]);
  });

  it("an invisible member is in place for their insiders, who are told to ask again when it changes", async () => {
    const snap: ListSnapshot = { members: members(4), hidden: [{ userId: "u3", status: "active", insiders: new Set(["u3", "u0"]), version: 2 }] };
    const { lists, sent } = harness(snap);
    const insider = await lists.range("w", "in", "u0", 0, 4);
    const outsider = await lists.range("w", "out", "u1", 0, 4);
    expect(insider.rows[0]).toMatchObject({ userId: "u3", status: "active" });
    expect(insider.counts.online).toBe(1);
    expect(outsider.rows.find((r) => r.userId === "u3")?.status).toBe("offline");
    expect(outsider.counts.online).toBe(0);
    // Her activity reaches insiders only: the outsider's socket gets nothing, the insider asks again.
    const d: PresenceDelivery = { update: update("u3", "away", 9), only: ["u3", "u0"] };
    lists.apply("w", [d]);
    expect(sent.ops).toEqual([]);
    expect(sent.invalidated).toEqual(["in"]);
    expect((await lists.range("w", "in", "u0", 0, 4)).rows[0]).toMatchObject({ userId: "u3", status: "away" });
    expect(await lists.search("w", "u0", "Name D3", 5)).toEqual([{ userId: "u3", name: "Name D3", status: "away" }]);
    expect(await lists.search("w", "u1", "Name D3", 5)).toEqual([{ userId: "u3", name: "Name D3", status: "offline" }]);
  });

  it("ends at the last change's views whatever order one user's deliveries arrive in", async () => {
    // Workspace-wide updates are coalesced (sent late), audience-split ones go at once: an
    // invisible member's insiders must not lose sight of them to a late, older update, and a
    // late insiders' update must not hide someone visible again.
    const insiders = ["u3", "u0"];
    const step = fc.record({
      mode: fc.constantFrom("auto" as const, "invisible" as const, "dnd" as const),
      conns: fc.array(fc.boolean(), { maxLength: 2 }),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 8 }), fc.array(fc.nat(), { minLength: 24, maxLength: 24 }), async (steps, keys) => {
        let state: PresenceState = initialState(1, { mode: "auto", lastSeenAt: null, publicLastSeenAt: null });
        const deliveries: PresenceDelivery[] = [];
        steps.forEach((t, i) => {
          const after = transition(state, { mode: t.mode, conns: t.conns.map((idle) => ({ idle, mobile: false })) }, 1_000 * (i + 1));
          const a = audience({ workspaceId: "w", userId: "u3", before: state, after, allowlistVersion: 0 }, { now: 1_000 * (i + 1), coarse: false });
          if (a.everyone) deliveries.push({ update: a.everyone });
          if (a.outsiders) deliveries.push({ update: a.outsiders, except: insiders });
          if (a.insiders) deliveries.push({ update: a.insiders, only: insiders });
          state = after;
        });
        const shuffled = deliveries.map((d, i) => [keys[i % keys.length]! + i / 100, d] as const).sort((x, y) => x[0] - y[0]).map(([, d]) => d);
        const { lists } = harness({ members: members(4), hidden: [] });
        await lists.range("w", "in", "u0", 0, 4);
        await lists.range("w", "out", "u1", 0, 4);
        for (const d of shuffled) lists.apply("w", [d]);
        const status = async (socket: string, viewer: string) => (await lists.range("w", socket, viewer, 0, 4)).rows.find((r) => r.userId === "u3")?.status;
        expect(await status("in", "u0")).toBe(view("u3", state, true, 0).status);
        expect(await status("out", "u1")).toBe(view("u3", state, false, 0).status);
        lists.close();
      }),
      { numRuns: 300 },
    );
  });

  it("sends counts at most once a second to every socket with a range", async () => {
    vi.useFakeTimers();
    const { lists, sent } = harness({ members: members(200), hidden: [] });
    await lists.range("w", "top", "v1", 0, 10);
    await lists.range("w", "far", "v2", 150, 160);
    for (let v = 2; v < 40; v++) lists.apply("w", [{ update: update(`u${v}`, "active", v) }]);
    expect(sent.counts).toEqual([]);
    vi.advanceTimersByTime(1_000);
    expect(sent.counts).toEqual([[["top", "far"], { active: 38, awayDnd: 0, offline: 162, online: 38, total: 200 }]]);
    lists.drop("far");
    lists.apply("w", [{ update: update("u2", "offline", 99) }]);
    vi.advanceTimersByTime(1_000);
    expect(sent.counts.at(-1)![0]).toEqual(["top"]);
  });

  it("answers unchanged when the client names the rows it holds by their digest", async () => {
    const { lists } = harness({ members: members(5), hidden: [] });
    const first = await lists.range("w", "s1", "v", 0, 3);
    const again = await lists.range("w", "s1", "v", 0, 3, rowsDigest(first.rows));
    expect(again).toEqual({ start: 0, rows: [], counts: first.counts, unchanged: true });
    lists.apply("w", [{ update: update("u4", "active", 7) }]);
    const moved = await lists.range("w", "s1", "v", 0, 3, rowsDigest(first.rows));
    expect(moved.unchanged).toBeUndefined();
    expect(moved.rows[0]!.userId).toBe("u4");
  });

  it("a range asked while the list was dropped (members changed) lands on the new list, which hears the changes", async () => {
    const loads: ((s: ListSnapshot) => void)[] = [];
    const sent: RangeOp[][] = [];
    const lists = new MemberLists({
      load: () => new Promise((r) => loads.push(r)),
      opsEveryMs: 0,
      outbox: { ops: (_ids, ops) => sent.push(ops), counts: () => {}, invalidated: () => {} },
    });
    const page = lists.range("w", "s1", "v", 0, 3);
    await Promise.resolve();
    lists.forget("w"); // a member joined while the first list loaded
    loads[0]!({ members: members(2), hidden: [] });
    await new Promise((r) => setTimeout(r, 0));
    expect(loads).toHaveLength(2); // the range waits for the new list
    loads[1]!({ members: members(3), hidden: [] });
    expect((await page).rows).toHaveLength(3);
    lists.apply("w", [{ update: update("u2", "active", 5) }]);
    expect(sent).toEqual([[{ kind: "delete", index: 2 }, { kind: "insert", index: 0, item: { userId: "u2", name: "Name C2", status: "active" } }]]);
  });

  it("drops a list nobody shows after the idle period, and builds it again when asked", async () => {
    vi.useFakeTimers();
    let loads = 0;
    const lists = new MemberLists({
      load: async () => (loads++, { members: members(3), hidden: [] }),
      outbox: { ops: () => {}, counts: () => {}, invalidated: () => {} },
      idleMs: 60_000,
    });
    await lists.range("w", "s1", "v", 0, 3);
    lists.drop("s1");
    vi.advanceTimersByTime(59_000);
    await lists.range("w", "s2", "v", 0, 3); // shown again in time: kept
    lists.drop("s2");
    vi.advanceTimersByTime(60_000);
    expect(loads).toBe(1);
    await lists.range("w", "s3", "v", 0, 3);
    expect(loads).toBe(2);
  });

  it("answers a viewer's counts without a socket: those a range of theirs carries, an insider's with the invisible member's real status", async () => {
    let loads = 0;
    const snap: ListSnapshot = {
      members: [...members(5).slice(0, 3), ...members(5, "active").slice(3)],
      hidden: [{ userId: "u2", status: "dnd", insiders: new Set(["u2", "u0"]), version: 2 }],
    };
    const ops: RangeOp[][] = [];
    const lists = new MemberLists({
      load: async () => (loads++, snap),
      opsEveryMs: 0,
      outbox: { ops: (_ids, o) => ops.push(o), counts: () => {}, invalidated: () => {} },
    });
    const insider = await lists.counts("w", "u0");
    const outsider = await lists.counts("w", "u1");
    expect(insider).toEqual({ active: 2, awayDnd: 1, offline: 2, online: 3, total: 5 });
    expect(outsider).toEqual({ active: 2, awayDnd: 0, offline: 3, online: 2, total: 5 });
    // No socket was registered by a counts call: a change sends nothing.
    lists.apply("w", [{ update: update("u1", "away", 2) }]);
    expect(ops).toEqual([]);
    expect(await lists.counts("w", "u0")).toEqual({ active: 2, awayDnd: 2, offline: 1, online: 4, total: 5 });
    expect(await lists.counts("w", "u1")).toEqual({ active: 2, awayDnd: 1, offline: 2, online: 3, total: 5 });
    expect(await lists.counts("w", "u0")).toEqual((await lists.range("w", "in", "u0", 0, 2)).counts);
    expect(await lists.counts("w", "u1")).toEqual((await lists.range("w", "out", "u1", 3, 5)).counts);
    // Kept live by deliveries (the insiders' view too), never rebuilt.
    lists.apply("w", [{ update: update("u0", "active", 2) }, { update: update("u2", "away", 3), only: ["u2", "u0"] }]);
    expect(await lists.counts("w", "u0")).toEqual({ active: 3, awayDnd: 2, offline: 0, online: 5, total: 5 });
    expect(await lists.counts("w", "u1")).toEqual({ active: 3, awayDnd: 1, offline: 1, online: 4, total: 5 });
    expect(await lists.counts("w", "u0")).toEqual((await lists.range("w", "in", "u0", 0, 5)).counts);
    expect(await lists.counts("w", "u1")).toEqual((await lists.range("w", "out", "u1", 0, 5)).counts);
    expect(loads).toBe(1);
    lists.close();
  });

  it("counts who is online among some members (a channel's) as the viewer sees them: an invisible member is offline to outsiders", async () => {
    const snap: ListSnapshot = {
      // u0..u2 offline, u3 and u4 active; u2 invisible (really dnd) with insiders u2 and u0.
      members: [...members(5).slice(0, 3), ...members(5, "active").slice(3)],
      hidden: [{ userId: "u2", status: "dnd", insiders: new Set(["u2", "u0"]), version: 2 }],
    };
    const { lists } = harness(snap);
    const channel = ["u1", "u2", "u3", "gone"];
    expect(await lists.onlineAmong("w", "u1", channel)).toBe(1); // u3 only
    expect(await lists.onlineAmong("w", "u0", channel)).toBe(2); // u3, and u2 seen through
    expect(await lists.onlineAmong("w", "u2", channel)).toBe(2); // herself
    lists.apply("w", [{ update: update("u1", "away", 2) }, { update: update("u3", "offline", 2) }]);
    expect(await lists.onlineAmong("w", "u1", channel)).toBe(1); // u1 away
    expect(await lists.onlineAmong("w", "u0", channel)).toBe(2);
    expect(await lists.onlineAmong("w", "u0", [])).toBe(0);
    lists.close();
  });

  it("a list asked only for counts stays for the idle period after the last call, then is dropped", async () => {
    vi.useFakeTimers();
    let loads = 0;
    const lists = new MemberLists({
      load: async () => (loads++, { members: members(3), hidden: [] }),
      outbox: { ops: () => {}, counts: () => {}, invalidated: () => {} },
      idleMs: 60_000,
    });
    await lists.counts("w", "v");
    vi.advanceTimersByTime(50_000);
    await lists.counts("w", "v"); // asked again in time: kept, for a full period from now
    vi.advanceTimersByTime(50_000);
    await lists.counts("w", "v");
    expect(loads).toBe(1);
    // A range held meanwhile keeps it past the period; once dropped, the period starts again.
    await lists.range("w", "s1", "v", 0, 3);
    vi.advanceTimersByTime(120_000);
    lists.drop("s1");
    vi.advanceTimersByTime(59_000);
    await lists.counts("w", "v");
    vi.advanceTimersByTime(59_000);
    await lists.counts("w", "v");
    expect(loads).toBe(1);
    vi.advanceTimersByTime(60_000);
    await lists.counts("w", "v");
    expect(loads).toBe(2);
    lists.close();
  });

  it("members joining or leaving: every range asks again and the list is rebuilt", async () => {
    const { lists, sent } = harness({ members: members(3), hidden: [] });
    await lists.range("w", "s1", "v", 0, 3);
    lists.forget("w");
    expect(sent.invalidated).toEqual(["s1"]);
    lists.apply("w", [{ update: update("u1", "active", 5) }]); // no list now: nothing to do
    expect(sent.ops).toEqual([]);
  });
});
