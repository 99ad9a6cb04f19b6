// What the server hands the workspace pages (loadShell) and the client components render.
import type { MemberListPage } from "./member-list";
import type { PresenceSync } from "./presence";
import type { Role } from "./roles";
import type { ConversationSummary } from "./types";
import type { AwayPolicy } from "./away";

export interface MemberView {
  id: string;
  name: string;
  email: string;
  role: Role;
  joinedAt: string;
}

export interface WorkspaceView {
  id: string;
  slug: string;
  name: string;
}

export interface ShellData {
  me: { id: string; name: string; email: string; role: Role };
  workspace: WorkspaceView;
  workspaces: WorkspaceView[];
  /** Members by name: all of them up to SHELL_MEMBERS (server/services/shell.ts), else the first ones. */
  members: MemberView[];
  /** How many members the workspace has. */
  memberCount: number;
  conversations: ConversationSummary[];
  /** Pending invitations to the viewer's verified email, from other workspaces. */
  invitations: number;
  /** When this user's tabs count as idle: their away setting and the server's times. */
  away: AwayPolicy;
}

/**
 * What the workspace page renders before its socket connects, as the viewer may see it: the
 * member list's first rows (`members:range` 0..MAX_RANGE_ROWS, asked again by digest) and a full
 * presence sync answer of the people shown first, the DM list and the viewer. Null when presence
 * could not be read (the page then loads it over the socket, as before).
 */
export interface FirstPaint {
  page: MemberListPage;
  sync: PresenceSync;
}
