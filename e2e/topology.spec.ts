// The production topology end to end: the runtime installed by deploy/install-runtime.sh (the
// same script the Dockerfile uses: `npm ci --omit=dev`, compiled server, no sources), migrated
// with `npm run db:deploy`, two instances on PostgreSQL + Redis behind nginx configured with
// deploy/nginx/roster.conf (the file docker-compose.yml mounts; only the upstream ports and the
// listen port are written here). Socket.IO clients behave like the browser's RealtimeProvider
// (WebSocket only, reconnect through nginx, name the replaced connection) and record every
// presence update and sync they receive. Neither a crashed instance (SIGKILL) nor a rolling
// restart (SIGTERM, one at a time) may ever show a connected member offline.
//
// Starts its own processes on free ports; does not use the suite's webServer servers.
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { encode } from "next-auth/jwt";
import { Redis } from "ioredis";
import pg from "pg";
import { io, type Socket } from "socket.io-client";
import type { AckResult, ClientToServerEvents, HandshakeAuth, ServerToClientEvents } from "../src/shared/events";
import { RETRYABLE_REFUSALS } from "../src/shared/events";
import type { PresenceSync, VisiblePresence } from "../src/shared/presence";

test.describe.configure({ mode: "serial" });

const REPO = path.resolve(import.meta.dirname, "..");
const NGINX = process.env.NGINX_PATH ?? "/usr/sbin/nginx";
const PG_BASE = process.env.TEST_PG_URL ?? "postgresql://postgres@127.0.0.1:5432/test";
const REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";
const SECRET = `topology-secret-${crypto.randomBytes(12).toString("hex")}`;
const TAG = `${process.pid}_${crypto.randomBytes(3).toString("hex")}`;
const SCHEMA = `roster_topo_${TAG}`;
const PREFIX = `roster-topo-${TAG}:`;
const SLUG = "topology";
const USERS = 6;
const LIVENESS_MS = 3_000;
const GRACE_MS = 1_500;
const RESTART_GRACE_MS = 3_000;

type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const srv = net.createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(check: () => boolean | Promise<boolean>, timeoutMs: number, what: string, state?: () => unknown) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) {
      const detail = state ? `; state: ${JSON.stringify(await Promise.resolve(state()).catch(String))}` : "";
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${detail}`);
    }
    await sleep(50);
  }
}

const tail = (file: string, lines = 30) =>
  fs.existsSync(file) ? fs.readFileSync(file, "utf8").trimEnd().split("\n").slice(-lines).join("\n") : "(no log)";

/** One production instance: `node dist/server.js` in the runtime folder, restartable on the same ports. */
class Instance {
  proc: ChildProcess | null = null;
  exited: Promise<number | null> = Promise.resolve(null);
  constructor(
    readonly name: string,
    readonly port: number,
    readonly metricsPort: number,
    readonly env: NodeJS.ProcessEnv,
    readonly dir: string,
    readonly log: string,
  ) {}

  async start() {
    const out = fs.openSync(this.log, "a");
    const proc = spawn(process.execPath, ["dist/server.js"], {
      cwd: this.dir,
      env: { ...this.env, PORT: String(this.port), METRICS_PORT: String(this.metricsPort) },
      stdio: ["ignore", out, out],
    });
    fs.closeSync(out);
    this.proc = proc;
    this.exited = new Promise((resolve) => proc.once("exit", (code) => resolve(code)));
    let gone = false;
    void this.exited.then(() => (gone = true));
    // "Up" = the sign-in page renders (independent of /healthz, which is being added elsewhere).
    await until(
      async () => {
        if (gone) throw new Error(`${this.name} exited while starting:\n${tail(this.log)}`);
        try {
          return (await fetch(`http://127.0.0.1:${this.port}/signin`)).status === 200;
        } catch {
          return false;
        }
      },
      60_000,
      `${this.name} to serve /signin`,
    );
  }

  /** Sends `signal` and waits for the exit; resolves with the exit code. */
  async stop(signal: NodeJS.Signals): Promise<number | null> {
    if (!this.proc || this.proc.exitCode !== null || this.proc.signalCode !== null) return this.proc?.exitCode ?? null;
    this.proc.kill(signal);
    return this.exited;
  }

  async sockets(): Promise<number> {
    const text = await (await fetch(`http://127.0.0.1:${this.metricsPort}/metrics`)).text();
    const m = /^roster_sockets_connected (\d+)/m.exec(text);
    if (!m) throw new Error(`${this.name}: no roster_sockets_connected in /metrics`);
    return Number(m[1]);
  }
}

