// Offline after SIGKILL (metric 4): Roster instances A and B share Redis with the production
// liveness (PRESENCE_LIVENESS_MS default). A victim is connected only to A, a watcher only to B.
// We watch A's heartbeat score in Redis and SIGKILL A either right after a heartbeat (worst
// case: the full liveness must lapse) or just before the next one (best case), then time until
// the watcher receives the victim's `offline`. Baseline: the design card's 60 s key TTL.
import type { Child } from "./proc";
import { closeGroup, EVERYONE, PRESENCE, prefix, startRoster, urlOf, type Ctx } from "./ctx";
import { now, sleep, until } from "./metrics";
import { MAIN, userId } from "./seed";

export type Trial = "after-beat" | "before-beat";
export interface CrashTrial {
  trial: Trial;
  seenOfflineMs: number | null;
}
export const BASELINE_TTL_MS = 60_000;

async function one(ctx: Ctx, trial: Trial): Promise<CrashTrial> {
  const p = prefix(ctx, `crash-${trial}`);
  const servers: Child[] = [];
  try {
    servers.push(await startRoster(ctx, p, "rosterA", 0, EVERYONE), await startRoster(ctx, p, "rosterB", 0, EVERYONE));
    const [a, b] = servers as [Child, Child];
    const victim = userId(1);
    await ctx.loads[0]!.request("connect", { group: "watch", url: urlOf(b), indices: [0], workspace: MAIN });
    await ctx.mover.request("connect", { group: "victim", url: urlOf(a), indices: [1], workspace: MAIN });
    await sleep(1_000);
    await ctx.loads[0]!.request("track", { userIds: [victim], status: "offline" });
    const key = `${p}presence:{g}instances`;
    const score = () => ctx.redis.client.zscore(key, a.info.instanceId as string);
    const first = await score();
    if (!first) throw new Error("instance A never registered");
    await until(async () => (await score()) !== first, PRESENCE.livenessMs, 5); // a heartbeat just landed
    if (trial === "before-beat") await sleep(PRESENCE.livenessMs / 3 - 300);
    const killedAt = now();
    a.proc.kill("SIGKILL");
    let seen: number | undefined;
    await until(
      async () => {
        const t = await ctx.loads[0]!.request<Record<string, number[][]>>("times");
        seen = t[victim]?.[0]?.[0];
        return seen !== undefined;
      },
      BASELINE_TTL_MS,
      50,
    );
    const seenOfflineMs = seen === undefined ? null : seen - killedAt;
    ctx.log(`crash (${trial}): watcher saw offline after ${seenOfflineMs === null ? "never" : `${(seenOfflineMs / 1000).toFixed(2)} s`}`);
    return { trial, seenOfflineMs };
  } finally {
    await Promise.all(servers.map((s) => s.stop()));
    await closeGroup(ctx, "watch");
    await closeGroup(ctx, "victim");
  }
}

export async function crashPhase(ctx: Ctx, trials: Trial[]): Promise<{ livenessMs: number; baselineTtlMs: number; trials: CrashTrial[] }> {
  const out: CrashTrial[] = [];
  for (const t of trials) out.push(await one(ctx, t));
  return { livenessMs: PRESENCE.livenessMs, baselineTtlMs: BASELINE_TTL_MS, trials: out };
}
