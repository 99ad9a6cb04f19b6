"use client";

import { useState, type ReactNode } from "react";
import * as Dialog from "@radix-ui/react-dialog";
import { DialogHeader } from "./dialog-header";
import { useInertShell } from "./use-inert-shell";
import type { ApiResult } from "./api";

/** The filled button of a dialog's footer (Save, Add, Delete…). */
export const PRIMARY_BUTTON = "rounded-md bg-indigo-600 px-4 py-2 text-sm font-medium text-white hover:bg-indigo-500 disabled:opacity-50";

/**
 * A dialog's footer: `leading` (say a Clear button, at the start), Cancel, then its action buttons.
 * `touch`: 44 px tall on every screen.
 */
export function DialogActions({ children, leading, touch = false, className = "" }: { children: ReactNode; leading?: ReactNode; touch?: boolean; className?: string }) {
  return (
    <div className={`flex justify-end gap-2 ${className}`}>
      {leading}
      <Dialog.Close className={`${touch ? "min-h-11 " : ""}rounded-md border border-slate-300 px-4 py-2 text-sm font-medium hover:bg-slate-50`}>Cancel</Dialog.Close>
      {children}
    </div>
  );
}

/** An open modal with a title, its description and the form or picker it holds; closing calls `onClose`. */
export function FormDialog({
  onClose,
  title,
  description,
  onEscapeKeyDown,
  children,
}: {
  onClose: () => void;
  title: ReactNode;
  description: ReactNode;
  onEscapeKeyDown?: (e: KeyboardEvent) => void;
  children: ReactNode;
}) {
  useInertShell(true);
  return (
    <Dialog.Root open onOpenChange={(o) => !o && onClose()}>
      <Dialog.Portal>
        <Dialog.Overlay className="fixed inset-0 z-40 bg-slate-900/40" />
        <Dialog.Content
          onEscapeKeyDown={onEscapeKeyDown}
          className="fixed left-1/2 top-1/2 z-50 w-full max-w-md -translate-x-1/2 -translate-y-1/2 rounded-xl bg-white p-5 text-slate-900 shadow-xl"
        >
          <DialogHeader title={title} description={description} />
          {children}
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}

/** A request a dialog sends: busy while it runs, its error if it failed; `then` runs on success. */
export function useSubmit() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  async function submit<T>(send: () => Promise<ApiResult<T>>, then: (data: T) => void) {
    setBusy(true);
    setError(null);
    const res = await send();
    setBusy(false);
    if (!res.ok) return setError(res.error);
    then(res.data);
  }
  return { busy, error, submit };
}
