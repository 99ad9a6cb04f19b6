import http from "node:http";
import { chunked, head, rawRequest, type RawAnswer } from "./raw-http";

// The seeded fuzz of malformed requests (fuzz.spec.ts): cases from a small PRNG, sent raw,
// each answer judged: never a 5xx, never internals in the body.

const PARALLEL = 6;
export const INTERNALS = /prisma|Error:|\bat [\w.<>]+ \(|\/work\/|node_modules|\.tsx?:\d+|\bSELECT\b|\bINSERT INTO\b|syntax error at|SQLSTATE|ECONNREFUSED/i;

/** mulberry32: small, fast and the same everywhere. */
export function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)]!;
  return { next, int, pick, chance: (p: number) => next() < p };
}
type Rand = ReturnType<typeof prng>;

const ROUTES = [
  "/api/signup",
  "/api/workspaces",
  "/api/workspaces/{x}/invites",
  "/api/workspaces/{x}/members/{y}",
  "/api/workspaces/{x}/presence",
  "/api/workspaces/{x}/conversations",
  "/api/me/presence",
  "/api/me/allowlist",
  "/api/me/status",
  "/api/auth/callback/credentials",
  "/api/auth/signin",
  "/api/auth/signout",
  "/api/auth/session",
  "/api/auth/csrf",
  "/api/auth/providers",
  "/api/auth/{y}",
  "/signin",
  "/signup",
  "/new",
  "/",
  "/w/{x}",
  "/w/{x}/admin",
  "/w/{x}/dm/{y}",
  "/w/{x}/dm/with/{y}",
  "/{y}",
];

const METHODS = ["GET", "GET", "POST", "POST", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "TRACE", "PROPFIND", "CONNECT", "FOO", "get"];

function segment(r: Rand, slug: string, ids: string[]): string {
  const huge = () => r.pick(["a", "é", "%C3%A9", "😀", "%F0%9F%98%80", "-"]).repeat(r.pick([100, 1000, 3000, 6000]));
  return r.pick([
    () => slug,
    () => r.pick(ids),
    () => "x",
    () => "demo",
    () => "%",
    () => "%zz",
    () => "%E0%A4%A",
    () => "%C3%28",
    () => "%FF%FE",
    () => "a%00b",
    () => "%00",
    () => "a%0Ab",
    () => "%7F",
    () => "..",
    () => "%2e%2e",
    () => "a%2Fb",
    () => "%5C",
    () => "é",
    () => "😀",
    () => "a\u0000b",
    () => "a b",
    () => huge(),
    () => "'; DROP TABLE \"User\"; --",
    () => "%27%20OR%201%3D1--",
    () => "$" + "{7*7}",
    () => "__proto__",
    () => "constructor",
    () => "-1",
    () => "0".repeat(65),
    () => "x".repeat(64),
  ])();
}

function query(r: Rand): string {
  if (!r.chance(0.35)) return "";
  return "?" + r.pick(["callbackUrl=%2Fw%2Fx", "callbackUrl=//evil.example", "callbackUrl=%zz", "x=%00", "error=%", "a=1&a=2", "nextauth=x", "__proto__[x]=1", "q=" + "é".repeat(200), "csrf=true&json=true"]);
}

/** Strings as they stand inside JSON text (escapes, not the characters). */
const PLAIN_TEXTS = ["", "a", "x".repeat(5000), "é😀", "\\ud83d\\ude00", "👩\\u200d💻", "<script>alert(1)</script>", "a@b.c", "Team", "admin", "owner", "invisible"];
/** Lone surrogates, NUL, controls and bidi characters: the text rule's cases (issue 17). */
const BAD_TEXTS = [
  "\\u0000",
  "a\\u0000b",
  "\\ud800",
  "\\udfff",
  "ab\\ud800",
  "\\ud83d",
  "\\udfff\\ud800",
  "x\\udc00y",
  "Admin\\u202e (nimda)\\u0007\\b",
  "\\u202ecod.exe",
  "\\u2066x\\u2069",
  "\\u200fa\\u200e",
  "\\u0007",
  "\\u001b[31m",
  "x\\r\\ny",
  "Evil\\nhttps://x.example",
];

