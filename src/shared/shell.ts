// What the server hands the workspace pages (loadShell) and the client components render.
import type { Role } from "./roles";
import type { ConversationSummary } from "./types";

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
  /** No input for this long marks a tab idle. */
  idleMs: number;
}
