import type { ConversationSummary } from "./types";

export const conversationTitle = (c: ConversationSummary) => c.others.map((u) => u.name).join(", ") || "Just you";

const counts = new Intl.NumberFormat("en");
/** A count for people: 50,002. */
export const formatCount = (n: number) => counts.format(n);
/** "1 member", "50,000 members". */
export const membersText = (n: number) => `${formatCount(n)} ${n === 1 ? "member" : "members"}`;

/** Where a conversation opens: channels under /c/, DMs and group DMs under /dm/. */
export const conversationPath = (slug: string, conversationId: string, channel = false) =>
  `/w/${slug}/${channel ? "c" : "dm"}/${conversationId}`;
