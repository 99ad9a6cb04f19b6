import { afterEach, describe, expect, it, vi } from "vitest";
import { api, retryDelay } from "./api";

describe("retryDelay", () => {
  it("spreads retries with full jitter over a doubling window, capped at 8 s", () => {
    expect(retryDelay(1, null, () => 0.999)).toBeCloseTo(499.5);
    expect(retryDelay(2, null, () => 0.5)).toBe(500);
    expect(retryDelay(3, null, () => 1)).toBe(2_000);
    expect(retryDelay(10, null, () => 1)).toBe(8_000);
    expect(retryDelay(1, null, () => 0)).toBe(0);
  });

  it("follows the server's Retry-After, with a little jitter", () => {
    expect(retryDelay(1, 2, () => 0)).toBe(2_000);
    expect(retryDelay(1, 2, () => 1)).toBe(2_500);
    expect(retryDelay(1, 60, () => 0)).toBe(8_000);
  });
});

describe("api", () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.useRealTimers();
  });

  it("retries a GET that cannot reach the server or meets a 503, then answers", async () => {
    vi.useFakeTimers();
    const answers = [
      () => Promise.reject(new TypeError("fetch failed")),
      () => Promise.resolve(new Response("{}", { status: 503, headers: { "retry-after": "1" } })),
      () => Promise.resolve(Response.json({ ok: true, data: 7 })),
    ];
    const fetch = vi.fn(() => answers.shift()!());
    vi.stubGlobal("fetch", fetch);
    const res = api<number>("/api/x", "GET");
    await vi.runAllTimersAsync();
    expect(await res).toEqual({ ok: true, data: 7 });
    expect(fetch).toHaveBeenCalledTimes(3);
  });

  it("gives up after three retries with a clear error, and never retries a POST", async () => {
    vi.useFakeTimers();
    const fetch = vi.fn(() => Promise.reject(new TypeError("fetch failed")));
    vi.stubGlobal("fetch", fetch);
    const get = api("/api/x", "GET");
    await vi.runAllTimersAsync();
    expect(await get).toEqual({ ok: false, error: "Could not reach the server. Check your connection." });
    expect(fetch).toHaveBeenCalledTimes(4);
    fetch.mockClear();
    expect(await api("/api/x", "POST", {})).toEqual({ ok: false, error: "Could not reach the server. Check your connection." });
    expect(fetch).toHaveBeenCalledTimes(1);
  });
});
