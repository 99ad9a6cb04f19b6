import { inviteInput } from "@/shared/schemas";
import { authed, ok, readBody } from "@/server/http";
import { invite } from "@/server/services/workspaces";
import { getRealtime } from "@/server/runtime";

export const POST = authed<{ slug: string }>(async ({ req, user, params }) => {
  const { email, role } = await readBody(req, inviteInput);
  const { workspaceId, ...result } = await invite(user.id, params.slug, email, role);
  if (result.status === "added") getRealtime()?.membersChanged(workspaceId);
  return ok(result, 201);
});
