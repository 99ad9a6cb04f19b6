// @mentions in channels: which members a message names, and their names for showing it.
import { getDb } from "../db";
import { mentionCandidates } from "@/shared/channel";

/**
 * The members of the conversation that `body` names with @ (their display name, any case, after
 * an @), as user ids. Names are not unique: "@Ann" names every Ann in the channel, as in a room.
 */
export async function mentionedIn(conversationId: string, body: string): Promise<string[]> {
  const candidates = mentionCandidates(body);
  if (!candidates.length) return [];
  const rows = await getDb().conversationParticipant.findMany({
    where: { conversationId, user: { name: { in: candidates, mode: "insensitive" } } },
    select: { userId: true },
    take: 100,
  });
  return rows.map((r) => r.userId);
}

/** The names of these users (for the mentions of a page of messages: one query). */
export async function namesOf(ids: Iterable<string>): Promise<Map<string, string>> {
  const unique = [...new Set(ids)];
  if (!unique.length) return new Map();
  const rows = await getDb().user.findMany({ where: { id: { in: unique } }, select: { id: true, name: true } });
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** A message's mentions with their names, in its order; ids without a name (since deleted) are left out. */
export function namedMentions(ids: readonly string[], names: ReadonlyMap<string, string>): { id: string; name: string }[] {
  return ids.flatMap((id) => {
    const name = names.get(id);
    return name === undefined ? [] : [{ id, name }];
  });
}
