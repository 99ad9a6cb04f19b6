import type { Prisma } from "@/generated/prisma/client";
import { getDb } from "../db";
import { badRequest, forbidden, isUniqueViolation, notFound } from "../errors";
import { MESSAGE_PAGE_SIZE } from "@/shared/schemas";
import type { ConversationSummary, MessagePage, MessageView, MessageWindow, ReadState } from "@/shared/types";
import { readStates } from "./read-state";
import { groupReactions } from "./reaction-groups";
import { channelSelect, channelSummary } from "./channels";
import { mentionedIn, namedMentions, namesOf } from "./mentions";
import type { ChannelNotify } from "@/shared/channel";

const participantSelect = { user: { select: { id: true, name: true } } } as const;


function summarize(
  viewerId: string,
  c: { id: string; isGroup: boolean; lastMessageAt: Date; participants: { user: { id: string; name: string } }[] },
  read?: ReadState,
): ConversationSummary {
  return {
    id: c.id,
    isGroup: c.isGroup,
    others: c.participants.map((p) => p.user).filter((u) => u.id !== viewerId),
    lastMessageAt: read?.lastMessageAt ?? c.lastMessageAt.toISOString(),
    unread: read?.unread ?? 0,
    lastReadAt: read?.lastReadAt ?? null,
  };
}

export async function conversationsOf(userId: string, workspaceId: string): Promise<ConversationSummary[]> {
  const db = getDb();
  const [rows, channels, reads] = await Promise.all([
    db.conversation.findMany({
      where: { workspaceId, channelName: null, participants: { some: { userId } } },
      orderBy: { lastMessageAt: "desc" },
      include: { participants: { select: participantSelect } },
    }),
    // Channels leave the sidebar when archived; their members are counted, not listed.
    db.conversation.findMany({
      where: { workspaceId, channelName: { not: null }, archivedAt: null, participants: { some: { userId } } },
      orderBy: { channelName: "asc" },
      select: { ...channelSelect, participants: { where: { userId }, select: { notify: true } } },
    }),
    readStates(userId, workspaceId),
  ]);
  return [
    ...channels.map((c) => {
      const read = reads.get(c.id);
      const s = channelSummary(c, (c.participants[0]?.notify ?? null) as ChannelNotify | null);
      return { ...s, lastMessageAt: read?.lastMessageAt ?? s.lastMessageAt, unread: read?.unread ?? 0, lastReadAt: read?.lastReadAt ?? null };
    }),
    ...rows.map((c) => summarize(userId, c, reads.get(c.id))),
  ];
}

/** Opens the 1:1 DM with one other member (reusing an existing one) or a new group DM. */
export async function openConversation(userId: string, workspaceId: string, otherIds: string[]) {
  const db = getDb();
  const ids = [...new Set([userId, ...otherIds])];
  if (ids.length < 2) throw badRequest("Pick someone other than yourself.");
  const members = await db.membership.count({ where: { workspaceId, userId: { in: ids } } });
  if (members !== ids.length) throw badRequest("Everyone in a DM must be a member of this workspace.");
  const isGroup = ids.length > 2;
  const directKey = isGroup ? null : [...ids].sort().join(":");
  if (directKey) {
    const existing = await db.conversation.findUnique({
      where: { workspaceId_directKey: { workspaceId, directKey } },
      include: { participants: { select: participantSelect } },
    });
    if (existing) return { conversation: summarize(userId, existing), created: false, participantIds: ids };
  }
  const created = await db.conversation.create({
    data: { workspaceId, isGroup, directKey, participants: { create: ids.map((id) => ({ userId: id })) } },
    include: { participants: { select: participantSelect } },
  });
  return { conversation: summarize(userId, created), created: true, participantIds: ids };
}

/**
 * The conversation if the user takes part in it (and it belongs to the workspace), with its
 * participants for a DM or group DM; a channel's are not loaded (there may be thousands): its
 * messages reach its members through the channel's room.
 */
export async function requireParticipant(userId: string, conversationId: string, workspaceId?: string) {
  const db = getDb();
  const c = await db.conversation.findFirst({
    where: { id: conversationId, participants: { some: { userId } }, ...(workspaceId ? { workspaceId } : {}) },
  });
  if (!c) throw notFound("Conversation not found.");
  const participants = c.channelName === null
    ? await db.conversationParticipant.findMany({ where: { conversationId }, select: participantSelect })
    : [];
  return { ...c, participants };
}

