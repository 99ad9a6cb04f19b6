import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { PresenceStatus } from "@/shared/presence";
import { MemberList, viewerOverlay, type ListChange, type MemberItem, type RangeOp } from "./member-list";

const STATUSES: PresenceStatus[] = ["active", "away", "dnd", "offline"];

// The expected order, written here and not taken from the module: group, name, userId.
const GROUP = (s: PresenceStatus) => (s === "active" ? 0 : s === "offline" ? 2 : 1);
const byName = (a: string, b: string) => a.localeCompare(b, "en", { sensitivity: "base" });
const byId = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const expectedOrder = (a: MemberItem, b: MemberItem) => GROUP(a.status) - GROUP(b.status) || byName(a.name, b.name) || byId(a.userId, b.userId);
const plain = (rows: readonly MemberItem[]) => rows.map((r) => `${r.userId}:${r.name}:${r.status}`);
const reference = (model: Map<string, { name: string; status: PresenceStatus }>, cmp = expectedOrder) =>
  [...model].map(([userId, m]) => ({ userId, ...m })).sort(cmp);

/** Applies a change to a copy of the whole list. */
function applyChange(copy: MemberItem[], c: ListChange) {
  if (c.kind === "insert") copy.splice(c.index, 0, c.item);
  else if (c.kind === "delete") copy.splice(c.index, 1);
  else if (c.kind === "update") copy[c.index] = c.item;
  else {
    copy.splice(c.from, 1);
    copy.splice(c.to, 0, c.item);
  }
}

/** Applies range ops to a viewer's copy of rows [start, end), checking every op stays within it. */
function applyOps(copy: MemberItem[], [start, end]: [number, number], ops: RangeOp[]) {
  for (const op of ops) {
    const local = op.index - start;
    if (op.kind === "insert") {
      expect(local >= 0 && local <= copy.length, `insert at ${op.index} in [${start}, ${end})`).toBe(true);
      copy.splice(local, 0, op.item);
    } else {
      expect(local >= 0 && local < copy.length, `${op.kind} at ${op.index} in [${start}, ${end})`).toBe(true);
      if (op.kind === "delete") copy.splice(local, 1);
      else copy[local] = op.item;
    }
    expect(copy.length).toBeLessThanOrEqual(end - start);
  }
}

function tally(rows: readonly MemberItem[]) {
  const active = rows.filter((r) => r.status === "active").length;
  const awayDnd = rows.filter((r) => r.status === "away" || r.status === "dnd").length;
  const offline = rows.filter((r) => r.status === "offline").length;
  return { active, awayDnd, offline, online: active + awayDnd, total: rows.length };
}

const m = (userId: string, name: string) => ({ userId, name });

