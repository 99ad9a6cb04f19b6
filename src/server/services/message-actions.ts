// Edit, delete and react to messages. Each action first finds the message through the actor's
// own participation (someone outside the conversation gets the same "Message not found." as for a
// message that does not exist), then asks the one rule (src/shared/message-rights.ts).
import { getDb } from "../db";
import { badRequest, forbidden, isForeignKeyViolation, isUniqueViolation, notFound } from "../errors";
import { canActOnMessage, type ConversationKind, type MessageAction } from "@/shared/message-rights";
import type { MessageEdit, ReactionChange, ReactionView, ReadState } from "@/shared/types";
import { readStates } from "./read-state";
import { groupReactions } from "./reaction-groups";
import { mentionedIn, namedMentions, namesOf } from "./mentions";
import type { ConversationAudience } from "./conversations";

/** Different emoji one message holds at most (Slack's limit is of this order). */
export const MAX_EMOJI_PER_MESSAGE = 50;

const REFUSED: Record<Exclude<MessageAction, "react">, string> = {
  edit: "You can only edit your own messages.",
  delete: "You can only delete your own messages.",
};

/** The message and its conversation, if the user may `action` it; throws 404 or 403 otherwise. */
async function authorize(userId: string, workspaceId: string, messageId: string, action: MessageAction) {
  const db = getDb();
  const [message, membership] = await Promise.all([
    db.message.findFirst({
      where: { id: messageId, conversation: { workspaceId, participants: { some: { userId } } } },
      select: {
        id: true,
        conversationId: true,
        senderId: true,
        body: true,
        createdAt: true,
        editedAt: true,
        conversation: { select: { isGroup: true, channelName: true, archivedAt: true } },
      },
    }),
    db.membership.findUnique({ where: { workspaceId_userId: { workspaceId, userId } }, select: { role: true } }),
  ]);
  if (!message || !membership) throw notFound("Message not found.");
  const { channelName, isGroup, archivedAt } = message.conversation;
  const kind: ConversationKind = channelName !== null ? "channel" : isGroup ? "group" : "dm";
  if (!canActOnMessage(action, kind, { role: membership.role, participant: true, author: message.senderId === userId })) {
    throw action === "react" ? notFound("Message not found.") : forbidden(REFUSED[action]);
  }
  if (archivedAt) throw forbidden("This channel is archived.");
  // A DM's participants with their read state (a channel's members hear through its room).
  const participants = channelName === null
    ? await db.conversationParticipant.findMany({ where: { conversationId: message.conversationId }, select: { userId: true, lastReadAt: true } })
    : [];
  const audience: ConversationAudience = { conversationId: message.conversationId, channel: channelName !== null, participantIds: participants.map((p) => p.userId) };
  return { ...message, participants, audience };
}

/**
 * Replaces the body of the user's own message (already validated like a new message) and stamps
 * editedAt. The same body again changes nothing (and `changed` is false: nothing to announce).
 */
export async function editMessage(userId: string, workspaceId: string, messageId: string, body: string, now = new Date()) {
  const m = await authorize(userId, workspaceId, messageId, "edit");
  if (m.body === body) {
    const edit: MessageEdit = { id: m.id, conversationId: m.conversationId, body, editedAt: m.editedAt?.toISOString() ?? null };
    return { edit, changed: false, audience: m.audience };
  }
  // An edit names whom the new body names (an edit never notifies: mentions only mark the message).
  const mentions = m.audience.channel ? await mentionedIn(m.conversationId, body) : [];
  // Deleted a moment ago (by the author on another device): nothing left to edit.
  const { count } = await getDb().message.updateMany({ where: { id: m.id, senderId: userId }, data: { body, editedAt: now, mentions } });
  if (count === 0) throw notFound("Message not found.");
  const named = namedMentions(mentions, await namesOf(mentions));
  const edit: MessageEdit = { id: m.id, conversationId: m.conversationId, body, editedAt: now.toISOString(), ...(named.length ? { mentions: named } : {}) };
  return { edit, changed: true, audience: m.audience };
}

/**
 * Deletes the user's own message for everyone. Slack removes a deleted message outright (no
 * "This message was deleted" stub) and so does Roster: the row goes, with its reactions, so its
 * body can never be served again. Unread counts are counted from the rows, so they drop by
 * themselves; `reads` holds the new read state of each participant who had not read it yet,
 * for their sidebars.
 */
export async function deleteMessage(userId: string, workspaceId: string, messageId: string) {
  const m = await authorize(userId, workspaceId, messageId, "delete");
  // The author's own, or (channel admins) anyone's: `authorize` has applied the rule.
  const { count } = await getDb().message.deleteMany({ where: { id: m.id, senderId: m.senderId } });
  if (count === 0) throw notFound("Message not found.");
  // A DM's participants who had not read it get their new count; a channel's members' clients
  // drop it from what they counted themselves (there may be thousands of them).
  const unreadBy = m.participants
    .filter((p) => p.userId !== m.senderId && (p.lastReadAt === null || p.lastReadAt < m.createdAt))
    .map((p) => p.userId);
  const reads = new Map<string, ReadState>();
  for (const pid of unreadBy) {
    const state = (await readStates(pid, workspaceId, m.conversationId)).get(m.conversationId);
    if (state) reads.set(pid, state);
  }
  return { id: m.id, conversationId: m.conversationId, audience: m.audience, reads };
}

/** Everyone's reactions to one message, grouped by emoji (in the order each emoji was first used). */
export async function reactionsOf(messageId: string): Promise<ReactionView[]> {
  const rows = await getDb().reaction.findMany({
    where: { messageId },
    orderBy: [{ createdAt: "asc" }, { userId: "asc" }],
    select: { emoji: true, user: { select: { id: true, name: true } } },
  });
  return groupReactions(rows);
}

/**
 * Adds (`add`) or removes the user's reaction. Adding one that is there, or removing one that is
 * not, changes nothing and `change` is null (nothing to announce). Answers the message's reactions.
 */
export async function setReaction(userId: string, workspaceId: string, messageId: string, emoji: string, add: boolean) {
  const m = await authorize(userId, workspaceId, messageId, "react");
  const db = getDb();
  let changed: boolean;
  if (add) {
    const distinct = await db.reaction.findMany({ where: { messageId: m.id }, distinct: ["emoji"], select: { emoji: true } });
    if (distinct.length >= MAX_EMOJI_PER_MESSAGE && !distinct.some((d) => d.emoji === emoji)) {
      throw badRequest(`A message holds at most ${MAX_EMOJI_PER_MESSAGE} different reactions.`);
    }
    try {
      await db.reaction.create({ data: { messageId: m.id, userId, emoji } });
      changed = true;
    } catch (e) {
      if (isUniqueViolation(e)) changed = false; // already there (another tab of the same person)
      else if (isForeignKeyViolation(e)) throw notFound("Message not found."); // deleted meanwhile
      else throw e;
    }
  } else {
    changed = (await db.reaction.deleteMany({ where: { messageId: m.id, userId, emoji } })).count > 0;
  }
  const reactions = await reactionsOf(m.id);
  const user = await db.user.findUniqueOrThrow({ where: { id: userId }, select: { id: true, name: true } });
  const change: ReactionChange | null = changed ? { conversationId: m.conversationId, messageId: m.id, emoji, user, added: add } : null;
  return { reactions, change, audience: m.audience };
}
