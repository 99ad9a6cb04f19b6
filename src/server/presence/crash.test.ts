import { spawn, type ChildProcess } from "node:child_process";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { databases, seedTeam } from "@/test/databases";
import { clearRedisPrefix, collect, connect, sessionCookie, startInstance, until, type Instance, type TestSocket } from "@/test/realtime-harness";
import { setDb } from "../db";
import type { PrismaClient } from "@/generated/prisma/client";
import { RedisPresenceStore } from "./redis-store";

// Short intervals keep this fast; the production bound is PRESENCE_LIVENESS_MS (12 s) + 1 s.
const LIVENESS_MS = 1_500;
const BOUND_MS = LIVENESS_MS + 1_000 + 1_000; // liveness + one reaper poll + delivery slack
const REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";
const postgres = databases.find((d) => d.name === "postgres")!;

function spawnInstance(prefix: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ["--import", "tsx", "src/test/instance-child.ts"], {
    env: { ...process.env, DATABASE_URL: inject("pgUrl"), REDIS_URL, REDIS_PREFIX: prefix, PRESENCE_LIVENESS_MS: String(LIVENESS_MS), LOG_LEVEL: "warn" },
    stdio: ["ignore", "pipe", "inherit"],
  });
  return new Promise((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`instance exited early (${code})`)));
    child.stdout!.once("data", (buf: Buffer) => resolve({ child, url: (JSON.parse(buf.toString()) as { url: string }).url }));
  });
}

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
    const team = await seedTeam(["Wat", "Uno", "Duo", "Tre"], "Crash");
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

  it("graceful shutdown: who reconnects elsewhere never shows offline; who does not is announced when the grace period ends", async () => {
    const watcher = await open(survivors[0]!.url, "Wat");
    const seen = collect(watcher);
    const leaving = await startInstance({ redisUrl: REDIS_URL, redisPrefix: prefix, livenessMs: 60_000, graceMs: 1_000 });
    const tre = await connect(leaving.url, await sessionCookie(ids.Tre!), { workspace: slug });
    const uno = await connect(leaving.url, await sessionCookie(ids.Uno!), { workspace: slug });
    sockets.push(tre, uno);
    tre.on("server:draining", () => void open(survivors[1]!.url, "Tre")); // what the browser client does
    await until(() => seen.some((u) => u.userId === ids.Tre && u.status === "active"), 5_000, "Tre active");
    await until(() => seen.some((u) => u.userId === ids.Uno && u.status === "active"), 5_000, "Uno active");

    // The leaving instance's liveness (60 s) would outlast this test: only its own drain can announce Uno.
    await leaving.stop();
    await until(() => seen.some((u) => u.userId === ids.Uno && u.status === "offline"), 1_000, "Uno offline after drain");
    expect(seen.filter((u) => u.userId === ids.Tre && u.status === "offline")).toEqual([]);
    const wsId = (await client.workspace.findUniqueOrThrow({ where: { slug } })).id;
    const now = await survivors[0]!.realtime.presence.snapshot(wsId, ids.Wat!);
    expect(now.find((p) => p.userId === ids.Tre)?.status).toBe("active");
  });

  it("an instance the others gave up on (a long pause) re-registers its live sockets on its next heartbeat", async () => {
    const wsId = (await client.workspace.findUniqueOrThrow({ where: { slug } })).id;
    const duoStatus = async () => (await survivors[0]!.realtime.presence.snapshot(wsId, ids.Wat!)).find((p) => p.userId === ids.Duo)?.status;
    expect(await duoStatus()).toBe("active"); // Duo's socket on survivor 1 from the first test

    const store = new RedisPresenceStore({ redis: REDIS_URL, prefix: `${prefix}presence:`, livenessMs: LIVENESS_MS });
    await store.removeInstance(survivors[1]!.realtime.presence.instanceId); // as a reaper would
    await store.close();
    expect(await duoStatus()).toBe("offline");

    const deadline = Date.now() + LIVENESS_MS;
    while ((await duoStatus()) !== "active" && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(await duoStatus()).toBe("active");
  });
});
