// A private redis-server for fault tests: its own loopback port, no persistence, killed and
// restarted by its own pid. The shared Redis on 6379 is never touched.
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import type { AddressInfo } from "node:net";

export interface PrivateRedis {
  readonly url: string;
  readonly port: number;
  /** Pid of the running server (changes on restart); null while down. */
  readonly pid: number | null;
  /** SIGKILL by pid; resolves once the process is gone. */
  kill(): Promise<void>;
  /** Starts again on the same port, empty (kills the running one first, if any). */
  restart(): Promise<void>;
  /** Stops for good and removes its folder. */
  stop(): Promise<void>;
}

/** Every redis-server this process started (private ones and cluster nodes), killed on exit. */
export const running = new Set<ChildProcess>();
process.once("exit", () => {
  for (const child of running) child.kill("SIGKILL");
});

export async function freePort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

/** Resolves once the port answers PING with PONG. */
export async function ready(port: number, child: ChildProcess, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`redis-server on ${port} exited (${child.exitCode ?? child.signalCode})`);
    const pong = await new Promise<boolean>((resolve) => {
      const s = net.connect(port, "127.0.0.1");
      s.setTimeout(500, () => s.destroy());
      s.once("connect", () => s.write("PING\r\n"));
      s.once("data", (buf) => {
        s.destroy();
        resolve(buf.toString().startsWith("+PONG"));
      });
      s.once("error", () => resolve(false));
      s.once("close", () => resolve(false));
    });
    if (pong) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`redis-server on ${port} not ready after ${timeoutMs} ms`);
}

export function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once("exit", () => resolve()));
}

export async function startPrivateRedis(): Promise<PrivateRedis> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "roster-redis-"));
  let port = 0;
  let child: ChildProcess | null = null;

  const launch = async () => {
    const c = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir, "--loglevel", "warning"], {
      stdio: "ignore",
    });
    running.add(c);
    c.once("exit", () => running.delete(c));
    try {
      await ready(port, c);
    } catch (err) {
      c.kill("SIGKILL");
      await exited(c);
      throw err;
    }
    child = c;
  };

  // A free port can be taken between the probe and redis-server's bind: try a few.
  for (let attempt = 0; ; attempt++) {
    port = await freePort();
    try {
      await launch();
      break;
    } catch (err) {
      if (attempt >= 4) throw err;
    }
  }

  const kill = async () => {
    const c = child;
    child = null;
    if (!c?.pid) return;
    process.kill(c.pid, "SIGKILL");
    await exited(c);
  };

  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    get pid() {
      return child?.pid ?? null;
    },
    kill,
    async restart() {
      await kill();
      await launch();
    },
    async stop() {
      await kill();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