describe("MemberList order and operations", () => {
  it("orders active, then away and dnd together, then offline; by name ignoring case and accents; then by userId", () => {
    const list = MemberList.from([
      { member: m("u1", "zed"), status: "offline" },
      { member: m("u2", "Bob"), status: "dnd" },
      { member: m("u3", "alice"), status: "away" },
      { member: m("u4", "Émile"), status: "active" },
      { member: m("u5", "emile"), status: "active" },
      { member: m("u0", "EMILE"), status: "active" },
      { member: m("u6", "Carol"), status: "active" },
      { member: m("u7", "bob"), status: "away" },
    ]);
    expect(list.range(0, 100).map((r) => r.userId)).toEqual(["u6", "u0", "u4", "u5", "u3", "u2", "u7", "u1"]);
    expect(list.counts()).toEqual({ active: 4, awayDnd: 3, offline: 1, online: 7, total: 8 });
    expect(list.indexOf("u7")).toBe(6);
    expect(list.indexOf("nobody")).toBe(-1);
    expect(list.range(-5, 2).map((r) => r.userId)).toEqual(["u6", "u0"]);
    expect(list.range(7, 100).map((r) => r.userId)).toEqual(["u1"]);
    expect(list.range(9, 12)).toEqual([]);
  });

  it("says what moved: insert, delete, update, move", () => {
    const list = new MemberList();
    expect(list.add(m("a", "Ann"), "active")).toMatchObject({ kind: "insert", index: 0 });
    expect(list.add(m("b", "Bea"), "offline")).toMatchObject({ kind: "insert", index: 1 });
    expect(list.add(m("c", "Cy"), "away")).toMatchObject({ kind: "insert", index: 1, item: { userId: "c", status: "away" } });
    expect(() => list.add(m("c", "Cy"), "away")).toThrow(/already/);
    // away -> dnd: same group, same index.
    expect(list.setStatus("c", "dnd")).toEqual({ kind: "update", index: 1, item: { userId: "c", name: "Cy", status: "dnd" } });
    // Bea comes online above Cy.
    expect(list.setStatus("b", "away")).toEqual({ kind: "move", from: 2, to: 1, item: { userId: "b", name: "Bea", status: "away" } });
    // Ann goes away: still first, but in another group.
    expect(list.setStatus("a", "away")).toEqual({ kind: "move", from: 0, to: 0, item: { userId: "a", name: "Ann", status: "away" } });
    expect(list.setStatus("a", "away")).toBeNull();
    expect(list.rename("a", "ann")).toEqual({ kind: "update", index: 0, item: { userId: "a", name: "ann", status: "away" } });
    expect(list.rename("a", "Zoe")).toEqual({ kind: "move", from: 0, to: 2, item: { userId: "a", name: "Zoe", status: "away" } });
    expect(list.rename("a", "Zoe")).toBeNull();
    expect(list.rename("x", "X")).toBeNull();
    expect(list.setStatus("x", "active")).toBeNull();
    expect(list.remove("b")).toEqual({ kind: "delete", index: 0 });
    expect(list.remove("b")).toBeNull();
    expect(plain(list.range(0, 10))).toEqual(["c:Cy:dnd", "a:Zoe:away"]);
    expect(list.counts()).toEqual({ active: 0, awayDnd: 2, offline: 0, online: 2, total: 2 });
  });

  it("searches names by a prefix of any word, ignoring case and accents, in list order", () => {
    const list = MemberList.from([
      { member: m("1", "Ann Smith"), status: "offline" },
      { member: m("2", "Émile Zola"), status: "active" },
      { member: m("3", "Hannah Annex"), status: "away" },
      { member: m("4", "Liam O'Brien"), status: "active" },
      { member: m("5", "annabel"), status: "active" },
      { member: m("6", "Bob-Anne Lee"), status: "dnd" },
    ]);
    const ids = (p: string, limit = 10) => list.search(p, limit).map((h) => h.item.userId);
    expect(ids("ann")).toEqual(["5", "6", "3", "1"]);
    expect(ids("ANN", 2)).toEqual(["5", "6"]);
    expect(ids("emile")).toEqual(["2"]);
    expect(ids("zo")).toEqual(["2"]);
    expect(ids("obrien")).toEqual(["4"]);
    expect(ids("brien")).toEqual(["4"]);
    expect(ids("ann sm")).toEqual(["1"]);
    expect(ids("nna")).toEqual([]);
    expect(ids("", 2)).toEqual(["5", "2"]);
    expect(list.search("hann", 5)).toEqual([{ index: 4, item: list.at(4) }]);
    expect(list.at(4)?.userId).toBe("3");
  });

  it("searches emails by their start: a prefix of the local part or of the whole address, any case", () => {
    const list = MemberList.from([
      { member: { userId: "1", name: "Ann Lee", email: "ann.lee@acme.test" }, status: "offline" },
      { member: { userId: "2", name: "Kim Park", email: "Kim.Annan@acme.test" }, status: "active" },
      { member: { userId: "3", name: "Zed", email: "kimberly@other.test" }, status: "active" },
      { member: m("4", "No Email"), status: "active" },
    ]);
    const ids = (p: string) => list.search(p, 10).map((h) => h.item.userId);
    expect(ids("ann.l")).toEqual(["1"]);
    expect(ids("ANN.LEE@ACME.T")).toEqual(["1"]);
    expect(ids("kim.annan@")).toEqual(["2"]);
    expect(ids("kim.")).toEqual(["2"]);
    // By name and by email in one answer, in list order.
    expect(ids("kim")).toEqual(["2", "3"]);
    // Not inside the address, not the domain alone, not with spaces.
    expect(ids("lee@acme")).toEqual([]);
    expect(ids("acme.test")).toEqual([]);
    expect(ids("ann.lee@ acme")).toEqual([]);
    // A removed member's email finds nothing; an added one's does.
    list.remove("1");
    expect(ids("ann.l")).toEqual([]);
    list.add({ userId: "5", name: "Ann Again", email: "ann.lee@acme.test" }, "away");
    expect(ids("ann.l")).toEqual(["5"]);
  });

  it("range ops: an insert above the range shifts it (delete at the end, insert at the start)", () => {
    const list = MemberList.from(["b", "c", "d", "e", "f"].map((n) => ({ member: m(n, n), status: "active" as const })));
    const change = list.add(m("a", "a"), "active");
    expect(list.opsForRange(change, [2, 4])).toEqual([
      { kind: "delete", index: 3 },
      { kind: "insert", index: 2, item: list.at(2) },
    ]);
    expect(list.at(2)?.userId).toBe("c");
    expect(list.opsForRange(change, [10, 20])).toEqual([]);
    const later = list.remove("f")!;
    expect(() => list.opsForRange(change, [0, 2])).toThrow(/latest/);
    expect(list.opsForRange(later, [0, 2])).toEqual([]);
  });
});

