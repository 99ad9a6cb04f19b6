import path from "node:path";
import { defineConfig } from "prisma/config";
import { createAdapter } from "./src/server/db-adapter";

// The schema's datasource needs a syntactically valid URL. With no DATABASE_URL the
// adapter stores data in embedded PGlite and this placeholder is never dialled.
const databaseUrl = process.env.DATABASE_URL || undefined;
process.env.DATABASE_URL = databaseUrl ?? "postgresql://embedded@localhost/roster";

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  // From the project folder (where npm runs), also when loaded compiled as dist/prisma.config.js.
  schema: path.resolve("prisma/schema.prisma"),
  migrations: { path: path.resolve("prisma/migrations"), seed: "tsx prisma/seed.ts" },
  adapter: async () => createAdapter(databaseUrl),
});
