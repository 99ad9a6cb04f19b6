import { inviteInput } from "@/shared/schemas";
import { authed, ok, readBody } from "@/server/http";
import { parseParams } from "@/server/params";
import { invite, pendingInvites } from "@/server/services/invites";
import { requireAdmin } from "@/server/services/workspaces";

/** Saves a pending invite and mails it; the same answer whoever the address belongs to. */
export const POST = authed<{ slug: string }>(async ({ req, user, params }) => {
  const { slug } = parseParams(params, ["slug"]);
  const { email, role } = await readBody(req, inviteInput);
  return ok(await invite(user.id, slug, email, role), 201);
});

/** Pending invites, by email only (admins). */
export const GET = authed<{ slug: string }>(async ({ user, params }) => {
  const { slug } = parseParams(params, ["slug"]);
  const { workspaceId } = await requireAdmin(user.id, slug);
  return ok({ invites: await pendingInvites(workspaceId) });
});
