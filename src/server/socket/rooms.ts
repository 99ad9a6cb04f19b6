// Socket.IO room names, in one place.
export const workspaceRoom = (workspaceId: string) => `ws:${workspaceId}`;
/** A user's sockets within one workspace. */
export const memberRoom = (workspaceId: string, userId: string) => `ws:${workspaceId}:user:${userId}`;
export const conversationRoom = (conversationId: string) => `conv:${conversationId}`;
/** Every socket of one user, in any workspace (used to end sessions). */
export const userRoom = (userId: string) => `u:${userId}`;
/** Sockets of a workspace that watch every member (they never subscribed, in a small workspace). */
export const everyoneRoom = (workspaceId: string) => `ws:${workspaceId}:all`;
export const CHANNEL_ROOM_PREFIX = "chan:";
/** Every socket of every member of a channel (they join it at connect, and when they join the channel). */
export const channelRoom = (conversationId: string) => `${CHANNEL_ROOM_PREFIX}${conversationId}`;