/**
 * A member's tab, as the browser's RealtimeProvider behaves: WebSocket only; the handshake names
 * the connection it replaces (`prev`); after a server-side disconnect (drain) it reconnects at
 * once; a "restarting"/"unavailable" refusal is retried with backoff. Every presence update and
 * every sync answer is recorded with the time it arrived.
 */
class Member {
  readonly socket: ClientSocket;
  prev: string | undefined;
  connects = 0;
  readonly statuses = new Map<string, VisiblePresence>();
  /** Everything received about others, in order. */
  readonly seen: { at: number; via: "update" | "sync"; userId: string; status: string }[] = [];
  readonly errors: string[] = [];
  /** Connection events with times since start, for failure messages. */
  readonly trace: string[] = [];
  private refusals = 0;

  constructor(
    readonly userId: string,
    url: string,
    cookie: string,
  ) {
    this.socket = io(url, {
      transports: ["websocket"],
      extraHeaders: { cookie },
      auth: (cb) => {
        const auth: HandshakeAuth = { workspace: SLUG, idle: false };
        if (this.prev) auth.prev = this.prev;
        cb(auth);
      },
      reconnectionDelayMax: 5_000,
      forceNew: true,
    });
    const t0 = Date.now();
    const note = (what: string) => this.trace.push(`${Date.now() - t0}ms ${what}`);
    this.socket.io.on("reconnect_attempt", (n) => note(`reconnect attempt ${n}`));
    this.socket.io.on("reconnect_error", (err) => note(`reconnect error: ${err.message}`));
    this.socket.io.on("close", (reason) => note(`engine close: ${reason}`));
    this.socket.on("connect", () => note("connect"));
    this.socket.on("disconnect", (reason) => note(`disconnect: ${reason}`));
    this.socket.on("connect_error", (err) => note(`connect_error: ${err.message} (active: ${this.socket.active})`));
    this.socket.on("connect", () => {
      this.refusals = 0;
      this.prev = this.socket.id;
      this.connects++;
      void this.sync();
    });
    this.socket.on("presence:updated", ({ updates }) => this.apply(updates, "update"));
    this.socket.on("presence:resync", () => void this.sync());
    this.socket.on("disconnect", (reason) => {
      if (reason === "io server disconnect") setTimeout(() => this.socket.connect(), 100 + Math.random() * 400);
    });
    this.socket.on("connect_error", (err) => {
      if (this.socket.active) return; // transport error: socket.io retries with backoff
      if (RETRYABLE_REFUSALS.includes(err.message)) {
        const delay = Math.min(10_000, 1_000 * 2 ** this.refusals++);
        setTimeout(() => this.socket.connect(), delay / 2 + Math.random() * (delay / 2));
        return;
      }
      this.errors.push(err.message);
    });
  }

  private apply(list: VisiblePresence[], via: "update" | "sync") {
    const at = Date.now();
    for (const p of list) {
      this.seen.push({ at, via, userId: p.userId, status: p.status });
      const held = this.statuses.get(p.userId);
      if (!held || p.version >= held.version) this.statuses.set(p.userId, p);
    }
  }

  /** A full snapshot (what the page loads on each connect), applied like live updates. */
  async sync() {
    try {
      const res: AckResult<PresenceSync> = await this.socket.timeout(5_000).emitWithAck("presence:sync", {});
      if (res.ok) this.apply(res.data.members, "sync");
    } catch {
      // disconnected meanwhile: the next connect syncs again
    }
  }

  allActive(ids: string[]) {
    return this.socket.connected && ids.every((id) => this.statuses.get(id)?.status === "active");
  }

  close() {
    this.socket.removeAllListeners("disconnect");
    this.socket.close();
  }
}

let tmp = "";
let nginx: ChildProcess | null = null;
let nginxPort = 0;
let instances: Instance[] = [];
let members: Member[] = [];
let userIds: string[] = [];
let cookies: string[] = [];
let admin: pg.Client | null = null;
let redis: Redis | null = null;

