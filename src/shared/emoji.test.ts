import { describe, expect, it } from "vitest";
import * as z from "zod/mini";
import { reactionEmoji, reactionInput } from "./message-input";

describe("reaction emoji", () => {
  it("accepts one emoji, sequences included", () => {
    for (const e of ["👍", "👍🏽", "👩‍💻", "🇫🇷", "1️⃣", "❤️", "🏳️‍🌈", "👨‍👩‍👧‍👦"]) expect(z.safeParse(reactionEmoji, e).success, e).toBe(true);
  });
  it("refuses text, several emoji and empty, with a clear error", () => {
    for (const e of ["", "a", "ok", "👍👍", "🇫🇷🇫🇷", "👍 ", "<b>", "1", "#", "👍".repeat(20)]) expect(z.safeParse(reactionEmoji, e).success, e).toBe(false);
    const r = z.safeParse(reactionInput, { messageId: "m1", emoji: "👍👍" });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.message).toBe("A reaction is one emoji.");
  });
});
