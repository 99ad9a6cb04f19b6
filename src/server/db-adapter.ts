// Picks the Prisma driver adapter: real PostgreSQL when DATABASE_URL is set,
// embedded PGlite (a Postgres compiled to WASM, data in a local folder) otherwise.
// Shared by the app (src/server/db.ts) and the Prisma CLI (prisma.config.ts).
import path from "node:path";
import { PrismaPg } from "@prisma/adapter-pg";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPGlite } from "pglite-prisma-adapter";
import type { SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import { makePrivate } from "./private-files";

export function pgliteDir(): string {
  return path.resolve(/*turbopackIgnore: true*/ process.env.PGLITE_DIR ?? path.join(process.env.DATA_DIR ?? ".data", "pglite"));
}

export function createAdapter(databaseUrl: string | undefined): SqlMigrationAwareDriverAdapterFactory {
  if (databaseUrl) {
    const url = new URL(databaseUrl);
    const schema = url.searchParams.get("schema") ?? undefined;
    url.searchParams.delete("schema");
    // @prisma/adapter-pg 6.19.3 cannot read Postgres' `name` type (OID 19), which
    // `prisma migrate` reads; patches/ backports the one-line upstream fix.
    // search_path makes migrations and queries both land in `?schema=` (tests use one per run).
    const options = schema ? `-c search_path="${schema}"` : undefined;
    return new PrismaPg({ connectionString: url.toString(), max: 10, options }, { schema });
  }
  const dir = pgliteDir();
  // Password hashes live here: owner only, also for folders made by older versions.
  makePrivate(dir);
  const pglite = new PGlite(dir);
  // PGlite sets its own file modes (0666 on a fresh folder, whatever our umask): fix them once it is up.
  // Files it writes later stay behind the 0700 folder.
  void pglite.waitReady.then(() => makePrivate(dir)).catch(() => undefined);
  openPglites.add(pglite);
  // The adapter is typed against an older @prisma/driver-adapter-utils; the protocol is the same.
  return new PrismaPGlite(pglite) as unknown as SqlMigrationAwareDriverAdapterFactory;
}

const openPglites = new Set<PGlite>();

/** Closes embedded databases (Prisma's $disconnect does not close a PGlite it was handed). */
export async function closeEmbedded(): Promise<void> {
  const all = [...openPglites];
  openPglites.clear();
  await Promise.all(all.map((db) => db.close().catch(() => undefined)));
}
