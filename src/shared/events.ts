// The Socket.IO event contract, declared once for the server and the client.
// Client requests are verbs (`message:send`); server broadcasts are past tense (`message:created`).
import type { ConversationSummary, MessageView } from "./types";
import type { PresenceMode, VisiblePresence } from "./presence";

export type AckResult<T> = { ok: true; data: T } | { ok: false; error: string };
export type Ack<T> = (result: AckResult<T>) => void;

export interface ClientToServerEvents {
  "conversation:join": (payload: { conversationId: string }, ack: Ack<{ conversationId: string }>) => void;
  "conversation:leave": (payload: { conversationId: string }, ack: Ack<{ conversationId: string }>) => void;
  "message:send": (payload: { conversationId: string; body: string }, ack: Ack<MessageView>) => void;
  /** This connection became active or idle (hidden, blurred, or no input for the idle timeout). */
  "presence:activity": (payload: { idle: boolean }, ack: Ack<{ idle: boolean }>) => void;
  /** Periodic re-statement of this connection's activity; heals a lost activity event. */
  "presence:heartbeat": (payload: { idle: boolean }, ack: Ack<{ serverTime: string }>) => void;
  "presence:setMode": (payload: { mode: PresenceMode }, ack: Ack<{ mode: PresenceMode }>) => void;
}

export interface ServerToClientEvents {
  "message:created": (message: MessageView) => void;
  "conversation:created": (conversation: ConversationSummary) => void;
  /** Presence changes, already filtered for this viewer; batched per tick. */
  "presence:updated": (payload: { updates: VisiblePresence[] }) => void;
  /** The server is shutting down; reconnect (to another instance) right away. */
  "server:draining": () => void;
}

export type InterServerEvents = Record<string, never>;

export interface SocketData {
  userId: string;
  /** Workspace this socket is scoped to, checked against the database at connect time. */
  workspaceId: string;
  /** Activity reported in the handshake, so a hidden tab never flashes active. */
  idle: boolean;
}
