import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { checkBody, checkContentType, checkHost, checkLength, checkMethod, checkOrigin, checkRoute, checkUrl, forwardedHost, ownOrigins } from "./checks";
import { unstorableText } from "@/shared/text";
import { clientAddress } from "./client-ip";
import { contentSecurityPolicy, securityHeaders } from "./headers";
import { metricsAccess } from "./metrics-access";
import { makePrivate } from "../private-files";

describe("client address", () => {
  it("is the socket's address without TRUST_PROXY, whatever X-Forwarded-For says", () => {
    expect(clientAddress("::ffff:10.1.2.3", "6.6.6.6", false)).toBe("10.1.2.3");
    expect(clientAddress("203.0.113.9", undefined, false)).toBe("203.0.113.9");
    expect(clientAddress(undefined, undefined, false)).toBe("unknown");
  });
  it("with TRUST_PROXY, is the right-most external hop; hops the client wrote to its left are ignored", () => {
    expect(clientAddress("127.0.0.1", "203.0.113.9", true)).toBe("203.0.113.9");
    expect(clientAddress("127.0.0.1", "6.6.6.6, 203.0.113.9", true)).toBe("203.0.113.9");
    expect(clientAddress("127.0.0.1", "6.6.6.6, 203.0.113.9, 10.0.0.2", true)).toBe("203.0.113.9");
    expect(clientAddress("127.0.0.1", ["6.6.6.6", "203.0.113.9, 192.168.1.1"], true)).toBe("203.0.113.9");
  });
  it("with TRUST_PROXY, an all-internal chain gives its right-most hop; garbage ends the chain", () => {
    expect(clientAddress("127.0.0.1", "10.9.9.9, 10.0.0.5", true)).toBe("10.0.0.5");
    expect(clientAddress("127.0.0.1", "203.0.113.9, not-an-ip", true)).toBe("127.0.0.1");
    expect(clientAddress("127.0.0.1", "", true)).toBe("127.0.0.1");
    expect(clientAddress("127.0.0.1", "2001:db8::1", true)).toBe("2001:db8::1");
  });
});

describe("URL check", () => {
  it("passes ordinary paths and queries", () => {
    for (const u of ["/", "/w/demo", "/api/auth/csrf", "/w/%C3%A9t%C3%A9?x=1&y=a+b%20c", "/signin?callbackUrl=%2Fw%2Fdemo"]) expect(checkUrl(u)).toBeNull();
  });
  it("refuses bad % escapes in the path, control characters, NUL anywhere, and over-long URLs", () => {
    expect(checkUrl("/w/%E0%A4%A")?.status).toBe(400);
    expect(checkUrl("/w/%zz")?.status).toBe(400);
    expect(checkUrl("/w/%")?.status).toBe(400);
    expect(checkUrl("/w/a%00b")?.status).toBe(400);
    expect(checkUrl("/w/a%0Ab")?.status).toBe(400);
    expect(checkUrl("/w/a\u0001b")?.status).toBe(400);
    expect(checkUrl("/signin?x=%00")?.status).toBe(400);
    expect(checkUrl("/api/auth/providers?callbackUrl=%zz")?.status).toBe(400);
    expect(checkUrl("/" + "a".repeat(5000))?.status).toBe(414);
    expect(checkUrl("http://evil/")?.status).toBe(400);
    expect(checkUrl("*")?.status).toBe(400);
    expect(checkUrl("")?.status).toBe(400);
  });
});

