import { PrismaClient } from "@/generated/prisma/client";
import { closeEmbedded, createAdapter } from "./db-adapter";
import { metrics } from "./metrics";

// One client per process. server.ts and the Next.js route bundles load this module
// separately, so the instance lives on globalThis (PGlite must be opened only once).
const g = globalThis as unknown as { __rosterDb?: Db };

/** The Prisma client as the app gets it: every operation timed (an extended client: no $on). */
export type Db = ReturnType<typeof timed>;

export function getDb(): Db {
  g.__rosterDb ??= timed(new PrismaClient({ adapter: createAdapter(process.env.DATABASE_URL || undefined) }));
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
  g.__rosterDb = client && timed(client);
}

/** The client with every operation timed (roster_db_query_duration_seconds), failures included. */
function timed(client: PrismaClient) {
  return client.$extends({
    query: {
      async $allOperations({ model, operation, args, query }) {
        const end = metrics.dbDuration.startTimer({ model: model ?? "none", operation });
        try {
          const result = await query(args);
          end({ outcome: "ok" });
          return result;
        } catch (err) {
          end({ outcome: "error" });
          throw err;
        }
      },
    },
  });
}
