// The import graph of src/, as madge reads it (TypeScript, `@/` resolved through tsconfig.json,
// `import type` included): no import circles, and the layers only import downward. And no new
// module-level locators on globalThis.
import { readFileSync } from "node:fs";
import path from "node:path";
import madge from "madge";
import { beforeAll, describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "../..");
let graph: Record<string, string[]>;
let circles: string[][];

beforeAll(async () => {
  const result = await madge(path.join(root, "src"), {
    baseDir: root,
    fileExtensions: ["ts", "tsx"],
    tsConfig: path.join(root, "tsconfig.json"),
    // Prisma's generated client (its own circles are its business) and declaration files.
    excludeRegExp: [/^src\/generated\//, /\.d\.ts$/],
    detectiveOptions: { ts: { skipTypeImports: false }, tsx: { skipTypeImports: false } },
  });
  expect(result.warnings().skipped).toEqual([]);
  graph = result.obj();
  circles = result.circular();
}, 60_000);

/** Every import of a file under `from` (but not under `except`) into a file under `into`, as "importer -> imported". */
const imports = (from: string, into: string, except?: string) =>
  Object.entries(graph)
    .filter(([file]) => file.startsWith(from) && !(except && file.startsWith(except)))
    .flatMap(([file, deps]) => deps.filter((d) => d.startsWith(into)).map((d) => `${file} -> ${d}`));

describe("import graph of src/", () => {
  it("is read whole: aliases resolve, relative and type-only imports count", () => {
    // If the alias or the TypeScript parsing broke, these edges would vanish and every check below would pass vacuously.
    expect(graph["src/app/api/me/status/route.ts"]).toContain("src/server/commands.ts"); // "@/server/commands"
    expect(graph["src/server/realtime/server.ts"]).toContain("src/server/socket/rooms.ts"); // "../socket/rooms"
    expect(graph["src/server/commands.ts"]).toContain("src/server/presence/service.ts"); // import type
    expect(graph["src/components/workspace/workspace-shell.tsx"]).toContain("src/shared/shell.ts"); // .tsx
    expect(Object.keys(graph).length).toBeGreaterThan(150);
  });

  it("has no import circles", () => {
    expect(circles).toEqual([]);
  });

  it("lower layers never import the realtime server: only src/server/realtime/ itself does", () => {
    expect(imports("src/server/", "src/server/realtime/", "src/server/realtime/")).toEqual([]);
  });

  it("the server never imports client components", () => {
    expect(imports("src/server/", "src/components/")).toEqual([]);
  });

  it("the socket transport carries no rules: it imports no presence, services or realtime code", () => {
    expect([
      ...imports("src/server/socket/", "src/server/presence/"),
      ...imports("src/server/socket/", "src/server/services/"),
      ...imports("src/server/socket/", "src/server/realtime/"),
    ]).toEqual([]);
  });
});

describe("globalThis", () => {
  it("holds only what Next.js route bundles must share with server.ts: the routes' commands, the database client, the metrics registry", () => {
    const code = Object.keys(graph).filter((file) => !/\.test\.tsx?$/.test(file));
    const users = code.filter((file) => /\bglobalThis\b/.test(readFileSync(path.join(root, file), "utf8")));
    expect(users.sort()).toEqual(["src/server/commands.ts", "src/server/db.ts", "src/server/metrics.ts"]);
  });
});
