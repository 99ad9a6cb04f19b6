import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getSessionUser, CONFIRM_EMAIL_FIRST } from "@/server/auth";
import { AuthCard } from "@/components/ui/auth-card";
import { Notice } from "@/components/ui/notice";
import { SignInForm } from "@/components/auth/sign-in-form";
import { SIGN_IN_FAILED } from "@/shared/schemas";
import { safeCallbackPath } from "@/shared/safe-callback";

export const metadata: Metadata = { title: "Sign in" };

export const dynamic = "force-dynamic";

const NOTICES: Record<string, string> = {
  verified: "Email confirmed, sign in.",
  reset: "Password changed, sign in with your new password.",
  ended: "You were signed out everywhere.",
};

/** Only our own messages are shown from the URL, never arbitrary text. */
const knownError = (e: string | undefined) =>
  e && (e === SIGN_IN_FAILED || e === CONFIRM_EMAIL_FIRST || /^Too many attempts, try again in \d+ s\.$/.test(e)) ? e : null;

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<{ callbackUrl?: string; notice?: string; error?: string }>;
}) {
  if (await getSessionUser()) redirect("/");
  const { callbackUrl, notice, error } = await searchParams;
  const message = notice ? NOTICES[notice] : undefined;
  return (
    <AuthCard title="Sign in" subtitle="Welcome back. See who is around.">
      {message && (
        <div className="mb-4">
          <Notice>{message}</Notice>
        </div>
      )}
      <SignInForm callbackUrl={safeCallbackPath(callbackUrl)} initialError={knownError(error)} />
      {process.env.NODE_ENV !== "production" && (
        <p className="mt-4 rounded-md bg-slate-50 px-3 py-2 text-xs text-slate-600">
          Demo workspace: sign in as <strong>alice@demo.roster</strong> with password <strong>roster-demo</strong>.
        </p>
      )}
    </AuthCard>
  );
}
