// Plain data shapes shared by server and client.
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

export interface MessageView {
  id: string;
  conversationId: string;
  body: string;
  createdAt: string;
  sender: { id: string; name: string };
}
