import type { Metadata } from "next";
import Link from "next/link";
import { AuthCard } from "@/components/ui/auth-card";
import { FormError } from "@/components/ui/field";
import { ResetForm } from "@/components/auth/reset-form";
import { tokenValid } from "@/server/accounts/tokens";
import { LINK_EXPIRED } from "@/server/accounts/accounts";

export const metadata: Metadata = { title: "New password" };

export const dynamic = "force-dynamic";

export default async function ResetPage({ searchParams }: { searchParams: Promise<{ token?: string }> }) {
  const { token } = await searchParams;
  const valid = typeof token === "string" && token.length <= 200 && (await tokenValid(token, "resetPassword"));
  if (!valid) {
    return (
      <AuthCard title="Choose a new password" subtitle="This reset link cannot be used.">
        <FormError message={LINK_EXPIRED.replace(" below.", ".")} />
        <Link href="/forgot" className="mt-4 block text-center text-sm font-medium text-indigo-600 hover:underline">
          Send me a new link
        </Link>
      </AuthCard>
    );
  }
  return (
    <AuthCard title="Choose a new password" subtitle="Pick a password you do not use anywhere else.">
      <ResetForm token={token} />
    </AuthCard>
  );
}
