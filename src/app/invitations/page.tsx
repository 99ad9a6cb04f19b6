import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { getSessionUser } from "@/server/auth";
import { getDb } from "@/server/db";
import { invitationsFor } from "@/server/services/invites";
import { workspacesOf } from "@/server/services/workspaces";
import { AuthCard } from "@/components/ui/auth-card";
import { InvitationList } from "@/components/invitations/invitation-list";

export const metadata: Metadata = { title: "Invitations" };

export const dynamic = "force-dynamic";

export default async function InvitationsPage() {
  const user = await getSessionUser();
  if (!user) redirect("/signin?callbackUrl=/invitations");
  const [row, invitations, workspaces] = await Promise.all([
    getDb().user.findUnique({ where: { id: user.id }, select: { emailVerifiedAt: true } }),
    invitationsFor(user.id),
    workspacesOf(user.id),
  ]);
  const verified = Boolean(row?.emailVerifiedAt);
  return (
    <AuthCard title="Invitations" subtitle={`Workspaces that invited ${user.email}`}>
      {verified ? (
        <InvitationList invitations={invitations} />
      ) : (
        <p className="rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-800">
          Confirm your email address first: invitations to {user.email} appear here once it is confirmed.
        </p>
      )}
      <div className="mt-6 flex flex-wrap gap-x-4 gap-y-1 border-t border-slate-100 pt-4 text-sm">
        {workspaces[0] && (
          <Link href={`/w/${workspaces[0].slug}`} className="text-indigo-600 hover:underline">
            Back to {workspaces[0].name}
          </Link>
        )}
        <Link href="/new" className="text-indigo-600 hover:underline">
          Create a workspace
        </Link>
      </div>
    </AuthCard>
  );
}
