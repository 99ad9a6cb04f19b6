import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getSessionUser } from "@/server/auth";
import { AuthCard } from "@/components/ui/auth-card";
import { SignUpForm } from "@/components/auth/sign-up-form";

export const metadata: Metadata = { title: "Create account" };

export const dynamic = "force-dynamic";

export default async function SignUpPage() {
  if (await getSessionUser()) redirect("/");
  return (
    <AuthCard title="Create your account" subtitle="Invites sent to your email are waiting for you.">
      <SignUpForm />
    </AuthCard>
  );
}
