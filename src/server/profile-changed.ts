import { commands } from "./commands";
import { workspaceIdsOf } from "./services/profiles";

/**
 * A user's name, title, time zone or picture changed: every workspace they are in drops its cached
 * member lists and its open pages load the profile anew (workspace:membersChanged), on every instance.
 */
export async function profileChanged(userId: string): Promise<void> {
  const { membersChanged } = commands();
  for (const id of await workspaceIdsOf(userId)) membersChanged(id);
}