test.beforeAll(async () => {
  test.setTimeout(300_000);
  if (!fs.existsSync(NGINX)) throw new Error(`nginx is needed at ${NGINX} (set NGINX_PATH; .ci/run installs it)`);
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "roster-topology-"));
  const runtime = path.join(tmp, "runtime");

  // The production install, exactly as the Dockerfile does it.
  execFileSync(path.join(REPO, "deploy/install-runtime.sh"), [runtime, "--prefer-offline"], { stdio: ["ignore", "ignore", "inherit"] });
  expect(fs.existsSync(path.join(runtime, "src"))).toBe(false);
  expect(fs.existsSync(path.join(runtime, ".next/cache"))).toBe(false);
  expect(fs.existsSync(path.join(runtime, "node_modules/vitest"))).toBe(false); // dev dependencies left out

  // A fresh schema, migrated by the runtime's own `npm run db:deploy`.
  admin = new pg.Client({ connectionString: PG_BASE });
  await admin.connect();
  await admin.query(`CREATE SCHEMA "${SCHEMA}"`);
  const databaseUrl = `${PG_BASE}?schema=${SCHEMA}`;
  execFileSync("npm", ["run", "db:deploy"], {
    cwd: runtime,
    // The schema is ours alone; the database-wide advisory lock would make us wait on other runs.
    env: { ...process.env, DATABASE_URL: databaseUrl, PRISMA_SCHEMA_DISABLE_ADVISORY_LOCK: "1" },
    stdio: ["ignore", "ignore", "inherit"],
  });

  // A workspace of verified users, each with a session row and the session cookie naming it
  // (what sign-in mints: src/server/sessions.ts, src/test/realtime-harness.ts sessionCookie).
  await admin.query(`SET search_path TO "${SCHEMA}"`);
  const q = (sql: string, params: unknown[]) => admin!.query(sql, params);
  const ws = `w-${TAG}`;
  await q(`INSERT INTO "Workspace" ("id", "slug", "name") VALUES ($1, $2, $3)`, [ws, SLUG, "Topology"]);
  userIds = Array.from({ length: USERS }, (_, i) => `topo-u${i}-${TAG}`);
  for (const [i, id] of userIds.entries()) {
    await q(`INSERT INTO "User" ("id", "email", "name", "passwordHash", "emailVerifiedAt") VALUES ($1, $2, $3, 'no-password', now())`, [
      id,
      `${id}@topology.roster`,
      `Member ${i}`,
    ]);
    await q(`INSERT INTO "Membership" ("id", "workspaceId", "userId", "role") VALUES ($1, $2, $3, $4)`, [
      `m-${id}`,
      ws,
      id,
      i === 0 ? "owner" : "member",
    ]);
    const sid = `s-${id}`;
    await q(`INSERT INTO "Session" ("id", "userId", "expiresAt") VALUES ($1, $2, now() + interval '1 day')`, [sid, id]);
    cookies.push(`next-auth.session-token=${await encode({ token: { sub: id, sid }, secret: SECRET })}`);
  }

  nginxPort = await freePort();
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_ENV: "production",
    HOST: "127.0.0.1",
    DATABASE_URL: databaseUrl,
    REDIS_URL,
    REDIS_PREFIX: PREFIX,
    NEXTAUTH_SECRET: SECRET,
    NEXTAUTH_URL: `http://127.0.0.1:${nginxPort}`,
    TRUST_PROXY: "true",
    PRESENCE_LIVENESS_MS: String(LIVENESS_MS),
    PRESENCE_GRACE_MS: String(GRACE_MS),
    PRESENCE_RESTART_GRACE_MS: String(RESTART_GRACE_MS),
    // Every client comes from 127.0.0.1 here: room for the reconnects under the per-address throttles.
    IP_LIMIT_FACTOR: "10",
    SHUTDOWN_DELAY_MS: "500", // /readyz 503 this long after SIGTERM, then the drain
    DATA_DIR: path.join(tmp, "data"),
    LOG_LEVEL: "warn",
    NEXT_TELEMETRY_DISABLED: "1",
  };
  for (const name of ["roster1", "roster2"]) {
    instances.push(new Instance(name, await freePort(), await freePort(), env, runtime, path.join(tmp, `${name}.log`)));
  }
  await Promise.all(instances.map((i) => i.start()));

  // nginx with deploy/nginx/roster.conf as is; upstream and listen written for local ports.
  fs.mkdirSync(path.join(tmp, "conf.d"));
  fs.writeFileSync(path.join(tmp, "conf.d/listen.inc"), `listen 127.0.0.1:${nginxPort};\n`);
  // deploy/nginx/upstream.conf with the local ports for roster1 and roster2 (and without the
  // Docker DNS re-resolution, which the test's nginx may not support).
  const upstream = fs
    .readFileSync(path.join(REPO, "deploy/nginx/upstream.conf"), "utf8")
    .split("\n")
    .filter((line) => !/^\s*(zone|resolver)\s/.test(line))
    .map((line) => line.replace(/\broster(\d):3000\b/, (_, n: string) => `127.0.0.1:${instances[Number(n) - 1]!.port}`).replace(/\s+resolve\b/, ""))
    .join("\n");
  expect(upstream.match(/^\s*server 127\.0\.0\.1:\d+/gm)).toHaveLength(2);
  fs.writeFileSync(path.join(tmp, "conf.d/upstream.conf"), upstream);
  fs.writeFileSync(
    path.join(tmp, "nginx.conf"),
    [
      `pid ${tmp}/nginx.pid;`,
      `error_log ${tmp}/nginx-error.log warn;`,
      `worker_processes 1;`,
      `events { worker_connections 512; }`,
      `http {`,
      `    log_format topo '$msec $status "$request" upstream=$upstream_addr/$upstream_status';`,
      `    access_log ${tmp}/nginx-access.log topo;`,
      ...["client_body", "proxy", "fastcgi", "uwsgi", "scgi"].map((t) => `    ${t}_temp_path ${tmp}/nginx-${t};`),
      `    include ${REPO}/deploy/nginx/roster.conf;`,
      `    include ${tmp}/conf.d/upstream.conf;`,
      `}`,
      "",
    ].join("\n"),
  );
  nginx = spawn(NGINX, ["-p", tmp, "-c", path.join(tmp, "nginx.conf"), "-g", "daemon off;"], { stdio: ["ignore", "ignore", "pipe"] });
  let nginxErr = "";
  nginx.stderr!.on("data", (d) => (nginxErr += d));
  await until(
    async () => {
      if (nginx!.exitCode !== null) throw new Error(`nginx exited: ${nginxErr}`);
      try {
        return (await fetch(`http://127.0.0.1:${nginxPort}/signin`)).status === 200;
      } catch {
        return false;
      }
    },
    15_000,
    "nginx to proxy /signin",
  );

  redis = new Redis(REDIS_URL, { lazyConnect: true });
  await redis.connect();
});

