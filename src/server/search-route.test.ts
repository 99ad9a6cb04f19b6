// GET /api/workspaces/:slug/search: the real route handler on PGlite and PostgreSQL (query
// checks, membership, pages through the cursor), then a PostgreSQL outage behind a proxy the
// test cuts: a 503 with Retry-After, never a 500.
import { afterAll, beforeAll, describe, expect, inject, it, vi } from "vitest";
import { PrismaClient } from "@/generated/prisma/client";
import { databases, seedTeam, useDatabase } from "@/test/databases";
import { until } from "@/test/realtime-harness";
import { startTcpProxy, type TcpProxy } from "@/test/tcp-proxy";
import type { MessageSearchPage } from "@/shared/message-search";
import { setDb } from "./db";
import { createAdapter } from "./db-adapter";
import { sendDirectMessage, sendMessage } from "./services/conversations";

const session = vi.hoisted(() => ({ current: null as null | { user: { id: string; name: string; email: string }; sessionId: string } }));
vi.mock("./auth", async (actual) => ({ ...(await actual<typeof import("./auth")>()), currentSession: async () => session.current }));

type Body = { ok: true; data: MessageSearchPage } | { ok: false; error: string };

async function get(userId: string | null, slug: string, query: string) {
  session.current = userId ? { user: { id: userId, name: "x", email: "x@test.roster" }, sessionId: "s" } : null;
  const { GET } = await import("@/app/api/workspaces/[slug]/search/route");
  const res = await GET(new Request(`http://localhost/api/workspaces/${slug}/search${query}`), { params: Promise.resolve({ slug }) });
  return { status: res.status, retryAfter: res.headers.get("retry-after"), body: (await res.json()) as Body };
}

describe.each(databases)("GET /api/workspaces/:slug/search on $name", (database) => {
  useDatabase(database);
  let team: Awaited<ReturnType<typeof seedTeam>>;
  let outsider: string;

  beforeAll(async () => {
    team = await seedTeam(["Ann", "Bob", "Cat"], "Search route");
    const dm = await sendDirectMessage(team.ids.Ann!, team.workspaceId, team.ids.Bob!, "papaya 0");
    for (let i = 1; i < 23; i++) await sendMessage(team.ids.Bob!, dm.conversation.id, `papaya ${i}`);
    outsider = (await seedTeam(["Zed"], "Search route elsewhere")).ids.Zed!;
  });

  it("pages through the cursor, for participants only", async () => {
    const first = await get(team.ids.Ann!, team.slug, "?q=papaya");
    expect(first.status).toBe(200);
    if (!first.body.ok) throw new Error(first.body.error);
    expect(first.body.data.hits).toHaveLength(20);
    expect(first.body.data.next).toBe("20");
    const second = await get(team.ids.Ann!, team.slug, `?q=papaya&cursor=${first.body.data.next}`);
    expect(second.body).toMatchObject({ ok: true, data: { next: null } });
    expect(second.body.ok && second.body.data.hits).toHaveLength(3);
    expect(await get(team.ids.Cat!, team.slug, "?q=papaya")).toMatchObject({ status: 200, body: { ok: true, data: { hits: [], next: null } } });
  });

  it("refuses bad queries with a clear 400, and answers a non-member as if the workspace did not exist", async () => {
    for (const [query, error] of [
      ["", "Type something to search for."],
      ["?q=%20%20", "Type something to search for."],
      [`?q=${"x".repeat(201)}`, "Search: at most 200 characters."],
      ["?q=papaya&cursor=abc", "Invalid cursor."],
    ] as const) {
      expect(await get(team.ids.Ann!, team.slug, query)).toMatchObject({ status: 400, body: { ok: false, error } });
    }
    const real = await get(outsider, team.slug, "?q=papaya");
    const missing = await get(outsider, "no-such-workspace-s1", "?q=papaya");
    expect(real.status).toBe(404);
    expect(real.body).toEqual(missing.body);
    expect((await get(null, team.slug, "?q=papaya")).status).toBe(401);
  });
});

describe("GET /api/workspaces/:slug/search with PostgreSQL down: 503 with Retry-After", () => {
  let proxy: TcpProxy;
  let app: PrismaClient;
  let team: Awaited<ReturnType<typeof seedTeam>>;

  beforeAll(async () => {
    proxy = await startTcpProxy("127.0.0.1", 5432);
    const schema = new URL(inject("pgUrl")).searchParams.get("schema")!;
    app = new PrismaClient({ adapter: createAdapter(`postgresql://postgres@127.0.0.1:${proxy.port}/test?schema=${schema}`) });
    setDb(app);
    team = await seedTeam(["Ann", "Bob"], "Search outage");
    await sendDirectMessage(team.ids.Ann!, team.workspaceId, team.ids.Bob!, "guava");
  });

  afterAll(async () => {
    proxy?.restore();
    await app?.$disconnect();
    await proxy?.close();
    setDb(undefined);
  });

  it("answers 503 while cut, and results again once restored", async () => {
    proxy.cut();
    try {
      const a = await get(team.ids.Ann!, team.slug, "?q=guava");
      expect(a).toMatchObject({ status: 503, body: { ok: false, error: "Temporarily unavailable; try again in a few seconds." } });
      expect(Number(a.retryAfter)).toBeGreaterThan(0);
    } finally {
      proxy.restore();
    }
    await until(async () => (await get(team.ids.Ann!, team.slug, "?q=guava")).status === 200, 10_000, "answers after PostgreSQL restore", 100);
    const ok = await get(team.ids.Ann!, team.slug, "?q=guava");
    expect(ok.body.ok && ok.body.data.hits.length).toBe(1);
  });
});
