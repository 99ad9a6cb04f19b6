import { peopleQuery } from "@/shared/profile-input";
import { firstError } from "@/shared/schemas";
import { authed, ok } from "@/server/http";
import { badRequest } from "@/server/errors";
import { parseParams } from "@/server/params";
import { requireMembership } from "@/server/services/workspaces";
import { peopleIn } from "@/server/services/profiles";

/**
 * Profiles (name, title, time zone, picture version, working hours) of `?ids=a,b` (at most 100)
 * for a member of the workspace; ids of non-members are left out.
 */
export const GET = authed<{ slug: string }>(async ({ req, user, params }) => {
  const { slug } = parseParams(params, ["slug"]);
  const parsed = peopleQuery.safeParse(Object.fromEntries(new URL(req.url).searchParams));
  if (!parsed.success) throw badRequest(firstError(parsed.error));
  const { workspaceId } = await requireMembership(user.id, slug);
  return ok({ people: await peopleIn(workspaceId, parsed.data.ids) });
});
