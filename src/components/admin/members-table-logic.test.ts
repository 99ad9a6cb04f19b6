import { describe, expect, it } from "vitest";
import { countOnline, filterAndSort, type AdminMemberRow, type TableOptions } from "./members-table-logic";

const row = (r: Partial<AdminMemberRow> & Pick<AdminMemberRow, "id" | "name">): AdminMemberRow => ({
  email: `${r.name.toLowerCase()}@example.com`,
  role: "member",
  status: "offline",
  lastSeenAt: null,
  joinedAt: "2025-01-01T00:00:00.000Z",
  ...r,
});

const ROWS: AdminMemberRow[] = [
  row({ id: "u1", name: "Carol", role: "owner", status: "active", lastSeenAt: "2025-06-01T00:00:00.000Z", joinedAt: "2024-01-01T00:00:00.000Z" }),
  row({ id: "u2", name: "alice", email: "ALICE@Acme.io", role: "admin", status: "offline", lastSeenAt: "2025-06-10T00:00:00.000Z", joinedAt: "2024-05-01T00:00:00.000Z" }),
  row({ id: "u3", name: "Bob", status: "away", joinedAt: "2024-03-01T00:00:00.000Z" }),
  row({ id: "u4", name: "Dave", status: "offline", lastSeenAt: "2025-05-01T00:00:00.000Z", joinedAt: "2024-02-01T00:00:00.000Z" }),
  row({ id: "u5", name: "Erin", status: "dnd", joinedAt: "2024-04-01T00:00:00.000Z" }),
  row({ id: "u6", name: "Frank", status: "offline", lastSeenAt: null, joinedAt: "2024-06-01T00:00:00.000Z" }),
];

const base: TableOptions = { query: "", status: "all", sort: "name", dir: "asc" };
const ids = (opts: Partial<TableOptions>, rows = ROWS) => filterAndSort(rows, { ...base, ...opts }).map((r) => r.id);

describe("filterAndSort: search", () => {
  it("matches name case-insensitively", () => {
    expect(ids({ query: "ALI" })).toEqual(["u2"]);
    expect(ids({ query: "bo" })).toEqual(["u3"]);
  });
  it("matches email case-insensitively", () => {
    expect(ids({ query: "acme.IO" })).toEqual(["u2"]);
    expect(ids({ query: "example.com" })).toEqual(["u3", "u1", "u4", "u5", "u6"]);
  });
  it("ignores surrounding whitespace and an empty query", () => {
    expect(ids({ query: "  dave " })).toEqual(["u4"]);
    expect(ids({ query: "   " })).toHaveLength(ROWS.length);
  });
  it("returns nothing when nothing matches", () => {
    expect(ids({ query: "zzz" })).toEqual([]);
  });
});

describe("filterAndSort: status filter", () => {
  it("keeps only the chosen status", () => {
    expect(ids({ status: "offline" })).toEqual(["u2", "u4", "u6"]);
    expect(ids({ status: "active" })).toEqual(["u1"]);
    expect(ids({ status: "away" })).toEqual(["u3"]);
    expect(ids({ status: "dnd" })).toEqual(["u5"]);
  });
  it("combines with the query", () => {
    expect(ids({ status: "offline", query: "a" })).toEqual(["u2", "u4", "u6"]);
    expect(ids({ status: "offline", query: "frank" })).toEqual(["u6"]);
    expect(ids({ status: "active", query: "frank" })).toEqual([]);
  });
});

describe("filterAndSort: sorting", () => {
  it("sorts by name, case-insensitively, both ways", () => {
    expect(ids({ sort: "name" })).toEqual(["u2", "u3", "u1", "u4", "u5", "u6"]);
    expect(ids({ sort: "name", dir: "desc" })).toEqual(["u6", "u5", "u4", "u1", "u3", "u2"]);
  });
  it("sorts by status in member-list order, ties by name", () => {
    expect(ids({ sort: "status" })).toEqual(["u1", "u3", "u5", "u2", "u4", "u6"]);
    expect(ids({ sort: "status", dir: "desc" })).toEqual(["u2", "u4", "u6", "u5", "u3", "u1"]);
  });
  it("sorts by last seen: online as now, null as oldest", () => {
    // desc: online members (Bob, Carol, Erin by name), then u2 (Jun 10), u4 (May 1), u6 (never)
    expect(ids({ sort: "lastSeen", dir: "desc" })).toEqual(["u3", "u1", "u5", "u2", "u4", "u6"]);
    expect(ids({ sort: "lastSeen", dir: "asc" })).toEqual(["u6", "u4", "u2", "u3", "u1", "u5"]);
  });
  it("ignores an online member's stored last seen", () => {
    // Carol (active) has an old lastSeenAt but still counts as now.
    const order = ids({ sort: "lastSeen", dir: "desc" });
    expect(order.indexOf("u1")).toBeLessThan(order.indexOf("u2"));
  });
  it("breaks last-seen ties by name", () => {
    const rows = [
      row({ id: "b", name: "Zed", lastSeenAt: "2025-06-01T00:00:00.000Z" }),
      row({ id: "a", name: "Amy", lastSeenAt: "2025-06-01T00:00:00.000Z" }),
      row({ id: "n1", name: "Yan", lastSeenAt: null }),
      row({ id: "n2", name: "Bea", lastSeenAt: null }),
    ];
    expect(ids({ sort: "lastSeen", dir: "desc" }, rows)).toEqual(["a", "b", "n2", "n1"]);
    expect(ids({ sort: "lastSeen", dir: "asc" }, rows)).toEqual(["n2", "n1", "a", "b"]);
  });
  it("puts private last seen below exact times, 'recently' first, and above 'never'", () => {
    const rows = [
      row({ id: "long", name: "Lee", lastSeenAt: null, lastSeen: "long" }),
      row({ id: "exact", name: "Eve", lastSeenAt: "2020-01-01T00:00:00.000Z" }),
      row({ id: "never", name: "Ned", lastSeenAt: null }),
      row({ id: "recent", name: "Rae", lastSeenAt: null, lastSeen: "recently" }),
      row({ id: "week", name: "Wes", lastSeenAt: null, lastSeen: "week" }),
    ];
    expect(ids({ sort: "lastSeen", dir: "desc" }, rows)).toEqual(["exact", "recent", "week", "long", "never"]);
  });
  it("sorts by joined date", () => {
    expect(ids({ sort: "joined" })).toEqual(["u1", "u4", "u3", "u5", "u2", "u6"]);
    expect(ids({ sort: "joined", dir: "desc" })).toEqual(["u6", "u2", "u5", "u3", "u4", "u1"]);
  });
  it("breaks joined ties by name", () => {
    const rows = [row({ id: "z", name: "Zoe" }), row({ id: "a", name: "Amy" })];
    expect(ids({ sort: "joined", dir: "desc" }, rows)).toEqual(["a", "z"]);
  });
  it("sorts by email and by role", () => {
    expect(ids({ sort: "email" })).toEqual(["u2", "u3", "u1", "u4", "u5", "u6"]);
    expect(ids({ sort: "role" })).toEqual(["u1", "u2", "u3", "u4", "u5", "u6"]);
  });
  it("does not mutate its input", () => {
    const copy = [...ROWS];
    filterAndSort(ROWS, { ...base, sort: "joined", dir: "desc" });
    expect(ROWS).toEqual(copy);
  });
});

describe("countOnline", () => {
  it("counts everyone not offline", () => {
    expect(countOnline(ROWS)).toBe(3);
    expect(countOnline([])).toBe(0);
  });
});
