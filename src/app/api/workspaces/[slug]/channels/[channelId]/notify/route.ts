import { channelNotifyInput } from "@/shared/channel-input";
import { authed, ok, readBody } from "@/server/http";
import { parseParams } from "@/server/params";
import { requireMembership } from "@/server/services/workspaces";
import { setChannelNotify } from "@/server/services/channels";

/** The member's own choice: every message of this channel notifies, only mentions, or the default by size (null). */
export const PUT = authed<{ slug: string; channelId: string }>(async ({ req, user, params }) => {
  const { slug, channelId } = parseParams(params, ["slug", "channelId"]);
  const { workspaceId } = await requireMembership(user.id, slug);
  const { notify } = await readBody(req, channelNotifyInput);
  return ok(await setChannelNotify(user.id, workspaceId, channelId, notify));
});
