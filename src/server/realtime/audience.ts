import type { ConversationAudience } from "../services/conversations";
import { channelRoom, conversationRoom, memberRoom } from "../socket/rooms";
import type { RosterServer } from "../socket/types";

/**
 * Who hears of a conversation's messages, edits and reactions: the sockets that have it open (its
 * room) and every socket of every participant in this workspace (sidebars, unread counts,
 * notifications): a DM's participants by their member rooms, a channel's members by the channel's
 * room. One emit, so a socket in several of these rooms gets it once.
 */
export function toAudience(io: RosterServer, workspaceId: string, a: ConversationAudience) {
  const members = a.channel ? [channelRoom(a.conversationId)] : a.participantIds.map((p) => memberRoom(workspaceId, p));
  return io.to([conversationRoom(a.conversationId), ...members]);
}
