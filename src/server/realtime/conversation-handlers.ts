import { joinConversationInput, messageHistoryInput, sendDirectInput, sendMessageInput } from "@/shared/schemas";
import type { ConversationSummary } from "@/shared/types";
import { consume } from "../limits";
import { messagePage, requireParticipant, sendDirectMessage, sendMessage } from "../services/conversations";
import { handle, type SocketContext } from "./handle";
import { conversationRoom, memberRoom } from "./rooms";
import type { RosterServer, RosterSocket } from "./types";

export function registerConversationHandlers(io: RosterServer, socket: RosterSocket, ctx: SocketContext) {
  const { userId, workspaceId } = socket.data;

  socket.on(
    "conversation:join",
    handle(ctx, joinConversationInput, async ({ conversationId }) => {
      await requireParticipant(userId, conversationId, workspaceId);
      await socket.join(conversationRoom(conversationId));
      return { conversationId };
    }),
  );

  socket.on(
    "conversation:leave",
    handle(ctx, joinConversationInput, async ({ conversationId }) => {
      await socket.leave(conversationRoom(conversationId));
      return { conversationId };
    }),
  );

  socket.on(
    "message:send",
    handle(ctx, sendMessageInput, async ({ conversationId, body }) => {
      await consume("messagesUser", userId); // per user across tabs and instances, on top of the per-socket bucket
      await requireParticipant(userId, conversationId, workspaceId);
      const { message } = await sendMessage(userId, conversationId, body);
      io.to(conversationRoom(conversationId)).emit("message:created", message);
      return message;
    }),
  );

  socket.on(
    "message:history",
    handle(ctx, messageHistoryInput, async ({ conversationId, before }) => {
      return messagePage(userId, conversationId, before, { workspaceId });
    }),
  );

  socket.on(
    "message:sendDirect",
    handle(ctx, sendDirectInput, async ({ userId: otherId, body }) => {
      await consume("messagesUser", userId);
      const sent = await sendDirectMessage(userId, workspaceId, otherId, body);
      // The DM appears in both sidebars only now, with its first message.
      if (sent.created) announceConversation(io, workspaceId, sent.message.sender, sent);
      io.to(conversationRoom(sent.conversation.id)).emit("message:created", sent.message);
      return { conversation: sent.conversation, message: sent.message };
    }),
  );
}

/** A new DM shows live in every participant's sidebar, each seeing the others' names. */
export function announceConversation(
  io: RosterServer,
  workspaceId: string,
  creator: { id: string; name: string },
  opened: { conversation: ConversationSummary; created: boolean; participantIds: string[] },
) {
  if (!opened.created) return;
  const everyone = [...opened.conversation.others, { id: creator.id, name: creator.name }];
  for (const pid of opened.participantIds) {
    const others = everyone.filter((u) => u.id !== pid);
    io.to(memberRoom(workspaceId, pid)).emit("conversation:created", { ...opened.conversation, others });
  }
}
