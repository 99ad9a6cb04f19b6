// Where the heap per socket goes: `npx tsx bench/heap-diff.ts <before.heapsnapshot> <after.heapsnapshot> [sockets]`.
// Sums self size per (node type, constructor or string name) in each snapshot and prints the
// largest growths, per socket when the count is given. Snapshots come from the idle phase with
// BENCH_HEAP_DIR set (bench/heap.ts heapSnapshot).
import { readFileSync } from "node:fs";

interface Snapshot {
  snapshot: { meta: { node_fields: string[]; node_types: [string[]] } };
  nodes: number[];
  strings: string[];
}

function sums(file: string): Map<string, { size: number; count: number }> {
  const snap = JSON.parse(readFileSync(file, "utf8")) as Snapshot;
  const fields = snap.snapshot.meta.node_fields;
  const width = fields.length;
  const [typeAt, nameAt, sizeAt] = ["type", "name", "self_size"].map((f) => fields.indexOf(f)) as [number, number, number];
  const types = snap.snapshot.meta.node_types[0];
  const out = new Map<string, { size: number; count: number }>();
  for (let i = 0; i < snap.nodes.length; i += width) {
    const type = types[snap.nodes[i + typeAt]!]!;
    // Strings are grouped as one kind; objects, closures and arrays by their name.
    const name = type === "string" || type === "concatenated string" || type === "sliced string" ? "" : snap.strings[snap.nodes[i + nameAt]!]!.slice(0, 60);
    const key = `${type}:${name}`;
    const s = out.get(key) ?? { size: 0, count: 0 };
    s.size += snap.nodes[i + sizeAt]!;
    s.count += 1;
    out.set(key, s);
  }
  return out;
}

const [beforeFile, afterFile, socketsArg] = process.argv.slice(2);
if (!beforeFile || !afterFile) throw new Error("usage: heap-diff.ts before.heapsnapshot after.heapsnapshot [sockets]");
const per = Number(socketsArg ?? 1);
const before = sums(beforeFile);
const after = sums(afterFile);
const rows = [...after].map(([key, a]) => {
  const b = before.get(key) ?? { size: 0, count: 0 };
  return { key, bytes: (a.size - b.size) / per, count: (a.count - b.count) / per };
});
rows.sort((x, y) => y.bytes - x.bytes);
const total = rows.reduce((t, r) => t + r.bytes, 0);
console.log(`total ${total.toFixed(0)} bytes${per > 1 ? " per socket" : ""}`);
for (const r of rows.slice(0, 40)) console.log(`${r.bytes.toFixed(0).padStart(8)}  ${r.count.toFixed(2).padStart(7)}  ${r.key}`);
