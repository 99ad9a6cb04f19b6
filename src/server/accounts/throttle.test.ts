import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Redis } from "ioredis";
import { databases, uniqueEmail, useDatabase } from "@/test/databases";
import { signInWithPassword } from "../auth";
import { createSession, type SessionsEnded } from "../sessions";
import { signUp } from "../services/users";
import { SIGN_IN_FAILED } from "@/shared/schemas";
import { changePassword, resetPassword } from "./accounts";
import { issueToken } from "./tokens";

// Sign-in throttling against a real Redis (the limiters are shared by every instance there):
// guessing is stopped, but nobody can lock an owner out with wrong passwords.

const REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";
const PREFIX = `roster-throttle-test-${process.pid}-${Date.now().toString(36)}:`;
const PASSWORD = "correct horse battery";
const FRESH = "violet lantern upriver";
const saved = { url: process.env.REDIS_URL, prefix: process.env.REDIS_PREFIX, secret: process.env.NEXTAUTH_SECRET };

let ipN = 0;
/** A fresh client address per call, so per-address budgets never leak between tests. */
const newIp = () => `10.77.${process.pid % 250}.${ipN++}`;
const browser = (ip: string, device?: string | null) =>
  new Headers({ "x-roster-client-ip": ip, ...(device ? { cookie: `theme=dark; roster-device=${device}` } : {}) });
const noop: SessionsEnded = () => {};
const failure = (p: Promise<unknown>) => p.then(() => "signed in", (e: unknown) => (e as Error).message);
const TOO_MANY = /^Too many attempts, try again in \d+ s\.$/;
const waitOf = (message: string) => Number(/in (\d+) s/.exec(message)![1]);

/** Wrong passwords for `email`, each from its own address (a botnet). */
async function spray(email: string, times: number) {
  for (let i = 0; i < times; i++) expect(await failure(signInWithPassword({ email, password: `guess ${i}` }, browser(newIp())))).toMatch(/^Email or password is incorrect\.$|^Too many attempts/);
}

beforeAll(() => {
  process.env.REDIS_URL = REDIS_URL;
  process.env.REDIS_PREFIX = PREFIX;
  process.env.NEXTAUTH_SECRET = "a-test-secret-of-enough-length-0123456789";
});
afterAll(async () => {
  const redis = new Redis(REDIS_URL);
  const keys = await redis.keys(`${PREFIX}*`);
  if (keys.length) await redis.del(...keys);
  await redis.quit();
  for (const [name, value] of [["REDIS_URL", saved.url], ["REDIS_PREFIX", saved.prefix], ["NEXTAUTH_SECRET", saved.secret]] as const) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
});

