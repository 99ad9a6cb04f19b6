import { createConversationInput } from "@/shared/schemas";
import { authed, ok, readBody } from "@/server/http";
import { requireMembership } from "@/server/services/workspaces";
import { openConversation } from "@/server/services/conversations";
import { announceConversation } from "@/server/realtime/conversation-handlers";
import { getRealtime } from "@/server/runtime";

export const POST = authed<{ slug: string }>(async ({ req, user, params }) => {
  const { userIds } = await readBody(req, createConversationInput);
  const { workspaceId } = await requireMembership(user.id, params.slug);
  const opened = await openConversation(user.id, workspaceId, userIds);
  const io = getRealtime()?.io;
  if (io) announceConversation(io, workspaceId, user, opened);
  return ok(opened.conversation, opened.created ? 201 : 200);
});
