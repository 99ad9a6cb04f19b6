// Child process: the real Roster realtime server (createRealtimeServer: Socket.IO, presence,
// Redis store and adapter, database membership checks) on a bare node:http server on loopback.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { createRealtimeServer } from "../src/server/realtime/server";
import { serve } from "./proc";
import { eldStart, eldStop, heapAfterGc, slicePause, sliceRead, sliceReset, sliceResume } from "./heap";

const opts = JSON.parse(process.env.BENCH_SERVER ?? "{}") as {
  secret: string;
  redisUrl: string;
  redisPrefix: string;
  graceMs: number;
  livenessMs: number;
  tickMs: number;
};

const http = createServer((_, res) => res.writeHead(404).end());
const realtime = await createRealtimeServer(http, opts);
await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", 2048, resolve));
const port = (http.address() as AddressInfo).port;

process.on("SIGTERM", () => {
  void realtime.close().finally(() => process.exit(0));
  setTimeout(() => process.exit(0), 3_000).unref();
});

serve(
  {
    heap: heapAfterGc,
    eldStart,
    eldStop,
    sliceReset,
    sliceResume,
    slicePause,
    sliceRead,
    clients: () => realtime.io.engine.clientsCount,
  },
  { url: `http://127.0.0.1:${port}`, instanceId: realtime.presence.instanceId },
);
