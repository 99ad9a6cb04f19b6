import { describe, expect, it } from "vitest";
import type { ConversationSummary } from "@/shared/types";
import { choiceHref, matchTier, moveActive, rankChoices, type SwitcherChoice } from "./switcher";
import { nameKeys, searchKey } from "@/shared/search-key";

const conv = (id: string, others: [string, string][], at: number, isGroup = others.length > 1): ConversationSummary => ({
  id,
  isGroup,
  others: others.map(([oid, name]) => ({ id: oid, name })),
  lastMessageAt: `2026-12-01T10:00:${String(at).padStart(2, "0")}.000Z`,
  unread: 0,
  lastReadAt: null,
});
/** A choice as one short line: "c:<id>" for a conversation, "p:<userId>" for a person. */
const short = (cs: SwitcherChoice[]) => cs.map((c) => (c.kind === "conversation" ? `c:${c.conversationId}` : `p:${c.userId}`));

const people = [
  { userId: "me", name: "Mia Self" },
  { userId: "ada", name: "Ada Lovelace" },
  { userId: "zoe", name: "Zoë Adams" },
  { userId: "ob", name: "Seán O'Brien" },
  { userId: "eli", name: "Élise Martin" },
  { userId: "ad", name: "Ad" },
  { userId: "bob", name: "Bob Stone" },
];
const conversations = [
  conv("c-bob", [["bob", "Bob Stone"]], 5),
  conv("c-grp", [["ada", "Ada Lovelace"], ["eli", "Élise Martin"]], 9),
];
const rank = (query: string, extra: Partial<Parameters<typeof rankChoices>[0]> = {}) =>
  short(rankChoices({ query, conversations, people, meId: "me", ...extra }));

describe("matchTier", () => {
  it("ranks the whole name, then a name prefix, then a word prefix; anything else is no match", () => {
    const keys = nameKeys("Ada Lovelace");
    expect(matchTier(keys, "ada lovelace")).toBe(0);
    expect(matchTier(keys, "ada")).toBe(1);
    expect(matchTier(keys, "ada lo")).toBe(1);
    expect(matchTier(keys, "love")).toBe(2);
    expect(matchTier(keys, "lace")).toBeNull();
    expect(matchTier(keys, "da")).toBeNull();
  });
  it("finds O'Brien by the joined and the split name", () => {
    const keys = nameKeys("Seán O'Brien");
    expect(matchTier(keys, searchKey("obri"))).toBe(2);
    expect(matchTier(keys, searchKey("brien"))).toBe(2);
    expect(matchTier(keys, searchKey("SEAN"))).toBe(1);
  });
});