describe("MemberList properties", () => {
  const NAMES = ["Ann", "ann", "Ánn", "ann lee", "Bob", "bob smith", "Zoë", "zoe", "Émile", "emile", "O'Brien", "Ćy"];
  const IDS = ["u0", "u1", "u2", "u3", "u4", "u5", "u6", "u7", "u8", "u9"];
  const status = fc.constantFrom(...STATUSES);
  const cmd = fc.oneof(
    fc.record({ op: fc.constant("add" as const), id: fc.constantFrom(...IDS), name: fc.constantFrom(...NAMES), status }),
    fc.record({ op: fc.constant("remove" as const), id: fc.constantFrom(...IDS) }),
    fc.record({ op: fc.constant("rename" as const), id: fc.constantFrom(...IDS), name: fc.constantFrom(...NAMES) }),
    fc.record({ op: fc.constant("status" as const), id: fc.constantFrom(...IDS), status }),
    fc.record({ op: fc.constant("status" as const), id: fc.constantFrom(...IDS), status }),
  );
  const initial = fc.uniqueArray(fc.record({ id: fc.constantFrom(...IDS), name: fc.constantFrom(...NAMES), status }), {
    selector: (r) => r.id,
    maxLength: IDS.length,
  });
  const RANGES: [number, number][] = [];
  for (let s = 0; s <= 9; s++) for (let e = s + 1; e <= 10; e++) RANGES.push([s, e]);
  RANGES.push([0, 100], [3, 3], [12, 20]);

  it("after every change: the order is the reference sort, counts are exact, and range ops rebuild every range", () => {
    fc.assert(
      fc.property(initial, fc.array(cmd, { maxLength: 40 }), (init, cmds) => {
        const model = new Map(init.map((r) => [r.id, { name: r.name, status: r.status }]));
        const list = MemberList.from(init.map((r) => ({ member: m(r.id, r.name), status: r.status })));
        const full = list.range(0, Infinity);
        expect(plain(full)).toEqual(plain(reference(model)));
        const copies = RANGES.map((r) => list.range(...r));
        for (const c of cmds) {
          const known = model.get(c.id);
          let change: ListChange | null;
          if (c.op === "add") {
            if (known) {
              expect(() => list.add(m(c.id, c.name), c.status)).toThrow();
              continue;
            }
            change = list.add(m(c.id, c.name), c.status);
            model.set(c.id, { name: c.name, status: c.status });
          } else if (c.op === "remove") {
            change = list.remove(c.id);
            model.delete(c.id);
          } else if (c.op === "rename") {
            change = list.rename(c.id, c.name);
            if (known && known.name !== c.name) model.set(c.id, { ...known, name: c.name });
            else expect(change).toBeNull();
          } else {
            change = list.setStatus(c.id, c.status);
            if (known && known.status !== c.status) model.set(c.id, { ...known, status: c.status });
            else expect(change).toBeNull();
          }
          if (!known && c.op !== "add") expect(change).toBeNull();
          const expected = reference(model);
          expect(plain(list.range(0, Infinity))).toEqual(plain(expected));
          expect(list.counts()).toEqual(tally(expected));
          expected.forEach((r, i) => expect(list.indexOf(r.userId)).toBe(i));
          if (!change) continue;
          if (change.kind === "update") expect(GROUP(change.item.status)).toBe(GROUP(known!.status));
          if (change.kind === "move") expect(change.from !== change.to || GROUP(change.item.status) !== GROUP(known!.status)).toBe(true);
          applyChange(full, change);
          expect(plain(full)).toEqual(plain(expected));
          RANGES.forEach((r, k) => {
            applyOps(copies[k], r, list.opsForRange(change, r));
            expect(plain(copies[k]), `range [${r}] after ${JSON.stringify(change)}`).toEqual(plain(list.range(...r)));
          });
        }
      }),
      { numRuns: 400 },
    );
  });

  it("an insider sees the invisible members they see through at their real place, with counts to match", () => {
    fc.assert(
      fc.property(
        initial,
        fc.array(fc.record({ id: fc.constantFrom(...IDS, "stranger"), status }), { maxLength: 4 }),
        (init, through) => {
          // The list holds what outsiders see: invisible members are offline in it.
          const list = MemberList.from(init.map((r) => ({ member: m(r.id, r.name), status: r.status })));
          const seen = new Map(through.map((t) => [t.id, t.status]));
          const view = viewerOverlay(list, seen);
          const model = new Map(init.map((r) => [r.id, { name: r.name, status: seen.get(r.id) ?? r.status }]));
          const expected = reference(model);
          expect(view.size).toBe(expected.length);
          expect(plain(view.range(0, 100))).toEqual(plain(expected));
          for (const [s, e] of RANGES) expect(plain(view.range(s, e))).toEqual(plain(expected.slice(s, e)));
          expected.forEach((r, i) => expect(view.indexOf(r.userId)).toBe(i));
          expect(view.indexOf("stranger")).toBe(-1);
          expect(view.counts()).toEqual(tally(expected));
          // Outsiders' list is untouched.
          expect(plain(list.range(0, 100))).toEqual(plain(reference(new Map(init.map((r) => [r.id, { name: r.name, status: r.status }])))));
        },
      ),
      { numRuns: 500 },
    );
  });

  it("an invisible member never moves for outsiders; an insider sees them at their real place", () => {
    const list = MemberList.from([
      { member: m("a", "Ann"), status: "active" },
      { member: m("i", "Ivy"), status: "offline" }, // invisible, really active
      { member: m("z", "Zed"), status: "offline" },
    ]);
    expect(list.range(0, 3).map((r) => r.userId)).toEqual(["a", "i", "z"]);
    const insider = viewerOverlay(list, new Map([["i", "active"]]));
    expect(insider.range(0, 3).map((r) => `${r.userId}:${r.status}`)).toEqual(["a:active", "i:active", "z:offline"]);
    expect(insider.counts()).toEqual({ active: 2, awayDnd: 0, offline: 1, online: 2, total: 3 });
    expect(list.counts()).toEqual({ active: 1, awayDnd: 0, offline: 2, online: 1, total: 3 });
    expect(viewerOverlay(list, new Map())).toBe(list);
  });
});

