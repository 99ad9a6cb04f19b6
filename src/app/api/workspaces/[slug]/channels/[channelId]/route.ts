import { updateChannelInput } from "@/shared/channel-input";
import { authed, ok, readBody } from "@/server/http";
import { consume } from "@/server/limits";
import { parseParams } from "@/server/params";
import { requireMembership } from "@/server/services/workspaces";
import { channelInfo, updateChannel } from "@/server/services/channels";
import { commands } from "@/server/commands";

/** A channel the member may see (public, or private and theirs). */
export const GET = authed<{ slug: string; channelId: string }>(async ({ user, params }) => {
  const { slug, channelId } = parseParams(params, ["slug", "channelId"]);
  const { workspaceId } = await requireMembership(user.id, slug);
  return ok(await channelInfo(user.id, workspaceId, channelId));
});

/** Topic (the channel's members) and archived (workspace admins). */
export const PATCH = authed<{ slug: string; channelId: string }>(async ({ req, user, params }) => {
  const { channelUpdated } = commands();
  const { slug, channelId } = parseParams(params, ["slug", "channelId"]);
  const { workspaceId, role } = await requireMembership(user.id, slug);
  const change = await readBody(req, updateChannelInput);
  await consume("channelsUser", user.id);
  const shared = await updateChannel({ id: user.id, role }, workspaceId, channelId, change);
  channelUpdated(channelId, shared);
  return ok(shared);
});