describe("methods and routes", () => {
  it("allows the HTTP methods the app uses, refuses others with 405", () => {
    for (const m of ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]) expect(checkMethod(m)).toBeNull();
    for (const m of ["TRACE", "CONNECT", "PROPFIND", "FOO", undefined]) expect(checkMethod(m)?.status).toBe(405);
  });
  it("passes next-auth only the actions it serves, on their methods", () => {
    expect(checkRoute("GET", "/api/auth/callback/credentials")?.status).toBe(405);
    expect(checkRoute("POST", "/api/auth/callback/credentials")).toBeNull();
    expect(checkRoute("POST", "/api/auth/callback")?.status).toBe(405);
    expect(checkRoute("GET", "/api/auth/session")).toBeNull();
    expect(checkRoute("HEAD", "/api/auth/csrf")).toBeNull();
    expect(checkRoute("POST", "/api/auth/signout")).toBeNull();
    expect(checkRoute("POST", "/api/auth/_log")).toBeNull();
    expect(checkRoute("POST", "/api/auth/csrf")?.status).toBe(405);
    expect(checkRoute("GET", "/api/auth/nope")?.status).toBe(404);
    expect(checkRoute("GET", "/api/auth")?.status).toBe(404);
    expect(checkRoute("GET", "/api/auth/session/x")?.status).toBe(404);
    expect(checkRoute("DELETE", "/api/workspaces/x/members/y")).toBeNull();
  });
  it("needs a sound Host header", () => {
    for (const h of ["localhost:3000", "roster.example.com", "127.0.0.1:80", "[::1]:3000", "example.com."]) expect(checkHost(h)).toBeNull();
    for (const h of [undefined, "", "a b", "evil.example/x", "host:port", "a@b", "[::1"]) expect(checkHost(h)?.status).toBe(400);
  });
});

describe("origin decision", () => {
  const own = ownOrigins(undefined, "localhost:3000");
  const check = (method: string, origin?: string, secFetchSite?: string, o = own) => checkOrigin({ method, origin, secFetchSite, own: o })?.status ?? 200;
  it("allows same-origin mutations and requests from outside browsers (no Origin, no Sec-Fetch-Site)", () => {
    expect(check("POST", "http://localhost:3000", "same-origin")).toBe(200);
    expect(check("POST", "https://localhost:3000")).toBe(200);
    expect(check("DELETE", undefined, "none")).toBe(200);
    expect(check("POST")).toBe(200);
  });
  it("refuses a foreign Origin, a null Origin and a cross-site or same-site fetch", () => {
    expect(check("POST", "http://evil.example")).toBe(403);
    expect(check("POST", "null")).toBe(403);
    expect(check("PUT", "http://localhost:3001")).toBe(403);
    expect(check("PATCH", undefined, "cross-site")).toBe(403);
    expect(check("POST", "http://localhost:3000", "same-site")).toBe(403);
  });
  it("never checks reads", () => {
    expect(check("GET", "http://evil.example", "cross-site")).toBe(200);
  });
  it("behind a trusted proxy, the forwarded host counts too", () => {
    const own2 = ownOrigins(undefined, "backend:3000", forwardedHost("evil.example, roster.example.com"));
    expect(check("POST", "https://roster.example.com", undefined, own2)).toBe(200);
    expect(check("POST", "https://evil.example", undefined, own2)).toBe(403);
    expect(forwardedHost("a b")).toBeUndefined();
  });
  it("with NEXTAUTH_URL, only its origin counts, not the Host header", () => {
    const pub = ownOrigins("https://roster.example.com/app", "evil.example");
    expect(pub).toEqual(["https://roster.example.com"]);
    expect(check("POST", "https://roster.example.com", undefined, pub)).toBe(200);
    expect(check("POST", "http://roster.example.com", undefined, pub)).toBe(403);
    expect(check("POST", "http://evil.example", undefined, pub)).toBe(403);
  });
});