test.afterAll(async () => {
  for (const m of members) m.close();
  await Promise.all(instances.map((i) => i.stop("SIGKILL")));
  if (nginx && nginx.exitCode === null) {
    const gone = new Promise((r) => nginx!.once("exit", r));
    nginx.kill("SIGTERM");
    await Promise.race([gone, sleep(5_000)]);
  }
  if (admin) {
    await admin.query(`DROP SCHEMA IF EXISTS "${SCHEMA}" CASCADE`).catch(() => undefined);
    await admin.end().catch(() => undefined);
  }
  if (redis) {
    const keys = await redis.keys(`${PREFIX}*`).catch(() => [] as string[]);
    if (keys.length) await redis.del(...keys).catch(() => undefined);
    redis.disconnect();
  }
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

test.afterEach(async ({}, testInfo) => {
  if (testInfo.status !== testInfo.expectedStatus) {
    for (const file of [...instances.map((i) => i.log), path.join(tmp, "nginx-error.log"), path.join(tmp, "nginx-access.log")]) {
      if (fs.existsSync(file)) await testInfo.attach(path.basename(file), { path: file });
    }
  }
});

const url = () => `http://127.0.0.1:${nginxPort}`;
const liveInstances = () => redis!.zcard(`${PREFIX}presence:{g}instances`);

/** Connects every member through nginx (once) and waits until each sees everyone active. */
async function everyoneOnline() {
  if (!members.length) members = userIds.map((id, i) => new Member(id, url(), cookies[i]!));
  await until(() => members.every((m) => m.allActive(userIds)), 20_000, "every member to see everyone active");
  for (const m of members) expect(m.errors).toEqual([]);
}

/** What the test waits on, for failure messages. */
async function state() {
  return {
    sockets: await Promise.all(instances.map((i) => i.sockets().catch(() => "down"))),
    live: await liveInstances(),
    members: members.map((m) => ({ connected: m.socket.connected, active: m.socket.active, connects: m.connects, errors: m.errors, trace: m.socket.connected ? undefined : m.trace.slice(-12) })),
  };
}

/** Nobody received an offline (or any non-active status) for anyone after `since`. */
function expectNobodyOffline(since: number) {
  // The members did hear from the servers meanwhile (at least the sync of each reconnect).
  expect(members.some((m) => m.seen.some((s) => s.at >= since))).toBe(true);
  const bad = members.flatMap((m) => m.seen.filter((s) => s.at >= since && s.status !== "active").map((s) => ({ watcher: m.userId, ...s })));
  expect(bad, "presence seen by the members while instances went away").toEqual([]);
}

/** Waits for each member's socket to be connected again and its snapshot to show everyone active. */
async function everyoneBack(what: string) {
  await until(() => members.every((m) => m.allActive(userIds)), 30_000, `every member reconnected, everyone active (${what})`, state);
  await Promise.all(members.map((m) => m.sync()));
  for (const m of members) expect(m.allActive(userIds)).toBe(true);
}

test("a crashed instance (SIGKILL): its members reconnect through nginx to the other; nobody is ever shown offline", async () => {
  test.setTimeout(90_000);
  await everyoneOnline();
  // nginx spread the sockets over both instances (round robin).
  const counts = await Promise.all(instances.map((i) => i.sockets()));
  expect(counts.reduce((a, b) => a + b, 0)).toBe(USERS);
  expect(Math.min(...counts)).toBeGreaterThan(0);
  expect(await liveInstances()).toBe(2);

  const since = Date.now();
  const [victim, survivor] = instances as [Instance, Instance];
  const moved = counts[0]!;
  const connectsBefore = members.map((m) => m.connects);
  await victim.stop("SIGKILL");
  // Its members reconnect (socket.io backoff) through nginx, which sends them to the survivor.
  await until(async () => (await survivor.sockets()) === USERS, 20_000, "every socket on the survivor", state);
  expect(members.filter((m, i) => m.connects > connectsBefore[i]!).length).toBe(moved);
  // The victim's liveness lapses and the survivor reaps it; offline would follow after the grace.
  await until(async () => (await liveInstances()) === 1, LIVENESS_MS + 8_000, "the dead instance to be reaped", state);
  await sleep(GRACE_MS + 1_000);
  await everyoneBack("after SIGKILL");
  expectNobodyOffline(since);

  await victim.start();
  expect(await liveInstances()).toBe(2);
  await sleep(1_000);
  expectNobodyOffline(since);
});

test("rolling restart (SIGTERM one instance at a time, start it again): nobody is ever shown offline", async () => {
  test.setTimeout(120_000);
  await everyoneOnline();
  const since = Date.now();
  for (const inst of instances) {
    const others = instances.filter((i) => i !== inst);
    const code = await inst.stop("SIGTERM");
    expect(code, `${inst.name} exit code after SIGTERM`).toBe(0);
    // Its members were told to reconnect and nginx sent them to the other instance.
    await until(async () => (await others[0]!.sockets()) === USERS, 20_000, `every socket on the other instance after ${inst.name} stopped`, state);
    await inst.start();
    await everyoneBack(`after restarting ${inst.name}`);
  }
  // The retired instances' connections count for PRESENCE_RESTART_GRACE_MS, then are reaped:
  // wait for that (and the grace an offline would take) while the members watch.
  await until(async () => (await liveInstances()) === 2, RESTART_GRACE_MS + 10_000, "the retired instances to be reaped", state);
  await sleep(GRACE_MS + 1_000);
  await everyoneBack("after the rolling restart");
  expectNobodyOffline(since);
  const counts = await Promise.all(instances.map((i) => i.sockets()));
  expect(counts.reduce((a, b) => a + b, 0)).toBe(USERS);
});

test("a signed-in page through nginx shows the members online", async ({ browser }) => {
  await everyoneOnline();
  const context = await browser.newContext();
  await context.addCookies([{ name: "next-auth.session-token", value: cookies[0]!.split("=")[1]!, url: url() }]);
  const page = await context.newPage();
  await page.goto(`${url()}/w/${SLUG}`);
  await expect(page.getByTestId("online-count")).toHaveText(`${USERS} of ${USERS} online`);
  for (let i = 1; i < USERS; i++) {
    const row = page.getByTestId("member-list").getByRole("listitem").filter({ has: page.getByText(`Member ${i}`, { exact: true }) });
    await expect(row).toHaveAttribute("data-status", "active");
  }
  await context.close();
});
