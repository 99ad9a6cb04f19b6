import { createChannelInput } from "@/shared/channel-input";
import { authed, ok, readBody } from "@/server/http";
import { consume } from "@/server/limits";
import { parseParams } from "@/server/params";
import { requireMembership } from "@/server/services/workspaces";
import { createChannel, listChannels } from "@/server/services/channels";
import { commands } from "@/server/commands";

/** The channel directory: every public channel and the private ones the member is in, by name. */
export const GET = authed<{ slug: string }>(async ({ user, params }) => {
  const { slug } = parseParams(params, ["slug"]);
  const { workspaceId } = await requireMembership(user.id, slug);
  return ok(await listChannels(user.id, workspaceId));
});

/** Any member creates a channel and is its first member. */
export const POST = authed<{ slug: string }>(async ({ req, user, params }) => {
  const { channelJoined } = commands();
  const { slug } = parseParams(params, ["slug"]);
  const { workspaceId } = await requireMembership(user.id, slug);
  const input = await readBody(req, createChannelInput);
  await consume("channelsUser", user.id);
  const summary = await createChannel(user.id, workspaceId, input);
  channelJoined(workspaceId, summary.id, [user.id], summary, summary.channel!);
  return ok(summary, 201);
});
