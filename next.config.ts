import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // Loaded by server.ts in the same process; keep native and WASM packages out of the bundle.
  serverExternalPackages: [
    "@electric-sql/pglite",
    "pglite-prisma-adapter",
    "@prisma/client",
    "@prisma/adapter-pg",
    "@node-rs/argon2",
    "ioredis",
    "socket.io",
    "@socket.io/redis-adapter",
    "pino",
    "prom-client",
  ],
  poweredByHeader: false,
  // ROSTER_SOURCEMAPS=1 npm run build: browser source maps, for scripts/chunk-sources.mjs (page weight by module).
  productionBrowserSourceMaps: process.env.ROSTER_SOURCEMAPS === "1",
  // The dev server answers on both names of this machine (Next blocks its dev resources for other origins).
  allowedDevOrigins: ["127.0.0.1", "localhost"],
  typedRoutes: false,
  // forbidden() answers 403 on the admin page for non-admins.
  experimental: { authInterrupts: true },
};

export default nextConfig;
