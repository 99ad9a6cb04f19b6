import { isIPv6 } from "node:net";
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
import { AppError } from "./errors";
import { failFastRedisOptions } from "./presence/redis-store";
import { connectRedis, redisTarget, type RedisClient } from "./redis-connect";

// Throttles, one per kind of abuse. With REDIS_URL they are shared by every instance (a
// memory limiter insures them while Redis is down); otherwise they live in this process.
// Per-IP budgets are multiplied by IP_LIMIT_FACTOR: raise it when many people share one
// address (a company NAT); the end-to-end suite and the benchmark raise it because every
// browser they drive comes from 127.0.0.1.

interface Rule {
  points: number;
  /** Window in seconds. */
  duration: number;
  /** Once spent, the key stays blocked this long (seconds); defaults to the rest of the window. */
  blockDuration?: number;
  perIp?: boolean;
}

export const RULES = {
  // Wrong passwords at sign-in (src/server/accounts/sign-in-throttle.ts). Guessing from one place
  // stops after 5 (per account and address); guessing spread over many addresses stops after 20
  // an hour (per account), which a reset or a password change clears; a browser holding the
  // account's device cookie skips both and has its own 5.
  signInPair: { points: 5, duration: 15 * 60, blockDuration: 15 * 60 },
  signInAccount: { points: 20, duration: 60 * 60 },
  signInDevice: { points: 5, duration: 15 * 60, blockDuration: 15 * 60 },
  signInIp: { points: 30, duration: 15 * 60, blockDuration: 15 * 60, perIp: true },
  /** Wrong current passwords on a signed-in user's password-change form, per user. */
  passwordChangeUser: { points: 5, duration: 15 * 60, blockDuration: 15 * 60 },
  signUpIp: { points: 10, duration: 60 * 60, perIp: true },
  /** Reset and verification emails per address asked for, and per client address. */
  mailAccount: { points: 3, duration: 60 * 60 },
  mailIp: { points: 20, duration: 60 * 60, perIp: true },
  invitesUser: { points: 50, duration: 60 * 60 },
  /** Messages: 20 per 20 s window per user. */
  messagesUser: { points: 20, duration: 20 },
  /** Message searches (the search page and its "More results"): 60 a minute per user. */
  searchUser: { points: 60, duration: 60 },
  /** Channel changes (create, join, leave, add people, topic, archive): 30 a minute per user. */
  channelsUser: { points: 30, duration: 60 },
  socketConnectsIp: { points: 120, duration: 60, perIp: true },
} satisfies Record<string, Rule>;

export type LimitName = keyof typeof RULES;

export class TooManyRequests extends AppError {
  constructor(readonly retryAfterSec: number) {
    super(429, `Too many attempts, try again in ${retryAfterSec} s.`);
  }
}

const ipFactor = () => Math.max(1, Number(process.env.IP_LIMIT_FACTOR) || 1);

let redis: RedisClient | null | undefined;
const limiters = new Map<LimitName, RateLimiterAbstract>();

function limiter(name: LimitName): RateLimiterAbstract {
  let l = limiters.get(name);
  if (l) return l;
  const rule: Rule = RULES[name];
  const opts = {
    keyPrefix: `${process.env.REDIS_PREFIX ?? "roster:"}rl:${name}`,
    points: rule.perIp ? rule.points * ipFactor() : rule.points,
    duration: rule.duration,
    blockDuration: rule.blockDuration,
  };
  if (redis === undefined) {
    const target = redisTarget(process.env.REDIS_URL, process.env.REDIS_CLUSTER_NODES);
    redis = target ? connectRedis(target, failFastRedisOptions) : null;
  }
  if (redis) {
    redis.on("error", () => {}); // an outage falls back to the insurance limiter below
    l = new RateLimiterRedis({ ...opts, storeClient: redis, insuranceLimiter: new RateLimiterMemory(opts) });
  } else {
    l = new RateLimiterMemory(opts);
  }
  limiters.set(name, l);
  return l;
}

/**
 * The key of a per-address budget: IPv4 as is, IPv6 by its /64 (one subscriber or host gets a
 * whole /64, so keying by the full address would hand out a fresh budget per request).
 */
export function addressKey(ip: string): string {
  const bare = ip.split("%")[0]!;
  if (!isIPv6(bare)) return ip;
  const [head, tail] = bare.split("::") as [string, string | undefined];
  const h = head ? head.split(":") : [];
  const t = tail ? tail.split(":") : [];
  const groups = tail === undefined ? h : [...h, ...Array<string>(Math.max(0, 8 - h.length - t.length)).fill("0"), ...t];
  return `${groups.slice(0, 4).map((g) => (parseInt(g, 16) || 0).toString(16)).join(":")}::/64`;
}

const keyFor = (name: LimitName, key: string) => ((RULES[name] as Rule).perIp ? addressKey(key) : key);

const retryAfter = (res: RateLimiterRes) => Math.max(1, Math.ceil(res.msBeforeNext / 1000));

/** Spends one point of `name` for `key`; throws TooManyRequests (429) when the budget is spent. */
export async function consume(name: LimitName, key: string, points = 1): Promise<void> {
  try {
    await limiter(name).consume(keyFor(name, key), points);
  } catch (err) {
    if (err instanceof RateLimiterRes) throw new TooManyRequests(retryAfter(err));
    throw err;
  }
}

/** Seconds until `key` may try again, or 0 when it has budget left. Spends nothing. */
export async function blockedFor(name: LimitName, key: string): Promise<number> {
  const res = await limiter(name).get(keyFor(name, key));
  if (!res || res.remainingPoints > 0) return 0;
  return retryAfter(res);
}

/** Forgets `key` (for example an account's failed sign-ins after a successful one). */
export async function reset(name: LimitName, key: string): Promise<void> {
  await limiter(name).delete(keyFor(name, key));
}

/**
 * The client's address as the HTTP server saw it. server.ts writes this header on every
 * request (overwriting whatever the client sent), from the socket's address, or from
 * X-Forwarded-For only when TRUST_PROXY is set.
 */
export const CLIENT_IP_HEADER = "x-roster-client-ip";
export const clientIp = (headers: Headers) => headers.get(CLIENT_IP_HEADER) ?? "unknown";
