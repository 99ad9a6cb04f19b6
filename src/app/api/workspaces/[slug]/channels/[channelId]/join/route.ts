import { authed, ok } from "@/server/http";
import { consume } from "@/server/limits";
import { parseParams } from "@/server/params";
import { requireMembership } from "@/server/services/workspaces";
import { joinChannel } from "@/server/services/channels";
import { commands } from "@/server/commands";

/** Joins a public channel (history read; it appears in the sidebar on every device). */
export const POST = authed<{ slug: string; channelId: string }>(async ({ user, params }) => {
  const { channelJoined } = commands();
  const { slug, channelId } = parseParams(params, ["slug", "channelId"]);
  const { workspaceId } = await requireMembership(user.id, slug);
  await consume("channelsUser", user.id);
  const done = await joinChannel(user.id, workspaceId, channelId);
  if (done.joined) channelJoined(workspaceId, channelId, [user.id], done.summary, done.shared);
  return ok(done.summary);
});
