import type { ConversationSummary } from "@/shared/types";

export type Role = "owner" | "admin" | "member";

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
  members: MemberView[];
  conversations: ConversationSummary[];
  /** Pending invitations to the viewer's verified email, from other workspaces. */
  invitations: number;
  /** No input for this long marks a tab idle. */
  idleMs: number;
}
