import * as z from "zod/mini";
import { searchQuery } from "@/shared/message-search";
import { firstError } from "@/shared/schemas";
import { authed, ok } from "@/server/http";
import { badRequest } from "@/server/errors";
import { consume } from "@/server/limits";
import { parseParams } from "@/server/params";
import { requireMembership } from "@/server/services/workspaces";
import { searchMessages } from "@/server/services/message-search";

/**
 * A page of the messages matching `?q=` (1..200 characters) that the member can read: those of
 * the workspace's conversations they take part in. `?cursor=` is the previous page's `next`.
 * People are found through the member list's own search (`members:search`), not here.
 */
export const GET = authed<{ slug: string }>(async ({ req, user, params }) => {
  const { slug } = parseParams(params, ["slug"]);
  const parsed = z.safeParse(searchQuery, Object.fromEntries(new URL(req.url).searchParams));
  if (!parsed.success) throw badRequest(firstError(parsed.error));
  const { workspaceId } = await requireMembership(user.id, slug);
  await consume("searchUser", user.id);
  return ok(await searchMessages(user.id, workspaceId, parsed.data.q, parsed.data.cursor));
});
