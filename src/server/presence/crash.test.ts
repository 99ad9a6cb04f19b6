import { spawn, type ChildProcess } from "node:child_process";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { databases, seedTeam } from "@/test/databases";
import { clearRedisPrefix, collect, connect, sessionCookie, startInstance, until, type Instance, type TestSocket } from "@/test/realtime-harness";
import { setDb } from "../db";
import type { PrismaClient } from "@/generated/prisma/client";
import { PresenceClient } from "@/test/presence-client";

// Short intervals keep this fast; the production bound is PRESENCE_LIVENESS_MS (12 s) + 1 s.
const LIVENESS_MS = 1_500;
const BOUND_MS = LIVENESS_MS + 1_000 + 1_000; // liveness + one reaper poll + delivery slack
const REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";
const postgres = databases.find((d) => d.name === "postgres")!;

function spawnInstance(prefix: string, env: Record<string, string> = {}): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ["--import", "tsx", "src/test/instance-child.ts"], {
    env: { ...process.env, DATABASE_URL: inject("pgUrl"), REDIS_URL, REDIS_PREFIX: prefix, PRESENCE_LIVENESS_MS: String(LIVENESS_MS), LOG_LEVEL: "warn", ...env },
    stdio: ["ignore", "pipe", "inherit"],
  });
  return new Promise((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`instance exited early (${code})`)));
    child.stdout!.once("data", (buf: Buffer) => resolve({ child, url: (JSON.parse(buf.toString()) as { url: string }).url }));
  });
}

const exited = (child: ChildProcess) =>
  child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise<void>((resolve) => child.once("exit", () => resolve()));

