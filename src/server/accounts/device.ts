import crypto from "node:crypto";

// The device cookie (OWASP, "Slow down online guessing attacks with device cookies"): a browser
// that signed in to an account gets a signed note of it. While that account is throttled because
// someone elsewhere is guessing its password, a browser with a valid note still gets in; it has
// its own small budget of wrong passwords instead.
//
// Value: `<userId>.<nonce>.<expires (unix s)>.<HMAC-SHA256(secret, "device|userId|nonce|expires")>`.
// The nonce tells two browsers of one account apart, so each has its own budget.

export const DEVICE_MAX_AGE_SEC = 30 * 86_400;
const NAMES = { secure: "__Host-roster-device", plain: "roster-device" } as const;

export const deviceCookieName = (secure: boolean) => (secure ? NAMES.secure : NAMES.plain);

const mac = (secret: string, body: string) => crypto.createHmac("sha256", secret).update(`device|${body}`).digest("base64url");

/** A new device cookie value for `userId`, valid for DEVICE_MAX_AGE_SEC from `now`. */
export function issueDevice(userId: string, secret: string, now = Date.now()): string {
  const body = `${userId}|${crypto.randomBytes(12).toString("base64url")}|${Math.floor(now / 1000) + DEVICE_MAX_AGE_SEC}`;
  return `${body.replaceAll("|", ".")}.${mac(secret, body)}`;
}

/**
 * The device id (`userId:nonce`) of a cookie value if it is signed with `secret`, names
 * `userId` and has not expired at `now`; otherwise null.
 */
export function deviceOf(value: string | undefined, userId: string, secret: string, now = Date.now()): string | null {
  const parts = value?.split(".");
  if (parts?.length !== 4) return null;
  const [id, nonce, expires, sig] = parts as [string, string, string, string];
  if (id !== userId || !/^\d{1,12}$/.test(expires) || Number(expires) * 1000 <= now) return null;
  const want = Buffer.from(mac(secret, `${id}|${nonce}|${expires}`));
  const got = Buffer.from(sig);
  return got.length === want.length && crypto.timingSafeEqual(got, want) ? `${id}:${nonce}` : null;
}

/** The device cookie values a Cookie header carries (either name; malformed parts are skipped). */
export function deviceCookies(header: string | null | undefined): string[] {
  const out: string[] = [];
  for (const part of (header ?? "").split(";")) {
    const eq = part.indexOf("=");
    const name = part.slice(0, eq).trim();
    if (eq > 0 && (name === NAMES.secure || name === NAMES.plain)) out.push(part.slice(eq + 1).trim());
  }
  return out;
}

/** The device id of the first valid device cookie for `userId` in a Cookie header, or null. */
export function deviceFromHeader(header: string | null | undefined, userId: string, secret: string, now = Date.now()): string | null {
  for (const value of deviceCookies(header)) {
    const device = deviceOf(value, userId, secret, now);
    if (device) return device;
  }
  return null;
}
