import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { inject } from "vitest";
import { PrismaClient } from "@/generated/prisma/client";
import { closeEmbedded, createAdapter } from "@/server/db-adapter";

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
