import { inviteInput } from "@/shared/schemas";
import { authed, ok, readBody } from "@/server/http";
import { parseParams } from "@/server/params";
import { appUrl } from "@/server/app-url";
import { invite } from "@/server/services/invites";

/** Saves a pending invite and mails it; the same answer whoever the address belongs to. */
export const POST = authed<{ slug: string }>(async ({ req, user, params }) => {
  const { slug } = parseParams(params, ["slug"]);
  const { email, role } = await readBody(req, inviteInput);
  return ok(await invite(user.id, slug, email, role, appUrl(req)), 201);
});
