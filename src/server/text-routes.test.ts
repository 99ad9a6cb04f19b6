// The three 500s of issue 17 over HTTP: sign-up, workspace creation and status text with a lone
// surrogate. The real route handlers behind a plain HTTP server, once with the request guard in
// front (as server.ts runs them) and once without it (the routes' own check), on PostgreSQL.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { databases, uniqueEmail } from "@/test/databases";
import type { PrismaClient } from "@/generated/prisma/client";
import { setDb } from "./db";
import { createGuard } from "./http-guard";
import { registerCommands, type Commands } from "./commands";

const session = vi.hoisted(() => ({ current: null as null | { user: { id: string; name: string; email: string }; sessionId: string } }));
vi.mock("./auth", async (actual) => ({ ...(await actual<typeof import("./auth")>()), currentSession: async () => session.current }));

const postgres = databases.find((d) => d.name === "postgres")!;

type Route = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;

/** A server that hands requests to the real route handlers, with or without the guard in front. */
async function serve(routes: Record<string, Route>, guarded: boolean) {
  const guard = createGuard({ dev: false, trustProxy: false, serveMetrics: async (_q, s) => void s.end() });
  const server = http.createServer(async (req, res) => {
    if (guarded && (await guard(req, res)) !== "next") return;
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const route = routes[`${req.method} ${req.url}`];
    if (!route) return void res.writeHead(404).end();
    const answer = await route(new Request(`http://localhost${req.url}`, { method: req.method, headers: { "content-type": "application/json" }, body: Buffer.concat(chunks) }), {
      params: Promise.resolve({}),
    });
    res.writeHead(answer.status, { "content-type": answer.headers.get("content-type") ?? "application/json" });
    res.end(Buffer.from(await answer.arrayBuffer()));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return { server, port: (server.address() as AddressInfo).port };
}

describe("lone surrogates over HTTP answer 400 naming the field, never 500 (PostgreSQL)", () => {
  let client: PrismaClient;
  let unregister = () => {};
  const statusCalls: unknown[] = [];
  const servers: http.Server[] = [];
  const ports: Record<"guarded" | "bare", number> = { guarded: 0, bare: 0 };

  beforeAll(async () => {
    client = postgres.connect();
    setDb(client);
    const user = await client.user.create({ data: { email: uniqueEmail("text"), name: "Ada", passwordHash: "x", emailVerifiedAt: new Date() } });
    session.current = { user: { id: user.id, name: user.name, email: user.email }, sessionId: "s" };
    unregister = registerCommands({
      statuses: { set: async (_userId: string, s: unknown) => (statusCalls.push(s), { custom: null }), clear: async () => ({ custom: null }) },
    } as unknown as Commands);
    const routes: Record<string, Route> = {
      "POST /api/signup": (await import("@/app/api/signup/route")).POST as Route,
      "POST /api/workspaces": (await import("@/app/api/workspaces/route")).POST as Route,
      "PUT /api/me/status": (await import("@/app/api/me/status/route")).PUT as Route,
    };
    for (const kind of ["guarded", "bare"] as const) {
      const s = await serve(routes, kind === "guarded");
      servers.push(s.server);
      ports[kind] = s.port;
    }
  });

  afterAll(async () => {
    unregister();
    for (const s of servers) await new Promise<void>((r) => s.close(() => r()));
    await postgres.close(client);
    setDb(undefined);
  });

  /** Sends raw JSON text (so "\\udfff" stays a JSON escape) and returns the status and body. */
  async function send(kind: "guarded" | "bare", method: string, path: string, json: string) {
    const res = await fetch(`http://127.0.0.1:${ports[kind]}${path}`, { method, headers: { "content-type": "application/json" }, body: json });
    return { status: res.status, body: (await res.json()) as { ok: boolean; error?: string } };
  }

  for (const kind of ["guarded", "bare"] as const) {
    it(`${kind}: POST /api/signup {"name":"\\udfff"} (signed out)`, async () => {
      const body = `{"name":"\\udfff","email":"${uniqueEmail("surrogate")}","password":"correct horse battery staple"}`;
      expect(await send(kind, "POST", "/api/signup", body)).toEqual({ status: 400, body: { ok: false, error: "Name contains an invalid character." } });
    });

    it(`${kind}: POST /api/workspaces {"name":"ab\\ud800"}; a name with emoji still works`, async () => {
      const bad = await send(kind, "POST", "/api/workspaces", `{"name":"ab\\ud800"}`);
      expect(bad.status).toBe(400);
      // The guard names the JSON key; the route's schema names the field as the form does.
      expect(bad.body).toEqual({ ok: false, error: kind === "guarded" ? "Name contains an invalid character." : "Workspace name contains an invalid character." });
      const good = await send(kind, "POST", "/api/workspaces", `{"name":"Rocket \\ud83d\\ude80 ${kind}"}`);
      expect(good.status).toBe(201);
    });

    it(`${kind}: PUT /api/me/status {"text":"\\ud83d"} never reaches the status service`, async () => {
      const before = statusCalls.length;
      const error = kind === "guarded" ? "Text contains an invalid character." : "The status contains an invalid character.";
      expect(await send(kind, "PUT", "/api/me/status", `{"text":"\\ud83d"}`)).toEqual({ status: 400, body: { ok: false, error } });
      expect(statusCalls.length).toBe(before);
    });
  }

  it("names with control or bidi characters are refused by the routes' schemas (the guard lets them through)", async () => {
    const spoof = await send("guarded", "POST", "/api/workspaces", `{"name":"Admin\\u202e (nimda)\\u0007\\b"}`);
    expect(spoof).toEqual({ status: 400, body: { ok: false, error: "Workspace name cannot contain control characters." } });
    const rlo = await send("guarded", "POST", "/api/workspaces", `{"name":"Admin\\u202e (nimda)"}`);
    expect(rlo).toEqual({ status: 400, body: { ok: false, error: "Workspace name cannot contain text direction characters." } });
    const status = await send("guarded", "PUT", "/api/me/status", `{"text":"away\\u2066"}`);
    expect(status).toEqual({ status: 400, body: { ok: false, error: "The status cannot contain text direction characters." } });
    const signUp = await send("guarded", "POST", "/api/signup", `{"name":"Admin\\u202e (nimda)","email":"${uniqueEmail("rlo")}","password":"correct horse battery staple"}`);
    expect(signUp).toEqual({ status: 400, body: { ok: false, error: "Name cannot contain text direction characters." } });
  });
});
