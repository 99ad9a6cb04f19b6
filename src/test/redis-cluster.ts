// A private Redis Cluster for tests: three masters (no replicas) on free loopback ports, made
// with `redis-cli --cluster create`, no persistence. A node is killed by its pid and started
// again from its own folder (its nodes.conf keeps its id and slots; its data is gone, as after a
// crash without persistence). The shared Redis on 6379 is never touched.
import { execFile, spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { exited, freePort, ready, running } from "./private-redis";

const run = promisify(execFile);

export interface ClusterNode {
  readonly port: number;
  /** Pid of the running server; null while down. */
  readonly pid: number | null;
  /** SIGKILL by pid; resolves once the process is gone. */
  kill(): Promise<void>;
  /** Starts it again on its port from its folder (same node id and slots, no data). */
  restart(): Promise<void>;
}

export interface RedisCluster {
  readonly nodes: readonly ClusterNode[];
  /** host:port of every node, comma-separated (the form of REDIS_CLUSTER_NODES). */
  readonly seeds: string;
  /** Resolves once every node reports cluster_state:ok. */
  healthy(timeoutMs?: number): Promise<void>;
  /** The master that owns a key's slot. */
  ownerOf(key: string): Promise<ClusterNode>;
  /** Stops every node and removes the folders. */
  stop(): Promise<void>;
}

async function cli(port: number, ...args: string[]): Promise<string> {
  const { stdout } = await run("redis-cli", ["-h", "127.0.0.1", "-p", String(port), ...args], { timeout: 30_000 });
  return stdout;
}

function startNode(dir: string, port: number): { child: ChildProcess; up: Promise<void> } {
  const child = spawn(
    "redis-server",
    ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir, "--loglevel", "warning",
      "--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf", "--cluster-node-timeout", "1000"],
    { stdio: "ignore" },
  );
  running.add(child);
  child.once("exit", () => running.delete(child));
  return { child, up: ready(port, child) };
}

export async function startRedisCluster(masters = 3): Promise<RedisCluster> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "roster-cluster-"));
  const nodes: (ClusterNode & { child: ChildProcess | null })[] = [];
  const stopAll = async () => {
    await Promise.all(nodes.map((n) => n.kill()));
    fs.rmSync(root, { recursive: true, force: true });
  };
  try {
    for (let i = 0; i < masters; i++) {
      const dir = path.join(root, `n${i}`);
      fs.mkdirSync(dir);
      // A free port can be taken between the probe and the bind: try a few.
      let port = 0;
      let child: ChildProcess | null = null;
      for (let attempt = 0; !child; attempt++) {
        port = await freePort();
        const s = startNode(dir, port);
        try {
          await s.up;
          child = s.child;
        } catch (err) {
          s.child.kill("SIGKILL");
          await exited(s.child);
          if (attempt >= 4) throw err;
        }
      }
      const node = {
        port,
        child: child as ChildProcess | null,
        get pid() {
          return this.child?.pid ?? null;
        },
        async kill() {
          const c = this.child;
          this.child = null;
          if (!c?.pid) return;
          process.kill(c.pid, "SIGKILL");
          await exited(c);
        },
        async restart() {
          await this.kill();
          const s = startNode(dir, port);
          await s.up;
          this.child = s.child;
        },
      };
      nodes.push(node);
    }
    await cli(nodes[0]!.port, "--cluster", "create", ...nodes.map((n) => `127.0.0.1:${n.port}`), "--cluster-replicas", "0", "--cluster-yes");
    const cluster: RedisCluster = {
      nodes,
      seeds: nodes.map((n) => `127.0.0.1:${n.port}`).join(","),
      async healthy(timeoutMs = 20_000) {
        const deadline = Date.now() + timeoutMs;
        for (;;) {
          const states = await Promise.all(nodes.map((n) => cli(n.port, "cluster", "info").catch(() => "")));
          if (states.every((s) => s.includes("cluster_state:ok"))) return;
          if (Date.now() > deadline) throw new Error(`cluster not ok after ${timeoutMs} ms: ${states.map((s) => /cluster_state:(\w+)/.exec(s)?.[1] ?? "down").join(", ")}`);
          await new Promise((r) => setTimeout(r, 100));
        }
      },
      async ownerOf(key: string) {
        const slot = Number((await cli(nodes[0]!.port, "cluster", "keyslot", key)).trim());
        const { stdout } = await run("redis-cli", ["-h", "127.0.0.1", "-p", String(nodes[0]!.port), "--json", "cluster", "slots"], { timeout: 10_000 });
        const ranges = JSON.parse(stdout) as [number, number, [string, number, string]][];
        const range = ranges.find(([from, to]) => slot >= from && slot <= to);
        const node = nodes.find((n) => n.port === range?.[2][1]);
        if (!node) throw new Error(`no master owns slot ${slot}`);
        return node;
      },
      stop: stopAll,
    };
    await cluster.healthy();
    return cluster;
  } catch (err) {
    await stopAll();
    throw err;
  }
}