const messageSelect = {
  id: true,
  conversationId: true,
  body: true,
  createdAt: true,
  editedAt: true,
  mentions: true,
  sender: { select: { id: true, name: true } },
  reactions: {
    orderBy: [{ createdAt: "asc" as const }, { userId: "asc" as const }],
    select: { emoji: true, user: { select: { id: true, name: true } } },
  },
} satisfies Prisma.MessageSelect;

type MessageRow = Prisma.MessageGetPayload<{ select: typeof messageSelect }>;

const toView = (m: MessageRow, names: ReadonlyMap<string, string>): MessageView => {
  const { mentions, ...rest } = m;
  const named = namedMentions(mentions, names);
  return {
    ...rest,
    createdAt: m.createdAt.toISOString(),
    editedAt: m.editedAt?.toISOString() ?? null,
    reactions: groupReactions(m.reactions),
    ...(named.length ? { mentions: named } : {}),
  };
};

/** Views of some messages, with the names of those they mention (one query for all). */
async function toViews(rows: MessageRow[]): Promise<MessageView[]> {
  const names = await namesOf(rows.flatMap((m) => m.mentions));
  return rows.map((m) => toView(m, names));
}

export async function recentMessages(conversationId: string, limit = 100): Promise<MessageView[]> {
  const rows = await getDb().message.findMany({
    where: { conversationId },
    orderBy: { createdAt: "desc" },
    take: limit,
    select: messageSelect,
  });
  return toViews(rows.reverse());
}

/**
 * A page of a conversation's messages, newest first in the database (createdAt, then id, descending),
 * returned oldest first. `before` is the oldest message already shown; pages never skip or repeat a
 * message, even when many share one timestamp. Only participants can read.
 */
export async function messagePage(
  userId: string,
  conversationId: string,
  before?: { createdAt: string; id: string },
  opts: { workspaceId?: string; limit?: number } = {},
): Promise<MessagePage> {
  const limit = opts.limit ?? MESSAGE_PAGE_SIZE;
  await requireParticipant(userId, conversationId, opts.workspaceId);
  const at = before ? new Date(before.createdAt) : null;
  if (at && Number.isNaN(at.getTime())) throw badRequest("Invalid cursor.");
  const rows = await getDb().message.findMany({
    where: {
      conversationId,
      ...(at && before ? { OR: [{ createdAt: { lt: at } }, { createdAt: at, id: { lt: before.id } }] } : {}),
    },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: limit + 1,
    select: messageSelect,
  });
  const more = rows.length > limit;
  const page = rows.slice(0, limit);
  const oldest = page[page.length - 1];
  return {
    messages: await toViews(page.reverse()),
    before: more && oldest ? { createdAt: oldest.createdAt.toISOString(), id: oldest.id } : null,
  };
}

/**
 * A page of a conversation that need not be the newest, oldest first, with cursors both ways:
 * `around` a message (it and half a page on either side; a message of another conversation is not
 * found), or the page just newer than `after`. `before` and `after` are null only when nothing is
 * older or newer; in the (createdAt, id) order, so pages never skip or repeat a message, even when
 * many share one timestamp. Only participants can read.
 */
export async function messageWindow(
  userId: string,
  conversationId: string,
  at: { around: string } | { after: { createdAt: string; id: string } },
  opts: { workspaceId?: string; limit?: number } = {},
): Promise<MessageWindow> {
  const limit = opts.limit ?? MESSAGE_PAGE_SIZE;
  await requireParticipant(userId, conversationId, opts.workspaceId);
  const db = getDb();
  let pivot: { createdAt: Date; id: string };
  if ("around" in at) {
    const found = await db.message.findFirst({ where: { id: at.around, conversationId }, select: { createdAt: true, id: true } });
    if (!found) throw notFound("Message not found.");
    pivot = found;
  } else {
    pivot = { createdAt: new Date(at.after.createdAt), id: at.after.id };
    if (Number.isNaN(pivot.createdAt.getTime())) throw badRequest("Invalid cursor.");
  }
  const { createdAt, id } = pivot;
  const olderTake = "around" in at ? Math.floor(limit / 2) : 0;
  const newerTake = limit - olderTake;
  const [older, newer] = await Promise.all([
    db.message.findMany({
      where: { conversationId, OR: [{ createdAt: { lt: createdAt } }, { createdAt, id: { lt: id } }] },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: olderTake + 1,
      select: messageSelect,
    }),
    db.message.findMany({
      // Around a message: from it on; after a cursor: past it.
      where: { conversationId, OR: [{ createdAt: { gt: createdAt } }, { createdAt, id: "around" in at ? { gte: id } : { gt: id } }] },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      take: newerTake + 1,
      select: messageSelect,
    }),
  ]);
  const before = older.slice(0, olderTake).reverse();
  const after = newer.slice(0, newerTake);
  const page = [...before, ...after];
  const cursor = (m: { createdAt: Date; id: string } | undefined) => (m ? { createdAt: m.createdAt.toISOString(), id: m.id } : null);
  return {
    messages: await toViews(page),
    // After a cursor, older messages exist (the page follows them): the page's first is the cursor.
    before: older.length > olderTake ? (cursor(page[0]) ?? ("after" in at ? at.after : null)) : null,
    after: newer.length > newerTake ? cursor(page[page.length - 1]) : null,
  };
}

