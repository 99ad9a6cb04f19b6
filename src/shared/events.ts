// The Socket.IO event contract, declared once for the server and the client.
// Client requests are verbs (`message:send`); server broadcasts are past tense (`message:created`).
import type { ConversationSummary, MessageView } from "./types";

export type AckResult<T> = { ok: true; data: T } | { ok: false; error: string };
export type Ack<T> = (result: AckResult<T>) => void;

export interface ClientToServerEvents {
  "conversation:join": (payload: { conversationId: string }, ack: Ack<{ conversationId: string }>) => void;
  "conversation:leave": (payload: { conversationId: string }, ack: Ack<{ conversationId: string }>) => void;
  "message:send": (payload: { conversationId: string; body: string }, ack: Ack<MessageView>) => void;
}

export interface ServerToClientEvents {
  "message:created": (message: MessageView) => void;
  "conversation:created": (conversation: ConversationSummary) => void;
  /** The server is shutting down; reconnect (to another instance) right away. */
  "server:draining": () => void;
}

export type InterServerEvents = Record<string, never>;

export interface SocketData {
  userId: string;
  /** Workspace this socket is scoped to, checked against the database at connect time. */
  workspaceId: string;
}
