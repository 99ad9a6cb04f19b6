"use client";

import * as Dialog from "@radix-ui/react-dialog";
import { FormError } from "./field";
import { DialogActions } from "./form-dialog";
import { useInertShell } from "./use-inert-shell";

/** A small modal that asks before an action: title, explanation, the error if it failed, Cancel and the action. */
export function ConfirmDialog({
  open,
  onOpenChange,
  title,
  description,
  error,
  children,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  title: string;
  description: string;
  error: string | null;
  /** The action button (or link), shown after Cancel. */
  children: React.ReactNode;
}) {
  useInertShell(open);
  return (
    <Dialog.Root open={open} onOpenChange={onOpenChange}>
      <Dialog.Portal>
        <Dialog.Overlay className="fixed inset-0 z-40 bg-slate-900/40" />
        <Dialog.Content className="fixed left-1/2 top-1/2 z-50 w-full max-w-sm -translate-x-1/2 -translate-y-1/2 rounded-xl bg-white p-5 text-slate-900 shadow-xl">
          <Dialog.Title className="text-lg font-semibold">{title}</Dialog.Title>
          <Dialog.Description className="mt-1 text-sm text-slate-600">{description}</Dialog.Description>
          {error && (
            <div className="mt-4">
              <FormError message={error} />
            </div>
          )}
          <DialogActions className="mt-5">{children}</DialogActions>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
