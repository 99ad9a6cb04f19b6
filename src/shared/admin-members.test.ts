import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { adminMembersQuery, countOnline, filterAndSort, MEMBER_ROLES, pageOf, SORT_KEYS, usesPresence, type AdminMemberRow, type TableOptions } from "./admin-members";
import { LAST_SEEN_BUCKETS, PRESENCE_STATUSES, STATUS_ORDER } from "./presence";
import { firstError } from "./schemas";

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

describe("filterAndSort: role filter", () => {
  it("keeps only the chosen role, with the other filters", () => {
    expect(ids({ role: "owner" })).toEqual(["u1"]);
    expect(ids({ role: "admin" })).toEqual(["u2"]);
    expect(ids({ role: "member" })).toEqual(["u3", "u4", "u5", "u6"]);
    expect(ids({ role: "member", status: "offline" })).toEqual(["u4", "u6"]);
    expect(ids({ role: "member", query: "er" })).toEqual(["u5"]);
    expect(ids({ role: "all" })).toHaveLength(ROWS.length);
  });
});

describe("pageOf", () => {
  const many = Array.from({ length: 7 }, (_, i) =>
    row({ id: `m${i}`, name: `Member ${i}`, status: i % 3 === 0 ? "active" : "offline", lastSeenAt: `2025-06-0${i + 1}T00:00:00.000Z` }),
  );
  it("answers one page of the sorted rows, the total that match and the workspace's counts", () => {
    expect(pageOf(many, { ...base, page: 1, size: 3 })).toMatchObject({ total: 7, page: 1, size: 3, counts: { online: 3, all: 7 } });
    expect(pageOf(many, { ...base, page: 1, size: 3 }).rows.map((r) => r.id)).toEqual(["m0", "m1", "m2"]);
    expect(pageOf(many, { ...base, page: 3, size: 3 }).rows.map((r) => r.id)).toEqual(["m6"]);
    expect(pageOf(many, { ...base, page: 2, size: 3, sort: "name", dir: "desc" }).rows.map((r) => r.id)).toEqual(["m3", "m2", "m1"]);
  });
  it("counts the filtered total, while the counts stay over every member", () => {
    const p = pageOf(many, { ...base, status: "offline", sort: "lastSeen", dir: "desc", page: 1, size: 2 });
    expect(p.rows.map((r) => r.id)).toEqual(["m5", "m4"]);
    expect(p.total).toBe(4);
    expect(p.counts).toEqual({ online: 3, all: 7 });
  });
  it("takes counts worked out elsewhere when given", () => {
    expect(pageOf(many, { ...base, page: 1, size: 3 }, { online: 5, all: 9 }).counts).toEqual({ online: 5, all: 9 });
  });
  it("answers an empty page past the end, and never more than 100 rows", () => {
    expect(pageOf(many, { ...base, page: 4, size: 3 })).toMatchObject({ rows: [], total: 7, page: 4 });
    const big = Array.from({ length: 150 }, (_, i) => row({ id: `b${i}`, name: `B${String(i).padStart(3, "0")}` }));
    expect(pageOf(big, { ...base, page: 1, size: 500 }).rows).toHaveLength(100);
    expect(pageOf(big, { ...base, page: 2, size: 100 }).rows.map((r) => r.id).slice(0, 2)).toEqual(["b100", "b101"]);
  });
});

describe("usesPresence", () => {
  it("holds for a status filter and the status and last-seen sorts only", () => {
    expect(usesPresence({ status: "all", sort: "name" })).toBe(false);
    expect(usesPresence({ status: "all", sort: "joined" })).toBe(false);
    expect(usesPresence({ status: "offline", sort: "name" })).toBe(true);
    expect(usesPresence({ status: "all", sort: "status" })).toBe(true);
    expect(usesPresence({ status: "all", sort: "lastSeen" })).toBe(true);
  });
  it("otherwise the rows and their order do not depend on presence (any presence, any query)", () => {
    const presence = fc.record({
      status: fc.constantFrom(...PRESENCE_STATUSES),
      lastSeenAt: fc.option(fc.constantFrom("2025-01-01T00:00:00.000Z", "2025-06-01T00:00:00.000Z"), { nil: null }),
      lastSeen: fc.option(fc.constantFrom(...LAST_SEEN_BUCKETS), { nil: undefined }),
    });
    const member = fc.record({
      name: fc.constantFrom("Ann", "ann", "Bob", "Émile", "Zoë", "bob"),
      email: fc.constantFrom("a@x.io", "B@x.io", "c@y.io"),
      role: fc.constantFrom(...MEMBER_ROLES),
      joinedAt: fc.constantFrom("2024-01-01T00:00:00.000Z", "2024-02-01T00:00:00.000Z"),
    });
    const opts = fc.record({
      query: fc.constantFrom("", "a", "X.IO", "b"),
      status: fc.constant("all" as const),
      role: fc.constantFrom("all" as const, ...MEMBER_ROLES),
      sort: fc.constantFrom(...SORT_KEYS.filter((k) => k !== "status" && k !== "lastSeen")),
      dir: fc.constantFrom("asc" as const, "desc" as const),
    });
    fc.assert(
      fc.property(fc.array(fc.tuple(member, presence, presence), { maxLength: 12 }), opts, (people, o) => {
        expect(usesPresence(o)).toBe(false);
        const one = people.map(([m, p], i) => ({ id: `u${i}`, ...m, ...p }));
        const two = people.map(([m, , p], i) => ({ id: `u${i}`, ...m, ...p }));
        expect(filterAndSort(one, o).map((r) => r.id)).toEqual(filterAndSort(two, o).map((r) => r.id));
      }),
    );
  });
});