describe("rankChoices", () => {
  it("with an empty query lists conversations most recent first, then people without a DM by name, never the viewer", () => {
    expect(rank("")).toEqual(["c:c-grp", "c:c-bob", "p:ad", "p:ada", "p:eli", "p:ob", "p:zoe"]);
    expect(rank("   ")).toEqual(rank(""));
  });

  it("ignores case and accents, and matches only at the start of the name or of a word", () => {
    expect(rank("ELI")).toEqual(["c:c-grp", "p:eli"]);
    expect(rank("zoe")).toEqual(["p:zoe"]);
    expect(rank("sean")).toEqual(["p:ob"]);
    expect(rank("ovelace")).toEqual([]);
  });

  it("puts the exact name first, then names starting with the query, then a later word", () => {
    // "Ad" is exact; "Ada Lovelace" starts with it (and is in the group); "Zoë Adams" has a word that does.
    expect(rank("ad")).toEqual(["p:ad", "c:c-grp", "p:ada", "p:zoe"]);
  });

  it("offers a person with a 1:1 DM once, as the DM", () => {
    expect(rank("bob")).toEqual(["c:c-bob"]);
  });

  it("finds a group DM by its title", () => {
    expect(rank("ada lovelace, élise")).toEqual(["c:c-grp"]);
  });

  it("answers nothing for a query with no letters or digits", () => {
    expect(rank("!!")).toEqual([]);
  });

  it("keeps the status of a search row over a carried member without one, and gives it to that person's DM", () => {
    const found = rankChoices({
      query: "",
      conversations,
      people: [...people, { userId: "zoe", name: "Zoë Adams", status: "away" }, { userId: "bob", name: "Bob Stone", status: "offline" }],
      meId: "me",
    });
    expect(found.find((c) => c.key === "p-zoe")).toMatchObject({ status: "away" });
    expect(found.find((c) => c.key === "c-c-bob")).toMatchObject({ status: "offline" });
    expect(found.find((c) => c.key === "p-ada")).not.toHaveProperty("status");
  });

  it("finds people by the start of their email, after every name match; a server row found for the query counts too", () => {
    const withEmails = [
      ...people,
      { userId: "ann", name: "Ann Lee", email: "ann.lee@acme.test" },
      { userId: "kim", name: "Kim Annan", email: "kim@acme.test" },
    ];
    expect(rank("ann.l", { people: withEmails })).toEqual(["p:ann"]);
    expect(rank("ANN.LEE@ACME.TEST", { people: withEmails })).toEqual(["p:ann"]);
    // A name match ranks above an email match: "Kim Annan" by a word, "Ann Lee" by name first.
    expect(rank("ann", { people: withEmails })).toEqual(["p:ann", "p:kim"]);
    expect(rank("kim@", { people: withEmails })).toEqual(["p:kim"]);
    // Inside the address is no match, nor is the domain alone.
    expect(rank("lee@acme", { people: withEmails })).toEqual([]);
    expect(rank("acme.test", { people: withEmails })).toEqual([]);
    // Rows the server found for this query (its rows carry no email) stay; a 1:1 DM is found through its person.
    expect(rank("fa1@", { people: [...people, { userId: "far", name: "Far Away", found: true }] })).toEqual(["p:far"]);
    expect(rank("bs@", { people: [...people, { userId: "bob", name: "Bob Stone", found: true }] })).toEqual(["c:c-bob"]);
  });

  it("finds a channel by its name (or a word of it) and opens its page", () => {
    const channel: ConversationSummary = {
      ...conv("c-design", [], 7, true),
      channel: { name: "design-team", topic: "", isPrivate: false, archived: false, memberCount: 40, notify: null },
    };
    const all = [...conversations, channel];
    expect(short(rankChoices({ query: "design", conversations: all, people, meId: "me" }))).toEqual(["c:c-design"]);
    expect(short(rankChoices({ query: "team", conversations: all, people, meId: "me" }))).toEqual(["c:c-design"]);
    const [found] = rankChoices({ query: "design", conversations: all, people, meId: "me" });
    expect(found).toMatchObject({ title: "design-team", channel: { isPrivate: false, memberCount: 40 } });
    expect(choiceHref("team", found!)).toBe("/w/team/c/c-design");
  });

  it("stops at the limit", () => {
    expect(rank("", { limit: 3 })).toEqual(["c:c-grp", "c:c-bob", "p:ad"]);
  });

  it("sorts conversations by their last message whatever order they come in", () => {
    expect(rank("", { conversations: [...conversations].reverse() }).slice(0, 2)).toEqual(["c:c-grp", "c:c-bob"]);
  });
});

describe("choiceHref", () => {
  it("opens a conversation, or the DM (draft) with a person", () => {
    const [grp] = rankChoices({ query: "", conversations, people, meId: "me" });
    expect(choiceHref("team", grp!)).toBe("/w/team/dm/c-grp");
    expect(choiceHref("team", { kind: "person", key: "p-zoe", userId: "zoe", name: "Zoë Adams" })).toBe("/w/team/dm/with/zoe");
  });
});

describe("moveActive", () => {
  it("moves and wraps around; starts at an end when nothing is active; -1 without rows", () => {
    expect(moveActive(0, 1, 3)).toBe(1);
    expect(moveActive(2, 1, 3)).toBe(0);
    expect(moveActive(0, -1, 3)).toBe(2);
    expect(moveActive(-1, 1, 3)).toBe(0);
    expect(moveActive(-1, -1, 3)).toBe(2);
    expect(moveActive(0, 1, 0)).toBe(-1);
  });
});
