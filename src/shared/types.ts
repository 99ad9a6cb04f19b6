// Plain data shapes shared by server and client.
import type { ChannelInfo } from "./channel";
export interface ConversationSummary {
  id: string;
  isGroup: boolean;
  /** Everyone in the conversation except the viewer. */
  others: { id: string; name: string }[];
  lastMessageAt: string;
  /** Messages from others after the viewer's read state. */
  unread: number;
  /** The viewer's read state: messages up to this time are read (null: none yet). */
  lastReadAt: string | null;
  /** Channels only (then `others` is empty: a channel's members are read by page). */
  channel?: ChannelInfo;
}

/**
 * One participant's read state of a conversation, as the server counted it in one snapshot:
 * `unread` covers the messages up to `lastMessageAt`.
 */
export interface ReadState {
  conversationId: string;
  unread: number;
  lastReadAt: string | null;
  lastMessageAt: string;
}

/** A page of messages, oldest first; `before` is the cursor for the next older page, null at the beginning. */
export interface MessagePage {
  messages: MessageView[];
  before: { createdAt: string; id: string } | null;
}

/** A page that need not be the newest (around a message, or after a cursor): `after` is the cursor for the next newer page, null at the end. */
export interface MessageWindow extends MessagePage {
  after: { createdAt: string; id: string } | null;
}

export interface MessageView {
  id: string;
  conversationId: string;
  body: string;
  createdAt: string;
  sender: { id: string; name: string };
  /** When the author last edited it (null: never). */
  editedAt: string | null;
  /** One entry per emoji, in the order the emoji was first used; never empty. */
  reactions: ReactionView[];
  /** Channel members named with @ in the body (absent when none). */
  mentions?: { id: string; name: string }[];
}

/** Everyone who reacted to a message with one emoji, earliest first. */
export interface ReactionView {
  emoji: string;
  users: { id: string; name: string }[];
}

/** A message's new body (server broadcast after an edit; reactions travel on their own). */
export interface MessageEdit {
  id: string;
  conversationId: string;
  body: string;
  /** Null only in the answer to an edit that changed nothing of a never-edited message. */
  editedAt: string | null;
  /** Channel members the new body names with @ (absent when none). */
  mentions?: { id: string; name: string }[];
}

/** One person added or removed one emoji on a message. */
export interface ReactionChange {
  conversationId: string;
  messageId: string;
  emoji: string;
  user: { id: string; name: string };
  added: boolean;
}
