import type { Metadata } from "next";
import { requireShell } from "@/server/services/shell";
import { listChannels } from "@/server/services/channels";
import { PageHeader } from "@/components/ui/page-header";
import { ChannelDirectory } from "@/components/channels/channel-directory";

export const dynamic = "force-dynamic";

export async function generateMetadata({ params }: { params: Promise<{ slug: string }> }): Promise<Metadata> {
  const { workspace } = await requireShell((await params).slug);
  return { title: `Channels · ${workspace.name}` };
}

/** Every public channel and the private ones the member is in: find, join or open one, or create one. */
export default async function ChannelsPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const shell = await requireShell(slug);
  const channels = await listChannels(shell.me.id, shell.workspace.id);
  return (
    <>
      <PageHeader title="Channels" subtitle="Conversations open to the team, by topic." />
      <ChannelDirectory slug={slug} channels={channels} />
    </>
  );
}
