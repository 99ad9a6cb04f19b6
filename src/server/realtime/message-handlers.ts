// Edit, delete and react: the same rate limit as sending, and the same audience as a new message
// (src/server/realtime/audience.ts, across instances through the adapter). None of them makes a conversation unread or plays a sound: they travel
// as their own events, never as `message:created`.
import { deleteMessageInput, editMessageInput, reactionInput } from "@/shared/message-input";
import { consume } from "../limits";
import { deleteMessage, editMessage, setReaction } from "../services/message-actions";
import { event, type EventTable } from "../socket/router";
import { memberRoom } from "../socket/rooms";
import { toAudience } from "./audience";
import type { RosterServer } from "../socket/types";

export function messageEvents(io: RosterServer): EventTable {
  return {
    "message:edit": event(editMessageInput, async (socket, { messageId, body }) => {
      const { userId, workspaceId } = socket.data;
      await consume("messagesUser", userId);
      const done = await editMessage(userId, workspaceId, messageId, body);
      if (done.changed) toAudience(io, workspaceId, done.audience).emit("message:updated", done.edit);
      return done.edit;
    }),
    "message:delete": event(deleteMessageInput, async (socket, { messageId }) => {
      const { userId, workspaceId } = socket.data;
      await consume("messagesUser", userId);
      const done = await deleteMessage(userId, workspaceId, messageId);
      toAudience(io, workspaceId, done.audience).emit("message:deleted", { id: done.id, conversationId: done.conversationId });
      // Whoever had not read it yet: one unread fewer, on every device.
      for (const [pid, state] of done.reads) io.to(memberRoom(workspaceId, pid)).emit("conversation:readUpdated", state);
      return { id: done.id, conversationId: done.conversationId };
    }),
    "reaction:add": event(reactionInput, async (socket, { messageId, emoji }) => {
      const { userId, workspaceId } = socket.data;
      await consume("messagesUser", userId);
      const done = await setReaction(userId, workspaceId, messageId, emoji, true);
      if (done.change) toAudience(io, workspaceId, done.audience).emit("reaction:updated", done.change);
      return { reactions: done.reactions };
    }),
    "reaction:remove": event(reactionInput, async (socket, { messageId, emoji }) => {
      const { userId, workspaceId } = socket.data;
      await consume("messagesUser", userId);
      const done = await setReaction(userId, workspaceId, messageId, emoji, false);
      if (done.change) toAudience(io, workspaceId, done.audience).emit("reaction:updated", done.change);
      return { reactions: done.reactions };
    }),
  };
}
