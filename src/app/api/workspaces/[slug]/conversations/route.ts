import { createConversationInput } from "@/shared/schemas";
import { authed, ok, readBody } from "@/server/http";
import { parseParams } from "@/server/params";
import { requireMembership } from "@/server/services/workspaces";
import { openConversation } from "@/server/services/conversations";
import { commands } from "@/server/commands";

/** Opens the 1:1 DM with a member (reusing it) or a new group DM. */
export const POST = authed<{ slug: string }>(async ({ req, user, params }) => {
  const { conversationCreated } = commands();
  const { slug } = parseParams(params, ["slug"]);
  const { workspaceId } = await requireMembership(user.id, slug);
  const { userIds } = await readBody(req, createConversationInput);
  const opened = await openConversation(user.id, workspaceId, userIds);
  conversationCreated(workspaceId, user, opened);
  return ok(opened.conversation, opened.created ? 201 : 200);
});
