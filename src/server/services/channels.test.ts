import { describe, expect, it } from "vitest";
import { databases, seedTeam, useDatabase } from "@/test/databases";
import { AppError } from "../errors";
import { conversationsOf, messagePage, sendMessage } from "./conversations";
import { deleteMessage, editMessage, setReaction } from "./message-actions";
import { readStates } from "./read-state";
import { leaveWorkspace } from "./membership";
import {
  channelIdsOfMany,
  channelInfo,
  channelMembers,
  CHANNEL_MEMBERS_PAGE,
  createChannel,
  inviteToChannel,
  joinChannel,
  leaveChannel,
  listChannels,
  setChannelNotify,
  updateChannel,
} from "./channels";

const rejectsWith = async (p: Promise<unknown>, status: number, text: string) => {
  const err = await p.then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(AppError);
  expect([(err as AppError).status, (err as AppError).message]).toEqual([status, text]);
};

describe.each(databases)("channels on $name", (database) => {
  const db = useDatabase(database);

  // Ann owns the workspace; Ben Lee and Cy are members, Dee an admin; Out is in another workspace.
  const team = async () => {
    const t = await seedTeam(["Ann", "Ben Lee", "Cy", "Dee"], "Channels");
    const out = await seedTeam(["Out"], "Elsewhere");
    await db().membership.update({ where: { workspaceId_userId: { workspaceId: t.workspaceId, userId: t.ids.Dee! } }, data: { role: "admin" } });
    const ids = { ann: t.ids.Ann!, ben: t.ids["Ben Lee"]!, cy: t.ids.Cy!, dee: t.ids.Dee!, out: out.ids.Out! };
    return { ids, ws: t.workspaceId, slug: t.slug, outWs: out.workspaceId };
  };
  const role = { owner: "owner", admin: "admin", member: "member" } as const;

  it("creates a channel with its creator as first member; names are unique in a workspace only", async () => {
    const { ids, ws, outWs } = await team();
    const c = await createChannel(ids.ann, ws, { name: "design", topic: "Pixels", isPrivate: false });
    expect(c.channel).toEqual({ name: "design", topic: "Pixels", isPrivate: false, archived: false, memberCount: 1, notify: null });
    expect(c.others).toEqual([]);
    await rejectsWith(createChannel(ids.ben, ws, { name: "design", topic: "", isPrivate: true }), 409, "A channel named #design already exists. Pick another name.");
    const elsewhere = await createChannel(ids.out, outWs, { name: "design", topic: "", isPrivate: false });
    expect(elsewhere.id).not.toBe(c.id);
    expect((await channelIdsOfMany([ids.ann], ws)).get(ids.ann)).toEqual([c.id]);
    // The sidebar: channels first, with their info and no member list.
    const sidebar = await conversationsOf(ids.ann, ws);
    expect(sidebar.map((s) => [s.id, s.channel?.name, s.others.length])).toEqual([[c.id, "design", 0]]);
  });

  it("lists public channels to every member and private ones only to their members; to anyone else a private channel does not exist", async () => {
    const { ids, ws, outWs } = await team();
    const pub = await createChannel(ids.ann, ws, { name: "general", topic: "", isPrivate: false });
    const priv = await createChannel(ids.ann, ws, { name: "secret", topic: "", isPrivate: true });
    expect((await listChannels(ids.ann, ws)).map((c) => [c.name, c.joined])).toEqual([["general", true], ["secret", true]]);
    expect((await listChannels(ids.ben, ws)).map((c) => [c.name, c.joined])).toEqual([["general", false]]);
    // Workspace admins do not see private channels they are not in either.
    expect((await listChannels(ids.dee, ws)).map((c) => c.name)).toEqual(["general"]);
    const missing = [404, "Channel not found."] as const;
    await rejectsWith(channelInfo(ids.ben, ws, priv.id), ...missing);
    await rejectsWith(joinChannel(ids.ben, ws, priv.id), ...missing);
    await rejectsWith(channelMembers(ids.ben, ws, priv.id), ...missing);
    await rejectsWith(leaveChannel(ids.ben, ws, priv.id), ...missing);
    await rejectsWith(inviteToChannel(ids.ben, ws, priv.id, [ids.cy]), ...missing);
    await rejectsWith(setChannelNotify(ids.ben, ws, priv.id, "all"), ...missing);
    await rejectsWith(updateChannel({ id: ids.dee, role: role.admin }, ws, priv.id, { archived: true }), ...missing);
    await rejectsWith(channelInfo(ids.ben, ws, "no-such-channel"), ...missing);
    // Another workspace's channel, public or not, through this workspace or theirs.
    await rejectsWith(channelInfo(ids.out, outWs, pub.id), ...missing);
    await rejectsWith(joinChannel(ids.out, outWs, pub.id), ...missing);
    expect(await listChannels(ids.out, outWs)).toEqual([]);
    // A non-member of a public channel sees its info and members, but cannot read or write it.
    expect(await channelInfo(ids.ben, ws, pub.id)).toMatchObject({ name: "general", joined: false, memberCount: 1 });
    expect((await channelMembers(ids.ben, ws, pub.id)).members.map((m) => m.name)).toEqual(["Ann"]);
    await rejectsWith(sendMessage(ids.ben, pub.id, "hi"), 404, "Conversation not found.");
    await rejectsWith(messagePage(ids.ben, pub.id, undefined, { workspaceId: ws }), 404, "Conversation not found.");
    await rejectsWith(setChannelNotify(ids.ben, ws, pub.id, "all"), 403, "Join the channel first.");
    await rejectsWith(inviteToChannel(ids.ben, ws, pub.id, [ids.cy]), 403, "Join the channel first.");
  });

  it("joining a public channel reads its history; messages after it count as unread; joining again changes nothing", async () => {
    const { ids, ws } = await team();
    const c = await createChannel(ids.ann, ws, { name: "general", topic: "", isPrivate: false });
    await sendMessage(ids.ann, c.id, "before Ben");
    const joined = await joinChannel(ids.ben, ws, c.id);
    expect(joined.joined).toBe(true);
    expect(joined.shared.memberCount).toBe(2);
    expect(joined.summary.channel?.memberCount).toBe(2);
    expect((await readStates(ids.ben, ws, c.id)).get(c.id)?.unread).toBe(0);
    expect((await messagePage(ids.ben, c.id, undefined, { workspaceId: ws })).messages.map((m) => m.body)).toEqual(["before Ben"]);
    await sendMessage(ids.ann, c.id, "after Ben");
    expect((await readStates(ids.ben, ws, c.id)).get(c.id)?.unread).toBe(1);
    expect((await joinChannel(ids.ben, ws, c.id)).joined).toBe(false);
    expect(await db().conversationParticipant.count({ where: { conversationId: c.id } })).toBe(2);
  });

  it("members add workspace members to a private channel, never outsiders; leaving drops it from the sidebar and the messages", async () => {
    const { ids, ws } = await team();
    const c = await createChannel(ids.ann, ws, { name: "plans", topic: "", isPrivate: true });
    await rejectsWith(inviteToChannel(ids.ann, ws, c.id, [ids.ben, ids.out]), 400, "Only members of this workspace can be added.");
    expect(await db().conversationParticipant.count({ where: { conversationId: c.id } })).toBe(1);
    const added = await inviteToChannel(ids.ann, ws, c.id, [ids.ben, ids.ben]);
    expect(added.added).toEqual([ids.ben]);
    // Ben, now in it, adds Cy; adding Ben again adds nobody.
    expect((await inviteToChannel(ids.ben, ws, c.id, [ids.cy, ids.ben])).added).toEqual([ids.cy]);
    expect((await inviteToChannel(ids.ben, ws, c.id, [ids.cy])).added).toEqual([]);
    expect((await listChannels(ids.cy, ws)).map((x) => x.name)).toEqual(["plans"]);
    const left = await leaveChannel(ids.cy, ws, c.id);
    expect(left).toEqual({ left: true, shared: expect.objectContaining({ memberCount: 2 }) });
    expect(await conversationsOf(ids.cy, ws)).toEqual([]);
    await rejectsWith(sendMessage(ids.cy, c.id, "still here?"), 404, "Conversation not found.");
    await rejectsWith(channelInfo(ids.cy, ws, c.id), 404, "Channel not found.");
  });

  it("only workspace admins archive; an archived channel is read-only, off the sidebar, still listed; unarchiving restores it", async () => {
    const { ids, ws } = await team();
    const c = await createChannel(ids.ben, ws, { name: "launch", topic: "", isPrivate: false });
    const { message } = await sendMessage(ids.ben, c.id, "go");
    await rejectsWith(updateChannel({ id: ids.ben, role: role.member }, ws, c.id, { archived: true }), 403, "Only workspace admins can archive channels.");
    // An admin who is not in a public channel may archive it.
    expect(await updateChannel({ id: ids.dee, role: role.admin }, ws, c.id, { archived: true })).toMatchObject({ archived: true });
    const archived = [403, "This channel is archived."] as const;
    await rejectsWith(sendMessage(ids.ben, c.id, "more"), ...archived);
    await rejectsWith(editMessage(ids.ben, ws, message.id, "went"), ...archived);
    await rejectsWith(setReaction(ids.ben, ws, message.id, "👍", true), ...archived);
    await rejectsWith(joinChannel(ids.cy, ws, c.id), ...archived);
    await rejectsWith(inviteToChannel(ids.ben, ws, c.id, [ids.cy]), ...archived);
    await rejectsWith(updateChannel({ id: ids.ben, role: role.member }, ws, c.id, { topic: "new" }), ...archived);
    expect(await conversationsOf(ids.ben, ws)).toEqual([]);
    // Its page still knows where Ben read up to (his own message), and a non-member has no read point.
    expect((await channelInfo(ids.ben, ws, c.id)).lastReadAt).toBe(message.createdAt);
    expect((await channelInfo(ids.cy, ws, c.id)).lastReadAt).toBeNull();
    expect((await listChannels(ids.cy, ws)).map((x) => [x.name, x.archived])).toEqual([["launch", true]]);
    expect((await messagePage(ids.ben, c.id, undefined, { workspaceId: ws })).messages.map((m) => m.body)).toEqual(["go"]);
    await updateChannel({ id: ids.ann, role: role.owner }, ws, c.id, { archived: false });
    expect((await sendMessage(ids.ben, c.id, "again")).message.body).toBe("again");
    expect((await updateChannel({ id: ids.ben, role: role.member }, ws, c.id, { topic: "Ship it" })).topic).toBe("Ship it");
  });

  it("admins delete anyone's message in a channel they are in; members only their own", async () => {
    const { ids, ws } = await team();
    const c = await createChannel(ids.ben, ws, { name: "random", topic: "", isPrivate: false });
    await joinChannel(ids.cy, ws, c.id);
    const { message } = await sendMessage(ids.ben, c.id, "spam");
    await rejectsWith(deleteMessage(ids.cy, ws, message.id), 403, "You can only delete your own messages.");
    // Dee (admin) must be in the channel: outside it, the message does not exist for her.
    await rejectsWith(deleteMessage(ids.dee, ws, message.id), 404, "Message not found.");
    await joinChannel(ids.dee, ws, c.id);
    const done = await deleteMessage(ids.dee, ws, message.id);
    expect(done.audience).toEqual({ conversationId: c.id, channel: true, participantIds: [] });
    expect(await db().message.count({ where: { conversationId: c.id } })).toBe(0);
  });

  it("@name mentions name members of the channel by their display name, any case, one or more words; edits name them again", async () => {
    const { ids, ws } = await team();
    const c = await createChannel(ids.ann, ws, { name: "team", topic: "", isPrivate: false });
    await joinChannel(ids.ben, ws, c.id);
    const sent = await sendMessage(ids.ann, c.id, "Hi @ben lee, and @Cy: see mail@ann.example");
    // Cy is not in the channel; an email address is no mention.
    expect(sent.message.mentions).toEqual([{ id: ids.ben, name: "Ben Lee" }]);
    expect(sent.audience).toEqual({ conversationId: c.id, channel: true, participantIds: [] });
    await joinChannel(ids.cy, ws, c.id);
    const edited = await editMessage(ids.ann, ws, sent.message.id, "@Cy, please");
    expect(edited.edit.mentions).toEqual([{ id: ids.cy, name: "Cy" }]);
    const page = await messagePage(ids.ben, c.id, undefined, { workspaceId: ws });
    expect(page.messages[0]?.mentions).toEqual([{ id: ids.cy, name: "Cy" }]);
    expect((await sendMessage(ids.ann, c.id, "nobody here")).message.mentions).toBeUndefined();
  });

  it("each member chooses which messages notify them; the choice shows in their sidebar only", async () => {
    const { ids, ws } = await team();
    const c = await createChannel(ids.ann, ws, { name: "news", topic: "", isPrivate: false });
    await joinChannel(ids.ben, ws, c.id);
    expect((await setChannelNotify(ids.ben, ws, c.id, "mentions")).notify).toBe("mentions");
    expect((await conversationsOf(ids.ben, ws))[0]?.channel?.notify).toBe("mentions");
    expect((await conversationsOf(ids.ann, ws))[0]?.channel?.notify).toBeNull();
    await setChannelNotify(ids.ben, ws, c.id, null);
    expect((await conversationsOf(ids.ben, ws))[0]?.channel?.notify).toBeNull();
  });

  it("pages a channel's members by name without gaps or repeats, equal names included", async () => {
    const { ids, ws } = await team();
    const c = await createChannel(ids.ann, ws, { name: "all-hands", topic: "", isPrivate: false });
    const n = CHANNEL_MEMBERS_PAGE + 20;
    await db().user.createMany({ data: Array.from({ length: n }, (_, i) => ({ id: `chm-${ws}-${i}`, name: i % 3 ? `Zed ${i % 7}` : "Zed", email: `chm-${ws}-${i}@test.roster`, passwordHash: "x" })) });
    const made = Array.from({ length: n }, (_, i) => `chm-${ws}-${i}`);
    await db().membership.createMany({ data: made.map((userId) => ({ workspaceId: ws, userId })) });
    await inviteToChannel(ids.ann, ws, c.id, made.slice(0, 100));
    await inviteToChannel(ids.ann, ws, c.id, made.slice(100));
    const first = await channelMembers(ids.ben, ws, c.id);
    expect(first.total).toBe(n + 1);
    expect(first.members).toHaveLength(CHANNEL_MEMBERS_PAGE);
    const second = await channelMembers(ids.ben, ws, c.id, first.next!);
    expect(second.next).toBeNull();
    const all = [...first.members, ...second.members];
    expect(new Set(all.map((m) => m.id)).size).toBe(n + 1);
    const names = all.map((m) => m.name);
    expect(names).toEqual([...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    await rejectsWith(channelMembers(ids.ben, ws, c.id, "nobody"), 400, "Invalid cursor.");
  });

  it("leaving the workspace leaves its channels", async () => {
    const { ids, ws, slug } = await team();
    const c = await createChannel(ids.ann, ws, { name: "general", topic: "", isPrivate: false });
    await joinChannel(ids.cy, ws, c.id);
    await leaveWorkspace(ids.cy, slug);
    expect(await db().conversationParticipant.count({ where: { conversationId: c.id } })).toBe(1);
  });
});
