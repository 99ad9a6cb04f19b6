// Channels: named conversations of a workspace. A channel's members are its conversation's
// participants, so messages, read state, history, reactions and search work as in DMs. Public
// channels are listed to every member of the workspace and joined freely; private ones are seen
// and joined by invitation only: to anyone else a private channel does not exist (404, as for a
// channel that never did). Archived channels are read-only. Callers have checked that the actor is
// a member of the workspace (requireMembership) and pass their role.
import { getDb } from "../db";
import { badRequest, conflict, forbidden, isUniqueViolation, notFound } from "../errors";
import { isAdminRole, type Role } from "@/shared/roles";
import type { ChannelListing, ChannelMembersPage, ChannelNotify } from "@/shared/channel";
import type { ConversationSummary } from "@/shared/types";
import type { ChannelShared } from "@/shared/events";

export const channelSelect = {
  id: true,
  channelName: true,
  topic: true,
  isPrivate: true,
  archivedAt: true,
  lastMessageAt: true,
  _count: { select: { participants: true } },
} as const;

interface ChannelRow {
  id: string;
  channelName: string | null;
  topic: string;
  isPrivate: boolean;
  archivedAt: Date | null;
  lastMessageAt: Date;
  _count: { participants: number };
}


export const channelShared = (c: ChannelRow): ChannelShared => ({
  name: c.channelName ?? "",
  topic: c.topic,
  isPrivate: c.isPrivate,
  archived: c.archivedAt !== null,
  memberCount: c._count.participants,
});

/** A channel as a sidebar entry of one member who has read it all (just created, joined or added). */
export function channelSummary(c: ChannelRow, notify: ChannelNotify | null = null): ConversationSummary {
  const at = c.lastMessageAt.toISOString();
  return { id: c.id, isGroup: true, others: [], lastMessageAt: at, unread: 0, lastReadAt: at, channel: { ...channelShared(c), notify } };
}

/**
 * The channel if this user may see it: a member of it, or (public channels) any member of the
 * workspace. Anything else is "Channel not found.".
 */
async function visibleChannel(userId: string, workspaceId: string, channelId: string) {
  const c = await getDb().conversation.findFirst({
    where: { id: channelId, workspaceId, channelName: { not: null } },
    select: { ...channelSelect, participants: { where: { userId }, select: { notify: true, lastReadAt: true } } },
  });
  if (!c || (c.isPrivate && c.participants.length === 0)) throw notFound("Channel not found.");
  const me = c.participants[0];
  return { ...c, joined: me !== undefined, notify: (me?.notify ?? null) as ChannelNotify | null, lastReadAt: me?.lastReadAt ?? null };
}

/** The channel if the user is in it (and, with `writable`, it is not archived). */
export async function requireChannelMember(userId: string, workspaceId: string, channelId: string, writable = false) {
  const c = await visibleChannel(userId, workspaceId, channelId);
  if (!c.joined) throw c.isPrivate ? notFound("Channel not found.") : forbidden("Join the channel first.");
  if (writable && c.archivedAt) throw forbidden("This channel is archived.");
  return c;
}

export async function createChannel(userId: string, workspaceId: string, input: { name: string; topic: string; isPrivate: boolean }) {
  const at = new Date();
  try {
    const c = await getDb().conversation.create({
      data: {
        workspaceId,
        isGroup: true,
        channelName: input.name,
        topic: input.topic,
        isPrivate: input.isPrivate,
        createdById: userId,
        lastMessageAt: at,
        participants: { create: { userId, lastReadAt: at } },
      },
      select: channelSelect,
    });
    return channelSummary(c);
  } catch (e) {
    // Names are unique in a workspace, private channels' too (as in Slack): the name is all this tells.
    if (isUniqueViolation(e)) throw conflict(`A channel named #${input.name} already exists. Pick another name.`);
    throw e;
  }
}

/** The workspace's channels this user may see: every public one and the private ones they are in, by name. */
export async function listChannels(userId: string, workspaceId: string): Promise<ChannelListing[]> {
  const rows = await getDb().conversation.findMany({
    where: {
      workspaceId,
      channelName: { not: null },
      OR: [{ isPrivate: false }, { participants: { some: { userId } } }],
    },
    orderBy: { channelName: "asc" },
    select: { ...channelSelect, participants: { where: { userId }, select: { userId: true } } },
  });
  return rows.map((c) => ({ id: c.id, ...channelShared(c), joined: c.participants.length > 0 }));
}

/** The channel's shared info for someone who may see it (its page, its directory entry), with their notify choice and read point. */
export async function channelInfo(userId: string, workspaceId: string, channelId: string) {
  const c = await visibleChannel(userId, workspaceId, channelId);
  return { id: c.id, ...channelShared(c), joined: c.joined, notify: c.notify, lastReadAt: c.lastReadAt?.toISOString() ?? null };
}

/** Adds people to a channel with its history read; those already in it are left as they are. Returns who was added. */
async function addMembers(channelId: string, userIds: string[]): Promise<string[]> {
  const db = getDb();
  const c = await db.conversation.findUniqueOrThrow({ where: { id: channelId }, select: { lastMessageAt: true } });
  const already = await db.conversationParticipant.findMany({ where: { conversationId: channelId, userId: { in: userIds } }, select: { userId: true } });
  const have = new Set(already.map((p) => p.userId));
  const added = userIds.filter((id) => !have.has(id));
  if (!added.length) return [];
  const { count } = await db.conversationParticipant.createMany({
    data: added.map((userId) => ({ conversationId: channelId, userId, lastReadAt: c.lastMessageAt })),
    skipDuplicates: true,
  });
  // Some added by another request at the same moment are announced twice: the sidebars keep one entry.
  return count > 0 ? added : [];
}

