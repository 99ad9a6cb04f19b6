"use client";

import { useState } from "react";
import { firstError, resetInput } from "@/shared/schemas";
import { Field, FormError, SubmitButton } from "@/components/ui/field";
import { api } from "@/components/ui/api";

/**
 * A form rather than the link itself, so link scanners that open the emailed link do not use it
 * up. It asks for the password to keep: whoever signed up with this address before, the person
 * who can read its mail decides the password.
 */
export function VerifyForm({ token, joining = null }: { token: string; joining?: { workspace: string; inviter: string } | null }) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const parsed = resetInput.safeParse({ token, password: new FormData(e.currentTarget).get("password") });
    if (!parsed.success) return setError(firstError(parsed.error));
    setBusy(true);
    setError(null);
    const res = await api<{ status: "verified" } | { status: "joined"; slug: string }>("/api/verify", "POST", parsed.data);
    if (!res.ok) {
      setBusy(false);
      return setError(res.error);
    }
    // Joined (a link from an invitation's join page): signed in, straight to the workspace.
    window.location.assign(res.data.status === "joined" ? `/w/${res.data.slug}` : "/signin?notice=verified");
  }

  return (
    <form onSubmit={onSubmit} method="post" className="space-y-4" noValidate>
      <Field label="Password" id="password" type="password" autoComplete="new-password" required minLength={8} autoFocus aria-describedby="password-hint" />
      <p id="password-hint" className="-mt-2 text-xs text-slate-500">
        The password you chose when you signed up, or a new one. What you type here is your password from now on.
      </p>
      {joining && (
        <p className="rounded-md border border-indigo-100 bg-indigo-50 px-3 py-2 text-sm text-indigo-900">
          Confirming your email accepts {joining.inviter}&apos;s invitation to <bdi>{joining.workspace}</bdi>.
        </p>
      )}
      <FormError message={error} />
      <SubmitButton busy={busy}>{joining ? "Confirm and join" : "Confirm my email"}</SubmitButton>
    </form>
  );
}
