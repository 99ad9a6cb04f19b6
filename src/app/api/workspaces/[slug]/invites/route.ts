import { inviteInput } from "@/shared/schemas";
import { authed, ok, readBody } from "@/server/http";
import { invite } from "@/server/services/workspaces";

export const POST = authed<{ slug: string }>(async ({ req, user, params }) => {
  const { email, role } = await readBody(req, inviteInput);
  return ok(await invite(user.id, params.slug, email, role), 201);
});
