// Server-side probes shared by the Roster and baseline children: forced-GC heap and event-loop delay.
import { createHistogram, monitorEventLoopDelay, type IntervalHistogram, type RecordableHistogram } from "node:perf_hooks";

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

/** BENCH_HEAP_DIR set: a heap snapshot (after forced GC) into it, named by the caller; see bench/heap-diff.ts. */
export async function heapSnapshot(name: string): Promise<string | null> {
  const dir = process.env.BENCH_HEAP_DIR;
  if (!dir) return null;
  await heapAfterGc();
  const { writeHeapSnapshot } = await import("node:v8");
  return writeHeapSnapshot(`${dir}/${name}.heapsnapshot`);
}

let eld: IntervalHistogram | undefined;

/** Idle event-loop delay: perf_hooks.monitorEventLoopDelay, recording from now on. */
export function eldStart(): void {
  eld?.disable();
  eld = monitorEventLoopDelay({ resolution: 5 });
  eld.enable();
}

const ms = (ns: number) => ns / 1e6;
const read = (h: { percentile(p: number): number; max: number; mean: number; count: number }) => ({ p50: ms(h.percentile(50)), p99: ms(h.percentile(99)), max: ms(h.max), mean: ms(h.mean), samples: h.count });

export function eldStop() {
  if (!eld) throw new Error("eldStart first");
  eld.disable();
  const out = read(eld);
  eld = undefined;
  return out;
}

/*
 * Event-loop delay in slices (load alternates between servers). monitorEventLoopDelay, once
 * disabled and enabled again, records the paused time as one huge delay, so slices use the same
 * measure by hand: the lateness of a 5 ms timer, into one perf_hooks histogram across slices.
 */
const RES = 5;
let sliced: RecordableHistogram | undefined;
let timer: NodeJS.Timeout | undefined;
let last = 0;

export function sliceReset(): void {
  sliced = createHistogram();
}
export function sliceResume(): void {
  sliced ??= createHistogram();
  clearInterval(timer);
  last = performance.now();
  timer = setInterval(() => {
    const t = performance.now();
    sliced!.record(Math.max(1, Math.round((t - last - RES) * 1e6)));
    last = t;
  }, RES);
}
export function slicePause(): void {
  clearInterval(timer);
  timer = undefined;
}
export function sliceRead() {
  slicePause();
  if (!sliced) throw new Error("sliceReset first");
  return read(sliced);
}
