import type { WorkspacePresence } from "@/shared/presence";
import { authed, ok } from "@/server/http";
import { requireMembership } from "@/server/services/workspaces";
import { getPresence } from "@/server/runtime";
import { allowlistOf, loadPresenceUsers } from "@/server/presence/users";

/** Presence of every member, as the requesting member may see it, in one request. */
export const GET = authed<{ slug: string }>(async ({ user, params }) => {
  const { workspaceId } = await requireMembership(user.id, params.slug);
  const [members, me, allowlist] = await Promise.all([
    getPresence().snapshot(workspaceId, user.id),
    loadPresenceUsers([user.id]),
    allowlistOf(user.id),
  ]);
  const body: WorkspacePresence = {
    members,
    me: { mode: me.get(user.id)?.mode ?? "auto", allowlist },
    serverTime: new Date().toISOString(),
  };
  return ok(body);
});
