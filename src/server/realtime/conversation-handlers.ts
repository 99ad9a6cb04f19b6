import { joinConversationInput, sendMessageInput } from "@/shared/schemas";
import { requireParticipant, sendMessage } from "../services/conversations";
import { handle, type RateLimiter } from "./handle";
import { conversationRoom } from "./rooms";
import type { RosterServer, RosterSocket } from "./types";

export function registerConversationHandlers(io: RosterServer, socket: RosterSocket, limiter: RateLimiter) {
  const { userId, workspaceId } = socket.data;

  socket.on(
    "conversation:join",
    handle(limiter, joinConversationInput, async ({ conversationId }) => {
      await requireParticipant(userId, conversationId, workspaceId);
      await socket.join(conversationRoom(conversationId));
      return { conversationId };
    }),
  );

  socket.on(
    "conversation:leave",
    handle(limiter, joinConversationInput, async ({ conversationId }) => {
      await socket.leave(conversationRoom(conversationId));
      return { conversationId };
    }),
  );

  socket.on(
    "message:send",
    handle(limiter, sendMessageInput, async ({ conversationId, body }) => {
      await requireParticipant(userId, conversationId, workspaceId);
      const { message } = await sendMessage(userId, conversationId, body);
      io.to(conversationRoom(conversationId)).emit("message:created", message);
      return message;
    }),
  );
}
