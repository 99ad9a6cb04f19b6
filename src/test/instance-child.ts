// A Roster realtime instance in its own process, for crash and restart tests: prints its URL,
// then serves until killed (SIGKILL: a crash) or stopped (SIGTERM: a graceful shutdown, as
// server.ts does it). Configured by the environment (DATABASE_URL, REDIS_URL, REDIS_PREFIX,
// PRESENCE_*).
import { startInstance } from "./realtime-harness";

const instance = await startInstance({
  redisUrl: process.env.REDIS_URL,
  redisPrefix: process.env.REDIS_PREFIX,
  graceMs: Number(process.env.PRESENCE_GRACE_MS ?? 300),
  livenessMs: Number(process.env.PRESENCE_LIVENESS_MS ?? 1_500),
  ...(process.env.PRESENCE_RESTART_GRACE_MS ? { restartGraceMs: Number(process.env.PRESENCE_RESTART_GRACE_MS) } : {}),
});
process.stdout.write(`${JSON.stringify({ url: instance.url })}\n`);

process.once("SIGTERM", () => {
  instance
    .stop()
    .then(() => process.exit(0))
    .catch((err: unknown) => {
      process.stderr.write(`graceful stop failed: ${String(err)}\n`);
      process.exit(1);
    });
});
