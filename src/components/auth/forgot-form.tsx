"use client";

import { useState } from "react";
import Link from "next/link";
import { forgotInput, firstError } from "@/shared/schemas";
import { Field, FormError, SubmitButton } from "@/components/ui/field";
import { Notice } from "@/components/ui/notice";
import { api } from "@/components/ui/api";

export function ForgotForm() {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [sentTo, setSentTo] = useState<string | null>(null);

  async function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const parsed = forgotInput.safeParse({ email: new FormData(e.currentTarget).get("email") });
    if (!parsed.success) return setError(firstError(parsed.error));
    setBusy(true);
    setError(null);
    const res = await api("/api/password/forgot", "POST", parsed.data);
    setBusy(false);
    if (!res.ok) return setError(res.error);
    setSentTo(parsed.data.email);
  }

  return (
    <form onSubmit={onSubmit} method="post" className="space-y-4" noValidate>
      {sentTo && (
        <Notice>
          If <strong>{sentTo}</strong> has a Roster account, we sent it a link to choose a new password. It works for 1 hour.
        </Notice>
      )}
      <Field label="Email" id="email" type="email" autoComplete="email" required autoFocus />
      <FormError message={error} />
      <SubmitButton busy={busy}>{sentTo ? "Send again" : "Send reset link"}</SubmitButton>
      <p className="text-center text-sm text-slate-600">
        Remembered it?{" "}
        <Link href="/signin" className="font-medium text-indigo-600 hover:underline">
          Sign in
        </Link>
      </p>
    </form>
  );
}
