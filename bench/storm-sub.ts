// Subscribed storms (rows 9s and 10s, phase `subscribed`): issue 18's "restart storm with 20,000
// members: no client sees anyone leave, and total bytes sent <= 1/20 of today's".
//
// One workspace of M members (20,000; BENCH_STORM_SUB_MEMBERS; users 0..M-1, seeded in the phase
// like the scale phase), C clients connected (2,000; BENCH_STORM_SUB_CLIENTS; users 0..C-1), run
// through the same connect storm and restart storm as rows 9 and 10 (bench/storms.ts: all sockets
// opened at one instant; then SIGTERM, a new process on the same port, same Redis prefix).
//
// Subscribed (Roster with its defaults): each client behaves like the real client on a big
// workspace: on every (re)connect `presence:activity`, `presence:subscribe` of itself + the first
// list page's W ids (60), its answer merged into the view, then `presence:sync` (full first, then
// { since, digest }), and `members:range` 0..200 (the sidebar asks MAX_RANGE_ROWS from row 0 on
// every connect; BENCH_STORM_SUB_LIST, 0: no member list), `prev` in the handshake. The W ids are
// users 0..W-1: connected clients, and, once every client is active, exactly the first page of the
// list (active first, then by name). After the connect storm one client asks rows 0..W and the
// phase records whether they are those ids. Views must show the W watched members all active.
//
// Today's design, same run: the same Roster code with `watchAllUpTo: 1e9` (every socket watches
// everyone: every change and full `presence:sync` answers of all M members), its clients doing
// what rows 9/10 do (no subscribe, no list; full sync first, then deltas). A full view is
// M entries (about 1.7 MB at 20,000), so it runs with fewer clients (200;
// BENCH_STORM_SUB_TODAY_CLIENTS; users 0..199, the watched W among them): the report gives bytes per
// client and a linear extrapolation to C clients, labelled as such (a lower bound for the
// presence:updated part, which grows with the number of clients connected).
//
// Bytes: every engine.io packet every client receives (bench/load.ts counts like scale-load.ts).
import type { Child } from "./proc";
import { range, startRoster, type Ctx } from "./ctx";
import { mb, oneSide, type StormSide } from "./storms";
import { seedScale, stormSubSlug, userId } from "./seed";

export interface SubPlan {
  members: number;
  clients: number;
  todayClients: number;
  watched: number;
  /** Rows of members:range asked on every connect (0: none). */
  list: number;
  timeoutMs: number;
}

export interface SubResult {
  plan: SubPlan;
  seedMs: number;
  wallMs: number;
  /** Rows 0..W of the list after the connect storm, asked by one subscribed client: the watched ids? */
  firstPage?: { rows: number; same: boolean; active: number };
  subscribed: StormSide;
  today: StormSide;
}

export async function subscribedPhase(ctx: Ctx, plan: SubPlan): Promise<SubResult> {
  const t0 = Date.now();
  if (plan.clients > 10_000 || plan.clients > plan.members) throw new Error(`subscribed: ${plan.clients} clients need sessions (10,000 seeded) and membership (${plan.members} members)`);
  if (plan.watched > plan.todayClients) throw new Error("subscribed: the watched members must be among today's clients too");
  ctx.log(`subscribed: seeding a ${plan.members.toLocaleString("en")}-member workspace`);
  await seedScale(ctx.db, 10_000, [plan.members], stormSubSlug);
  const seedMs = Date.now() - t0;
  ctx.log(`subscribed: seeded in ${(seedMs / 1000).toFixed(1)} s`);
  const workspace = stormSubSlug(plan.members);
  const watch = range(0, plan.watched).map(userId);
  const result: SubResult = { plan, seedMs, wallMs: 0, subscribed: { kind: "roster", n: plan.clients, watched: plan.watched, supported: true }, today: { kind: "roster", n: plan.todayClients, watched: plan.watched, supported: true } };

  const run = async (out: StormSide, name: string, opts: { start: (port: number, p: string) => Promise<Child>; subscribe?: string[]; list?: number; afterConnect?: (group: string) => Promise<void> }) => {
    try {
      await oneSide(ctx, out, true, plan.timeoutMs, { name, workspace, indices: range(0, out.n), watch, ...opts });
    } catch (err) {
      out.error = err instanceof Error ? err.message : String(err);
      ctx.log(`${name}: FAILED: ${out.error}`);
    }
  };

  await run(result.subscribed, "subscribed", {
    start: (port, p) => startRoster(ctx, p, "roster-sub", port),
    subscribe: watch,
    list: plan.list || undefined,
    afterConnect: async (group) => {
      const rows = await ctx.loads[0]!.request<{ userId: string; status: string }[]>("firstPage", { group, rows: plan.watched });
      const ids = new Set(rows.map((r) => r.userId));
      result.firstPage = { rows: rows.length, same: rows.length === watch.length && watch.every((id) => ids.has(id)), active: rows.filter((r) => r.status === "active").length };
      ctx.log(`subscribed: list rows 0..${plan.watched} after the connect storm: ${result.firstPage.same ? "the watched ids" : "NOT the watched ids"} (${result.firstPage.active} active)`);
    },
  });
  await run(result.today, "today-full", { start: (port, p) => startRoster(ctx, p, "roster-today", port, { watchAllUpTo: 1e9 }) });

  const [a, b] = [result.subscribed.restart, result.today.restart];
  if (a?.bytesBack && b?.bytesBack) {
    const extra = b.bytesBack.perClient.mean * plan.clients;
    ctx.log(
      `subscribed: bytes from SIGTERM until all back: subscribed ${mb(a.bytesBack.total)} for ${plan.clients} clients; today's ${mb(b.bytesBack.total)} for ${plan.todayClients} ` +
        `(${(b.bytesBack.perClient.mean / 1024).toFixed(1)} KB per client, x ${plan.clients} = ${mb(extra)} extrapolated): 1/${(extra / a.bytesBack.total).toFixed(1)}`,
    );
  }
  result.wallMs = Date.now() - t0;
  ctx.log(`subscribed: phase wall time ${(result.wallMs / 1000).toFixed(0)} s`);
  return result;
}