describe("adminMembersQuery", () => {
  const parse = (q: string) => {
    const r = adminMembersQuery.safeParse(Object.fromEntries(new URLSearchParams(q)));
    return r.success ? r.data : firstError(r.error);
  };
  it("fills in the defaults", () => {
    expect(parse("")).toEqual({ page: 1, size: 50, status: "all", role: "all", q: "", sort: "name" });
    expect(parse("page=3&size=100&status=offline&role=admin&q=ann&sort=lastSeen&dir=asc")).toEqual({
      page: 3,
      size: 100,
      status: "offline",
      role: "admin",
      q: "ann",
      sort: "lastSeen",
      dir: "asc",
    });
  });
  it("refuses a page size above 100 and other bad values with a clear message", () => {
    expect(parse("size=101")).toBe("Page size must be at most 100.");
    expect(parse("size=0")).toBe("Page size must be a whole number of at least 1.");
    expect(parse("page=abc")).toBe("Page must be a whole number of at least 1.");
    expect(parse("page=1.5")).toBe("Page must be a whole number of at least 1.");
    expect(parse("status=invisible")).toBe("Status must be all, active, away, dnd or offline.");
    expect(parse("role=king")).toBe("Role must be all, owner, admin or member.");
    expect(parse("sort=password")).toBe("Sort must be name, email, role, status, lastSeen or joined.");
    expect(parse("dir=up")).toBe("Direction must be asc or desc.");
  });
});

describe("filterAndSort: the same order as comparing with localeCompare on every step", () => {
  // The implementation before collators were made once and keys worked out once per row (kept as the reference).
  const ROLE_ORDER = { owner: 0, admin: 1, member: 2 } as const;
  const byName = (a: AdminMemberRow, b: AdminMemberRow) => a.name.localeCompare(b.name, undefined, { sensitivity: "base" }) || a.id.localeCompare(b.id);
  function lastSeenValue(row: AdminMemberRow): number {
    if (row.status !== "offline") return Number.POSITIVE_INFINITY;
    if (row.lastSeen) return -1 - LAST_SEEN_BUCKETS.indexOf(row.lastSeen);
    if (!row.lastSeenAt) return Number.NEGATIVE_INFINITY;
    const t = Date.parse(row.lastSeenAt);
    return Number.isNaN(t) ? Number.NEGATIVE_INFINITY : t;
  }
  function compareKey(a: AdminMemberRow, b: AdminMemberRow, sort: TableOptions["sort"]): number {
    switch (sort) {
      case "name":
        return 0;
      case "email":
        return a.email.localeCompare(b.email, undefined, { sensitivity: "base" });
      case "role":
        return ROLE_ORDER[a.role] - ROLE_ORDER[b.role];
      case "status":
        return STATUS_ORDER[a.status] - STATUS_ORDER[b.status];
      case "lastSeen": {
        const x = lastSeenValue(a);
        const y = lastSeenValue(b);
        return x === y ? 0 : x < y ? -1 : 1;
      }
      case "joined":
        return Date.parse(a.joinedAt) - Date.parse(b.joinedAt) || 0;
    }
  }
  const reference = (rows: readonly AdminMemberRow[], opts: TableOptions) => {
    const sign = opts.dir === "desc" ? -1 : 1;
    const role = opts.role ?? "all";
    const q = opts.query.trim().toLowerCase();
    return rows
      .filter((r) => (opts.status === "all" || r.status === opts.status) && (role === "all" || r.role === role) && (!q || r.name.toLowerCase().includes(q) || r.email.toLowerCase().includes(q)))
      .sort((a, b) => (opts.sort === "name" ? sign * byName(a, b) : sign * compareKey(a, b, opts.sort) || byName(a, b)));
  };

  const NAMES = ["ann", "Ann", "Änn", "ANN", "Bob", "bob ", "Émile", "emile", "Zoë", "zoe", "O'Brien", "Ōta", "李雷", "", " ", "a-b", "ab"];
  const TIMES = ["2025-01-01T00:00:00.000Z", "2025-01-01T00:00:00.000Z", "2024-06-30T12:00:00.000Z", "not a date", ""];
  const arbRow = fc.record({
    id: fc.constantFrom("u1", "u2", "U1", "u10", "u9", "a", "b", "B", "c-1", "c_1"),
    name: fc.constantFrom(...NAMES),
    email: fc.constantFrom("a@x.io", "A@x.io", "b@x.io", "é@x.io", "e@x.io"),
    role: fc.constantFrom(...MEMBER_ROLES),
    status: fc.constantFrom(...PRESENCE_STATUSES),
    lastSeenAt: fc.option(fc.constantFrom(...TIMES), { nil: null }),
    lastSeen: fc.option(fc.constantFrom(...LAST_SEEN_BUCKETS), { nil: undefined }),
    joinedAt: fc.constantFrom(...TIMES),
  });
  const arbOpts = fc.record({
    query: fc.constantFrom("", "  ", "an", "ÄN", "x.io", "b"),
    status: fc.constantFrom("all" as const, ...PRESENCE_STATUSES),
    role: fc.constantFrom("all" as const, ...MEMBER_ROLES),
    sort: fc.constantFrom(...SORT_KEYS),
    dir: fc.constantFrom("asc" as const, "desc" as const),
  });

  it("for any rows and options", () => {
    fc.assert(
      fc.property(fc.array(arbRow, { maxLength: 40 }), arbOpts, (drafts, opts) => {
        const rows = drafts.map((r) => {
          const { lastSeen, ...rest } = r;
          return lastSeen ? { ...rest, lastSeen } : rest;
        });
        expect(filterAndSort(rows, opts)).toEqual(reference(rows, opts));
      }),
      { numRuns: 2_000 },
    );
  });
});
