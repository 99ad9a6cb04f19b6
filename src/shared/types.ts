// Plain data shapes shared by server and client.
export interface ConversationSummary {
  id: string;
  isGroup: boolean;
  /** Everyone in the conversation except the viewer. */
  others: { id: string; name: string }[];
  lastMessageAt: string;
}

export interface MessageView {
  id: string;
  conversationId: string;
  body: string;
  createdAt: string;
  sender: { id: string; name: string };
}
