// Child process: the real Roster realtime server (createRealtimeServer: Socket.IO, presence,
// Redis store and adapter, database membership checks) on a bare node:http server on loopback.
// `port` in BENCH_SERVER: listen there (the restart storm starts a new process on the same port).
// SIGTERM shuts down like server.ts: realtime.close(), the database, exit (forced after 10 s).
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { createRealtimeServer } from "../src/server/realtime/server";
import { closeDb } from "../src/server/db";
import { writeFileSync } from "node:fs";
import { metrics } from "../src/server/metrics";
import { serve } from "./proc";
import { eldStart, eldStop, heapAfterGc, heapSnapshot, slicePause, sliceRead, sliceReset, sliceResume } from "./heap";

const { port: listenPort, ...opts } = JSON.parse(process.env.BENCH_SERVER ?? "{}") as {
  secret: string;
  redisUrl: string;
  redisPrefix: string;
  graceMs: number;
  livenessMs: number;
  tickMs: number;
  port?: number;
  /** Sockets that never subscribe watch every member up to this size (1e9: today's design, every socket gets every change). */
  watchAllUpTo?: number;
};

const http = createServer((_, res) => res.writeHead(404).end());
// Every load-generator socket comes from 127.0.0.1: the per-address throttle and cap would refuse them.
const realtime = await createRealtimeServer(http, { ...opts, throttleConnects: false, maxSocketsPerIp: 1_000_000 });
await new Promise<void>((resolve) => http.listen(listenPort ?? 0, "127.0.0.1", 2048, resolve));
const port = (http.address() as AddressInfo).port;

let stopping = false;
process.on("SIGTERM", () => {
  if (stopping) return;
  stopping = true;
  setTimeout(() => process.exit(1), 10_000).unref();
  // BENCH_METRICS_DIR: the server's Prometheus metrics at exit (store latency, batch sizes, deliveries).
  const dir = process.env.BENCH_METRICS_DIR;
  void (dir ? metrics.registry.metrics().then((text) => writeFileSync(`${dir}/roster-${process.pid}.txt`, text)) : Promise.resolve())
    .then(() => realtime.close())
    .then(() => closeDb())
    .catch((err: unknown) => console.error("roster shutdown failed", err))
    .finally(() => process.exit(0));
});

serve(
  {
    heap: heapAfterGc,
    snapshot: (name: string) => heapSnapshot(`roster-${name}`),
    eldStart,
    eldStop,
    sliceReset,
    sliceResume,
    slicePause,
    sliceRead,
    clients: () => realtime.io.engine.clientsCount,
  },
  { url: `http://127.0.0.1:${port}`, instanceId: realtime.presence.instanceId },
  { catchAll: false }, // an uncaught error in Roster crashes it, as in server.ts: its phase fails
);
