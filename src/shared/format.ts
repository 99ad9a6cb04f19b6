import type { ConversationSummary } from "./types";

export const conversationTitle = (c: ConversationSummary) => c.others.map((u) => u.name).join(", ") || "Just you";
