import { describe, expect, it } from "vitest";
import type { MessageView } from "@/shared/types";
import { applyDeletion, applyEdit, applyReaction, applyReactionChange, reactionLabel, withArrived } from "./message-changes";

const ada = { id: "u1", name: "Ada" };
const ben = { id: "u2", name: "Ben" };
const cat = { id: "u3", name: "Cat" };
const msg = (id: string, body = id): MessageView => ({
  id,
  conversationId: "c1",
  body,
  createdAt: "2026-12-06T10:00:00.000Z",
  sender: ada,
  editedAt: null,
  reactions: [],
});

describe("applyEdit", () => {
  it("replaces the body and marks the edit; an older edit arriving late changes nothing", () => {
    const one = applyEdit([msg("m1"), msg("m2")], { id: "m1", conversationId: "c1", body: "second", editedAt: "2026-12-06T10:02:00.000Z" });
    expect(one[0]).toMatchObject({ body: "second", editedAt: "2026-12-06T10:02:00.000Z" });
    expect(one[1]!.body).toBe("m2");
    const late = applyEdit(one, { id: "m1", conversationId: "c1", body: "first", editedAt: "2026-12-06T10:01:00.000Z" });
    expect(late[0]!.body).toBe("second");
  });
  it("takes the mentions of the new body: added, replaced, gone", () => {
    const named = applyEdit([msg("m1")], { id: "m1", conversationId: "c1", body: "@Ben", editedAt: "2026-12-06T10:01:00.000Z", mentions: [ben] });
    expect(named[0]!.mentions).toEqual([ben]);
    const other = applyEdit(named, { id: "m1", conversationId: "c1", body: "@Cat", editedAt: "2026-12-06T10:02:00.000Z", mentions: [cat] });
    expect(other[0]!.mentions).toEqual([cat]);
    const none = applyEdit(other, { id: "m1", conversationId: "c1", body: "nobody", editedAt: "2026-12-06T10:03:00.000Z" });
    expect(none[0]).not.toHaveProperty("mentions");
  });
  it("ignores an answer that changed nothing (no edit time)", () => {
    const list = [msg("m1")];
    expect(applyEdit(list, { id: "m1", conversationId: "c1", body: "m1", editedAt: null })).toBe(list);
  });
});

describe("applyDeletion", () => {
  it("removes the message; a repeated deletion changes nothing", () => {
    const list = applyDeletion([msg("m1"), msg("m2")], "m1");
    expect(list.map((m) => m.id)).toEqual(["m2"]);
    expect(applyDeletion(list, "m1")).toBe(list);
  });
});

describe("reactions", () => {
  it("adds people to an emoji in order, once each, and new emoji at the end", () => {
    let r = applyReactionChange([], { emoji: "👍", user: ada, added: true });
    r = applyReactionChange(r, { emoji: "👍", user: ben, added: true });
    r = applyReactionChange(r, { emoji: "👍", user: ben, added: true });
    r = applyReactionChange(r, { emoji: "🎉", user: ben, added: true });
    expect(r).toEqual([
      { emoji: "👍", users: [ada, ben] },
      { emoji: "🎉", users: [ben] },
    ]);
  });
  it("removes a person, and the emoji when nobody is left; removing twice changes nothing", () => {
    const start = [{ emoji: "👍", users: [ada, ben] }, { emoji: "🎉", users: [ben] }];
    const r = applyReactionChange(start, { emoji: "🎉", user: ben, added: false });
    expect(r).toEqual([{ emoji: "👍", users: [ada, ben] }]);
    expect(applyReactionChange(r, { emoji: "🎉", user: ben, added: false })).toBe(r);
    expect(applyReactionChange(r, { emoji: "👍", user: ada, added: false })).toEqual([{ emoji: "👍", users: [ben] }]);
  });
  it("applies to the one message named", () => {
    const list = applyReaction([msg("m1"), msg("m2")], { conversationId: "c1", messageId: "m2", emoji: "👀", user: cat, added: true });
    expect(list[0]!.reactions).toEqual([]);
    expect(list[1]!.reactions).toEqual([{ emoji: "👀", users: [cat] }]);
  });
  it("says who reacted, the viewer as You", () => {
    expect(reactionLabel({ emoji: "👍", users: [ada, ben] }, "u9")).toBe("Ada and Ben reacted with 👍");
    expect(reactionLabel({ emoji: "👍", users: [ada, ben, cat] }, "u9")).toBe("Ada, Ben and Cat reacted with 👍");
    expect(reactionLabel({ emoji: "👍", users: [ada, ben] }, "u2")).toBe("You and Ada reacted with 👍");
    expect(reactionLabel({ emoji: "🎉", users: [ben] }, "u2")).toBe("You reacted with 🎉");
  });
});

describe("withArrived", () => {
  const at = (id: string, minute: number): MessageView => ({ ...msg(id), createdAt: `2026-12-06T10:${String(minute).padStart(2, "0")}:00.000Z` });
  it("adds what arrived while the page was read, in time order, once", () => {
    const page = [at("a", 1), at("b", 2), at("c", 3)];
    // "d" was sent while the page was read; "b" is in both; "x" came at the same minute as "c", with a smaller id.
    const arrived = [at("b", 2), at("d", 4), at("0x", 3)];
    expect(withArrived(page, arrived).map((m) => m.id)).toEqual(["a", "b", "0x", "c", "d"]);
  });
  it("leaves out arrivals older than the page (they come with older pages) and keeps the page when nothing is missing", () => {
    const page = [at("b", 2), at("c", 3)];
    expect(withArrived(page, [at("a", 1)])).toBe(page);
    expect(withArrived(page, [at("c", 3)])).toBe(page);
  });
  it("an empty page takes every arrival", () => {
    expect(withArrived([], [at("e", 5), at("d", 4)]).map((m) => m.id)).toEqual(["d", "e"]);
  });
});
