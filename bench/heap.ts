// Server-side probes shared by the Roster and baseline children: forced-GC heap and event-loop delay.
import { monitorEventLoopDelay, type IntervalHistogram } from "node:perf_hooks";

const gc = (globalThis as { gc?: () => void }).gc;

export async function heapAfterGc(): Promise<{ heapUsed: number; rss: number }> {
  if (!gc) throw new Error("run with --expose-gc");
  for (let i = 0; i < 4; i++) {
    gc();
    await new Promise((r) => setTimeout(r, 150));
  }
  const m = process.memoryUsage();
  return { heapUsed: m.heapUsed, rss: m.rss };
}

let eld: IntervalHistogram | undefined;

export function eldStart(): void {
  eld?.disable();
  eld = monitorEventLoopDelay({ resolution: 5 });
  eld.enable();
}

/** Event-loop delay since eldStart, in ms. */
export function eldStop() {
  if (!eld) throw new Error("eldStart first");
  eld.disable();
  const ms = (ns: number) => ns / 1e6;
  const out = { p50: ms(eld.percentile(50)), p99: ms(eld.percentile(99)), max: ms(eld.max), mean: ms(eld.mean), samples: eld.count };
  eld = undefined;
  return out;
}