function jsonBody(r: Rand, ids: string[]): string {
  const str = () => r.pick([...PLAIN_TEXTS, ...BAD_TEXTS]);
  const value = (): string =>
    r.pick([
      () => `"${str()}"`,
      () => String(r.int(10) - 5),
      () => "1e309",
      () => "null",
      () => "true",
      () => `[${r.chance(0.5) ? `"${r.pick(ids)}"` : ""}]`,
      () => `{"$gt":""}`,
      () => `[${Array.from({ length: r.pick([1, 30, 500]) }, () => `"${r.pick(ids)}"`).join(",")}]`,
    ])();
  const keys = ["name", "email", "password", "role", "mode", "userIds", "userId", "conversationId", "body", "__proto__", "constructor", "csrfToken"];
  return r.pick([
    () => `{${Array.from({ length: r.int(4) + 1 }, () => `"${r.pick(keys)}":${value()}`).join(",")}}`,
    () => `{"name":"Fuzz team","email":"${r.int(1e9)}@fuzz.roster","password":"${r.pick(["correct horse battery", "x", "\\u0000\\u0000\\u0000\\u0000\\u0000\\u0000\\u0000\\u0000"])}"}`,
    () => "{",
    () => `{"name":`,
    () => "[".repeat(r.pick([100, 5000, 30000])) + "]".repeat(r.chance(0.5) ? 0 : 100),
    () => `{"a":`.repeat(2000) + "1" + "}".repeat(2000),
    () => "null",
    () => "42",
    () => `"string"`,
    () => "",
    () => "\u0000",
    () => "{'single':'quotes'}",
    () => `{"name":"${"\\u0000".repeat(10)}"}`,
    () => `{"email":"a@b.c","role":"owner"}`,
    () => `{"mode":"${str()}"}`,
    // Past the other fields' checks, so the text itself is what the server judges.
    () => `{"name":"${r.pick(BAD_TEXTS)}","email":"${r.int(1e9)}@fuzz.roster","password":"correct horse battery staple"}`,
    () => `{"name":"${r.pick(BAD_TEXTS)}"}`,
    () => `{"text":"${r.pick(BAD_TEXTS)}"${r.chance(0.5) ? `,"emoji":"${str()}"` : ""}}`,
    () => `{"${r.pick(BAD_TEXTS)}":"${str()}"}`,
    () => `{"userIds":${value()}}`,
  ])();
}

function formBody(r: Rand): string {
  return r.pick([
    "email=a%40b.c&password=x&csrfToken=x",
    "email=a%00b&password=x",
    "email=%zz&password=%",
    "csrfToken=&json=true",
    "email[]=a&email[]=b",
    "callbackUrl=http%3A%2F%2Fevil.example&csrfToken=x",
    "&&&===&&",
    "email=" + "a".repeat(20000),
    "",
  ]);
}

interface Case {
  method: string;
  target: string;
  headers: Record<string, string | number>;
  body?: Buffer;
  chunk?: number;
  /** A body over the limit: the server may close the connection after its 413. */
  oversize: boolean;
}

export function makeCase(r: Rand, port: number, slug: string, ids: string[], cookie: string | null): Case {
  const method = r.pick(METHODS);
  let target = r.pick(ROUTES).replace(/\{x\}/g, () => segment(r, slug, ids)).replace(/\{y\}/g, () => segment(r, slug, ids)) + query(r);
  if (r.chance(0.02)) target = r.pick(["*", "http://evil.example/", "//api/signup", "/api/signup#frag", "/" + "a/".repeat(3000)]);
  const headers: Record<string, string | number> = { Host: r.chance(0.97) ? `localhost:${port}` : r.pick(["evil.example", "", "localhost:1"]) };
  if (cookie && r.chance(0.6)) headers.Cookie = cookie;
  else if (r.chance(0.05)) headers.Cookie = r.pick(["next-auth.session-token=garbage", "next-auth.session-token=" + "a".repeat(4000), "next-auth.session-token=%zz"]);
  const originRoll = r.next();
  if (originRoll < 0.2) headers.Origin = `http://localhost:${port}`;
  else if (originRoll < 0.27) headers.Origin = r.pick(["http://evil.example", "null", "", "%zz"]);
  if (r.chance(0.1)) headers["Sec-Fetch-Site"] = r.pick(["same-origin", "cross-site", "same-site", "none", "garbage"]);
  if (r.chance(0.05)) headers["X-Forwarded-For"] = r.pick(["1.2.3.4", "garbage", "1.2.3.4, 10.0.0.1"]);
  if (r.chance(0.03)) headers.Authorization = r.pick(["Bearer x", "Basic Og==", "Bearer " + "a".repeat(2000)]);

  let body: Buffer | undefined;
  const hasBody = method !== "GET" && method !== "HEAD" ? r.chance(0.85) : r.chance(0.1);
  let oversize = false;
  if (hasBody) {
    const kind = r.pick(["json", "json", "json", "form", "text", "binary", "big"] as const);
    if (kind === "json") body = Buffer.from(jsonBody(r, ids));
    else if (kind === "form") body = Buffer.from(formBody(r));
    else if (kind === "text") body = Buffer.from(jsonBody(r, ids));
    else if (kind === "binary") body = Buffer.from(Array.from({ length: r.int(300) + 1 }, () => r.int(256)));
    else {
      body = Buffer.alloc(r.pick([60 * 1024, 70 * 1024, 200 * 1024]), "a");
      oversize = body.length > 64 * 1024;
    }
    const ct = r.next();
    headers["Content-Type"] =
      ct < 0.55
        ? kind === "form"
          ? "application/x-www-form-urlencoded"
          : "application/json"
        : r.pick(["application/json; charset=utf-8", "text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/json; charset=latin1", "", "application/jsonx", "APPLICATION/JSON"]);
    if (headers["Content-Type"] === "") delete headers["Content-Type"];
  }
  let chunk: number | undefined;
  if (body && r.chance(0.25)) {
    chunk = r.pick([1, 7, 1024, 16 * 1024]);
    if (body.length / chunk > 2000) chunk = 16 * 1024;
    headers["Transfer-Encoding"] = "chunked";
  } else if (body) {
    headers["Content-Length"] = body.length;
  }
  return { method, target, headers, body, chunk, oversize };
}

