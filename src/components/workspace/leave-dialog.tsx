"use client";

import { useState } from "react";
import Link from "next/link";
import * as Dialog from "@radix-ui/react-dialog";
import { api } from "@/components/ui/api";
import { FormError } from "@/components/ui/field";
import type { Role, WorkspaceView } from "./types";

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
    <Dialog.Root
      open={open}
      onOpenChange={(next) => {
        if (busy) return;
        setError(null);
        onOpenChange(next);
      }}
    >
      <Dialog.Portal>
        <Dialog.Overlay className="fixed inset-0 z-40 bg-slate-900/40" />
        <Dialog.Content className="fixed left-1/2 top-1/2 z-50 w-full max-w-sm -translate-x-1/2 -translate-y-1/2 rounded-xl bg-white p-5 text-slate-900 shadow-xl">
          <Dialog.Title className="text-lg font-semibold">Leave {workspace.name}?</Dialog.Title>
          <Dialog.Description className="mt-1 text-sm text-slate-600">
            {isOwner
              ? "You own this workspace. Transfer ownership to another member on the admin page before you leave."
              : "You lose access to its conversations and others no longer see your status. An admin can invite you again."}
          </Dialog.Description>
          {error && (
            <div className="mt-4">
              <FormError message={error} />
            </div>
          )}
          <div className="mt-5 flex justify-end gap-2">
            <Dialog.Close className="rounded-md border border-slate-300 px-4 py-2 text-sm font-medium hover:bg-slate-50">Cancel</Dialog.Close>
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
          </div>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
