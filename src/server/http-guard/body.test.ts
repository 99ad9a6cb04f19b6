import http from "node:http";
import net from "node:net";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createGuard } from "./index";

// The guard in front of a plain handler that reads the body the way Next.js does (data events).
let server: http.Server;
let port = 0;

beforeAll(async () => {
  const guard = createGuard({ dev: false, trustProxy: false, metricsToken: "metrics-token-0123456789", serveMetrics: async (_q, s) => void s.end("m 1\n") });
  server = http.createServer((req, res) => {
    void guard(req, res).then((v) => {
      if (v !== "next") return;
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => res.end(JSON.stringify({ got: Buffer.concat(chunks).length, ip: req.headers["x-roster-client-ip"] })));
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

/** Sends raw bytes, returns the status line's code (0 when the connection closed without an answer). */
function raw(head: string, body: (s: net.Socket) => void = () => {}): Promise<{ status: number; text: string }> {
  return new Promise((resolve) => {
    const s = net.connect(port, "127.0.0.1");
    let text = "";
    s.on("data", (d) => (text += d.toString("latin1")));
    s.on("error", () => {});
    s.on("close", () => resolve({ status: Number(/^HTTP\/1\.1 (\d+)/.exec(text)?.[1] ?? 0), text }));
    s.write(head);
    body(s);
  });
}

describe("body limit", () => {
  it("passes a body under the limit through intact, chunked or not", async () => {
    const body = "x".repeat(60_000);
    const a = await raw(`POST /api/x HTTP/1.1\r\nHost: a\r\nContent-Type: application/json\r\nContent-Length: ${body.length + 2}\r\nConnection: close\r\n\r\n"${body}"`);
    expect(a.status).toBe(200);
    expect(a.text).toContain('"got":60002');
    const b = await raw(`POST /api/x HTTP/1.1\r\nHost: a\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n`, (s) => {
      s.write(`1\r\n"\r\n`);
      s.write(`${(30_000).toString(16)}\r\n${"y".repeat(30_000)}\r\n`);
      s.end(`1\r\n"\r\n0\r\n\r\n`);
    });
    expect(b.status).toBe(200);
    expect(b.text).toContain('"got":30002');
    expect(b.text).toContain('"ip":"127.0.0.1"');
  });
  it("answers 413 at once to a declared length over the limit", async () => {
    const r = await raw(`POST /api/signup HTTP/1.1\r\nHost: a\r\nContent-Type: application/json\r\nContent-Length: ${100 * 1024}\r\n\r\n`);
    expect(r.status).toBe(413);
  });
  it("cuts a chunked body at the limit with a 413", async () => {
    const r = await raw(`POST /api/auth/callback/credentials HTTP/1.1\r\nHost: a\r\nContent-Type: application/x-www-form-urlencoded\r\nTransfer-Encoding: chunked\r\n\r\n`, (s) => {
      const chunk = `${(16 * 1024).toString(16)}\r\n${"a".repeat(16 * 1024)}\r\n`;
      let sent = 0;
      const t = setInterval(() => {
        if (s.destroyed || sent++ > 200) return void clearInterval(t);
        s.write(chunk);
      }, 2);
    });
    expect(r.status).toBe(413);
  });
  it("lets a picture upload be larger (5 MB) than other bodies, and cuts it at its own limit", async () => {
    const ok = await raw(`POST /api/me/avatar HTTP/1.1\r\nHost: a\r\nContent-Type: image/png\r\nContent-Length: ${1024 * 1024}\r\nConnection: close\r\n\r\n`, (s) => s.write(Buffer.alloc(1024 * 1024)));
    expect(ok.status).toBe(200);
    expect(ok.text).toContain(`"got":${1024 * 1024}`);
    const declared = await raw(`POST /api/me/avatar HTTP/1.1\r\nHost: a\r\nContent-Type: image/png\r\nContent-Length: ${5 * 1024 * 1024 + 1}\r\n\r\n`);
    expect(declared.status).toBe(413);
    const streamed = await raw(`POST /api/me/avatar HTTP/1.1\r\nHost: a\r\nContent-Type: image/png\r\nTransfer-Encoding: chunked\r\n\r\n`, (s) => {
      const chunk = Buffer.concat([Buffer.from(`${(256 * 1024).toString(16)}\r\n`), Buffer.alloc(256 * 1024), Buffer.from("\r\n")]);
      let sent = 0;
      const t = setInterval(() => {
        if (s.destroyed || sent++ > 40) return void clearInterval(t);
        s.write(chunk);
      }, 2);
    });
    expect(streamed.status).toBe(413);
    // Elsewhere the common limit holds.
    const other = await raw(`POST /api/me/profile HTTP/1.1\r\nHost: a\r\nContent-Type: application/json\r\nContent-Length: ${1024 * 1024}\r\n\r\n`);
    expect(other.status).toBe(413);
  });
  it("refuses malformed JSON and NUL before the handler", async () => {
    const r = await raw(`POST /api/signup HTTP/1.1\r\nHost: a\r\nContent-Type: application/json\r\nContent-Length: 5\r\nConnection: close\r\n\r\n{"a":`);
    expect(r.status).toBe(400);
    const n = `{"a":"\\u0000"}`;
    const r2 = await raw(`POST /api/signup HTTP/1.1\r\nHost: a\r\nContent-Type: application/json\r\nContent-Length: ${n.length}\r\nConnection: close\r\n\r\n${n}`);
    expect(r2.status).toBe(400);
    expect(r2.text).toContain("NUL");
  });
  it("overwrites a client-sent address header", async () => {
    const r = await raw(`GET /x HTTP/1.1\r\nHost: a\r\nX-Roster-Client-IP: 6.6.6.6\r\nX-Forwarded-For: 6.6.6.6\r\nConnection: close\r\n\r\n`);
    expect(r.text).toContain('"ip":"127.0.0.1"');
  });
});

describe("with a public https URL in production", () => {
  let pub: http.Server;
  let pubPort = 0;
  beforeAll(async () => {
    const guard = createGuard({ dev: false, trustProxy: true, publicUrl: "https://roster.example.com", serveMetrics: async () => {} });
    pub = http.createServer((req, res) => void guard(req, res).then((v) => v === "next" && res.end(String(req.headers["x-roster-client-ip"]))));
    await new Promise<void>((r) => pub.listen(0, "127.0.0.1", r));
    pubPort = (pub.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((r) => pub.close(() => r())));

  const get = (headers: Record<string, string>, method = "GET") =>
    fetch(`http://127.0.0.1:${pubPort}/api/x`, { method, headers, body: method === "GET" ? undefined : "{}" });

  it("sends HSTS, takes the address from the proxy, and checks Origin against NEXTAUTH_URL, not Host", async () => {
    const res = await get({ "x-forwarded-for": "6.6.6.6, 203.0.113.7" });
    expect(res.headers.get("strict-transport-security")).toBe("max-age=31536000; includeSubDomains");
    expect(res.headers.get("content-security-policy")).toContain("wss://roster.example.com");
    expect(await res.text()).toBe("203.0.113.7");
    const json = { "content-type": "application/json" };
    expect((await get({ ...json, origin: "https://roster.example.com" }, "POST")).status).toBe(200);
    expect((await get({ ...json, origin: `http://127.0.0.1:${pubPort}` }, "POST")).status).toBe(403);
  });
});

describe("metrics on the app port", () => {
  it("needs the bearer token", async () => {
    const get = (auth?: string) => fetch(`http://127.0.0.1:${port}/metrics`, { headers: auth ? { authorization: auth } : {} });
    expect((await get()).status).toBe(401);
    expect((await get("Bearer nope")).status).toBe(401);
    const ok = await get("Bearer metrics-token-0123456789");
    expect(ok.status).toBe(200);
    expect(await ok.text()).toBe("m 1\n");
  });
});
