import * as z from "zod/mini";
import { channelInviteInput } from "@/shared/channel-input";
import { firstError, id } from "@/shared/schemas";
import { authed, ok, readBody } from "@/server/http";
import { badRequest } from "@/server/errors";
import { consume } from "@/server/limits";
import { parseParams } from "@/server/params";
import { requireMembership } from "@/server/services/workspaces";
import { channelMembers, inviteToChannel } from "@/server/services/channels";
import { commands } from "@/server/commands";

const pageQuery = z.object({ cursor: z.optional(id) });

/** A page of the channel's members by name (`?cursor=` is the previous page's `next`); presence comes from the socket. */
export const GET = authed<{ slug: string; channelId: string }>(async ({ req, user, params }) => {
  const { slug, channelId } = parseParams(params, ["slug", "channelId"]);
  const parsed = z.safeParse(pageQuery, Object.fromEntries(new URL(req.url).searchParams));
  if (!parsed.success) throw badRequest(firstError(parsed.error));
  const { workspaceId } = await requireMembership(user.id, slug);
  return ok(await channelMembers(user.id, workspaceId, channelId, parsed.data.cursor));
});

/** Adds members of the workspace to the channel (any member of it may, as in Slack). */
export const POST = authed<{ slug: string; channelId: string }>(async ({ req, user, params }) => {
  const { channelJoined } = commands();
  const { slug, channelId } = parseParams(params, ["slug", "channelId"]);
  const { workspaceId } = await requireMembership(user.id, slug);
  const { userIds } = await readBody(req, channelInviteInput);
  await consume("channelsUser", user.id);
  const done = await inviteToChannel(user.id, workspaceId, channelId, userIds);
  if (done.added.length) channelJoined(workspaceId, channelId, done.added, done.summary, done.shared);
  return ok({ added: done.added, channel: done.shared });
});
