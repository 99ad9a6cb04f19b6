import type { Prisma } from "@/generated/prisma/client";
import { getDb } from "../db";
import { badRequest, isUniqueViolation, notFound } from "../errors";
import { MESSAGE_PAGE_SIZE } from "@/shared/schemas";
import type { ConversationSummary, MessagePage, MessageView, ReadState } from "@/shared/types";
import { readStates } from "./read-state";
import { groupReactions } from "./reaction-groups";

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
  const [rows, reads] = await Promise.all([
    getDb().conversation.findMany({
      where: { workspaceId, participants: { some: { userId } } },
      orderBy: { lastMessageAt: "desc" },
      include: { participants: { select: participantSelect } },
    }),
    readStates(userId, workspaceId),
  ]);
  return rows.map((c) => summarize(userId, c, reads.get(c.id)));
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

/** The conversation if the user takes part in it (and it belongs to the workspace). */
export async function requireParticipant(userId: string, conversationId: string, workspaceId?: string) {
  const c = await getDb().conversation.findFirst({
    where: { id: conversationId, participants: { some: { userId } }, ...(workspaceId ? { workspaceId } : {}) },
    include: { participants: { select: participantSelect } },
  });
  if (!c) throw notFound("Conversation not found.");
  return c;
}


const messageSelect = {
  id: true,
  conversationId: true,
  body: true,
  createdAt: true,
  editedAt: true,
  sender: { select: { id: true, name: true } },
  reactions: {
    orderBy: [{ createdAt: "asc" as const }, { userId: "asc" as const }],
    select: { emoji: true, user: { select: { id: true, name: true } } },
  },
} satisfies Prisma.MessageSelect;

const toView = (m: {
  id: string;
  conversationId: string;
  body: string;
  createdAt: Date;
  editedAt: Date | null;
  sender: { id: string; name: string };
  reactions: { emoji: string; user: { id: string; name: string } }[];
}): MessageView => ({
  ...m,
  createdAt: m.createdAt.toISOString(),
  editedAt: m.editedAt?.toISOString() ?? null,
  reactions: groupReactions(m.reactions),
});

export async function recentMessages(conversationId: string, limit = 100): Promise<MessageView[]> {
  const rows = await getDb().message.findMany({
    where: { conversationId },
    orderBy: { createdAt: "desc" },
    take: limit,
    select: messageSelect,
  });
  return rows.reverse().map(toView);
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
    messages: page.reverse().map(toView),
    before: more && oldest ? { createdAt: oldest.createdAt.toISOString(), id: oldest.id } : null,
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
        message: toView(conversation.messages[0]!),
        created: true,
        participantIds: [userId, otherId],
        read,
      };
    } catch (e) {
      if (!isUniqueViolation(e)) throw e; // the other person created it at the same moment: send into theirs
    }
  }
  const id = found?.id ?? (await existing())!.id;
  const sent = await sendMessage(userId, id, body);
  const conversation = summarize(userId, await requireParticipant(userId, id, workspaceId), sent.read);
  return { conversation, message: sent.message, created: false, participantIds: sent.participantIds, read: sent.read };
}

export async function sendMessage(userId: string, conversationId: string, body: string) {
  const conversation = await requireParticipant(userId, conversationId);
  const db = getDb();
  // One time for the message, lastMessageAt (the newest message, so never moved back) and the
  // sender's read state: their own message counts as read, and so does everything before it.
  const at = new Date();
  const [message] = await db.$transaction([
    db.message.create({ data: { conversationId, senderId: userId, body, createdAt: at }, select: messageSelect }),
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
  return { message: toView(message), participantIds: conversation.participants.map((p) => p.user.id), read };
}
