import { notFound, redirect } from "next/navigation";
import { requireShell } from "@/server/services/shell";
import { PageHeader } from "@/components/ui/page-header";
import { StartDm } from "@/components/dm/start-dm";
import { userIdParam } from "@/shared/schemas";

export const dynamic = "force-dynamic";

/** Shows the 1:1 DM with a member if it exists; otherwise offers to start it (a GET creates nothing). */
export default async function DirectWith({ params }: { params: Promise<{ slug: string; userId: string }> }) {
  const { slug, userId } = await params;
  const shell = await requireShell(slug);
  if (!userIdParam.safeParse(userId).success) notFound();
  const other = shell.members.find((m) => m.id === userId);
  if (!other || userId === shell.me.id) notFound();
  const existing = shell.conversations.find((c) => !c.isGroup && c.others.length === 1 && c.others[0]!.id === userId);
  if (existing) redirect(`/w/${slug}/dm/${existing.id}`);
  return (
    <>
      <PageHeader title={other.name} subtitle="No messages yet" />
      <div className="flex-1 px-6 py-8">
        <p className="mb-4 text-sm text-slate-600">You have not talked with {other.name} in this workspace yet.</p>
        <StartDm slug={slug} userId={userId} name={other.name} />
      </div>
    </>
  );
}
