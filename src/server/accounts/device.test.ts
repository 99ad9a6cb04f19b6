import { describe, expect, it } from "vitest";
import { DEVICE_MAX_AGE_SEC, deviceCookieName, deviceFromHeader, deviceOf, issueDevice } from "./device";

const SECRET = "a-test-secret-of-enough-length-0123456789";
const T0 = Date.UTC(2030, 0, 1);

describe("device cookie", () => {
  it("names its account and a device, and is good for 30 days", () => {
    const value = issueDevice("user1", SECRET, T0);
    expect(value).toMatch(/^user1\.[A-Za-z0-9_-]{16}\.\d+\.[A-Za-z0-9_-]{43}$/);
    expect(DEVICE_MAX_AGE_SEC).toBe(2_592_000);
    const device = deviceOf(value, "user1", SECRET, T0);
    expect(device).toMatch(/^user1:[A-Za-z0-9_-]{16}$/);
    expect(deviceOf(value, "user1", SECRET, T0 + 29 * 86_400_000)).toBe(device);
    expect(deviceOf(value, "user1", SECRET, T0 + 30 * 86_400_000)).toBeNull();
    // Two browsers are two devices.
    expect(deviceOf(issueDevice("user1", SECRET, T0), "user1", SECRET, T0)).not.toBe(device);
  });

  it("is refused for another account, with another secret, or altered", () => {
    const value = issueDevice("user1", SECRET, T0);
    expect(deviceOf(value, "user2", SECRET, T0)).toBeNull();
    expect(deviceOf(value, "user1", "another-secret-of-enough-length-0000", T0)).toBeNull();
    const [id, nonce, expires, sig] = value.split(".") as [string, string, string, string];
    expect(deviceOf(`${id}.${nonce}.${Number(expires) + 86_400}.${sig}`, "user1", SECRET, T0)).toBeNull();
    expect(deviceOf(`user2.${nonce}.${expires}.${sig}`, "user2", SECRET, T0)).toBeNull();
    // Altered signature: its last character changed (to one it is not, whatever the random nonce gave).
    const altered = sig.slice(0, -1) + (sig.endsWith("A") ? "B" : "A");
    expect(deviceOf(`${id}.${nonce}.${expires}.${altered}`, "user1", SECRET, T0)).toBeNull();
    for (const junk of [undefined, "", "a.b.c", "user1...", `${value}.x`]) expect(deviceOf(junk, "user1", SECRET, T0)).toBeNull();
  });

  it("is read from a Cookie header under either name", () => {
    const value = issueDevice("user1", SECRET, T0);
    const device = deviceOf(value, "user1", SECRET, T0);
    expect(deviceCookieName(true)).toBe("__Host-roster-device");
    expect(deviceCookieName(false)).toBe("roster-device");
    expect(deviceFromHeader(`a=1; roster-device=${value}; b=2`, "user1", SECRET, T0)).toBe(device);
    expect(deviceFromHeader(`__Host-roster-device=${value}`, "user1", SECRET, T0)).toBe(device);
    expect(deviceFromHeader(`roster-device=forged; __Host-roster-device=${value}`, "user1", SECRET, T0)).toBe(device);
    expect(deviceFromHeader(`other-device=${value}`, "user1", SECRET, T0)).toBeNull();
    expect(deviceFromHeader(null, "user1", SECRET, T0)).toBeNull();
  });
});
