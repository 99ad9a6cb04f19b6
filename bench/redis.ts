// A private redis-server for the run, so INFO commandstats counts only this bench's traffic
// (the machine's shared Redis on 6379 also serves other people's test suites).
import { spawn, type ChildProcess } from "node:child_process";
import net from "node:net";
import { Redis } from "ioredis";
import { commandstats } from "./metrics";

export interface BenchRedis {
  url: string;
  private: boolean;
  /** The measuring connection (INFO during windows; other reads only outside them). */
  client: Redis;
  stats(): Promise<Map<string, number>>;
  /** Deletes every key under a prefix. */
  clean(prefix: string): Promise<void>;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((r) => srv.listen(0, "127.0.0.1", r));
  const port = (srv.address() as net.AddressInfo).port;
  await new Promise((r) => srv.close(r));
  return port;
}

async function startPrivate(): Promise<{ url: string; proc: ChildProcess } | null> {
  const port = await freePort();
  const proc = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--maxclients", "1000"], {
    stdio: "ignore",
  });
  const ok = await new Promise<boolean>((resolve) => {
    proc.once("error", () => resolve(false));
    const probe = async (left: number): Promise<void> => {
      const c = new Redis(`redis://127.0.0.1:${port}`, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
      c.on("error", () => undefined); // refused while the server starts: expected
      const up = await c.connect().then(() => true, () => false);
      c.disconnect();
      if (up) return resolve(true);
      if (left <= 0) return resolve(false);
      setTimeout(() => void probe(left - 1), 100);
    };
    setTimeout(() => void probe(30), 100);
  });
  if (!ok) {
    proc.kill("SIGKILL");
    return null;
  }
  proc.on("error", (err) => console.error(`[bench] redis-server ${port}: ${err.message}`));
  return { url: `redis://127.0.0.1:${port}`, proc };
}

export async function startRedis(): Promise<BenchRedis> {
  const own = process.env.BENCH_REDIS_URL ? null : await startPrivate();
  const url = own?.url ?? process.env.BENCH_REDIS_URL ?? "redis://127.0.0.1:6379";
  const client = new Redis(url); // the measuring connection: it only sends INFO during windows
  // Never fatal: a reset while the run stops its redis-server, or a reply the parser trips on.
  client.on("error", (err) => console.error(`[bench] redis ${url}: ${err.message}`));
  return {
    url,
    private: !!own,
    client,
    stats: async () => commandstats(await client.info("commandstats")),
    async clean(prefix) {
      let cursor = "0";
      do {
        const [next, keys] = await client.scan(cursor, "MATCH", `${prefix}*`, "COUNT", 1000);
        cursor = next;
        if (keys.length) await client.del(...keys);
      } while (cursor !== "0");
    },
    async stop() {
      client.disconnect(false);
      if (own) {
        own.proc.kill("SIGTERM");
        await new Promise((r) => (own.proc.exitCode !== null ? r(null) : own.proc.once("exit", r)));
      }
    },
  };
}
