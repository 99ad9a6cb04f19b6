// Reconnect storm (metric 3): W watchers stay connected to one Roster instance; then `users`
// offline members of the same workspace come back, spread evenly over `spreadMs`. Each of them
// is one status change (offline -> active). The design-card baseline sends one message per
// change; Roster coalesces changes per tick. We count messages each watcher received.
import { closeGroup, connectMany, EVERYONE, prefix, range, startRoster, urlOf, type Ctx } from "./ctx";
import { sleep, summary, type Summary } from "./metrics";
import { MAIN } from "./seed";

export interface StormResult {
  users: number;
  watchers: number;
  spreadMs: number;
  connected: number;
  /** How long the returning users actually took to connect (spreadMs unless the server lagged). */
  connectMs: number;
  changes: number;
  messagesPerWatcher: Summary;
  entriesPerWatcher: Summary;
}

export async function stormPhase(ctx: Ctx, users: number, watchers: number, spreadMs: number): Promise<StormResult> {
  const p = prefix(ctx, "storm");
  const srv = await startRoster(ctx, p, "roster", 0, EVERYONE);
  try {
    const url = urlOf(srv);
    const w = await connectMany(ctx, "watch", url, range(0, watchers), { workspace: MAIN });
    if (w.failed) throw new Error(`${w.failed} watchers failed`);
    await sleep(1_500);
    await Promise.all(ctx.loads.map((l) => l.request("resetCounts")));
    const s = await connectMany(ctx, "storm", url, range(watchers, watchers + users), { workspace: MAIN, spreadMs });
    await sleep(2_000); // last batch flushes within a tick; leave room for slow transitions
    const counts = (await Promise.all(ctx.loads.map((l) => l.request<{ msgs: number; entries: number }[]>("counts", { group: "watch" })))).flat();
    const r: StormResult = {
      users,
      watchers,
      spreadMs,
      connected: s.connected,
      connectMs: s.ms,
      changes: s.connected, // each returning user: offline -> active, once
      messagesPerWatcher: summary(counts.map((c) => c.msgs)),
      entriesPerWatcher: summary(counts.map((c) => c.entries)),
    };
    ctx.log(`storm: ${s.connected} users back in ${s.ms} ms; per watcher ${r.messagesPerWatcher.mean.toFixed(1)} messages (max ${r.messagesPerWatcher.max}) carrying ${r.entriesPerWatcher.mean.toFixed(0)} updates`);
    return r;
  } finally {
    await srv.stop();
    await closeGroup(ctx, "watch");
    await closeGroup(ctx, "storm");
  }
}
