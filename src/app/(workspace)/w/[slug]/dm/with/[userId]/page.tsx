import { notFound, redirect } from "next/navigation";
import { requireShell } from "@/server/services/shell";
import { memberOf } from "@/server/services/workspaces";
import { PageHeader } from "@/components/ui/page-header";
import { ConversationView } from "@/components/dm/conversation-view";
import { ConversationPresence } from "@/components/presence/conversation-presence";
import { ProfileCardTitle } from "@/components/people/profile-card";
import { userIdParam } from "@/shared/schemas";

export const dynamic = "force-dynamic";

/** Shows the 1:1 DM with a member if it exists; otherwise a draft that the first message creates (a GET creates nothing). */
export default async function DirectWith({ params }: { params: Promise<{ slug: string; userId: string }> }) {
  const { slug, userId } = await params;
  const shell = await requireShell(slug);
  if (!userIdParam.safeParse(userId).success) notFound();
  const other = shell.members.find((m) => m.id === userId) ?? (await memberOf(shell.workspace.id, userId));
  if (!other || userId === shell.me.id) notFound();
  const existing = shell.conversations.find((c) => !c.isGroup && c.others.length === 1 && c.others[0]!.id === userId);
  if (existing) redirect(`/w/${slug}/dm/${existing.id}`);
  return (
    <>
      <PageHeader title={<ProfileCardTitle userId={other.id} name={other.name} />} subtitle={<ConversationPresence others={[{ id: other.id, name: other.name }]} isGroup={false} />} />
      <ConversationView key={userId} conversationId={null} initial={[]} meId={shell.me.id} draft={{ slug, userId, name: other.name }} />
    </>
  );
}