describe("MemberList at 50,000 members", () => {
  // A correctness test (no time is asserted): the bound only keeps a loaded CI machine from failing it.
  it("keeps the reference order and every subscribed range through 10,000 status changes", { timeout: 180_000 }, () => {
    const N = 50_000;
    let seed = 42;
    const rand = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
    const pick = <T,>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)];
    const FIRST = ["Ann", "bob", "Carla", "Émile", "zoë", "Zoe", "Li", "Øyvind", "Sam", "sam", "Ngozi", "Yuki", "Ana-María", "O'Neil"];
    const LAST = ["Smith", "lee", "García", "Ng", "Ivanov", "Okafor", "Müller", "de la Cruz", "Tanaka", "Kowalski"];
    const model = new Map<string, { name: string; status: PresenceStatus }>();
    for (let i = 0; i < N; i++) model.set(`u${i}`, { name: `${pick(FIRST)} ${pick(LAST)} ${Math.floor(rand() * 500)}`, status: pick(STATUSES) });
    const entries = [...model].map(([userId, r]) => ({ member: m(userId, r.name), status: r.status }));

    // The same comparison as the reference above, through one collator: localeCompare with options builds one per call.
    const collator = new Intl.Collator("en", { sensitivity: "base" });
    const fastExpected = (a: MemberItem, b: MemberItem) =>
      GROUP(a.status) - GROUP(b.status) || collator.compare(a.name, b.name) || byId(a.userId, b.userId);

    let t = performance.now();
    const list = MemberList.from(entries);
    const buildMs = performance.now() - t;
    t = performance.now();
    const incremental = new MemberList();
    for (const e of entries) incremental.add(e.member, e.status);
    const addsMs = performance.now() - t;
    expect(plain(incremental.range(0, N))).toEqual(plain(list.range(0, N)));

    const ranges: [number, number][] = [[0, 100], [25_000, 25_100], [49_900, 50_000]];
    const copies = ranges.map((r) => list.range(...r));
    let changeMs = 0;
    let opsMs = 0;
    let ops = 0;
    for (let k = 1; k <= 10_000; k++) {
      const userId = `u${Math.floor(rand() * N)}`;
      const status = pick(STATUSES);
      t = performance.now();
      const change = list.setStatus(userId, status);
      changeMs += performance.now() - t;
      model.get(userId)!.status = status;
      if (change) {
        t = performance.now();
        const perRange = ranges.map((r) => list.opsForRange(change, r));
        opsMs += performance.now() - t;
        perRange.forEach((o, i) => {
          ops += o.length;
          applyOps(copies[i], ranges[i], o);
        });
      }
      if (k % 1_000 === 0) {
        const expected = reference(model, fastExpected);
        expect(plain(list.range(0, N))).toEqual(plain(expected));
        expect(list.counts()).toEqual(tally(expected));
        ranges.forEach((r, i) => expect(plain(copies[i])).toEqual(plain(expected.slice(...r))));
      }
    }
    t = performance.now();
    const hits = list.search("sam", 50);
    const searchMs = performance.now() - t;
    expect(hits.length).toBe(50);
    t = performance.now();
    for (let i = 0; i < 10_000; i++) list.indexOf(`u${i}`);
    const indexOfMs = performance.now() - t;
    console.log(
      `member list, ${N} members: from() ${buildMs.toFixed(0)} ms; ${N} add() ${addsMs.toFixed(0)} ms; ` +
        `10,000 setStatus ${changeMs.toFixed(0)} ms (${((changeMs / 10_000) * 1000).toFixed(1)} µs each); ` +
        `opsForRange for 3 ranges ${opsMs.toFixed(1)} ms in all (${ops} ops); search ${searchMs.toFixed(1)} ms; ` +
        `10,000 indexOf ${indexOfMs.toFixed(1)} ms`,
    );
  });
});
