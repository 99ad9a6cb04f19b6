// `npm test` runs this first: what the tests need, checked in seconds, one line per missing piece
// with how to get it. Exit 1 when anything is missing (nothing else runs).
import fs from "node:fs";
import net from "node:net";
import { chromiumPath } from "../e2e/chromium-path.mjs";

const pgUrl = new URL(process.env.TEST_PG_URL ?? "postgresql://postgres@127.0.0.1:5432/test");
const redisUrl = new URL(process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379");
const nginx = process.env.NGINX_PATH ?? "/usr/sbin/nginx";

/** Resolves to the first bytes the server answers `send` with (or "" for connect-only), or null when it cannot be reached. */
function probe(host, port, send) {
  return new Promise((resolve) => {
    const s = net.connect(Number(port), host);
    const done = (v) => {
      s.destroy();
      resolve(v);
    };
    s.setTimeout(2_000, () => done(null));
    s.once("error", () => done(null));
    s.once("connect", () => (send ? s.write(send) : done("")));
    s.once("data", (b) => done(b.toString()));
  });
}

const missing = [];
if ((await probe(pgUrl.hostname, pgUrl.port || 5432)) === null) {
  missing.push(`PostgreSQL: nothing answers on ${pgUrl.host} (TEST_PG_URL). Start it: pg_ctlcluster <version> main start (Debian), or set TEST_PG_URL.`);
}
if (!(await probe(redisUrl.hostname, redisUrl.port || 6379, "PING\r\n"))?.startsWith("+PONG")) {
  missing.push(`Redis: no PONG from ${redisUrl.host} (TEST_REDIS_URL). Start it: redis-server --daemonize yes --save "" --appendonly no.`);
}
if (!chromiumPath()) {
  missing.push("Chromium: not at CHROMIUM_PATH, /usr/bin/chromium or Playwright's download. Get one: apt-get install chromium, or npx playwright install chromium.");
}
if (!fs.existsSync(nginx)) {
  missing.push(`nginx: not at ${nginx} (NGINX_PATH; the topology test runs its own on a free port). Get it: apt-get install nginx.`);
}
for (const m of missing) console.error(`missing: ${m}`);
if (missing.length) {
  console.error(`npm test needs ${missing.length === 1 ? "this" : "these"} first (.ci/run installs them on Debian).`);
  process.exit(1);
}
