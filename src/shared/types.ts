// Plain data shapes shared by server and client.
export interface ConversationSummary {
  id: string;
  isGroup: boolean;
  /** Everyone in the conversation except the viewer. */
  others: { id: string; name: string }[];
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
