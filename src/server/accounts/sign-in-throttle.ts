import { addressKey, blockedFor, consume, reset, TooManyRequests, type LimitName } from "../limits";

/**
 * One sign-in attempt as the throttles see it: the account asked for (the email as typed, known
 * or not, so throttling tells no accounts apart), the client address, and the device id of a
 * valid device cookie for that account (null without one).
 */
export interface Attempt {
  account: string;
  ip: string;
  device: string | null;
}

/**
 * The budgets an attempt spends. Every attempt spends its address's. A browser with the
 * account's device cookie spends only its own device budget, so guesses made elsewhere never
 * lock its owner out; any other browser spends the (account, address) budget, which stops
 * guessing from one place, and the slower per-account one, which stops guessing spread over
 * many addresses.
 */
function budgets(a: Attempt): [LimitName, string][] {
  const own: [LimitName, string][] = a.device
    ? [["signInDevice", a.device]]
    : [["signInPair", `${a.account}|${addressKey(a.ip)}`], ["signInAccount", a.account]];
  return [["signInIp", a.ip], ...own];
}

/** Throws TooManyRequests (with the longest wait) when any budget of the attempt is spent. */
export async function checkAttempt(a: Attempt): Promise<void> {
  const waits = await Promise.all(budgets(a).map(([name, key]) => blockedFor(name, key)));
  const wait = Math.max(0, ...waits);
  if (wait) throw new TooManyRequests(wait);
}

/** A wrong password (or unknown email): one point from every budget of the attempt. */
export async function recordFailure(a: Attempt): Promise<void> {
  const spent = await Promise.allSettled(budgets(a).map(([name, key]) => consume(name, key)));
  const refused = spent.find((r) => r.status === "rejected");
  if (refused) throw refused.reason;
}

/**
 * The right password: the browser's own count (its address or device) starts over. The
 * per-account count does not: the owner signing in must not hand a guesser elsewhere a fresh
 * budget. A reset or a password change clears it (clearAccount).
 */
export async function recordSuccess(a: Attempt): Promise<void> {
  await (a.device ? reset("signInDevice", a.device) : reset("signInPair", `${a.account}|${addressKey(a.ip)}`));
}

/** Forgets the account's wrong passwords: its owner proved themselves (reset link, signed-in change). */
export const clearAccount = (email: string) => reset("signInAccount", email.toLowerCase());
