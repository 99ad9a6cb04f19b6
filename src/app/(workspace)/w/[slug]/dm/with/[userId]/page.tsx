import { notFound, redirect } from "next/navigation";
import { requireShell } from "@/server/services/shell";
import { openConversationAndAnnounce } from "@/server/services/conversations";

export const dynamic = "force-dynamic";

/** Opens (or creates) the 1:1 DM with a member, then shows it. */
export default async function DirectWith({ params }: { params: Promise<{ slug: string; userId: string }> }) {
  const { slug, userId } = await params;
  const shell = await requireShell(slug);
  if (userId === shell.me.id || !shell.members.some((m) => m.id === userId)) notFound();
  const { conversation } = await openConversationAndAnnounce(shell.me, shell.workspace.id, [userId]);
  redirect(`/w/${slug}/dm/${conversation.id}`);
}
