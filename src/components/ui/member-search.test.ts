import { describe, expect, it } from "vitest";
import type { MemberListRow } from "@/shared/member-list";
import {
  carriesEveryone,
  filterMembers,
  hintText,
  keepPicked,
  keptOutside,
  membersText,
  pickedOutside,
  rememberNames,
  searchView,
  type SearchAnswer,
} from "./member-search";

const row = (userId: string, name = userId.toUpperCase()): MemberListRow => ({ userId, name, status: "active" });
const answer = (a: Partial<SearchAnswer>): SearchAnswer => ({ q: "", rows: null, loading: false, error: null, ...a });

describe("carriesEveryone", () => {
  it("is true when the page holds as many members as the workspace has, or the count is unknown", () => {
    expect(carriesEveryone(12, 12)).toBe(true);
    expect(carriesEveryone(12, undefined)).toBe(true);
    expect(carriesEveryone(0, 0)).toBe(true);
    expect(carriesEveryone(200, 50_000)).toBe(false);
    expect(carriesEveryone(199, 200)).toBe(false);
  });
});

describe("texts", () => {
  it("counts members with separators and says the hint", () => {
    expect(membersText(1)).toBe("1 member");
    expect(membersText(50_000)).toBe("50,000 members");
    expect(hintText(50_000)).toBe("Type a name to find people among 50,000 members.");
  });
});

describe("filterMembers (a page with every member)", () => {
  const members = [
    { id: "a", name: "Ann Lee", email: "ann@x.io" },
    { id: "b", name: "Bo", email: "bo@lee.dev" },
    { id: "c", name: "Cy", email: "cy@x.io" },
  ];
  it("matches a part of the name or email in any case; a blank query keeps everyone", () => {
    expect(filterMembers(members, "LEE").map((m) => m.id)).toEqual(["a", "b"]);
    expect(filterMembers(members, "  y@ ").map((m) => m.id)).toEqual(["c"]);
    expect(filterMembers(members, "   ")).toBe(members);
    expect(filterMembers(members, "zz")).toEqual([]);
  });
});

describe("searchView", () => {
  it("hints before anything is typed, whatever the last answer", () => {
    expect(searchView("  ", answer({ q: "an", rows: [row("a")] }), 1234)).toEqual({
      kind: "hint",
      text: "Type a name to find people among 1,234 members.",
    });
  });

  it("is searching until the first answer, then lists the rows without the viewer", () => {
    expect(searchView("an", answer({ loading: true }), 10)).toEqual({ kind: "searching", text: "Searching…" });
    const v = searchView("an", answer({ q: "an", rows: [row("me"), row("a"), row("b")] }), 10, "me");
    expect(v).toMatchObject({ kind: "rows", stale: false, more: false, text: "2 people found." });
    expect(v.kind === "rows" && v.rows.map((r) => r.userId)).toEqual(["a", "b"]);
    expect(searchView("an", answer({ q: "an", rows: [row("a")] }), 10)).toMatchObject({ text: "1 person found." });
  });

  it("keeps the previous rows, marked stale, while the next answer is on its way", () => {
    const v = searchView("ann", answer({ q: "an", rows: [row("a")], loading: true }), 10);
    expect(v).toMatchObject({ kind: "rows", stale: true, text: "Searching…" });
  });

  it("says when no one matches, but not while a search for a new query runs", () => {
    expect(searchView("zed", answer({ q: "zed", rows: [] }), 10)).toEqual({ kind: "empty", text: "No one matches “zed”." });
    expect(searchView("zed", answer({ q: "ze", rows: [], loading: true }), 10).kind).toBe("searching");
    // Only the viewer matched: no one to offer.
    expect(searchView("me", answer({ q: "me", rows: [row("me")] }), 10, "me").kind).toBe("empty");
  });

  it("shows an error once its search settled; a new search is searching again", () => {
    expect(searchView("an", answer({ q: "an", error: "No answer from the server." }), 10)).toEqual({
      kind: "error",
      text: "Could not search: No answer from the server.",
    });
    expect(searchView("ann", answer({ q: "an", error: "No answer from the server.", loading: true }), 10).kind).toBe("searching");
  });

  it("says when the answer is capped", () => {
    const rows = Array.from({ length: 50 }, (_, i) => row(`u${i}`));
    const v = searchView("s", answer({ q: "s", rows }), 50_000, "u0");
    expect(v).toMatchObject({ kind: "rows", more: true, text: "49+ people found. Showing the first 49: type more of the name to narrow." });
  });
});

describe("keepPicked", () => {
  it("adds newly picked ids in order and keeps unpicked ones; answers the same list when nothing is new", () => {
    const kept = keepPicked([], new Set(["a", "b"]));
    expect(kept).toEqual(["a", "b"]);
    expect(keepPicked(kept, new Set(["b"]))).toBe(kept);
    expect(keepPicked(kept, new Set(["c", "a"]))).toEqual(["a", "b", "c"]);
  });
});

describe("rememberNames", () => {
  it("adds new and changed names, answering the same map when nothing changed", () => {
    const empty = new Map<string, string>();
    const one = rememberNames(empty, [row("a", "Ann")]);
    expect([...one]).toEqual([["a", "Ann"]]);
    expect(empty.size).toBe(0);
    expect(rememberNames(one, [row("a", "Ann")])).toBe(one);
    expect(rememberNames(one, [row("a", "Ann B"), row("b", "Bo")])).toEqual(
      new Map([
        ["a", "Ann B"],
        ["b", "Bo"],
      ]),
    );
  });
});

describe("keptOutside", () => {
  const names = new Map([
    ["a", "Ann"],
    ["b", "Bo"],
    ["c", "Cy"],
  ]);
  const nameOf = (id: string) => names.get(id);

  it("lists kept people not among the results, picked or just unpicked, in kept order", () => {
    const out = keptOutside({ kept: ["c", "a", "b"], picked: new Set(["a", "c"]), shown: new Set(["a"]), nameOf });
    expect(out).toEqual({
      rows: [
        { userId: "c", name: "Cy" },
        { userId: "b", name: "Bo" },
      ],
      unnamed: 0,
    });
  });

  it("counts picked people without a known name instead of listing them; forgets unpicked ones", () => {
    const out = keptOutside({ kept: ["a", "x", "y"], picked: new Set(["a", "x"]), shown: new Set(), nameOf });
    expect(out).toEqual({ rows: [{ userId: "a", name: "Ann" }], unnamed: 1 });
  });

  it("with single, lists only the one picked; never the viewer", () => {
    expect(keptOutside({ kept: ["a", "b"], picked: new Set(["b"]), shown: new Set(), nameOf, single: true }).rows).toEqual([
      { userId: "b", name: "Bo" },
    ]);
    expect(keptOutside({ kept: ["a", "me"], picked: new Set(["a", "me"]), shown: new Set(), nameOf, excludeId: "me" })).toEqual({
      rows: [{ userId: "a", name: "Ann" }],
      unnamed: 0,
    });
  });
});

describe("pickedOutside", () => {
  it("counts picked ids that are not among the members, nor the viewer", () => {
    const members = [{ id: "a" }, { id: "b" }];
    expect(pickedOutside(new Set(["a", "x", "y", "me"]), members, "me")).toBe(2);
    expect(pickedOutside(new Set(["a"]), members)).toBe(0);
  });
});