describe("crash detection and graceful shutdown (real Redis, child-process instances)", () => {
  let client: PrismaClient;
  const prefix = `roster-test:${process.pid}:crash:${Date.now().toString(36)}:`;
  const ids: Record<string, string> = {};
  let slug: string;
  const survivors: Instance[] = [];
  const sockets: TestSocket[] = [];
  const children: ChildProcess[] = [];
  const open = async (url: string, who: string) => {
    const s = await connect(url, await sessionCookie(ids[who]!), { workspace: slug, idle: false });
    sockets.push(s);
    return s;
  };

  beforeAll(async () => {
    client = postgres.connect();
    setDb(client);
    const team = await seedTeam(["Wat", "Uno", "Duo", "Tre", "Sol", "Ren", "Nil", "Pau"], "Crash");
    Object.assign(ids, team.ids);
    slug = team.slug;
    for (let i = 0; i < 2; i++) {
      survivors.push(await startInstance({ redisUrl: REDIS_URL, redisPrefix: prefix, livenessMs: LIVENESS_MS }));
    }
  });

  afterAll(async () => {
    for (const s of sockets) s.close();
    for (const c of children) c.kill("SIGKILL");
    for (const s of survivors) await s.stop();
    await clearRedisPrefix(REDIS_URL, prefix);
    await postgres.close(client);
    setDb(undefined);
  });

  it("a SIGKILLed instance's users go offline within the bound, announced once, never a user still connected elsewhere", async () => {
    const watcher = await open(survivors[0]!.url, "Wat");
    const seen = collect(watcher);
    const { child, url } = await spawnInstance(prefix);
    children.push(child);

    await open(url, "Uno"); // only on the doomed instance
    await open(url, "Duo"); // on both: must never be announced offline
    await open(survivors[1]!.url, "Duo");
    await until(() => seen.some((u) => u.userId === ids.Uno && u.status === "active"), 5_000, "Uno active");
    await until(() => seen.some((u) => u.userId === ids.Duo && u.status === "active"), 5_000, "Duo active");

    const killedAt = Date.now();
    child.kill("SIGKILL");
    await until(() => seen.some((u) => u.userId === ids.Uno && u.status === "offline"), BOUND_MS + 2_000, "Uno offline");
    const elapsed = Date.now() - killedAt;
    expect(elapsed).toBeLessThanOrEqual(BOUND_MS);

    await new Promise((r) => setTimeout(r, 1_500)); // both survivors' reapers have run again since
    expect(seen.filter((u) => u.userId === ids.Uno && u.status === "offline")).toHaveLength(1);
    expect(seen.filter((u) => u.userId === ids.Duo && u.status === "offline")).toEqual([]);
    expect((await client.user.findUniqueOrThrow({ where: { id: ids.Uno! } })).lastSeenAt).not.toBeNull();
  });

  it("graceful shutdown: who reconnects elsewhere never shows offline; who does not is reaped when the restart grace ends", async () => {
    const watcher = await open(survivors[0]!.url, "Wat");
    const seen = collect(watcher);
    const RESTART_GRACE_MS = 1_000;
    const leaving = await startInstance({ redisUrl: REDIS_URL, redisPrefix: prefix, livenessMs: 60_000, graceMs: 1_000, restartGraceMs: RESTART_GRACE_MS });
    const tre = await connect(leaving.url, await sessionCookie(ids.Tre!), { workspace: slug });
    const uno = await connect(leaving.url, await sessionCookie(ids.Uno!), { workspace: slug });
    sockets.push(tre, uno);
    const treOld = tre.id!;
    const treCookie = await sessionCookie(ids.Tre!);
    // What the browser client does: reconnect at once, naming the connection it replaces.
    tre.on("server:draining", () => void connect(survivors[1]!.url, treCookie, { workspace: slug, prev: treOld }).then((s) => sockets.push(s)));
    await until(() => seen.some((u) => u.userId === ids.Tre && u.status === "active"), 5_000, "Tre active");
    await until(() => seen.some((u) => u.userId === ids.Uno && u.status === "active"), 5_000, "Uno active");

    const stoppedAt = Date.now();
    await leaving.stop();
    // Bound: the restart grace, then one reaper poll (livenessMs / 5 = 300 ms here), plus delivery.
    await until(() => seen.some((u) => u.userId === ids.Uno && u.status === "offline"), RESTART_GRACE_MS + 2_000, "Uno offline after the restart grace");
    expect(Date.now() - stoppedAt).toBeGreaterThanOrEqual(RESTART_GRACE_MS);
    expect(seen.filter((u) => u.userId === ids.Tre && u.status === "offline")).toEqual([]);
    const wsId = (await client.workspace.findUniqueOrThrow({ where: { slug } })).id;
    const now = await survivors[0]!.realtime.presence.snapshot(wsId, ids.Wat!);
    expect(now.find((p) => p.userId === ids.Tre)?.status).toBe("active");
  });

  it("an instance the others gave up on (a long pause: SIGSTOP) re-registers its live sockets on its next heartbeat (SIGCONT)", async () => {
    const watcher = await PresenceClient.open(await open(survivors[0]!.url, "Wat"));
    const { child, url } = await spawnInstance(prefix);
    children.push(child);
    await open(url, "Pau");
    await until(() => watcher.status(ids.Pau!) === "active", 5_000, "Pau active");

    child.kill("SIGSTOP"); // frozen: no heartbeat, but its sockets stay open
    await until(() => watcher.status(ids.Pau!) === "offline", BOUND_MS + 2_000, "Pau offline once the paused instance is reaped");
    child.kill("SIGCONT");
    // Bound: its first heartbeat after the pause finds it forgotten and adds its sockets again
    // (heartbeats run every livenessMs / 4), plus delivery.
    const took = await until(() => watcher.status(ids.Pau!) === "active", LIVENESS_MS / 4 + 1_000, "Pau active again");
    expect(took).toBeLessThanOrEqual(LIVENESS_MS / 4 + 1_000);
    child.kill("SIGKILL");
  });

  it("after a SIGKILL, last seen is the dead instance's last heartbeat (before the kill), not the time it was reaped", async () => {
    const watcher = await PresenceClient.open(await open(survivors[0]!.url, "Wat"));
    const { child, url } = await spawnInstance(prefix);
    children.push(child);
    await open(url, "Sol"); // only on the doomed instance
    await until(() => watcher.status(ids.Sol!) === "active", 5_000, "Sol active");
    await new Promise((r) => setTimeout(r, LIVENESS_MS / 2)); // it has beaten since Sol connected

    const killedAt = Date.now();
    child.kill("SIGKILL");
    await until(() => watcher.status(ids.Sol!) === "offline", BOUND_MS + 2_000, "Sol offline");
    const reapedBy = Date.now();
    const shown = Date.parse(watcher.get(ids.Sol!)!.lastSeenAt!);
    // The database copy goes through the retried write queue: it lands shortly after the broadcast.
    const storedRow = async () => (await client.user.findUniqueOrThrow({ where: { id: ids.Sol! } })).lastSeenAt;
    await until(async () => (await storedRow()) !== null, 5_000, "Sol's last seen stored", 100);
    const stored = (await storedRow())!.getTime();
    // Heartbeats run every livenessMs / 4, so the last one is at most half a liveness period
    // before the kill (a beat late, at worst); the reap comes at least livenessMs after it.
    const window = `killed ${new Date(killedAt).toISOString()}, offline seen ${new Date(reapedBy).toISOString()}, shown ${new Date(shown).toISOString()}, stored ${new Date(stored).toISOString()}`;
    expect(shown, window).toBeLessThanOrEqual(killedAt);
    expect(shown, window).toBeGreaterThanOrEqual(killedAt - LIVENESS_MS / 2);
    expect(stored, window).toBe(shown);
  });

  it("graceful restart (SIGTERM, then a new process): users who reconnect are never shown offline; one who does not is, once the restart grace ends", async () => {
    const RESTART_GRACE_MS = 6_000;
    const watcher = await PresenceClient.open(await open(survivors[0]!.url, "Wat"));
    const first = await spawnInstance(prefix, { PRESENCE_RESTART_GRACE_MS: String(RESTART_GRACE_MS) });
    children.push(first.child);
    const ren = await open(first.url, "Ren"); // reconnects, like the browser does
    await open(first.url, "Nil"); // closed laptop: never comes back
    await until(() => watcher.status(ids.Ren!) === "active" && watcher.status(ids.Nil!) === "active", 5_000, "Ren and Nil active");

    // The next process starts once the old one has exited (a restart in place); Ren's page
    // reconnects to it, naming its old connection as `prev`.
    let next: Promise<{ child: ChildProcess; url: string }> | null = null;
    const prev = ren.id!; // socket.io-client forgets its id on disconnect
    const reconnected = new Promise<TestSocket>((resolve, reject) => {
      ren.once("disconnect", () => {
        void exited(first.child)
          .then(() => (next = spawnInstance(prefix, { PRESENCE_RESTART_GRACE_MS: String(RESTART_GRACE_MS) })))
          .then(async ({ child, url }) => {
            children.push(child);
            const s = await connect(url, await sessionCookie(ids.Ren!), { workspace: slug, idle: false, prev });
            sockets.push(s);
            return s;
          })
          .then(resolve, reject);
      });
    });
    const stoppedAt = Date.now();
    first.child.kill("SIGTERM");
    await reconnected;
    expect(next).not.toBeNull();

    // Nil: offline once the restart grace is over, within the crash bound after it.
    await until(() => watcher.status(ids.Nil!) === "offline", stoppedAt + RESTART_GRACE_MS + BOUND_MS + 2_000 - Date.now(), "Nil offline");
    const nilAfter = Date.now() - stoppedAt;
    expect(nilAfter).toBeGreaterThanOrEqual(RESTART_GRACE_MS - 500); // not before the restart grace is over
    expect(nilAfter).toBeLessThanOrEqual(RESTART_GRACE_MS + BOUND_MS);
    // Ren: never shown offline, active now, and the watcher agrees with a fresh snapshot.
    expect(watcher.updates.filter((u) => u.userId === ids.Ren && u.status === "offline")).toEqual([]);
    expect(watcher.status(ids.Ren!)).toBe("active");
    expect(await watcher.convergence(2_000)).toBeNull(); // presence:sync may serve a view up to 1 s old
  }, 40_000);
});
