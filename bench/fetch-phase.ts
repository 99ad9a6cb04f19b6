// Runs bench/fetch.ts in its own process (metric 5).
import { Child } from "./proc";
import { PRESENCE, prefix, range, type Ctx } from "./ctx";
import { userId } from "./seed";

export interface FetchTiming {
  medianMs: number;
  runsMs: number[];
  size: number;
}
export type FetchResult = Record<"snapshot" | "store" | "members" | "pipeline" | "dbPipeline", FetchTiming>;

export async function fetchPhase(ctx: Ctx): Promise<FetchResult> {
  const cfg = { redisUrl: ctx.redis.url, prefix: `${prefix(ctx, "fetch")}presence:`, workspaceId: ctx.db.mainWorkspaceId, userIds: range(0, 10_000).map(userId), livenessMs: PRESENCE.livenessMs, runs: 9 };
  const child = await Child.start("fetch", "fetch.ts", { BENCH_FETCH: JSON.stringify(cfg), DATABASE_URL: ctx.db.url });
  try {
    const r = await child.request<FetchResult>("run", {}, 300_000);
    ctx.log(`fetch 10,000: snapshot ${r.snapshot.medianMs.toFixed(1)} ms (members from DB ${r.members.medianMs.toFixed(1)}, store ${r.store.medianMs.toFixed(1)}) vs pipeline ${r.pipeline.medianMs.toFixed(1)} ms`);
    return r;
  } finally {
    await child.stop();
  }
}
