import { createConversationInput } from "@/shared/schemas";
import { authed, ok, readBody } from "@/server/http";
import { requireMembership } from "@/server/services/workspaces";
import { openConversationAndAnnounce } from "@/server/services/conversations";

export const POST = authed<{ slug: string }>(async ({ req, user, params }) => {
  const { userIds } = await readBody(req, createConversationInput);
  const { workspaceId } = await requireMembership(user.id, params.slug);
  const { conversation, created } = await openConversationAndAnnounce(user, workspaceId, userIds);
  return ok(conversation, created ? 201 : 200);
});
