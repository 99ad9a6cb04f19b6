"use client";

import { useState } from "react";
import { FormError, SubmitButton } from "@/components/ui/field";
import { api } from "@/components/ui/api";

/** One button, so link scanners that open the emailed link do not use it up. */
export function VerifyForm({ token }: { token: string }) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    const res = await api("/api/verify", "POST", { token });
    if (!res.ok) {
      setBusy(false);
      return setError(res.error);
    }
    window.location.assign("/signin?notice=verified");
  }

  return (
    <form onSubmit={onSubmit} method="post" className="space-y-4" noValidate>
      <FormError message={error} />
      <SubmitButton busy={busy}>Confirm my email</SubmitButton>
    </form>
  );
}
