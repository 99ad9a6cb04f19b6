import type { ShellData } from "@/shared/shell";
import { conversationsOf } from "./conversations";
import { memberCount, membersOf, requireMembership, workspacesOf } from "./workspaces";
import { invitationCount } from "./invites";
import { awaySetting } from "./away-setting";
import { cache } from "react";
import { notFound, redirect } from "next/navigation";
import { getSessionUser, type SessionUser } from "../auth";
import { AppError } from "../errors";
import { env } from "@/env";

/**
 * Pages carry at most this many members (by name); a bigger workspace's lists and pickers ask
 * the server (the lazy member list, search), so opening a page costs the same at any size.
 */
export const SHELL_MEMBERS = 200;

/** Everything the workspace sidebar needs, for a member (404 for anyone else). */
export async function loadShell(user: SessionUser, slug: string): Promise<ShellData> {
  const membership = await requireMembership(user.id, slug);
  const { workspace } = membership;
  const [workspaces, members, count, conversations, invitations, awayAfter] = await Promise.all([
    workspacesOf(user.id),
    membersOf(workspace.id, SHELL_MEMBERS),
    memberCount(workspace.id),
    conversationsOf(user.id, workspace.id),
    invitationCount(user.id),
    awaySetting(user.id),
  ]);
  return {
    me: { ...user, role: membership.role },
    workspace: { id: workspace.id, slug: workspace.slug, name: workspace.name },
    workspaces,
    members: members.map((m) => ({ ...m.user, role: m.role, joinedAt: m.createdAt.toISOString() })),
    memberCount: count,
    conversations,
    invitations,
    away: { awayAfter, idleMs: env.PRESENCE_IDLE_MS, switchDelayMs: env.PRESENCE_AWAY_DELAY_MS },
  };
}

/**
 * The shell for the current request's user, for pages and layouts: redirects to sign-in
 * when signed out, 404 for non-members. Cached per request, so layout and page share it.
 */
export const requireShell = cache(async (slug: string): Promise<ShellData> => {
  const user = await getSessionUser();
  if (!user) redirect(`/signin?callbackUrl=/w/${encodeURIComponent(slug)}`);
  return loadShell(user, slug).catch((err: unknown) => {
    if (err instanceof AppError && err.status === 404) notFound();
    throw err;
  });
});