describe("content types", () => {
  const ct = (method: string, path: string, contentType: string | undefined, hasBody = true) =>
    checkContentType({ method, path, contentType, hasBody })?.status ?? 200;
  it("JSON API mutations need application/json", () => {
    expect(ct("POST", "/api/workspaces", "application/json")).toBe(200);
    expect(ct("POST", "/api/workspaces", "Application/JSON; charset=utf-8")).toBe(200);
    expect(ct("POST", "/api/workspaces", "text/plain")).toBe(415);
    expect(ct("POST", "/api/workspaces", "application/x-www-form-urlencoded")).toBe(415);
    expect(ct("PUT", "/api/me/presence", "multipart/form-data; boundary=x")).toBe(415);
    expect(ct("POST", "/api/signup", undefined)).toBe(415);
    expect(ct("DELETE", "/api/workspaces/x/members/y", undefined, false)).toBe(200);
    expect(ct("GET", "/api/workspaces/x/presence", "text/plain")).toBe(200);
  });
  it("next-auth takes its form posts and JSON, nothing else", () => {
    expect(ct("POST", "/api/auth/callback/credentials", "application/x-www-form-urlencoded")).toBe(200);
    expect(ct("POST", "/api/auth/signout", "application/json")).toBe(415);
    expect(ct("POST", "/api/auth/session", undefined, false)).toBe(415);
    expect(ct("POST", "/api/auth/callback/credentials", "text/plain")).toBe(415);
  });
  it("pages are left to Next", () => {
    expect(ct("POST", "/signin", "text/plain")).toBe(200);
  });
  it("the picture upload takes the image types it serves, and only on POST", () => {
    for (const type of ["image/png", "image/jpeg", "image/webp", "image/gif", "IMAGE/PNG"]) expect(ct("POST", "/api/me/avatar", type)).toBe(200);
    for (const type of ["application/json", "text/plain", "image/svg+xml", "multipart/form-data; boundary=x", undefined]) expect(ct("POST", "/api/me/avatar", type)).toBe(415);
    expect(ct("PUT", "/api/me/profile", "image/png")).toBe(415);
    expect(ct("DELETE", "/api/me/avatar", undefined, false)).toBe(200);
  });
});

describe("bodies", () => {
  it("refuses a declared length over the limit, and nonsense lengths", () => {
    expect(checkLength("65536")).toBeNull();
    expect(checkLength("65537")?.status).toBe(413);
    expect(checkLength("-1")?.status).toBe(400);
    expect(checkLength("1e3")).toBeNull();
    expect(checkLength("abc")?.status).toBe(400);
  });
  it("JSON must parse and carry no NUL in any key or string", () => {
    const b = (s: string) => Buffer.from(s);
    expect(checkBody("application/json", b('{"a":"x"}'))).toBeNull();
    expect(checkBody("application/json", b('{"a":'))?.status).toBe(400);
    expect(checkBody("application/json", b('{"a":["ok",{"b":"x\\u0000"}]}'))?.status).toBe(400);
    expect(checkBody("application/json", b('{"k\\u0000":1}'))?.status).toBe(400);
    expect(checkBody("application/json", b('"\\\\u0000"'))).toBeNull(); // a backslash and "u0000", not NUL
    expect(checkBody("application/x-www-form-urlencoded", b("email=a%00b"))?.status).toBe(400);
    expect(checkBody("application/x-www-form-urlencoded", b("email=a%zz"))).toBeNull();
    expect(checkBody("text/plain", b("\u0000"))).toBeNull();
  });
  it("refuses a lone surrogate in any key or string, naming the field; a valid pair passes", () => {
    const b = (s: string) => Buffer.from(s);
    expect(checkBody("application/json", b('{"name":"\\udfff"}'))).toEqual({ status: 400, error: "Name contains an invalid character." });
    expect(checkBody("application/json", b('{"name":"ab\\ud800"}'))).toEqual({ status: 400, error: "Name contains an invalid character." });
    expect(checkBody("application/json", b('{"emoji":null,"text":"\\ud83d"}'))).toEqual({ status: 400, error: "Text contains an invalid character." });
    expect(checkBody("application/json", b('{"a":[{"b":["\\udc00x"]}]}'))).toEqual({ status: 400, error: "B contains an invalid character." });
    expect(checkBody("application/json", b('{"\\ud800":1}'))).toEqual({ status: 400, error: "Text contains an invalid character." });
    expect(checkBody("application/json", b('{"name":"a\\u0000"}'))).toEqual({ status: 400, error: "Name must not contain NUL characters." });
    expect(checkBody("application/json", b('{"text":"\\ud83d\\ude00 \\u202e"}'))).toBeNull(); // 😀 and RLO: for the route's own rule
  });
  it("finds NUL and lone surrogates at any depth", () => {
    let deep: unknown = "a\u0000";
    for (let i = 0; i < 10_000; i++) deep = [deep];
    expect(unstorableText(deep)).toBe("Text must not contain NUL characters.");
    let deep2: unknown = { x: "\ud800" };
    for (let i = 0; i < 10_000; i++) deep2 = [deep2];
    expect(unstorableText(deep2)).toBe("X contains an invalid character.");
    expect(unstorableText({ a: [1, null, true, "x", "😀"] })).toBeNull();
  });
});

