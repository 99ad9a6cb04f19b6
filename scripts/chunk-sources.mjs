// Page weight by module: `ROSTER_SOURCEMAPS=1 npm run build`, then
// `node scripts/chunk-sources.mjs <chunk.js> ...` (names as e2e/page-weight.spec.ts prints them).
// Each chunk's bytes are attributed to the source of the mapping that covers them, grouped by
// package (or by file under src/), and scaled to the chunk's gzipped size. DEEP=<package> lists
// that package by file (DEEP=next shows React DOM and the router apart).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { SourceMapConsumer } from "source-map-js";

const dir = ".next/static/chunks";
const totals = new Map();
for (const name of process.argv.slice(2)) {
  const code = readFileSync(join(dir, name), "utf8");
  const ratio = gzipSync(code).length / Buffer.byteLength(code);
  let map;
  try {
    // The map's own name is in the chunk's last line.
    const url = /\/\/# sourceMappingURL=(\S+)\s*$/.exec(code)?.[1] ?? `${name}.map`;
    map = JSON.parse(readFileSync(join(dir, url), "utf8"));
  } catch {
    totals.set(`${name} (no source map)`, gzipSync(code).length);
    continue;
  }
  const consumer = new SourceMapConsumer(map);
  const lines = code.split("\n");
  const byLine = new Map();
  consumer.eachMapping((m) => {
    if (!byLine.has(m.generatedLine)) byLine.set(m.generatedLine, []);
    byLine.get(m.generatedLine).push(m);
  });
  for (const [line, maps] of byLine) {
    maps.sort((a, b) => a.generatedColumn - b.generatedColumn);
    const text = lines[line - 1] ?? "";
    maps.forEach((m, i) => {
      const end = i + 1 < maps.length ? maps[i + 1].generatedColumn : text.length;
      const key = group(m.source ?? "(none)");
      totals.set(key, (totals.get(key) ?? 0) + (end - m.generatedColumn) * ratio);
    });
  }
}

function group(source) {
  const nm = source.lastIndexOf("node_modules/");
  if (nm >= 0) {
    const rest = source.slice(nm + 13).split("/");
    if (process.env.DEEP === rest[0]) return source.slice(nm + 13);
    return rest[0].startsWith("@") ? `${rest[0]}/${rest[1]}` : rest[0];
  }
  const src = source.indexOf("src/");
  return src >= 0 ? source.slice(src) : source;
}

const rows = [...totals].sort((a, b) => b[1] - a[1]);
const sum = rows.reduce((s, [, n]) => s + n, 0);
for (const [key, n] of rows.slice(0, 60)) console.log(`${(n / 1024).toFixed(1).padStart(7)} KB gz  ${key}`);
console.log(`${(sum / 1024).toFixed(1).padStart(7)} KB gz  total`);
