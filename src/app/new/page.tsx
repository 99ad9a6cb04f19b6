import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { getSessionUser } from "@/server/auth";
import { workspacesOf } from "@/server/services/workspaces";
import { invitationCount } from "@/server/services/invites";
import { AuthCard } from "@/components/ui/auth-card";
import { SignOutButton } from "@/components/auth/sign-out-button";
import { CreateWorkspaceForm } from "@/components/workspace/create-workspace-form";

export const metadata: Metadata = { title: "New workspace" };

export const dynamic = "force-dynamic";

export default async function NewWorkspacePage() {
  const user = await getSessionUser();
  if (!user) redirect("/signin?callbackUrl=/new");
  const [workspaces, invited] = await Promise.all([workspacesOf(user.id), invitationCount(user.id)]);
  return (
    <AuthCard title="Create a workspace" subtitle="You will be its owner and can invite your team.">
      {invited > 0 && (
        <p className="mb-5 rounded-md border border-indigo-200 bg-indigo-50 px-3 py-2 text-sm text-indigo-900" data-testid="invitations-notice">
          You have {invited === 1 ? "an invitation" : `${invited} invitations`} to join a workspace.{" "}
          <Link href="/invitations" className="font-medium text-indigo-700 underline">
            See invitations
          </Link>
        </p>
      )}
      <CreateWorkspaceForm />
      {workspaces.length > 0 && (
        <div className="mt-6 border-t border-slate-100 pt-4">
          <p className="text-xs font-medium uppercase tracking-wide text-slate-500">Your workspaces</p>
          <ul className="mt-2 space-y-1">
            {workspaces.map((w) => (
              <li key={w.id}>
                <Link href={`/w/${w.slug}`} className="text-sm text-indigo-600 hover:underline">
                  {w.name}
                </Link>
              </li>
            ))}
          </ul>
        </div>
      )}
      <p className="mt-6 border-t border-slate-100 pt-4 text-sm text-slate-600">
        Signed in as {user.email}. <SignOutButton />
      </p>
    </AuthCard>
  );
}
