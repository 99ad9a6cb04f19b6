import { describe, expect, it } from "vitest";
import * as z from "zod/mini";
import { BIG_CHANNEL_MEMBERS, mentionCandidates, mentionSpans, notifyOf } from "./channel";
import { channelName, createChannelInput } from "./channel-input";

const nameError = (raw: string) => {
  const r = z.safeParse(channelName, raw);
  return r.success ? r.data : `error: ${r.error.issues[0]?.message}`;
};

describe("channel names", () => {
  it("are stored without #, in lowercase, spaces as hyphens", () => {
    expect(nameError("#Design Team ")).toBe("design-team");
    expect(nameError("  q4_launch  ")).toBe("q4_launch");
    expect(nameError("Équipe")).toBe("équipe");
  });
  it("refuse what a name cannot hold, with a message saying so", () => {
    expect(nameError("")).toBe("error: Enter a channel name.");
    expect(nameError("#")).toBe("error: Enter a channel name.");
    expect(nameError("a.b")).toBe("error: Channel names use letters, numbers, hyphens and underscores.");
    expect(nameError("--")).toBe("error: Channel names need a letter or a number.");
    expect(nameError("x".repeat(81))).toBe("error: Channel names are at most 80 characters.");
    expect(nameError("ab\ud800")).toMatch(/^error: Channel name .*invalid character/);
  });
  it("the create payload defaults to a public channel without topic and refuses unknown fields", () => {
    expect(z.parse(createChannelInput, { name: "General" })).toEqual({ name: "general", topic: "", isPrivate: false });
    expect(z.safeParse(createChannelInput, { name: "general", owner: "me" }).success).toBe(false);
  });
});

describe("who a channel notifies", () => {
  it("follows the member's choice, else every message below the big-channel size and mentions only from it", () => {
    expect(notifyOf(null, 1)).toBe("all");
    expect(notifyOf(null, BIG_CHANNEL_MEMBERS - 1)).toBe("all");
    expect(notifyOf(null, BIG_CHANNEL_MEMBERS)).toBe("mentions");
    expect(notifyOf("all", 50_000)).toBe("all");
    expect(notifyOf("mentions", 2)).toBe("mentions");
  });
});

describe("mentions", () => {
  it("offers the one to four words after each @ as names, without trailing punctuation, lowercase", () => {
    expect(mentionCandidates("Hi @Ann Lee, look")).toEqual(["ann", "ann lee", "ann lee, look"]);
    expect(mentionCandidates("@Bo: ok")).toEqual(["bo", "bo: ok"]);
    expect(mentionCandidates("@Cy\nnext line")).toEqual(["cy"]);
  });
  it("ignores an @ inside a word (emails) and a lone @", () => {
    expect(mentionCandidates("mail ann@example.com or @ now")).toEqual([]);
  });
  it("looks at no more than 20 @s", () => {
    const body = Array.from({ length: 30 }, (_, i) => `@u${i}`).join(" ");
    const names = mentionCandidates(body);
    expect(names).toContain("u19");
    expect(names).not.toContain("u20");
  });
  it("marks @Name of those mentioned, the longest name first, whole words only", () => {
    const people = [
      { id: "a", name: "Ann" },
      { id: "al", name: "Ann Lee" },
    ];
    const body = "@ann lee and @Ann, not @Annie or x@ann";
    expect(mentionSpans(body, people).map((s) => [body.slice(s.start, s.end), s.id])).toEqual([
      ["@ann lee", "al"],
      ["@Ann", "a"],
    ]);
    expect(mentionSpans(body, [])).toEqual([]);
  });
});
