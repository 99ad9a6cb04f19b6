"use client";

import { useState } from "react";
import Link from "next/link";
import { signIn } from "next-auth/react";
import { signUpInput, firstError } from "@/shared/schemas";
import { Field, FormError, SubmitButton } from "@/components/ui/field";
import { api } from "@/components/ui/api";

export function SignUpForm() {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const parsed = signUpInput.safeParse({
      name: form.get("name"),
      email: form.get("email"),
      password: form.get("password"),
    });
    if (!parsed.success) return setError(firstError(parsed.error));
    setBusy(true);
    setError(null);
    const created = await api("/api/signup", "POST", parsed.data);
    if (!created.ok) {
      setBusy(false);
      return setError(created.error);
    }
    const res = await signIn("credentials", { email: parsed.data.email, password: parsed.data.password, redirect: false });
    if (!res || res.error) {
      setBusy(false);
      return setError("Your account was created, but signing in failed. Try signing in.");
    }
    window.location.assign("/");
  }

  return (
    <form onSubmit={onSubmit} method="post" className="space-y-4" noValidate>
      <Field label="Name" id="name" autoComplete="name" required autoFocus />
      <Field label="Email" id="email" type="email" autoComplete="email" required />
      <Field label="Password" id="password" type="password" autoComplete="new-password" required minLength={8} />
      <p className="-mt-2 text-xs text-slate-500">At least 8 characters.</p>
      <FormError message={error} />
      <SubmitButton busy={busy}>Create account</SubmitButton>
      <p className="text-center text-sm text-slate-600">
        Already have an account?{" "}
        <Link href="/signin" className="font-medium text-indigo-600 hover:underline">
          Sign in
        </Link>
      </p>
    </form>
  );
}
