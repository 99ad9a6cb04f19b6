import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { databases, uniqueEmail } from "@/test/databases";
import { connect, sessionCookie, startInstance, until, type Instance, type TestSocket } from "@/test/realtime-harness";
import { setDb } from "../db";
import { createWorkspace } from "../services/workspaces";
import { hashPassword } from "../password";
import { metrics } from "../metrics";
import type { PrismaClient } from "@/generated/prisma/client";

const STORM = 150;
const postgres = databases.find((d) => d.name === "postgres")!;

describe("batched fan-out (in-process store)", () => {
  let client: PrismaClient;
  let instance: Instance;
  let slug: string;
  let ownerId: string;
  const userIds: string[] = [];
  const sockets: TestSocket[] = [];

  beforeAll(async () => {
    client = postgres.connect();
    setDb(client);
    const passwordHash = await hashPassword("correct horse");
    const rows = Array.from({ length: STORM + 1 }, (_, i) => ({ name: `Storm ${i}`, email: uniqueEmail(`storm${i}`), passwordHash }));
    await client.user.createMany({ data: rows });
    const users = await client.user.findMany({ where: { email: { in: rows.map((r) => r.email) } }, select: { id: true } });
    ownerId = users[0]!.id;
    const ws = await createWorkspace(ownerId, "Storm");
    slug = ws.slug;
    await client.membership.createMany({ data: users.slice(1).map((u) => ({ workspaceId: ws.id, userId: u.id })) });
    userIds.push(...users.slice(1).map((u) => u.id));
    instance = await startInstance({ tickMs: 100 });
  });

  afterAll(async () => {
    for (const s of sockets) s.close();
    await instance.stop();
    await postgres.close(client);
    setDb(undefined);
  });

  it("coalesces a reconnect storm into at most one message per tick, and a lone change goes out alone", async () => {
    const watcher = await connect(instance.url, await sessionCookie(ownerId), { workspace: slug });
    sockets.push(watcher);
    let messages = 0;
    const online = new Set<string>();
    watcher.on("presence:updated", ({ updates }) => {
      messages++;
      for (const u of updates) if (u.status === "active") online.add(u.userId);
    });
    // The watcher's own arrival may be broadcast before this listener existed: a sync shows it
    // (and its answer comes after any broadcast sent before it).
    const sync = await watcher.emitWithAck("presence:sync", {});
    expect(sync.ok && sync.data.members.find((m) => m.userId === ownerId)?.status).toBe("active");
    messages = 0;

    const cookies = await Promise.all(userIds.map((id) => sessionCookie(id)));
    const stormStart = Date.now();
    sockets.push(...(await Promise.all(cookies.map((c) => connect(instance.url, c, { workspace: slug })))));
    await until(() => userIds.every((id) => online.has(id)), 30_000, "every storm user active");
    const stormMs = Date.now() - stormStart;
    // Protocol bound: at most one message per 100 ms tick (plus the leading one), whatever the
    // machine speed; one message per change would be STORM messages.
    expect(messages).toBeLessThanOrEqual(Math.ceil(stormMs / 100) + 1);
    expect(messages).toBeLessThan(STORM / 2);
    const gauge = await metrics.registry.getSingleMetric("roster_sockets_connected")!.get();
    expect(gauge.values[0]!.value).toBeGreaterThanOrEqual(STORM + 1);

    // After a quiet tick, one change goes out immediately, alone.
    await new Promise((r) => setTimeout(r, 300));
    const before = messages;
    let lone: unknown[] = [];
    watcher.once("presence:updated", ({ updates }) => (lone = updates));
    await sockets.at(-1)!.emitWithAck("presence:activity", { idle: true });
    await until(() => lone.length > 0, 2_000, "lone change");
    expect(lone).toEqual([{ userId: userIds.at(-1), status: "away", lastSeenAt: null, version: expect.any(Number) }]);
    expect(messages).toBe(before + 1);
  });
});
