import type { Metadata } from "next";
import Link from "next/link";
import { AuthCard } from "@/components/ui/auth-card";
import { FormError } from "@/components/ui/field";
import { VerifyForm } from "@/components/auth/verify-form";
import { tokenValid } from "@/server/accounts/tokens";
import { LINK_EXPIRED } from "@/server/accounts/accounts";
import { invitationOfConfirmation } from "@/server/accounts/join";

export const metadata: Metadata = { title: "Confirm email" };

export const dynamic = "force-dynamic";

export default async function VerifyPage({ searchParams }: { searchParams: Promise<{ token?: string }> }) {
  const { token } = await searchParams;
  const valid = typeof token === "string" && token.length <= 200 && (await tokenValid(token, "verifyEmail"));
  if (!valid) {
    return (
      <AuthCard title="Confirm your email" subtitle="This confirmation link cannot be used.">
        <FormError message={LINK_EXPIRED.replace(" below.", ":")} />
        <p className="mt-4 text-sm text-slate-600">
          <Link href="/signin" className="font-medium text-indigo-600 hover:underline">Sign in</Link> with your email and password and we will
          send you a new link. Already confirmed? Just sign in.
        </p>
      </AuthCard>
    );
  }
  const joining = await invitationOfConfirmation(token);
  return (
    <AuthCard
      title={joining ? `Confirm your email to join ${joining.workspace}` : "Confirm your email"}
      subtitle="Enter the password for your account and it is ready."
    >
      <VerifyForm token={token} joining={joining} />
    </AuthCard>
  );
}
