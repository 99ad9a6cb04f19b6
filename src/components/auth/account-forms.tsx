"use client";

import { useState } from "react";
import { signOut } from "@/components/auth/next-auth-client";
import { changePasswordInput, firstError } from "@/shared/schemas";
import { Field, FormError, SubmitButton } from "@/components/ui/field";
import { Notice } from "@/components/ui/notice";
import { api } from "@/components/ui/api";

export function ChangePasswordForm() {
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  const [busy, setBusy] = useState(false);

  async function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const formEl = e.currentTarget;
    const form = new FormData(formEl);
    const parsed = changePasswordInput.safeParse({ current: form.get("current"), password: form.get("password") });
    setDone(false);
    if (!parsed.success) return setError(firstError(parsed.error));
    setBusy(true);
    setError(null);
    const res = await api("/api/me/password", "POST", parsed.data);
    setBusy(false);
    if (!res.ok) return setError(res.error);
    formEl.reset();
    setDone(true);
  }

  return (
    <form onSubmit={onSubmit} method="post" className="space-y-4" noValidate aria-labelledby="change-password">
      <h2 id="change-password" className="text-base font-semibold">Change password</h2>
      <Field label="Current password" id="current" type="password" autoComplete="current-password" required />
      <Field label="New password" id="password" type="password" autoComplete="new-password" required minLength={8} aria-describedby="password-hint" />
      <p id="password-hint" className="-mt-2 text-xs text-slate-500">Your other devices will be signed out; this one stays signed in.</p>
      <FormError message={error} />
      {done && <Notice>Password changed. Your other sessions were signed out.</Notice>}
      <SubmitButton busy={busy}>Change password</SubmitButton>
    </form>
  );
}

export function SignOutEverywhere() {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function onClick() {
    setBusy(true);
    setError(null);
    const res = await api("/api/me/sessions/end-all", "POST");
    if (!res.ok) {
      setBusy(false);
      return setError(res.error);
    }
    // The session is already gone on the server; this clears the cookie here.
    await signOut({ redirect: false }).catch(() => {});
    window.location.assign("/signin?notice=ended");
  }

  return (
    <section className="space-y-3" aria-labelledby="sessions">
      <h2 id="sessions" className="text-base font-semibold">Sessions</h2>
      <p className="text-sm text-slate-600">Lost a device or signed in somewhere public? End every session, this one included.</p>
      <FormError message={error} />
      <button
        type="button"
        onClick={onClick}
        disabled={busy}
        className="w-full rounded-md border border-red-300 bg-white px-4 py-2 text-sm font-medium text-red-700 shadow-sm hover:bg-red-50 disabled:opacity-60"
      >
        {busy ? "Please wait…" : "Sign out everywhere"}
      </button>
    </section>
  );
}
