"use client";

import { useState } from "react";
import { resetInput, firstError } from "@/shared/schemas";
import { Field, FormError, SubmitButton } from "@/components/ui/field";
import { api } from "@/components/ui/api";

export function ResetForm({ token }: { token: string }) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const parsed = resetInput.safeParse({ token, password: new FormData(e.currentTarget).get("password") });
    if (!parsed.success) return setError(firstError(parsed.error));
    setBusy(true);
    setError(null);
    const res = await api("/api/password/reset", "POST", parsed.data);
    if (!res.ok) {
      setBusy(false);
      return setError(res.error);
    }
    window.location.assign("/signin?notice=reset");
  }

  return (
    <form onSubmit={onSubmit} method="post" className="space-y-4" noValidate>
      <Field label="New password" id="password" type="password" autoComplete="new-password" required minLength={8} autoFocus aria-describedby="password-hint" />
      <p id="password-hint" className="-mt-2 text-xs text-slate-500">At least 8 characters and hard to guess. Every device signed in to your account will be signed out.</p>
      <FormError message={error} />
      <SubmitButton busy={busy}>Set new password</SubmitButton>
    </form>
  );
}
