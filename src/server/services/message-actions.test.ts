import { describe, expect, it } from "vitest";
import { databases, seedTeam, useDatabase } from "@/test/databases";
import { AppError } from "../errors";
import { messagePage, openConversation, sendMessage } from "./conversations";
import { deleteMessage, editMessage, MAX_EMOJI_PER_MESSAGE, setReaction } from "./message-actions";
import { readStates } from "./read-state";

const rejectsWith = async (p: Promise<unknown>, status: number, text: string) => {
  const err = await p.then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(AppError);
  expect([(err as AppError).status, (err as AppError).message]).toEqual([status, text]);
};

describe.each(databases)("message edit, delete and reactions on $name", (database) => {
  const db = useDatabase(database);

  const team = async () => {
    const t = await seedTeam(["Ada", "Ben", "Cy"], "Messages");
    const out = await seedTeam(["Out"], "Elsewhere");
    const { ids, workspaceId } = t;
    const dm = (await openConversation(ids.Ada!, workspaceId, [ids.Ben!])).conversation.id;
    const group = (await openConversation(ids.Ada!, workspaceId, [ids.Ben!, ids.Cy!])).conversation.id;
    const all: Record<string, string> = { ...ids, Out: out.ids.Out! };
    return { ids: all, workspaceId, outWorkspace: out.workspaceId, dm, group };
  };

  it("edits only your own message; the edit time and body show in history pages", async () => {
    const { ids, workspaceId, dm } = await team();
    const { message } = await sendMessage(ids.Ada!, dm, "helo");
    const at = new Date("2026-12-06T10:00:00.000Z");
    const done = await editMessage(ids.Ada!, workspaceId, message.id, "hello", at);
    expect(done).toEqual({ edit: { id: message.id, conversationId: dm, body: "hello", editedAt: at.toISOString() }, changed: true, audience: { conversationId: dm, channel: false, participantIds: expect.arrayContaining([ids.Ada, ids.Ben]) } });
    // The same body again: nothing changes, nothing to announce.
    expect((await editMessage(ids.Ada!, workspaceId, message.id, "hello")).changed).toBe(false);

    await rejectsWith(editMessage(ids.Ben!, workspaceId, message.id, "I said so"), 403, "You can only edit your own messages.");
    // Outside the conversation (same workspace or not): the same answer as a message that does not exist.
    await rejectsWith(editMessage(ids.Cy!, workspaceId, message.id, "x"), 404, "Message not found.");
    await rejectsWith(editMessage(ids.Out!, workspaceId, message.id, "x"), 404, "Message not found.");
    await rejectsWith(editMessage(ids.Ada!, workspaceId, "no-such-message", "x"), 404, "Message not found.");

    const page = await messagePage(ids.Ben!, dm);
    expect(page.messages.map((m) => [m.body, m.editedAt])).toEqual([["hello", at.toISOString()]]);
  });

  it("deletes only your own message, for everyone, and the unread count drops with it", async () => {
    const { ids, workspaceId, group } = await team();
    const keep = await sendMessage(ids.Ada!, group, "keep");
    const gone = await sendMessage(ids.Ada!, group, "oops");
    await setReaction(ids.Ben!, workspaceId, gone.message.id, "👍", true);
    const before = (await readStates(ids.Ben!, workspaceId, group)).get(group)!;
    expect(before.unread).toBe(2);

    await rejectsWith(deleteMessage(ids.Ben!, workspaceId, gone.message.id), 403, "You can only delete your own messages.");
    await rejectsWith(deleteMessage(ids.Out!, workspaceId, gone.message.id), 404, "Message not found.");
    const done = await deleteMessage(ids.Ada!, workspaceId, gone.message.id);
    expect(done.id).toBe(gone.message.id);
    // Ben and Cy had not read it: their new read states, one unread fewer. Ada wrote it: nothing for her.
    expect([...done.reads.keys()].sort()).toEqual([ids.Ben, ids.Cy].sort());
    expect(done.reads.get(ids.Ben!)).toMatchObject({ unread: 1, lastMessageAt: before.lastMessageAt });
    expect((await readStates(ids.Ben!, workspaceId, group)).get(group)!.unread).toBe(1);

    // Gone from history, with its reactions; deleting again finds nothing.
    expect((await messagePage(ids.Cy!, group)).messages.map((m) => m.id)).toEqual([keep.message.id]);
    expect(await db().reaction.count({ where: { messageId: gone.message.id } })).toBe(0);
    await rejectsWith(deleteMessage(ids.Ada!, workspaceId, gone.message.id), 404, "Message not found.");
    await rejectsWith(editMessage(ids.Ada!, workspaceId, gone.message.id, "back"), 404, "Message not found.");
    await rejectsWith(setReaction(ids.Ben!, workspaceId, gone.message.id, "👍", true), 404, "Message not found.");
  });

  it("reactions: one of each emoji per person, added and removed idempotently, counted and named in history", async () => {
    const { ids, workspaceId, group, dm } = await team();
    const { message } = await sendMessage(ids.Ada!, group, "ship it?");
    const first = await setReaction(ids.Ben!, workspaceId, message.id, "👍", true);
    expect(first.change).toEqual({ conversationId: group, messageId: message.id, emoji: "👍", user: { id: ids.Ben, name: "Ben" }, added: true });
    expect((await setReaction(ids.Ben!, workspaceId, message.id, "👍", true)).change).toBeNull();
    await setReaction(ids.Cy!, workspaceId, message.id, "👍", true);
    const last = await setReaction(ids.Ada!, workspaceId, message.id, "🎉", true);
    expect(last.reactions).toEqual([
      { emoji: "👍", users: [{ id: ids.Ben, name: "Ben" }, { id: ids.Cy, name: "Cy" }] },
      { emoji: "🎉", users: [{ id: ids.Ada, name: "Ada" }] },
    ]);
    expect((await messagePage(ids.Cy!, group)).messages[0]!.reactions).toEqual(last.reactions);

    const off = await setReaction(ids.Ben!, workspaceId, message.id, "👍", false);
    expect(off.change).toMatchObject({ added: false, emoji: "👍" });
    expect(off.reactions[0]).toEqual({ emoji: "👍", users: [{ id: ids.Cy, name: "Cy" }] });
    expect((await setReaction(ids.Ben!, workspaceId, message.id, "👍", false)).change).toBeNull();

    // Someone outside the conversation can neither react nor learn that the message exists.
    const inDm = await sendMessage(ids.Ada!, dm, "just us");
    await rejectsWith(setReaction(ids.Cy!, workspaceId, inDm.message.id, "👍", true), 404, "Message not found.");
    await rejectsWith(setReaction(ids.Out!, workspaceId, inDm.message.id, "👍", true), 404, "Message not found.");
    expect(await db().reaction.count({ where: { messageId: inDm.message.id } })).toBe(0);
  });

  it(`holds at most ${MAX_EMOJI_PER_MESSAGE} different emoji on a message`, async () => {
    const { ids, workspaceId, dm } = await team();
    const { message } = await sendMessage(ids.Ada!, dm, "react away");
    const emoji = Array.from({ length: MAX_EMOJI_PER_MESSAGE }, (_, i) => String.fromCodePoint(0x1f600 + i));
    await db().reaction.createMany({ data: emoji.map((e) => ({ messageId: message.id, userId: ids.Ben!, emoji: e })) });
    await rejectsWith(setReaction(ids.Ada!, workspaceId, message.id, "🦄", true), 400, `A message holds at most ${MAX_EMOJI_PER_MESSAGE} different reactions.`);
    // One already there can still be added by someone else.
    expect((await setReaction(ids.Ada!, workspaceId, message.id, emoji[0]!, true)).change).not.toBeNull();
  });
});
