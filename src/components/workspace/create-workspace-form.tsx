"use client";

import { useState } from "react";
import { createWorkspaceInput, firstError } from "@/shared/schemas";
import { Field, FormError, SubmitButton } from "@/components/ui/field";
import { api } from "@/components/ui/api";

export function CreateWorkspaceForm() {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const parsed = createWorkspaceInput.safeParse({ name: new FormData(e.currentTarget).get("name") });
    if (!parsed.success) return setError(firstError(parsed.error));
    setBusy(true);
    setError(null);
    const res = await api<{ slug: string }>("/api/workspaces", "POST", parsed.data);
    if (!res.ok) {
      setBusy(false);
      return setError(res.error);
    }
    window.location.assign(`/w/${res.data.slug}`);
  }

  return (
    <form onSubmit={onSubmit} method="post" className="space-y-4" noValidate>
      <Field label="Workspace name" id="name" placeholder="Acme Inc." required autoFocus />
      <FormError message={error} />
      <SubmitButton busy={busy}>Create workspace</SubmitButton>
    </form>
  );
}
