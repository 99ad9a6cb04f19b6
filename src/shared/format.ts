import type { ConversationSummary } from "./types";

export const conversationTitle = (c: ConversationSummary) => c.others.map((u) => u.name).join(", ") || "Just you";

const counts = new Intl.NumberFormat("en");
/** A count for people: 50,002. */
export const formatCount = (n: number) => counts.format(n);
