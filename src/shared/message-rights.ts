// Who may do what to a message: one rule, used by the server before it acts and by the client to
// choose which buttons a message shows.
import type { Role } from "./roles";

/** Where the message lives. */
export type ConversationKind = "dm" | "group" | "channel";
export type MessageAction = "edit" | "delete" | "react";

export interface MessageActor {
  /** The actor's role in the workspace. */
  role: Role;
  /** The actor takes part in the conversation (nobody else may even learn that the message exists). */
  participant: boolean;
  /** The actor wrote the message. */
  author: boolean;
}

/**
 * - react: every participant.
 * - edit: the author only (nobody puts words in someone else's mouth, admins included).
 * - delete: the author only in DMs and group DMs, which are private: workspace admins have no
 *   say there, as in Slack. In channels, workspace admins and the owner may delete any message
 *   (moderation), as in Slack.
 */
export function canActOnMessage(action: MessageAction, kind: ConversationKind, actor: MessageActor): boolean {
  if (!actor.participant) return false;
  switch (action) {
    case "react":
      return true;
    case "edit":
      return actor.author;
    case "delete":
      return actor.author || (kind === "channel" && (actor.role === "owner" || actor.role === "admin"));
  }
}