describe.each(databases)("sign-in throttling on $name", (database) => {
  useDatabase(database);

  const person = async (name: string) => {
    const email = uniqueEmail(name.toLowerCase());
    return { ...(await signUp({ name, email, password: PASSWORD }, { verified: true })), email };
  };

  it("lets the owner in from a browser that signed in before while guesses from other addresses have the account throttled", async () => {
    const vera = await person("Vera");
    const home = newIp();
    const first = await signInWithPassword({ email: vera.email, password: PASSWORD }, browser(home));

    await spray(vera.email, 20);
    const redis = new Redis(REDIS_URL);
    expect(await redis.exists(`${PREFIX}rl:signInAccount:${vera.email}`)).toBe(1); // counted in Redis, for every instance
    await redis.quit();
    // Guessing spread over many addresses is stopped: a browser without the cookie waits, even with the right password.
    const blocked = await failure(signInWithPassword({ email: vera.email, password: PASSWORD }, browser(newIp())));
    expect(blocked).toMatch(TOO_MANY);
    expect(await failure(signInWithPassword({ email: vera.email, password: "guess 21" }, browser(newIp())))).toMatch(TOO_MANY);

    // The owner's browser gets in, at home or from anywhere else, and gets a new cookie each time.
    const again = await signInWithPassword({ email: vera.email, password: PASSWORD }, browser(home, first.device));
    expect(again).toMatchObject({ id: vera.id });
    expect(first.device).toMatch(new RegExp(`^${vera.id}\\.`));
    expect(waitOf(blocked)).toBeGreaterThan(3000); // the per-account window: an hour
    expect(again.device).not.toBe(first.device);
    expect(await signInWithPassword({ email: vera.email, password: PASSWORD }, browser(newIp(), again.device))).toMatchObject({ id: vera.id });

    // Another account's cookie, or a forged one, is no pass.
    const otto = await person("Otto");
    const ottos = await signInWithPassword({ email: otto.email, password: PASSWORD }, browser(newIp()));
    expect(await failure(signInWithPassword({ email: vera.email, password: PASSWORD }, browser(newIp(), ottos.device)))).toMatch(TOO_MANY);
    const forged = first.device!.replace(/\.[^.]+$/, ".AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
    expect(await failure(signInWithPassword({ email: vera.email, password: PASSWORD }, browser(newIp(), forged)))).toMatch(TOO_MANY);
  });

  it("stops guessing from one address after 5 wrong passwords without locking the owner out elsewhere", async () => {
    const vera = await person("Vera");
    const guesser = newIp();
    for (let i = 0; i < 5; i++) expect(await failure(signInWithPassword({ email: vera.email, password: `guess ${i}` }, browser(guesser)))).toBe(SIGN_IN_FAILED);
    const blocked = await failure(signInWithPassword({ email: vera.email, password: PASSWORD }, browser(guesser)));
    expect(blocked).toMatch(TOO_MANY);
    expect(waitOf(blocked)).toBeGreaterThan(800);
    expect(waitOf(blocked)).toBeLessThanOrEqual(900);
    // An unknown email is throttled the same way, so throttling tells no accounts apart.
    const nobody = uniqueEmail("nobody");
    for (let i = 0; i < 5; i++) expect(await failure(signInWithPassword({ email: nobody, password: `guess ${i}` }, browser(guesser)))).toBe(SIGN_IN_FAILED);
    expect(await failure(signInWithPassword({ email: nobody, password: PASSWORD }, browser(guesser)))).toMatch(TOO_MANY);

    expect(await signInWithPassword({ email: vera.email, password: PASSWORD }, browser(newIp()))).toMatchObject({ id: vera.id });
  });

  it("gives a browser with the device cookie its own budget of 5, which does not count against the account", async () => {
    const vera = await person("Vera");
    const home = newIp();
    const { device } = await signInWithPassword({ email: vera.email, password: PASSWORD }, browser(home));
    for (let i = 0; i < 5; i++) expect(await failure(signInWithPassword({ email: vera.email, password: `typo ${i}` }, browser(newIp(), device)))).toBe(SIGN_IN_FAILED);
    expect(await failure(signInWithPassword({ email: vera.email, password: PASSWORD }, browser(home, device)))).toMatch(TOO_MANY);
    expect(await signInWithPassword({ email: vera.email, password: PASSWORD }, browser(newIp()))).toMatchObject({ id: vera.id });
  });

  it("lifts the per-account block when the password is reset", async () => {
    const vera = await person("Vera");
    await spray(vera.email, 20);
    expect(await failure(signInWithPassword({ email: vera.email, password: PASSWORD }, browser(newIp())))).toMatch(TOO_MANY);

    await resetPassword(await issueToken(vera.id, "resetPassword"), FRESH, noop);
    expect(await signInWithPassword({ email: vera.email, password: FRESH }, browser(newIp()))).toMatchObject({ id: vera.id });
  });

  it("never blocks a signed-in password change by others' wrong passwords; the change lifts the account's block", async () => {
    const vera = await person("Vera");
    const sid = await createSession(vera.id);
    await spray(vera.email, 20);
    expect(await failure(signInWithPassword({ email: vera.email, password: PASSWORD }, browser(newIp())))).toMatch(TOO_MANY);

    await changePassword(vera.id, sid, PASSWORD, FRESH, noop);
    expect(await signInWithPassword({ email: vera.email, password: FRESH }, browser(newIp()))).toMatchObject({ id: vera.id });
  });

  it("gives the password-change form its own budget, which never blocks sign-in", async () => {
    const vera = await person("Vera");
    const sid = await createSession(vera.id);
    for (let i = 0; i < 5; i++) expect(await failure(changePassword(vera.id, sid, `not it ${i}`, FRESH, noop))).toBe("Your current password is not correct.");
    expect(await failure(changePassword(vera.id, sid, PASSWORD, FRESH, noop))).toMatch(TOO_MANY);
    expect(await signInWithPassword({ email: vera.email, password: PASSWORD }, browser(newIp()))).toMatchObject({ id: vera.id });
  });
});