/** Joins a public channel (not archived). Joining one you are in changes nothing (`joined` false). */
export async function joinChannel(userId: string, workspaceId: string, channelId: string) {
  const c = await visibleChannel(userId, workspaceId, channelId);
  if (c.isPrivate && !c.joined) throw notFound("Channel not found.");
  if (c.archivedAt) throw forbidden("This channel is archived.");
  const joined = c.joined ? false : (await addMembers(c.id, [userId])).length > 0;
  return { joined, ...(await summaryAfter(c.id, c.notify)) };
}

/**
 * Adds members of the workspace to a channel; any member of the channel may (as in Slack), not
 * to an archived one. Someone who is not a member of the workspace is refused as a whole request.
 */
export async function inviteToChannel(actorId: string, workspaceId: string, channelId: string, userIds: string[]) {
  const c = await requireChannelMember(actorId, workspaceId, channelId, true);
  const ids = [...new Set(userIds)];
  const members = await getDb().membership.count({ where: { workspaceId, userId: { in: ids } } });
  if (members !== ids.length) throw badRequest("Only members of this workspace can be added.");
  const added = await addMembers(c.id, ids);
  return { added, ...(await summaryAfter(c.id, null)) };
}

/** Leaves a channel (an archived one too). Leaving one you are not in changes nothing. */
export async function leaveChannel(userId: string, workspaceId: string, channelId: string) {
  const c = await visibleChannel(userId, workspaceId, channelId);
  const { count } = await getDb().conversationParticipant.deleteMany({ where: { conversationId: c.id, userId } });
  return { left: count > 0, shared: channelShared({ ...c, _count: { participants: c._count.participants - count } }) };
}

/**
 * Changes the topic (members of the channel) or archives and unarchives it (workspace admins and
 * the owner, members of the channel or not for public ones). An archived channel's topic stays.
 */
export async function updateChannel(actor: { id: string; role: Role }, workspaceId: string, channelId: string, change: { topic?: string; archived?: boolean }) {
  const c = await visibleChannel(actor.id, workspaceId, channelId);
  if (change.archived !== undefined && !isAdminRole(actor.role)) throw forbidden("Only workspace admins can archive channels.");
  if (change.topic !== undefined) {
    if (!c.joined) throw forbidden("Join the channel first.");
    if (c.archivedAt && change.archived !== false) throw forbidden("This channel is archived.");
  }
  const archivedAt = change.archived === undefined ? undefined : change.archived ? (c.archivedAt ?? new Date()) : null;
  const updated = await getDb().conversation.update({
    where: { id: c.id },
    data: { ...(change.topic !== undefined ? { topic: change.topic } : {}), ...(archivedAt !== undefined ? { archivedAt } : {}) },
    select: channelSelect,
  });
  return channelShared(updated);
}

/** The member's own choice of which messages of the channel notify them (null: the channel's default by size). */
export async function setChannelNotify(userId: string, workspaceId: string, channelId: string, notify: ChannelNotify | null) {
  const c = await requireChannelMember(userId, workspaceId, channelId);
  await getDb().conversationParticipant.update({ where: { conversationId_userId: { conversationId: c.id, userId } }, data: { notify } });
  return { ...channelShared(c), notify };
}

export const CHANNEL_MEMBERS_PAGE = 100;

/** A page of the channel's members by name (then id), after `cursor` (the last id of the previous page). */
export async function channelMembers(userId: string, workspaceId: string, channelId: string, cursor?: string): Promise<ChannelMembersPage> {
  const c = await visibleChannel(userId, workspaceId, channelId);
  const db = getDb();
  const after = cursor ? await db.user.findUnique({ where: { id: cursor }, select: { id: true, name: true } }) : null;
  if (cursor && !after) throw badRequest("Invalid cursor.");
  const rows = await db.conversationParticipant.findMany({
    where: {
      conversationId: c.id,
      ...(after ? { user: { OR: [{ name: { gt: after.name } }, { name: after.name, id: { gt: after.id } }] } } : {}),
    },
    orderBy: [{ user: { name: "asc" } }, { userId: "asc" }],
    take: CHANNEL_MEMBERS_PAGE + 1,
    select: { user: { select: { id: true, name: true } } },
  });
  const page = rows.slice(0, CHANNEL_MEMBERS_PAGE).map((r) => r.user);
  return { members: page, next: rows.length > CHANNEL_MEMBERS_PAGE ? page[page.length - 1]!.id : null, total: c._count.participants };
}

/** Every member id of a channel (for its "N online" count). */
export async function channelMemberIds(channelId: string): Promise<string[]> {
  const rows = await getDb().conversationParticipant.findMany({ where: { conversationId: channelId }, select: { userId: true } });
  return rows.map((r) => r.userId);
}

/** The channels each of these users is in within a workspace (their sockets join these channels' rooms): one query for all. */
export async function channelIdsOfMany(userIds: string[], workspaceId: string): Promise<Map<string, string[]>> {
  const rows = await getDb().conversationParticipant.findMany({
    where: { userId: { in: userIds }, conversation: { workspaceId, channelName: { not: null } } },
    select: { userId: true, conversationId: true },
  });
  const byUser = new Map<string, string[]>();
  for (const r of rows) {
    const ids = byUser.get(r.userId);
    if (ids) ids.push(r.conversationId);
    else byUser.set(r.userId, [r.conversationId]);
  }
  return byUser;
}

async function summaryAfter(channelId: string, notify: ChannelNotify | null) {
  const c = await getDb().conversation.findUniqueOrThrow({ where: { id: channelId }, select: channelSelect });
  return { summary: channelSummary(c, notify), shared: channelShared(c) };
}
