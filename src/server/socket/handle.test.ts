import { describe, expect, it } from "vitest";
import { z } from "zod";
import pino from "pino";
import { handle, RateLimiter } from "./handle";
import { AppError } from "../errors";

describe("per-socket rate limiter (token bucket) on a hand-moved clock", () => {
  it("allows a burst, then refills at its rate, never above the burst", () => {
    let t = 1_000_000;
    const limiter = new RateLimiter({ perSecond: 20, burst: 40, now: () => t });
    const takes = (n: number) => Array.from({ length: n }, () => limiter.take()).filter(Boolean).length;
    expect(takes(50)).toBe(40); // the full bucket, then refused
    t += 100; // 0.1 s at 20 a second: 2 tokens
    expect(takes(5)).toBe(2);
    t += 1_000;
    expect(takes(25)).toBe(20);
    t += 60_000; // a long quiet spell refills to the burst only
    expect(takes(50)).toBe(40);
  });

  it("does not refill while the clock stands still", () => {
    const limiter = new RateLimiter({ perSecond: 20, burst: 3, now: () => 5 });
    expect([limiter.take(), limiter.take(), limiter.take(), limiter.take(), limiter.take()]).toEqual([true, true, true, false, false]);
  });
});

describe("handle(): rate limit, validation, ack", () => {
  const log = pino({ level: "silent" });
  const call = (h: (payload: unknown, ack?: unknown) => Promise<void>, payload: unknown) =>
    new Promise<unknown>((resolve) => void h(payload, resolve));

  it("answers ok with the result, a readable error for bad input or an AppError, a generic one otherwise", async () => {
    const limiter = new RateLimiter({ now: () => 0 });
    const h = handle({ limiter, log }, z.object({ n: z.number() }), ({ n }) => {
      if (n === 1) throw new AppError(404, "Not here.");
      if (n === 2) throw new Error("boom");
      return n * 10;
    });
    expect(await call(h, { n: 4 })).toEqual({ ok: true, data: 40 });
    expect(await call(h, { n: 1 })).toEqual({ ok: false, error: "Not here." });
    expect(await call(h, { n: 2 })).toEqual({ ok: false, error: "Something went wrong on our side." });
    expect(await call(h, { n: "x" })).toMatchObject({ ok: false });
  });

  it("refuses past the bucket without running the handler, and serves again once the clock moved on", async () => {
    let t = 0;
    let ran = 0;
    const h = handle({ limiter: new RateLimiter({ perSecond: 10, burst: 2, now: () => t }), log }, z.object({}), () => ++ran);
    expect(await call(h, {})).toEqual({ ok: true, data: 1 });
    expect(await call(h, {})).toEqual({ ok: true, data: 2 });
    expect(await call(h, {})).toEqual({ ok: false, error: "Too many requests; slow down." });
    expect(ran).toBe(2);
    t += 100; // one token at 10 a second
    expect(await call(h, {})).toEqual({ ok: true, data: 3 });
  });

  it("refuses NUL and lone surrogates in any string the schema let through, naming the field, without running the handler", async () => {
    let ran = 0;
    const h = handle({ limiter: new RateLimiter({ now: () => 0 }), log }, z.object({ text: z.string(), tags: z.array(z.string()).optional() }), () => ++ran);
    expect(await call(h, { text: "\ud800" })).toEqual({ ok: false, error: "Text contains an invalid character." });
    expect(await call(h, { text: "a\u0000" })).toEqual({ ok: false, error: "Text must not contain NUL characters." });
    expect(await call(h, { text: "ok", tags: ["\udfff"] })).toEqual({ ok: false, error: "Tags contains an invalid character." });
    expect(ran).toBe(0);
    expect(await call(h, { text: "😀" })).toEqual({ ok: true, data: 1 });
  });

  it("answers a database refusal of bad input as invalid input, not as our fault", async () => {
    const h = handle({ limiter: new RateLimiter({ now: () => 0 }), log }, z.object({}), () => {
      // What Prisma 6.19 throws for a lone surrogate that reaches it.
      throw Object.assign(new Error("Invalid invocation:\nJSON Error: unexpected end of hex escape at line 1 column 121"), { name: "PrismaClientUnknownRequestError" });
    });
    expect(await call(h, {})).toEqual({ ok: false, error: "The request has an invalid value." });
  });
});
