// Live changes to the messages on screen: edits, deletions and reactions, which can arrive in any
// order and more than once (the author's own answer and the broadcast). Pure, so each is tested.
import type { MessageEdit, MessageView, ReactionChange, ReactionView } from "@/shared/types";

/** The newer body wins (by edit time); an older or repeated edit changes nothing. */
export function applyEdit(messages: MessageView[], edit: MessageEdit): MessageView[] {
  if (!edit.editedAt) return messages;
  return messages.map((m) => (m.id === edit.id && (m.editedAt ?? "") < edit.editedAt! ? withMentions({ ...m, body: edit.body, editedAt: edit.editedAt }, edit.mentions) : m));
}

/** The edit names whom its new body names (nobody: no mentions left). */
function withMentions(m: MessageView, mentions: MessageEdit["mentions"]): MessageView {
  const { mentions: _old, ...rest } = m;
  return mentions?.length ? { ...rest, mentions } : rest;
}

/** A deleted message disappears (as in Slack: no "This message was deleted" left behind). */
export function applyDeletion(messages: MessageView[], id: string): MessageView[] {
  return messages.some((m) => m.id === id) ? messages.filter((m) => m.id !== id) : messages;
}

/** One person's reaction added or removed; adding twice or removing what is not there changes nothing. */
export function applyReactionChange(reactions: ReactionView[], change: Pick<ReactionChange, "emoji" | "user" | "added">): ReactionView[] {
  const { emoji, user, added } = change;
  const view = reactions.find((r) => r.emoji === emoji);
  const has = !!view?.users.some((u) => u.id === user.id);
  if (added === has) return reactions;
  if (added) {
    if (!view) return [...reactions, { emoji, users: [user] }];
    return reactions.map((r) => (r === view ? { emoji, users: [...r.users, user] } : r));
  }
  return reactions.flatMap((r) => (r !== view ? [r] : r.users.length > 1 ? [{ emoji, users: r.users.filter((u) => u.id !== user.id) }] : []));
}

export function applyReaction(messages: MessageView[], change: ReactionChange): MessageView[] {
  return messages.map((m) => {
    if (m.id !== change.messageId) return m;
    const reactions = applyReactionChange(m.reactions, change);
    return reactions === m.reactions ? m : { ...m, reactions };
  });
}

/** "You, Ada and Ben reacted with 👍": the chip's label and tooltip (the viewer is "You", listed first). */
export function reactionLabel(view: ReactionView, meId: string): string {
  const mine = view.users.some((u) => u.id === meId);
  const names = [...(mine ? ["You"] : []), ...view.users.filter((u) => u.id !== meId).map((u) => u.name)];
  const who = names.length === 1 ? names[0]! : `${names.slice(0, -1).join(", ")} and ${names.at(-1)!}`;
  return `${who} reacted with ${view.emoji}`;
}

export const reactedByMe = (view: ReactionView, meId: string) => view.users.some((u) => u.id === meId);

/** The quick reactions offered first (the full picker is one click further). */
export const QUICK_REACTIONS = ["👍", "❤️", "😂", "🎉", "👀", "🙏"] as const;

/** Messages as the server orders a conversation: by time, then id. */
const inOrder = (a: MessageView, b: MessageView) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** How many live arrivals a conversation keeps for `withArrived`. */
export const ARRIVALS_KEPT = 50;

/**
 * A page that reaches the newest message, with the messages heard live (`arrived`) that it lacks:
 * one sent while the page was read is not in it, and while an older window showed it was not on
 * screen either. Those from the page's first message on are merged in the server's order; older
 * ones come with older pages.
 */
export function withArrived(page: MessageView[], arrived: readonly MessageView[]): MessageView[] {
  const first = page[0];
  const known = new Set(page.map((m) => m.id));
  const missing = arrived.filter((m) => !known.has(m.id) && (!first || inOrder(m, first) >= 0));
  return missing.length ? [...page, ...missing].sort(inOrder) : page;
}
