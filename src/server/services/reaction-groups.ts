import type { ReactionView } from "@/shared/types";

/** Reaction rows (oldest first) grouped by emoji, in the order each emoji was first used; each emoji's people in the order they reacted. */
export function groupReactions(rows: { emoji: string; user: { id: string; name: string } }[]): ReactionView[] {
  const byEmoji = new Map<string, ReactionView>();
  for (const r of rows) {
    let view = byEmoji.get(r.emoji);
    if (!view) byEmoji.set(r.emoji, (view = { emoji: r.emoji, users: [] }));
    view.users.push(r.user);
  }
  return [...byEmoji.values()];
}
