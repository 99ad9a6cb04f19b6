import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { getSessionUser } from "@/server/auth";
import { JOIN_LINK_DEAD, joinView, type JoinInvitation } from "@/server/accounts/join";
import { AuthCard } from "@/components/ui/auth-card";
import { JoinAccept, JoinOtherAccount, JoinSignIn, JoinSignUp, type JoinOffer } from "@/components/join/join-forms";

export const metadata: Metadata = { title: "Join a workspace", robots: { index: false, follow: false } };

export const dynamic = "force-dynamic";

const offerOf = (i: JoinInvitation): JoinOffer => ({ id: i.id, email: i.email, role: i.role, workspace: i.workspace.name, inviter: i.inviter });

/**
 * The invitation mail's one link. Who sees what is decided in src/server/accounts/join.ts: the
 * link's holder sees what the mail says; someone signed in with another address sees only that.
 */
export default async function JoinPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const viewer = await getSessionUser();
  const view = await joinView(token, viewer);
  switch (view.kind) {
    case "member":
      redirect(`/w/${view.slug}`);
    case "other-account":
      return <JoinOtherAccount signedInAs={view.signedInAs} path={`/join/${token}`} />;
    case "accept":
      return <JoinAccept offer={offerOf(view.invitation)} signedInAs={viewer!.email} />;
    case "sign-in":
      return <JoinSignIn offer={offerOf(view.invitation)} />;
    case "sign-up":
      return <JoinSignUp token={token} offer={offerOf(view.invitation)} />;
    case "dead":
      return (
        <AuthCard title="This invitation link cannot be used" subtitle="Ask whoever invited you to send a new invitation.">
          <p className="text-sm text-slate-700">{JOIN_LINK_DEAD}</p>
          <p className="mt-4 text-sm text-slate-600">
            Already joined?{" "}
            <Link href={viewer ? "/" : "/signin"} className="font-medium text-indigo-700 hover:underline">
              {viewer ? "Go to your workspaces" : "Sign in"}
            </Link>
          </p>
        </AuthCard>
      );
  }
}
