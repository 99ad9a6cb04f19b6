"use client";

import { useState } from "react";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";

/** Asks before deleting a message for everyone. `onConfirm` answers null when deleted, or the error to show. */
export function DeleteMessageDialog({
  open,
  onOpenChange,
  preview,
  onConfirm,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  preview: string;
  onConfirm: () => Promise<string | null>;
}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function remove() {
    setBusy(true);
    setError(null);
    const failed = await onConfirm();
    setBusy(false);
    if (failed) return setError(failed);
    onOpenChange(false);
  }

  return (
    <ConfirmDialog
      open={open}
      onOpenChange={(next) => {
        if (busy) return;
        setError(null);
        onOpenChange(next);
      }}
      title="Delete message?"
      description={`It disappears for everyone in this conversation, and cannot be brought back. “${preview}”`}
      error={error}
    >
      <button
        type="button"
        onClick={() => void remove()}
        disabled={busy}
        className="rounded-md bg-red-600 px-4 py-2 text-sm font-medium text-white hover:bg-red-700 disabled:opacity-60"
      >
        {busy ? "Deleting…" : "Delete"}
      </button>
    </ConfirmDialog>
  );
}
