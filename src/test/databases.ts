import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, inject } from "vitest";
import { PrismaClient } from "@/generated/prisma/client";
import { closeEmbedded, createAdapter } from "@/server/db-adapter";
import { setDb } from "@/server/db";

export interface TestDatabase {
  name: "pglite" | "postgres";
  connect(): PrismaClient;
  close(client: PrismaClient): Promise<void>;
}

/** Both database kinds, migrated by the global setup. Each PGlite user gets its own copy (PGlite is single-process). */
export const databases: TestDatabase[] = [
  {
    name: "pglite",
    connect() {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), "roster-pglite-copy-"));
      fs.cpSync(inject("pgliteDir"), dir, { recursive: true });
      process.env.PGLITE_DIR = dir;
      return new PrismaClient({ adapter: createAdapter(undefined) });
    },
    async close() {
      await closeEmbedded();
    },
  },
  {
    name: "postgres",
    connect: () => new PrismaClient({ adapter: createAdapter(inject("pgUrl")) }),
    close: (client) => client.$disconnect(),
  },
];

let n = 0;
/** A unique email per call, so tests never collide on shared databases. */
export const uniqueEmail = (who = "user") => `${who}-${process.pid}-${Date.now().toString(36)}-${n++}@test.roster`;

/**
 * Signs up `names` and puts them in one new workspace, the first as owner: the others are
 * invited and accept (their emails are marked verified here, as the emailed link would).
 * Uses the app's own services, so it runs against whichever database getDb() points at.
 */
export async function seedTeam(names: string[], workspaceName: string) {
  const { getDb } = await import("@/server/db");
  const { signUp } = await import("@/server/services/users");
  const { createWorkspace } = await import("@/server/services/workspaces");
  const { invite, acceptInvitation } = await import("@/server/services/invites");
  const ids: Record<string, string> = {};
  const emails: Record<string, string> = {};
  for (const name of names) {
    emails[name] = uniqueEmail(name);
    ids[name] = (await signUp({ name, email: emails[name], password: "correct horse" }, { verified: true })).id;
  }
  const [owner, ...rest] = names;
  const ws = await createWorkspace(ids[owner!]!, workspaceName);
  for (const name of rest) {
    await invite(ids[owner!]!, ws.slug, emails[name]!, "member");
    const pending = await getDb().invite.findUniqueOrThrow({ where: { workspaceId_email: { workspaceId: ws.id, email: emails[name]! } } });
    await acceptInvitation(ids[name]!, pending.id);
  }
  return { ids, emails, slug: ws.slug, workspaceId: ws.id };
}

/**
 * Connects a suite to `database` for its duration (and makes it the app's database); returns the
 * client, for tests that read rows directly.
 */
export function useDatabase(database: TestDatabase): () => PrismaClient {
  let client: PrismaClient | undefined;
  beforeAll(() => {
    client = database.connect();
    setDb(client);
  });
  afterAll(async () => {
    if (client) await database.close(client);
    setDb(undefined);
  });
  return () => client!;
}
