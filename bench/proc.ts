// Child processes over IPC: the parent's side (Child) and the child's side (serve).
import { fork, type ChildProcess } from "node:child_process";
import path from "node:path";

type Pending = { resolve: (v: unknown) => void; reject: (e: Error) => void; timer: NodeJS.Timeout };
export type Handlers = Record<string, (args: any) => unknown>; // eslint-disable-line @typescript-eslint/no-explicit-any

const live = new Set<Child>();

export class Child {
  private seq = 0;
  private readonly pending = new Map<number, Pending>();
  readonly exited: Promise<number | null>;
  info: Record<string, unknown> = {};

  private constructor(
    readonly name: string,
    readonly proc: ChildProcess,
  ) {
    live.add(this);
    // A send to a child that just died emits 'error' on the ChildProcess: never fatal here.
    proc.on("error", (err) => console.error(`[bench] ${name}: ${err.message}`));
    this.exited = new Promise((resolve) => proc.once("exit", (code) => resolve(code)));
    void this.exited.then(() => {
      live.delete(this);
      for (const p of this.pending.values()) p.reject(new Error(`${name} exited`));
      this.pending.clear();
    });
    proc.on("message", (m: { id?: number; ok?: boolean; data?: unknown; error?: string }) => {
      const p = m.id === undefined ? undefined : this.pending.get(m.id);
      if (!p) return;
      this.pending.delete(m.id!);
      clearTimeout(p.timer);
      if (m.ok) p.resolve(m.data);
      else p.reject(new Error(`${name}: ${m.error}`));
    });
  }

  /** Forks `bench/<file>` under tsx and waits for its "ready" message (which carries its info). */
  static async start(name: string, file: string, env: Record<string, string>, opts: { gc?: boolean; execArgv?: string[] } = {}): Promise<Child> {
    const proc = fork(path.join(import.meta.dirname, file), [], {
      execArgv: ["--import", "tsx", ...(opts.gc ? ["--expose-gc"] : []), "--max-old-space-size=4096", ...(opts.execArgv ?? [])],
      env: { ...process.env, LOG_LEVEL: "warn", ...env },
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    });
    const child = new Child(name, proc);
    child.info = await new Promise<Record<string, unknown>>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${name} did not start`)), 90_000);
      proc.on("message", (m: { ready?: Record<string, unknown> }) => {
        if (m.ready) (clearTimeout(timer), resolve(m.ready));
      });
      proc.once("exit", (code) => (clearTimeout(timer), reject(new Error(`${name} exited with ${code} while starting`))));
    });
    return child;
  }

  get alive(): boolean {
    return this.proc.exitCode === null && this.proc.signalCode === null && this.proc.connected;
  }

  request<T>(cmd: string, args: unknown = {}, timeoutMs = 180_000): Promise<T> {
    const id = ++this.seq;
    if (!this.alive) return Promise.reject(new Error(`${this.name}: ${cmd}: the process has exited`));
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`${this.name}: ${cmd} timed out`));
      }, timeoutMs);
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject, timer });
      this.proc.send({ id, cmd, args }, (err) => {
        if (!err || !this.pending.has(id)) return;
        this.pending.delete(id);
        clearTimeout(timer);
        reject(new Error(`${this.name}: ${cmd}: ${err.message}`));
      });
    });
  }

  /** Stops the child (SIGTERM, then SIGKILL after 5 s) and waits for it to exit. */
  async stop(signal: NodeJS.Signals = "SIGTERM"): Promise<void> {
    if (this.proc.exitCode !== null || this.proc.signalCode !== null) return;
    this.proc.kill(signal);
    const t = setTimeout(() => this.proc.kill("SIGKILL"), 5_000);
    await this.exited;
    clearTimeout(t);
  }
}

/** Kills every child still running (used on exit and on errors), except `keep`. */
export async function stopAll(keep: Child[] = []): Promise<void> {
  await Promise.all([...live].filter((c) => !keep.includes(c)).map((c) => c.stop("SIGKILL")));
}

/** Sends to the parent; a closed channel is not an error here (the 'disconnect' handler exits). */
function reply(m: unknown): void {
  if (!process.connected) return;
  process.send!(m, undefined, {}, (err: Error | null) => {
    if (err && process.connected) console.error(`[bench child ${process.pid}] reply failed: ${err.message}`);
  });
}

/**
 * Child side: answers requests, announces readiness, and dies with its parent. Load children
 * and baselines (`catchAll`) log an uncaught error and go on, so one bad reply cannot end a run;
 * the Roster server child keeps Node's default (a crash there is a finding, and its phase fails).
 */
export function serve(handlers: Handlers, ready: Record<string, unknown> = {}, opts: { maxLifeMs?: number; catchAll?: boolean } = {}): void {
  const { maxLifeMs = 45 * 60_000, catchAll = true } = opts;
  if (catchAll) {
    process.on("uncaughtException", (err) => console.error(`[bench child ${process.pid}] uncaught:`, err));
    process.on("unhandledRejection", (err) => console.error(`[bench child ${process.pid}] unhandled rejection:`, err));
  }
  process.on("message", async (m: { id: number; cmd: string; args: unknown }) => {
    const fn = handlers[m.cmd];
    try {
      if (!fn) throw new Error(`unknown command ${m.cmd}`);
      reply({ id: m.id, ok: true, data: await fn(m.args) });
    } catch (err) {
      reply({ id: m.id, ok: false, error: err instanceof Error ? err.message : String(err) });
    }
  });
  process.on("disconnect", () => process.exit(0));
  setTimeout(() => process.exit(3), maxLifeMs).unref();
  reply({ ready });
}
