import { requireShell } from "@/server/services/shell";
import { WorkspaceShell } from "@/components/workspace/workspace-shell";

export const dynamic = "force-dynamic";

export default async function WorkspaceLayout({
  children,
  params,
}: {
  children: React.ReactNode;
  params: Promise<{ slug: string }>;
}) {
  const shell = await requireShell((await params).slug);
  return <WorkspaceShell data={shell}>{children}</WorkspaceShell>;
}