/**
 * The first message to a member: creates the 1:1 DM and the message in one transaction (or, when the DM
 * already exists, e.g. the other person wrote first a moment ago, sends into it). No empty DM is ever made.
 */
export async function sendDirectMessage(userId: string, workspaceId: string, otherId: string, body: string) {
  const db = getDb();
  if (otherId === userId) throw badRequest("Pick someone other than yourself.");
  const members = await db.membership.count({ where: { workspaceId, userId: { in: [userId, otherId] } } });
  if (members !== 2) throw badRequest("Everyone in a DM must be a member of this workspace.");
  const directKey = [userId, otherId].sort().join(":");
  const existing = async () =>
    db.conversation.findUnique({ where: { workspaceId_directKey: { workspaceId, directKey } }, select: { id: true } });
  const found = await existing();
  if (!found) {
    try {
      // One time for the message, the conversation's lastMessageAt and the sender's read state.
      const at = new Date();
      const conversation = await db.conversation.create({
        data: {
          workspaceId,
          isGroup: false,
          directKey,
          lastMessageAt: at,
          participants: { create: [{ userId, lastReadAt: at }, { userId: otherId }] },
          messages: { create: { senderId: userId, body, createdAt: at } },
        },
        include: { participants: { select: participantSelect }, messages: { select: messageSelect } },
      });
      const iso = at.toISOString();
      const read: ReadState = { conversationId: conversation.id, unread: 0, lastReadAt: iso, lastMessageAt: iso };
      return {
        conversation: summarize(userId, conversation, read),
        message: toView(conversation.messages[0]!, new Map()),
        created: true,
        participantIds: [userId, otherId],
        read,
      };
    } catch (e) {
      if (!isUniqueViolation(e)) throw e; // the other person created it at the same moment: send into theirs
    }
  }
  const id = found?.id ?? (await existing())!.id;
  const sent = await sendMessage(userId, id, body, workspaceId);
  const conversation = summarize(userId, sent.conversation, sent.read);
  return { conversation, message: sent.message, created: false, participantIds: sent.audience.participantIds, read: sent.read };
}

/** Sends into a conversation the user takes part in (of `workspaceId`, when given); refused for an archived channel. */
export async function sendMessage(userId: string, conversationId: string, body: string, workspaceId?: string) {
  const conversation = await requireParticipant(userId, conversationId, workspaceId);
  const channel = conversation.channelName !== null;
  if (conversation.archivedAt) throw forbidden("This channel is archived.");
  const mentions = channel ? await mentionedIn(conversationId, body) : [];
  const db = getDb();
  // One time for the message, lastMessageAt (the newest message, so never moved back) and the
  // sender's read state: their own message counts as read, and so does everything before it.
  const at = new Date();
  const [message] = await db.$transaction([
    db.message.create({ data: { conversationId, senderId: userId, body, createdAt: at, mentions }, select: messageSelect }),
    db.conversation.updateMany({ where: { id: conversationId, lastMessageAt: { lt: at } }, data: { lastMessageAt: at } }),
    db.conversationParticipant.updateMany({
      where: { conversationId, userId, OR: [{ lastReadAt: null }, { lastReadAt: { lt: at } }] },
      data: { lastReadAt: at },
    }),
  ]);
  const iso = at.toISOString();
  // The sender's read state right after sending: a message from someone else that raced in later
  // is newer than lastMessageAt here, so clients that saw it keep counting it.
  const read: ReadState = { conversationId, unread: 0, lastReadAt: iso, lastMessageAt: iso };
  const [view] = await toViews([message]);
  return { message: view!, audience: audienceOf(conversation), read, conversation };
}

/** Who hears of a conversation's messages: a DM's participants, or a channel's room (its members' sockets). */
export interface ConversationAudience {
  conversationId: string;
  channel: boolean;
  /** A DM's or group DM's participants; empty for a channel. */
  participantIds: string[];
}

export const audienceOf = (c: { id: string; channelName: string | null; participants: { user: { id: string } }[] }): ConversationAudience => ({
  conversationId: c.id,
  channel: c.channelName !== null,
  participantIds: c.participants.map((p) => p.user.id),
});