async function send(port: number, c: Case): Promise<RawAnswer> {
  return rawRequest(port, head(c.method, c.target, c.headers), c.chunk && c.body ? chunked(c.body, c.chunk) : c.body);
}


export interface FuzzResult {
  failures: string[];
  summary: string;
  seconds: number;
}

export async function runFuzz(opts: { port: number; seed: number; count: number; slug: string; cookie: string | null }): Promise<FuzzResult> {
  const { port, slug } = opts;
  const ids = ["cm0000000000000000000000", "a", "x".repeat(64), slug];
  const r = prng(opts.seed);
  const cases = Array.from({ length: opts.count }, () => makeCase(r, port, slug, ids, opts.cookie));
  const failures: string[] = [];
  const statuses = new Map<number, number>();
  let i = 0;
  const started = Date.now();
  await Promise.all(
    Array.from({ length: PARALLEL }, async () => {
      while (i < cases.length) {
        const n = i++;
        const c = cases[n]!;
        const a = await send(port, c);
        statuses.set(a.status, (statuses.get(a.status) ?? 0) + 1);
        const problem = judge(c, a);
        if (problem) {
          const what = `#${n} ${c.method} ${JSON.stringify(c.target.slice(0, 120))} ${JSON.stringify(c.headers).slice(0, 200)} body=${JSON.stringify(c.body?.toString("utf8").slice(0, 80) ?? null)}`;
          failures.push(`${problem}: ${what} -> ${a.body.slice(0, 200)}`);
        }
      }
    }),
  );
  const summary = [...statuses].sort((a, b) => a[0] - b[0]).map(([s, n]) => `${s}:${n}`).join(" ");
  return { failures, summary, seconds: (Date.now() - started) / 1000 };
}

function judge(c: Case, a: RawAnswer): string | null {
  const html = (a.headers["content-type"] ?? "").includes("text/html");
  if (a.timedOut) return "no answer in 15 s";
  if (a.status >= 500) return String(a.status);
  // Node's parser refuses unknown methods, raw non-ASCII or control bytes in the target and heads
  // over 16 KiB (400/431, then it closes), and the guard closes on oversize bodies, all while the
  // client may still be writing: the reset can beat the answer.
  const headSize = Buffer.byteLength(head(c.method, c.target, c.headers));
  const parserRefuses = !http.METHODS.includes(c.method) || headSize > 16_000 || /[^\x21-\x7e]/.test(c.target);
  if (a.status === 0) return c.oversize || parserRefuses ? null : "closed without an answer";
  if (!html && INTERNALS.test(a.body)) return `internals in ${a.status}`;
  if (!html && /Something went wrong/i.test(a.body)) return `"Something went wrong" in ${a.status}`;
  if (html && /prisma|\/work\/|node_modules|SQLSTATE|syntax error at/i.test(a.body)) return `internals in page ${a.status}`;
  return null;
}
