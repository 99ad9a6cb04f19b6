import { requireShell } from "@/server/services/shell";
import { commands } from "@/server/commands";
import { warnThrottled } from "@/server/logger";
import { WorkspaceShell } from "@/components/workspace/workspace-shell";
import { MAX_RANGE_ROWS } from "@/shared/member-list";
import type { FirstPaint, ShellData } from "@/shared/shell";

export const dynamic = "force-dynamic";

/** Rows of the member list whose presence rides on the first HTML (about two screens). */
const FIRST_ROWS_WATCHED = 40;

/** The page's presence on first paint (the socket's rules, read through the realtime server); null if it cannot be read now. */
async function firstPaint(shell: ShellData): Promise<FirstPaint | null> {
  try {
    const { firstPaint: read } = commands();
    const dmPeople = shell.conversations.flatMap((c) => c.others.map((o) => o.id));
    return await read(shell.workspace.id, shell.me.id, MAX_RANGE_ROWS, FIRST_ROWS_WATCHED, dmPeople);
  } catch (err) {
    warnThrottled({ err: String(err), workspaceId: shell.workspace.id }, "first paint without presence");
    return null;
  }
}

export default async function WorkspaceLayout({
  children,
  params,
}: {
  children: React.ReactNode;
  params: Promise<{ slug: string }>;
}) {
  const shell = await requireShell((await params).slug);
  return (
    <WorkspaceShell data={shell} firstPaint={await firstPaint(shell)}>
      {children}
    </WorkspaceShell>
  );
}
