import { cache } from "react";
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { requireShell } from "@/server/services/shell";
import { messagePage } from "@/server/services/conversations";
import { channelInfo } from "@/server/services/channels";
import { AppError } from "@/server/errors";
import { ConversationView } from "@/components/dm/conversation-view";
import { ChannelHeader } from "@/components/channels/channel-header";
import { JoinChannel } from "@/components/channels/join-channel";

export const dynamic = "force-dynamic";

/** The channel as this member may see it; 404 for a private channel they are not in, or none. Read once per request (metadata and page). */
const load = cache(async (slug: string, id: string) => {
  const shell = await requireShell(slug);
  const info = await channelInfo(shell.me.id, shell.workspace.id, id).catch((err: unknown) => {
    if (err instanceof AppError && (err.status === 404 || err.status === 400)) notFound();
    throw err;
  });
  return { shell, info };
});

export async function generateMetadata({ params }: { params: Promise<{ slug: string; id: string }> }): Promise<Metadata> {
  const { slug, id } = await params;
  const { shell, info } = await load(slug, id);
  return { title: `#${info.name} · ${shell.workspace.name}` };
}

export default async function ChannelPage({ params }: { params: Promise<{ slug: string; id: string }> }) {
  const { slug, id } = await params;
  const { shell, info } = await load(slug, id);
  // An archived channel is not in the sidebar's conversations: its read point comes with the channel.
  const { joined, notify, lastReadAt, id: _id, ...shared } = info;
  const page = joined ? await messagePage(shell.me.id, id) : null;
  return (
    <>
      <ChannelHeader
        slug={slug}
        id={id}
        initial={shared}
        joined={joined}
        notify={notify}
        myRole={shell.me.role}
        meId={shell.me.id}
        members={shell.members}
        memberCount={shell.memberCount}
      />
      {page ? (
        <ConversationView
          key={id}
          conversationId={id}
          initial={page.messages}
          initialBefore={page.before}
          meId={shell.me.id}
          meName={shell.me.name}
          myRole={shell.me.role}
          kind="channel"
          // Workspace members: the server makes mentions of the channel's members only (listing
          // those would page through the channel's members; a name of someone else stays text).
          mentionable={shell.members}
          memberCount={shell.memberCount}
          lastReadAt={lastReadAt}
          closed={shared.archived ? "This channel is archived: you can read it, but nobody can write in it." : undefined}
        />
      ) : (
        <JoinChannel slug={slug} id={id} name={shared.name} topic={shared.topic} memberCount={shared.memberCount} archived={shared.archived} />
      )}
    </>
  );
}
