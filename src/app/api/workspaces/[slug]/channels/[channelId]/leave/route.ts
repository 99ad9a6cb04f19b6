import { authed, ok } from "@/server/http";
import { consume } from "@/server/limits";
import { parseParams } from "@/server/params";
import { requireMembership } from "@/server/services/workspaces";
import { leaveChannel } from "@/server/services/channels";
import { commands } from "@/server/commands";

/** Leaves a channel: it leaves the sidebar on every device and its messages stop coming. */
export const POST = authed<{ slug: string; channelId: string }>(async ({ user, params }) => {
  const { channelLeft } = commands();
  const { slug, channelId } = parseParams(params, ["slug", "channelId"]);
  const { workspaceId } = await requireMembership(user.id, slug);
  await consume("channelsUser", user.id);
  const done = await leaveChannel(user.id, workspaceId, channelId);
  if (done.left) channelLeft(workspaceId, channelId, user.id, done.shared);
  return ok({ left: done.left });
});
