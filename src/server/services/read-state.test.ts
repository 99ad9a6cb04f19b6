import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { databases, seedTeam, useDatabase } from "@/test/databases";
import { AppError } from "../errors";
import { conversationsOf, sendDirectMessage, sendMessage } from "./conversations";
import { markRead, readStates } from "./read-state";

const tick = () => new Promise((r) => setTimeout(r, 3)); // distinct millisecond timestamps

describe.each(databases)("read state on $name", (database) => {
  useDatabase(database);

  it("counts messages from others after the read state, moves only forward, and counts your own as read", async () => {
    const { ids, workspaceId } = await seedTeam(["Ann", "Ben", "Cat"], "Unread");
    const ann = ids.Ann!;
    const ben = ids.Ben!;
    const first = await sendDirectMessage(ann, workspaceId, ben, "one");
    const cid = first.conversation.id;
    await tick();
    const second = await sendMessage(ann, cid, "two");
    await tick();
    const third = await sendMessage(ann, cid, "three");

    const summary = async (who: string) => (await conversationsOf(who, workspaceId)).find((c) => c.id === cid)!;
    expect(await summary(ben)).toMatchObject({ unread: 3, lastReadAt: null, lastMessageAt: third.message.createdAt });
    expect(await summary(ann)).toMatchObject({ unread: 0, lastReadAt: third.message.createdAt });

    const read = await markRead(ben, workspaceId, cid, new Date(second.message.createdAt));
    expect(read).toEqual({ changed: true, state: { conversationId: cid, unread: 1, lastReadAt: second.message.createdAt, lastMessageAt: third.message.createdAt } });

    // A late request from another device, older than what is read: nothing moves back.
    const late = await markRead(ben, workspaceId, cid, new Date(first.message.createdAt));
    expect(late).toEqual({ changed: false, state: { conversationId: cid, unread: 1, lastReadAt: second.message.createdAt, lastMessageAt: third.message.createdAt } });

    // A time in the future reads no further than the newest message: the next one is unread.
    const all = await markRead(ben, workspaceId, cid, new Date(Date.now() + 3_600_000));
    expect(all.state).toEqual({ conversationId: cid, unread: 0, lastReadAt: third.message.createdAt, lastMessageAt: third.message.createdAt });
    await tick();
    const fourth = await sendMessage(ann, cid, "four");
    expect(await summary(ben)).toMatchObject({ unread: 1, lastReadAt: third.message.createdAt });

    // Ben replies: everything before his reply is read for him, and his reply is unread for Ann.
    await tick();
    const reply = await sendMessage(ben, cid, "hi Ann");
    expect(reply.read).toEqual({ conversationId: cid, unread: 0, lastReadAt: reply.message.createdAt, lastMessageAt: reply.message.createdAt });
    expect(await summary(ben)).toMatchObject({ unread: 0, lastReadAt: reply.message.createdAt });
    expect(await summary(ann)).toMatchObject({ unread: 1, lastReadAt: fourth.message.createdAt });
  });

  it("is per participant and per workspace; outsiders learn nothing", async () => {
    const { ids, workspaceId } = await seedTeam(["Dee", "Eve", "Fay"], "Scoped");
    const other = await seedTeam(["Gus"], "Elsewhere");
    const sent = await sendDirectMessage(ids.Dee!, workspaceId, ids.Eve!, "hello");
    const cid = sent.conversation.id;
    const states = await readStates(ids.Eve!, workspaceId);
    expect(states.get(cid)).toEqual({ conversationId: cid, unread: 1, lastReadAt: null, lastMessageAt: sent.message.createdAt });
    expect((await readStates(ids.Fay!, workspaceId)).size).toBe(0);
    expect((await readStates(ids.Eve!, other.workspaceId)).size).toBe(0);

    const refused = async (p: Promise<unknown>) => {
      const err = await p.then(() => null, (e: unknown) => e);
      expect(err).toBeInstanceOf(AppError);
      expect((err as AppError).message).toBe("Conversation not found.");
    };
    await refused(markRead(ids.Fay!, workspaceId, cid, new Date()));
    await refused(markRead(ids.Eve!, other.workspaceId, cid, new Date()));
    await refused(markRead(ids.Gus!, other.workspaceId, cid, new Date()));
    expect((await readStates(ids.Eve!, workspaceId)).get(cid)!.unread).toBe(1);
  });
});
