import type { Metadata } from "next";
import { notFound, redirect } from "next/navigation";
import { requireShell } from "@/server/services/shell";
import { messagePage } from "@/server/services/conversations";
import { PageHeader } from "@/components/ui/page-header";
import { ConversationView } from "@/components/dm/conversation-view";
import { conversationPath, conversationTitle } from "@/shared/format";
import { ConversationPresence } from "@/components/presence/conversation-presence";
import { ProfileCardTitle } from "@/components/people/profile-card";

export const dynamic = "force-dynamic";

export async function generateMetadata({ params }: { params: Promise<{ slug: string; id: string }> }): Promise<Metadata> {
  const { slug, id } = await params;
  const { workspace, conversations } = await requireShell(slug);
  const conversation = conversations.find((c) => c.id === id);
  return { title: conversation ? `${conversationTitle(conversation)} · ${workspace.name}` : workspace.name };
}

export default async function ConversationPage({ params }: { params: Promise<{ slug: string; id: string }> }) {
  const { slug, id } = await params;
  const shell = await requireShell(slug);
  const conversation = shell.conversations.find((c) => c.id === id);
  if (!conversation) notFound();
  if (conversation.channel) redirect(conversationPath(slug, id, true));
  const page = await messagePage(shell.me.id, id);
  const other = !conversation.isGroup && conversation.others.length === 1 ? conversation.others[0]! : null;
  return (
    <>
      <PageHeader
        title={other ? <ProfileCardTitle userId={other.id} name={other.name} /> : conversationTitle(conversation)}
        subtitle={<ConversationPresence others={conversation.others} isGroup={conversation.isGroup} />}
      />
      <ConversationView
        key={id}
        conversationId={id}
        initial={page.messages}
        initialBefore={page.before}
        meId={shell.me.id}
        meName={shell.me.name}
        myRole={shell.me.role}
        kind={conversation.isGroup ? "group" : "dm"}
        lastReadAt={conversation.lastReadAt}
        others={conversation.others}
      />
    </>
  );
}
