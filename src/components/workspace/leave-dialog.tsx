"use client";

import { useState } from "react";
import Link from "next/link";
import { api } from "@/components/ui/api";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import type { Role } from "@/shared/roles";
import type { WorkspaceView } from "@/shared/shell";

/** Confirms leaving the workspace; an owner is pointed to the ownership transfer first. */
export function LeaveDialog({
  workspace,
  role,
  open,
  onOpenChange,
}: {
  workspace: WorkspaceView;
  role: Role;
  open: boolean;
  onOpenChange: (open: boolean) => void;
}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const isOwner = role === "owner";

  async function leave() {
    setBusy(true);
    setError(null);
    const res = await api(`/api/workspaces/${workspace.slug}/leave`, "POST");
    if (!res.ok) {
      setBusy(false);
      return setError(res.error);
    }
    window.location.assign("/");
  }

  return (
    <ConfirmDialog
      open={open}
      onOpenChange={(next) => {
        if (busy) return;
        setError(null);
        onOpenChange(next);
      }}
      title={`Leave ${workspace.name}?`}
      description={
        isOwner
          ? "You own this workspace. Transfer ownership to another member on the admin page before you leave."
          : "You lose access to its conversations and others no longer see your status. An admin can invite you again."
      }
      error={error}
    >
      {isOwner ? (
        <Link
          href={`/w/${workspace.slug}/admin#transfer`}
          onClick={() => onOpenChange(false)}
          className="rounded-md bg-indigo-600 px-4 py-2 text-sm font-medium text-white hover:bg-indigo-500"
        >
          Transfer ownership
        </Link>
      ) : (
        <button
          type="button"
          onClick={leave}
          disabled={busy}
          className="rounded-md bg-red-600 px-4 py-2 text-sm font-medium text-white hover:bg-red-500 disabled:opacity-50"
        >
          {busy ? "Leaving…" : "Leave workspace"}
        </button>
      )}
    </ConfirmDialog>
  );
}
