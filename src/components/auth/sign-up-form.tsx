"use client";

import { useState } from "react";
import Link from "next/link";
import { signUpInput, firstError } from "@/shared/schemas";
import { Field, FormError, SubmitButton } from "@/components/ui/field";
import { Notice } from "@/components/ui/notice";
import { api } from "@/components/ui/api";

export function SignUpForm() {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [sentTo, setSentTo] = useState<string | null>(null);

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
    const res = await api("/api/signup", "POST", parsed.data);
    setBusy(false);
    if (!res.ok) return setError(res.error);
    setSentTo(parsed.data.email);
  }

  if (sentTo) {
    return (
      <div className="space-y-4">
        <Notice>
          Check your inbox: we sent a link to <strong>{sentTo}</strong>. Open it to confirm your email, then sign in.
        </Notice>
        <p className="text-sm text-slate-600">
          Nothing after a few minutes? Check your spam folder, or{" "}
          <button type="button" onClick={() => setSentTo(null)} className="font-medium text-indigo-600 hover:underline">
            try again
          </button>
          .
        </p>
        <Link href="/signin" className="block text-center text-sm font-medium text-indigo-600 hover:underline">
          Go to sign in
        </Link>
      </div>
    );
  }

  return (
    <form onSubmit={onSubmit} method="post" className="space-y-4" noValidate>
      <Field label="Name" id="name" autoComplete="name" required autoFocus />
      <Field label="Email" id="email" type="email" autoComplete="email" required />
      <Field label="Password" id="password" type="password" autoComplete="new-password" required minLength={8} aria-describedby="password-hint" />
      <p id="password-hint" className="-mt-2 text-xs text-slate-500">At least 8 characters and hard to guess: a few unrelated words work well.</p>
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
