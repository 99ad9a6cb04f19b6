// `npm run build:server`: compiles server.ts and the migration script to plain JavaScript in
// dist/, so production runs `node dist/server.js` with no TypeScript loader. Packages stay in
// node_modules (external); our own modules, the generated Prisma client included, are bundled.
import { build } from "esbuild";

await build({
  // prisma.config: the Prisma CLI (`prisma migrate deploy`) loads it compiled, with no TypeScript sources.
  entryPoints: { server: "server.ts", migrate: "prisma/migrate.ts", "prisma.config": "prisma.config.ts" },
  outdir: "dist",
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20.11",
  packages: "external",
  sourcemap: true,
  logLevel: "warning",
  // Packages written as CommonJS call require() in places; give the ESM bundle one.
  banner: { js: "import { createRequire as __rosterRequire } from 'node:module'; const require = __rosterRequire(import.meta.url);" },
});
console.log("compiled dist/server.js, dist/migrate.js and dist/prisma.config.js");
