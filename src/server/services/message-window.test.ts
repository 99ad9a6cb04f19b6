import { describe, expect, it } from "vitest";
import { databases, seedTeam, useDatabase } from "@/test/databases";
import { rejectsWith } from "@/test/rejects";
import { getDb } from "../db";
import { messagePage, messageWindow, openConversation } from "./conversations";

describe.each(databases)("the page around a message on $name", (database) => {
  useDatabase(database);

  it("holds the message with half a page each way; paging both ways from it reads every message once, across equal timestamps", async () => {
    const { ids, workspaceId } = await seedTeam(["Ava", "Ben", "Cy"], "Around");
    const { conversation } = await openConversation(ids.Ava!, workspaceId, [ids.Ben!]);
    const other = (await openConversation(ids.Ava!, workspaceId, [ids.Cy!])).conversation;
    // 130 messages over 13 timestamps: ten share each one, so the id breaks every tie.
    const base = Date.UTC(2026, 0, 1);
    await getDb().message.createMany({
      data: Array.from({ length: 130 }, (_, i) => ({
        conversationId: conversation.id,
        senderId: i % 2 ? ids.Ava! : ids.Ben!,
        body: `m${i}`,
        createdAt: new Date(base + Math.floor(i / 10) * 1000),
      })),
    });
    const stranger = await getDb().message.create({ data: { conversationId: other.id, senderId: ids.Ava!, body: "elsewhere" } });
    const all = (
      await getDb().message.findMany({ where: { conversationId: conversation.id }, orderBy: [{ createdAt: "asc" }, { id: "asc" }], select: { id: true } })
    ).map((m) => m.id);

    // Around the 41st message (in the middle of a run of equal timestamps), 10 a page: 5 before it, it and 4 after.
    const target = all[40]!;
    const page = await messageWindow(ids.Ben!, conversation.id, { around: target }, { limit: 10 });
    expect(page.messages.map((m) => m.id)).toEqual(all.slice(35, 45));
    expect(page.before).not.toBeNull();
    expect(page.after).not.toBeNull();

    // Older pages from its `before`, newer pages from its `after`: every message once, in order.
    const seen = page.messages.map((m) => m.id);
    for (let before = page.before; before; ) {
      const older = await messagePage(ids.Ben!, conversation.id, before, { limit: 10 });
      seen.unshift(...older.messages.map((m) => m.id));
      before = older.before;
    }
    let pages = 0;
    for (let after = page.after; after; pages++) {
      const newer = await messageWindow(ids.Ben!, conversation.id, { after }, { limit: 10 });
      expect(newer.before).not.toBeNull();
      seen.push(...newer.messages.map((m) => m.id));
      after = newer.after;
    }
    expect(pages).toBe(9); // messages 45..129: 85 of them, 10 a page
    expect(seen).toEqual(all);

    // Near either end, the page says there is nothing more that way.
    const first = await messageWindow(ids.Ben!, conversation.id, { around: all[2]! }, { limit: 10 });
    expect(first.messages.map((m) => m.id)).toEqual(all.slice(0, 7));
    expect(first.before).toBeNull();
    const last = await messageWindow(ids.Ben!, conversation.id, { around: all[128]! }, { limit: 10 });
    expect(last.messages.map((m) => m.id)).toEqual(all.slice(123));
    expect(last.after).toBeNull();

    // Participants only; a message of another conversation is not found through this one.
    await rejectsWith(messageWindow(ids.Cy!, conversation.id, { around: target }), 404, /Conversation not found/);
    await rejectsWith(messageWindow(ids.Ava!, conversation.id, { around: stranger.id }), 404, /Message not found/);
    await rejectsWith(messageWindow(ids.Ava!, conversation.id, { after: { createdAt: "not a date", id: "x" } }), 400, /cursor/);
  });
});
