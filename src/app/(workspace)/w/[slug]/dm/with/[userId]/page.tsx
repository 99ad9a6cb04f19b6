import { notFound, redirect } from "next/navigation";
import { requireShell } from "@/server/services/shell";
import { openConversation } from "@/server/services/conversations";
import { announceConversation } from "@/server/realtime/conversation-handlers";
import { getRealtime } from "@/server/runtime";

export const dynamic = "force-dynamic";

/** Opens (or creates) the 1:1 DM with a member, then shows it. */
export default async function DirectWith({ params }: { params: Promise<{ slug: string; userId: string }> }) {
  const { slug, userId } = await params;
  const shell = await requireShell(slug);
  if (userId === shell.me.id || !shell.members.some((m) => m.id === userId)) notFound();
  const opened = await openConversation(shell.me.id, shell.workspace.id, [userId]);
  const io = getRealtime()?.io;
  if (io) announceConversation(io, shell.workspace.id, shell.me, opened);
  redirect(`/w/${slug}/dm/${opened.conversation.id}`);
}
