// Graceful shutdown while Redis stalls: the retire (which keeps the instance's connections
// counting for the restart grace) is retried, so a busy moment during the drain does not turn a
// deploy into a crash (connections reaped after the liveness period, users shown offline).
// A private redis-server is paused with SIGSTOP for longer than the store's 1 s command timeout.
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { databases, seedTeam } from "@/test/databases";
import { startPrivateRedis, type PrivateRedis } from "@/test/private-redis";
import { connect, sessionCookie, startInstance } from "@/test/realtime-harness";
import { setDb } from "../db";
import type { PrismaClient } from "@/generated/prisma/client";

const postgres = databases.find((d) => d.name === "postgres")!;
const PREFIX = `roster-test:${process.pid}:retire:`;
const RESTART_GRACE_MS = 30_000;
const LIVENESS_MS = 3_000;

describe("retire during a graceful shutdown (private redis-server paused)", () => {
  let client: PrismaClient;
  let redis: PrivateRedis;

  beforeAll(async () => {
    client = postgres.connect();
    setDb(client);
    redis = await startPrivateRedis();
  });

  afterAll(async () => {
    if (redis?.pid) process.kill(redis.pid, "SIGCONT");
    await redis?.stop();
    await postgres.close(client);
    setDb(undefined);
  });

  it("a retire that times out once is tried again: the instance's connections count for the restart grace", async () => {
    const team = await seedTeam(["Ret"], "Retire");
    const instance = await startInstance({ redisUrl: redis.url, redisPrefix: PREFIX, livenessMs: LIVENESS_MS, restartGraceMs: RESTART_GRACE_MS });
    const socket = await connect(instance.url, await sessionCookie(team.ids.Ret!), { workspace: team.slug, idle: false });
    const instanceId = instance.realtime.presence.instanceId;

    // Redis answers nothing for 1.4 s from the moment the drain starts: the first retire times out.
    process.kill(redis.pid!, "SIGSTOP");
    const resume = setTimeout(() => process.kill(redis.pid!, "SIGCONT"), 1_400);
    const stoppedAt = Date.now();
    await instance.stop();
    clearTimeout(resume);
    process.kill(redis.pid!, "SIGCONT");
    socket.close();

    const reader = new Redis(redis.url);
    const deadline = Number(await reader.zscore(`${PREFIX}presence:{g}instances`, instanceId));
    reader.disconnect();
    // Retired: alive until about stop + 30 s. Not retired, the deadline would be the last beat + 3 s.
    expect(deadline).toBeGreaterThan(stoppedAt + RESTART_GRACE_MS - 5_000);
  });
});
