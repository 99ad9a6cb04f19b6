"use client";

import type { ReactNode } from "react";
import * as Dialog from "@radix-ui/react-dialog";
import { X } from "lucide-react";

/** A dialog's title with its close button, and the line that describes it. */
export function DialogHeader({ title, description }: { title: ReactNode; description: ReactNode }) {
  return (
    <>
      <div className="flex items-center justify-between">
        <Dialog.Title className="text-lg font-semibold">{title}</Dialog.Title>
        <Dialog.Close
          className="inline-flex h-8 w-8 items-center justify-center rounded text-slate-500 hover:bg-slate-100 max-md:h-11 max-md:w-11"
          aria-label="Close"
        >
          <X className="h-4 w-4" aria-hidden />
        </Dialog.Close>
      </div>
      <Dialog.Description className="mt-1 text-sm text-slate-600">{description}</Dialog.Description>
    </>
  );
}
