import { describe, expect, it } from "vitest";
import { addressKey, consume, TooManyRequests } from "./limits";

describe("addressKey", () => {
  it.each([
    ["203.0.113.7", "203.0.113.7"],
    ["2001:db8:1:2:3:4:5:6", "2001:db8:1:2::/64"],
    ["2001:0db8:0001:0002:aaaa:bbbb:cccc:dddd", "2001:db8:1:2::/64"],
    ["2001:db8::1", "2001:db8:0:0::/64"],
    ["2001:db8:1:2::", "2001:db8:1:2::/64"],
    ["::1", "0:0:0:0::/64"],
    ["fe80::1%eth0", "fe80:0:0:0::/64"],
    ["unknown", "unknown"],
  ])("%s → %s", (ip, key) => {
    expect(addressKey(ip)).toBe(key);
  });
});

describe("per-address throttles", () => {
  it("count every address of one IPv6 /64 against one budget", async () => {
    // signUpIp allows 10 an hour per address (IP_LIMIT_FACTOR unset in tests).
    const prefix = `2001:db8:${(Date.now() % 0xffff).toString(16)}:7`;
    for (let i = 1; i <= 10; i++) await consume("signUpIp", `${prefix}::${i.toString(16)}`);
    await expect(consume("signUpIp", `${prefix}::ffff`)).rejects.toBeInstanceOf(TooManyRequests);
    await expect(consume("signUpIp", `${prefix.replace(/:7$/, ":8")}::1`)).resolves.toBeUndefined();
  });
});
