import type { Metadata } from "next";
import { forbidden } from "next/navigation";
import { requireShell } from "@/server/services/shell";
import { PageHeader } from "@/components/ui/page-header";
import { InviteForm } from "@/components/workspace/invite-form";
import { AdminMembers } from "@/components/admin/admin-members";
import { PendingInvites } from "@/components/admin/pending-invites";
import { TransferOwnership } from "@/components/admin/transfer-ownership";
import { pendingInvites } from "@/server/services/invites";

export const dynamic = "force-dynamic";

export async function generateMetadata({ params }: { params: Promise<{ slug: string }> }): Promise<Metadata> {
  const { workspace } = await requireShell((await params).slug);
  return { title: `Admin · ${workspace.name}` };
}

export default async function AdminPage({ params }: { params: Promise<{ slug: string }> }) {
  const { workspace, members, memberCount, me } = await requireShell((await params).slug);
  if (me.role === "member") forbidden();
  const invites = (await pendingInvites(workspace.id)).map((i) => ({
    ...i,
    createdAt: i.createdAt.toISOString(),
    expiresAt: i.expiresAt.toISOString(),
  }));
  return (
    <>
      <PageHeader title="Members" subtitle={`Manage who is in ${workspace.name}`} />
      <div className="flex-1 space-y-6 overflow-y-auto px-4 py-6 md:px-6">
        <section className="rounded-xl border border-slate-200 p-4">
          <InviteForm slug={workspace.slug} />
        </section>
        <PendingInvites slug={workspace.slug} invites={invites} />
        <AdminMembers slug={workspace.slug} meId={me.id} myRole={me.role} />
        {me.role === "owner" && <TransferOwnership slug={workspace.slug} members={members} memberCount={memberCount} meId={me.id} />}
      </div>
    </>
  );
}
