import { joinConversationInput, messageHistoryInput, readInput, sendDirectInput, sendMessageInput } from "@/shared/schemas";
import type { ConversationSummary, MessageView, ReadState } from "@/shared/types";
import { markRead } from "../services/read-state";
import { consume } from "../limits";
import { messagePage, messageWindow, requireParticipant, sendDirectMessage, sendMessage, type ConversationAudience } from "../services/conversations";
import { toAudience } from "./audience";
import { event, type EventTable } from "../socket/router";
import { conversationRoom, memberRoom } from "../socket/rooms";
import type { RosterServer } from "../socket/types";

export function conversationEvents(io: RosterServer): EventTable {
  return {
    "conversation:join": event(joinConversationInput, async (socket, { conversationId }) => {
      await requireParticipant(socket.data.userId, conversationId, socket.data.workspaceId);
      await socket.join(conversationRoom(conversationId));
      return { conversationId };
    }),
    "conversation:leave": event(joinConversationInput, async (socket, { conversationId }) => {
      await socket.leave(conversationRoom(conversationId));
      return { conversationId };
    }),
    "message:send": event(sendMessageInput, async (socket, { conversationId, body }) => {
      const { userId, workspaceId } = socket.data;
      await consume("messagesUser", userId); // per user across tabs and instances, on top of the per-socket bucket
      const sent = await sendMessage(userId, conversationId, body, workspaceId);
      deliver(io, workspaceId, sent.audience, sent.message, sent.read);
      return sent.message;
    }),
    "message:history": event(messageHistoryInput, (socket, { conversationId, before, around, after }) => {
      const { userId, workspaceId } = socket.data;
      if (around) return messageWindow(userId, conversationId, { around: around.id }, { workspaceId });
      if (after) return messageWindow(userId, conversationId, { after }, { workspaceId });
      return messagePage(userId, conversationId, before, { workspaceId });
    }),
    "message:sendDirect": event(sendDirectInput, async (socket, { userId: otherId, body }) => {
      const { userId, workspaceId } = socket.data;
      await consume("messagesUser", userId);
      const sent = await sendDirectMessage(userId, workspaceId, otherId, body);
      // The DM appears in both sidebars only now, with its first message.
      if (sent.created) announceConversation(io, workspaceId, sent.message.sender, sent);
      deliver(io, workspaceId, { conversationId: sent.conversation.id, channel: false, participantIds: sent.participantIds }, sent.message, sent.read);
      return { conversation: sent.conversation, message: sent.message };
    }),
    "conversation:read": event(readInput, async (socket, { conversationId, upTo }) => {
      const { userId, workspaceId } = socket.data;
      const { state, changed } = await markRead(userId, workspaceId, conversationId, new Date(upTo));
      // Every device of the reader clears its badge (this socket gets it from the ack too).
      if (changed) io.to(memberRoom(workspaceId, userId)).emit("conversation:readUpdated", state);
      return state;
    }),
  };
}

/**
 * A new message reaches the open conversation and every participant's sidebar (unread counts and
 * notifications; see audience.ts). The sender's other devices learn that the conversation is read
 * up to it.
 */
function deliver(io: RosterServer, workspaceId: string, audience: ConversationAudience, message: MessageView, read: ReadState) {
  toAudience(io, workspaceId, audience).emit("message:created", message);
  io.to(memberRoom(workspaceId, message.sender.id)).emit("conversation:readUpdated", read);
}

/** A new DM shows live in every participant's sidebar, each seeing the others' names. */
export function announceConversation(
  io: RosterServer,
  workspaceId: string,
  creator: { id: string; name: string },
  opened: { conversation: ConversationSummary; created: boolean; participantIds: string[]; message?: MessageView },
) {
  if (!opened.created) return;
  const everyone = [...opened.conversation.others, { id: creator.id, name: creator.name }];
  for (const pid of opened.participantIds) {
    const others = everyone.filter((u) => u.id !== pid);
    // The creator's read state is theirs; everyone else has not read the first message (if any) yet.
    const read = pid === creator.id ? {} : { unread: opened.message ? 1 : 0, lastReadAt: null };
    io.to(memberRoom(workspaceId, pid)).emit("conversation:created", { ...opened.conversation, others, ...read });
  }
}
