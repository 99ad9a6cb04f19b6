import { encode } from "next-auth/jwt";
import { describe, expect, it } from "vitest";
import { sessionFromCookieHeader, userIdFromCookieHeader } from "./session-token";

const SECRET = "session-token-test-secret-0123456789abcdef";

describe("session cookie decoding (next-auth's tokens)", () => {
  it("reads the user and session of a token next-auth issued, plain or chunked", async () => {
    const token = await encode({ token: { sub: "u1", sid: "s1" }, secret: SECRET });
    expect(await sessionFromCookieHeader(`a=b; next-auth.session-token=${token}`, SECRET)).toEqual({ userId: "u1", sessionId: "s1" });
    const half = Math.floor(token.length / 2);
    const chunked = `__Secure-next-auth.session-token.0=${token.slice(0, half)}; __Secure-next-auth.session-token.1=${token.slice(half)}`;
    expect(await userIdFromCookieHeader(chunked, SECRET)).toBe("u1");
  });

  it("refuses another secret's token, an expired one and garbage", async () => {
    const token = await encode({ token: { sub: "u1", sid: "s1" }, secret: SECRET });
    expect(await sessionFromCookieHeader(`next-auth.session-token=${token}`, `${SECRET}-other`)).toBeNull();
    // Past the 15 s clock tolerance next-auth allows.
    const expired = await encode({ token: { sub: "u1", sid: "s1" }, secret: SECRET, maxAge: -60 });
    expect(await sessionFromCookieHeader(`next-auth.session-token=${expired}`, SECRET)).toBeNull();
    expect(await sessionFromCookieHeader("next-auth.session-token=not-a-token", SECRET)).toBeNull();
    expect(await sessionFromCookieHeader(undefined, SECRET)).toBeNull();
  });
});
