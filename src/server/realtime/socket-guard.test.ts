import { describe, expect, it } from "vitest";
import { SocketCaps, socketOriginAllowed } from "./socket-guard";

describe("SocketCaps", () => {
  it("caps per address across users and per user across addresses, and frees on release", () => {
    const caps = new SocketCaps(2, 3);
    expect(caps.admit("u1", "10.0.0.1")).toBeNull();
    expect(caps.admit("u1", "10.0.0.2")).toBeNull();
    expect(caps.admit("u1", "10.0.0.3")).toMatch(/Too many open tabs/);
    expect(caps.admit("u2", "10.0.0.1")).toBeNull();
    expect(caps.admit("u3", "10.0.0.1")).toBeNull();
    expect(caps.admit("u4", "10.0.0.1")).toMatch(/Too many connections from your network/);
    caps.release("u2", "10.0.0.1");
    expect(caps.admit("u4", "10.0.0.1")).toBeNull();
    caps.release("u1", "10.0.0.2");
    expect(caps.admit("u1", "10.0.0.9")).toBeNull();
  });
});

describe("socketOriginAllowed", () => {
  it.each([
    [undefined, "app.example:3000", undefined, true],
    ["http://app.example:3000", "app.example:3000", undefined, true],
    ["https://app.example:3000", "app.example:3000", undefined, true],
    ["http://evil.example", "app.example:3000", undefined, false],
    ["http://app.example:3000.evil.example", "app.example:3000", undefined, false],
    ["null", "app.example:3000", undefined, false],
    ["file://", "app.example:3000", undefined, false],
    ["https://chat.example.com", "10.0.0.5:3000", "https://chat.example.com", true],
    ["http://chat.example.com", "chat.example.com", "https://chat.example.com", false],
    ["http://10.0.0.5:3000", "10.0.0.5:3000", "https://chat.example.com", false],
  ])("origin %s, host %s, public URL %s → %s", (origin, host, publicUrl, expected) => {
    expect(socketOriginAllowed(origin, host, publicUrl)).toBe(expected);
  });
});
