import Link from "next/link";
import { redirect } from "next/navigation";
import { getSessionUser } from "@/server/auth";
import { workspacesOf } from "@/server/services/workspaces";
import { AuthCard } from "@/components/ui/auth-card";
import { CreateWorkspaceForm } from "@/components/workspace/create-workspace-form";

export const dynamic = "force-dynamic";

export default async function NewWorkspacePage() {
  const user = await getSessionUser();
  if (!user) redirect("/signin?callbackUrl=/new");
  const workspaces = await workspacesOf(user.id);
  return (
    <AuthCard title="Create a workspace" subtitle="You will be its owner and can invite your team.">
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
    </AuthCard>
  );
}