describe("headers", () => {
  it("sends HSTS only when asked (production over https)", () => {
    expect(securityHeaders({ hsts: false })["strict-transport-security"]).toBeUndefined();
    expect(securityHeaders({ hsts: true })["strict-transport-security"]).toBe("max-age=31536000; includeSubDomains");
    expect(securityHeaders({ hsts: false })["x-frame-options"]).toBe("DENY");
  });
  it("builds a nonce policy; 'unsafe-eval' only in development", () => {
    const prod = contentSecurityPolicy({ nonce: "abc", dev: false, host: "localhost:3000" });
    expect(prod).toContain("script-src 'self' 'nonce-abc' 'strict-dynamic';");
    expect(prod).toContain("connect-src 'self' ws://localhost:3000 wss://localhost:3000;");
    expect(prod).toContain("frame-ancestors 'none'");
    expect(prod).not.toContain("unsafe-eval");
    expect(contentSecurityPolicy({ nonce: "abc", dev: true })).toContain("'unsafe-eval'");
    expect(contentSecurityPolicy({ nonce: "abc", dev: false, host: "evil; script-src *" })).toContain("connect-src 'self';");
  });
});

describe("metrics access", () => {
  const token = "0123456789abcdef-token";
  it("is not served without a token, refused with a wrong one, served with the right one", () => {
    expect(metricsAccess(`Bearer ${token}`, undefined)).toBe("not-found");
    expect(metricsAccess(undefined, token)).toBe("unauthorized");
    expect(metricsAccess("Bearer wrong", token)).toBe("unauthorized");
    expect(metricsAccess(`Basic ${token}`, token)).toBe("unauthorized");
    expect(metricsAccess(`Bearer ${token}`, token)).toBe("serve");
  });
});

describe("private files", () => {
  it("creates the data folder 0700 and takes group/other access from existing files and folders", () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "roster-private-"));
    const dir = path.join(root, "data");
    fs.mkdirSync(path.join(dir, "pglite", "base"), { recursive: true, mode: 0o777 });
    fs.chmodSync(path.join(dir, "pglite"), 0o777);
    fs.writeFileSync(path.join(dir, "pglite", "base", "1"), "x", { mode: 0o666 });
    fs.chmodSync(path.join(dir, "pglite", "base", "1"), 0o666);
    fs.writeFileSync(path.join(dir, "auth-secret"), "s");
    fs.chmodSync(path.join(dir, "auth-secret"), 0o644);
    makePrivate(dir);
    const mode = (p: string) => fs.statSync(path.join(dir, p)).mode & 0o777;
    expect(mode("")).toBe(0o700);
    expect(mode("pglite")).toBe(0o700);
    expect(mode("pglite/base")).toBe(0o700);
    expect(mode("pglite/base/1")).toBe(0o600);
    expect(mode("auth-secret")).toBe(0o600);
    const fresh = path.join(root, "fresh");
    makePrivate(fresh);
    expect(fs.statSync(fresh).mode & 0o777).toBe(0o700);
    fs.rmSync(root, { recursive: true, force: true });
  });
});
