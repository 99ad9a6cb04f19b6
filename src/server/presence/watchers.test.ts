import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Watchers } from "./watchers";

describe("Watchers", () => {
  it("indexes a socket under the people it subscribes to, never under its own user", () => {
    const w = new Watchers();
    w.add("s1", "w1", "alice");
    expect(w.of("w1", "alice")).toBeUndefined();
    expect(w.set("s1", ["bob", "carol", "alice"]).sort()).toEqual(["bob", "carol"]);
    expect(w.of("w1", "alice")).toBeUndefined();
    expect(w.of("w1", "bob")!.get("s1")).toBe("alice");
    expect(w.of("w2", "bob")).toBeUndefined();
    expect(w.set("s1", ["carol", "dan"])).toEqual(["dan"]);
    expect(w.of("w1", "bob")).toBeUndefined();
    expect([...w.watched("s1")!].sort()).toEqual(["carol", "dan"]);
    w.remove("s1");
    expect(w.of("w1", "alice")).toBeUndefined();
    expect(w.size).toEqual({ sockets: 0, pairs: 0 });
  });

  it("ignores sockets it does not index", () => {
    const w = new Watchers();
    expect(w.set("nope", ["a"])).toEqual([]);
    w.remove("nope");
    expect(w.has("nope")).toBe(false);
  });

  it("agrees with a plain model after any sequence of subscribes and removals", () => {
    const users = ["a", "b", "c", "d", "e"];
    const op = fc.oneof(
      fc.record({ kind: fc.constant("add" as const), s: fc.integer({ min: 0, max: 3 }), viewer: fc.constantFrom(...users) }),
      fc.record({ kind: fc.constant("set" as const), s: fc.integer({ min: 0, max: 3 }), ids: fc.subarray(users) }),
      fc.record({ kind: fc.constant("remove" as const), s: fc.integer({ min: 0, max: 3 }) }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 40 }), (ops) => {
        const w = new Watchers();
        const model = new Map<string, { viewer: string; ids: Set<string> }>();
        for (const o of ops) {
          const sid = `s${o.s}`;
          if (o.kind === "add") {
            w.add(sid, "ws", o.viewer);
            if (!model.has(sid)) model.set(sid, { viewer: o.viewer, ids: new Set() });
          } else if (o.kind === "set") {
            const before = model.get(sid);
            const added = w.set(sid, o.ids);
            if (!before) expect(added).toEqual([]);
            else {
              const next = new Set(o.ids.filter((id) => id !== before.viewer));
              expect(added.sort()).toEqual([...next].filter((id) => !before.ids.has(id)).sort());
              before.ids = next;
            }
          } else {
            w.remove(sid);
            model.delete(sid);
          }
        }
        for (const u of users) {
          const want = [...model].filter(([, m]) => m.ids.has(u)).map(([sid, m]) => [sid, m.viewer]);
          expect([...(w.of("ws", u) ?? [])].sort()).toEqual(want.sort());
        }
      }),
      { numRuns: 300 },
    );
  });
});
