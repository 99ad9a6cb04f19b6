import { getDb } from "../db";
import { badRequest, notFound } from "../errors";
import type { ConversationSummary, MessageView } from "@/shared/types";

const participantSelect = { user: { select: { id: true, name: true } } } as const;


function summarize(
  viewerId: string,
  c: { id: string; isGroup: boolean; lastMessageAt: Date; participants: { user: { id: string; name: string } }[] },
): ConversationSummary {
  return {
    id: c.id,
    isGroup: c.isGroup,
    others: c.participants.map((p) => p.user).filter((u) => u.id !== viewerId),
    lastMessageAt: c.lastMessageAt.toISOString(),
  };
}

export async function conversationsOf(userId: string, workspaceId: string): Promise<ConversationSummary[]> {
  const rows = await getDb().conversation.findMany({
    where: { workspaceId, participants: { some: { userId } } },
    orderBy: { lastMessageAt: "desc" },
    include: { participants: { select: participantSelect } },
  });
  return rows.map((c) => summarize(userId, c));
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
  sender: { select: { id: true, name: true } },
} as const;

const toView = (m: { id: string; conversationId: string; body: string; createdAt: Date; sender: { id: string; name: string } }): MessageView => ({
  ...m,
  createdAt: m.createdAt.toISOString(),
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

export async function sendMessage(userId: string, conversationId: string, body: string) {
  const conversation = await requireParticipant(userId, conversationId);
  const db = getDb();
  const [message] = await db.$transaction([
    db.message.create({ data: { conversationId, senderId: userId, body }, select: messageSelect }),
    db.conversation.update({ where: { id: conversationId }, data: { lastMessageAt: new Date() } }),
  ]);
  return { message: toView(message), participantIds: conversation.participants.map((p) => p.user.id) };
}
