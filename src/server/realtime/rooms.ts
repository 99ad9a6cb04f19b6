// Socket.IO room names, in one place.
export const workspaceRoom = (workspaceId: string) => `ws:${workspaceId}`;
/** A user's sockets within one workspace. */
export const memberRoom = (workspaceId: string, userId: string) => `ws:${workspaceId}:user:${userId}`;
export const conversationRoom = (conversationId: string) => `conv:${conversationId}`;
