"use client";

import { useState } from "react";
import Link from "next/link";
import { signIn } from "@/components/auth/next-auth-client";
import { SIGN_IN_FAILED } from "@/shared/words";
import { safeCallbackPath } from "@/shared/safe-callback";
import { Field, FormError, SubmitButton } from "@/components/ui/field";

const NO_ANSWER = "No answer from the server; try again.";

export function SignInForm({ callbackUrl = "/", initialError = null }: { callbackUrl?: string; initialError?: string | null }) {
  const [error, setError] = useState<string | null>(initialError);
  const [busy, setBusy] = useState(false);

  async function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    // The schemas load on the first submit: the page needs none of them to appear.
    const schemas = await import("@/shared/schemas").catch(() => null);
    if (!schemas) return setError(NO_ANSWER);
    const { signInInput, firstError } = schemas;
    const parsed = signInInput.safeParse({ email: form.get("email"), password: form.get("password") });
    if (!parsed.success) return setError(firstError(parsed.error));
    setBusy(true);
    setError(null);
    const res = await signIn("credentials", { ...parsed.data, redirect: false }).catch(() => null);
    if (!res || res.error) {
      setBusy(false);
      return setError(res?.error && res.error !== "CredentialsSignin" ? res.error : SIGN_IN_FAILED);
    }
    window.location.assign(safeCallbackPath(callbackUrl));
  }

  return (
    <form onSubmit={onSubmit} method="post" className="space-y-4" noValidate>
      <Field label="Email" id="email" type="email" autoComplete="email" required autoFocus />
      <Field label="Password" id="password" type="password" autoComplete="current-password" required />
      <FormError message={error} />
      <SubmitButton busy={busy}>Sign in</SubmitButton>
      <p className="flex justify-between text-sm text-slate-600">
        <Link href="/forgot" className="font-medium text-indigo-600 hover:underline">
          Forgot password?
        </Link>
        <Link href="/signup" className="font-medium text-indigo-600 hover:underline">
          Create an account
        </Link>
      </p>
    </form>
  );
}
