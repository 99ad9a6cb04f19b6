import { PrismaClient } from "@/generated/prisma/client";
import { closeEmbedded, createAdapter } from "./db-adapter";

// One client per process. server.ts and the Next.js route bundles load this module
// separately, so the instance lives on globalThis (PGlite must be opened only once).
const g = globalThis as unknown as { __rosterDb?: PrismaClient };

export function getDb(): PrismaClient {
  g.__rosterDb ??= new PrismaClient({ adapter: createAdapter(process.env.DATABASE_URL || undefined) });
  return g.__rosterDb;
}

export async function closeDb(): Promise<void> {
  const db = g.__rosterDb;
  g.__rosterDb = undefined;
  if (process.env.DATABASE_URL) await db?.$disconnect();
  else await closeEmbedded();
}

/** Points getDb() at a given client (tests run one suite against each database kind). */
export function setDb(client: PrismaClient | undefined): void {
  g.__rosterDb = client;
}
