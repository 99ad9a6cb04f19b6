"use client";

import { useRef, useState } from "react";
import dynamic from "next/dynamic";
import { Plus } from "lucide-react";
import { onceOpened } from "@/components/ui/once-opened";
import { warmOn } from "@/components/ui/load-on-use";
import type { NewDmProps } from "./new-dm-form";

// The dialog and its member picker load when first opened; the button shows at first paint.
const load = () => import("./new-dm-form").then((m) => m.NewDmForm);
const NewDmForm = onceOpened(dynamic(load));

export function NewDmDialog(props: NewDmProps) {
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  return (
    <>
      <button
        ref={button}
        type="button"
        aria-haspopup="dialog"
        aria-expanded={open}
        onClick={() => setOpen(true)}
        {...warmOn(load)}
        className="inline-flex items-center justify-center rounded p-0.5 text-sidebar-muted hover:bg-sidebar-hover hover:text-white max-md:h-11 max-md:w-11"
        aria-label="New message"
      >
        <Plus className="h-4 w-4" aria-hidden />
      </button>
      <NewDmForm {...props} open={open} onOpenChange={setOpen} returnFocusTo={button} />
    </>
  );
}
