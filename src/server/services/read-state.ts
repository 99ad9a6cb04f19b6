import { Prisma } from "@/generated/prisma/client";
import { getDb } from "../db";
import { badRequest, notFound } from "../errors";
import type { ReadState } from "@/shared/types";

interface Row {
  id: string;
  lastMessageAt: Date;
  lastReadAt: Date | null;
  unread: number;
}

/**
 * Read state of the user's conversations in a workspace (or of one conversation): messages from
 * others after the participant's lastReadAt are unread. One statement, so the count and
 * lastMessageAt (the newest message it covers) come from the same snapshot.
 */
export async function readStates(userId: string, workspaceId: string, conversationId?: string): Promise<Map<string, ReadState>> {
  const rows = await getDb().$queryRaw<Row[]>`
    SELECT c."id", c."lastMessageAt", p."lastReadAt",
      (SELECT COUNT(*) FROM "Message" m
        WHERE m."conversationId" = c."id" AND m."senderId" <> p."userId"
          AND (p."lastReadAt" IS NULL OR m."createdAt" > p."lastReadAt"))::int AS "unread"
    FROM "ConversationParticipant" p JOIN "Conversation" c ON c."id" = p."conversationId"
    WHERE p."userId" = ${userId} AND c."workspaceId" = ${workspaceId}
      ${conversationId ? Prisma.sql`AND c."id" = ${conversationId}` : Prisma.empty}`;
  return new Map(
    rows.map((r) => [
      r.id,
      {
        conversationId: r.id,
        unread: Number(r.unread),
        lastReadAt: r.lastReadAt ? new Date(r.lastReadAt).toISOString() : null,
        lastMessageAt: new Date(r.lastMessageAt).toISOString(),
      },
    ]),
  );
}

/**
 * Marks the conversation read up to `upTo` for a participant. Read state only moves forward: an
 * older `upTo` (a late request from another device) changes nothing. It never passes the newest
 * message, so a message stamped by a server whose clock is a little behind still counts as unread.
 */
export async function markRead(userId: string, workspaceId: string, conversationId: string, upTo: Date) {
  if (Number.isNaN(upTo.getTime())) throw badRequest("Invalid time.");
  const conversation = await getDb().conversation.findFirst({
    where: { id: conversationId, workspaceId, participants: { some: { userId } } },
    select: { lastMessageAt: true },
  });
  if (!conversation) throw notFound("Conversation not found.");
  const at = new Date(Math.min(upTo.getTime(), conversation.lastMessageAt.getTime()));
  const { count } = await getDb().conversationParticipant.updateMany({
    where: { conversationId, userId, OR: [{ lastReadAt: null }, { lastReadAt: { lt: at } }] },
    data: { lastReadAt: at },
  });
  const state = (await readStates(userId, workspaceId, conversationId)).get(conversationId)!;
  return { state, changed: count > 0 };
}
