import { redirect } from "next/navigation";
import { getSessionUser } from "@/server/auth";
import { AuthCard } from "@/components/ui/auth-card";
import { SignInForm } from "@/components/auth/sign-in-form";

export const dynamic = "force-dynamic";

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string }> }) {
  if (await getSessionUser()) redirect("/");
  const { callbackUrl } = await searchParams;
  // Only same-site paths are followed after sign-in.
  const next = callbackUrl?.startsWith("/") && !callbackUrl.startsWith("//") ? callbackUrl : "/";
  return (
    <AuthCard title="Sign in" subtitle="Welcome back. See who is around.">
      <SignInForm callbackUrl={next} />
      {process.env.NODE_ENV !== "production" && (
        <p className="mt-4 rounded-md bg-slate-50 px-3 py-2 text-xs text-slate-600">
          Demo workspace: sign in as <strong>alice@demo.roster</strong> with password <strong>roster-demo</strong>.
        </p>
      )}
    </AuthCard>
  );
}
