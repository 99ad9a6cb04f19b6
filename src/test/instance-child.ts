// A Roster realtime instance in its own process, for crash tests: prints its URL, then serves
// until killed. Configured by the environment (DATABASE_URL, REDIS_URL, REDIS_PREFIX, PRESENCE_*).
import { startInstance } from "./realtime-harness";

const instance = await startInstance({
  redisUrl: process.env.REDIS_URL,
  redisPrefix: process.env.REDIS_PREFIX,
  graceMs: Number(process.env.PRESENCE_GRACE_MS ?? 300),
  livenessMs: Number(process.env.PRESENCE_LIVENESS_MS ?? 1_500),
});
process.stdout.write(`${JSON.stringify({ url: instance.url })}\n`);
