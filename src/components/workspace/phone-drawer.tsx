"use client";

import * as Dialog from "@radix-ui/react-dialog";
import { X } from "lucide-react";
import { escapeClearsSearch } from "@/components/ui/search-escape";

/** A click that follows a link in this tab (not a new tab or window). */
function followsLink(e: React.MouseEvent): boolean {
  if (e.metaKey || e.ctrlKey || e.shiftKey || e.altKey || e.button !== 0) return false;
  const a = e.target instanceof Element ? e.target.closest("a[href]") : null;
  return a !== null && a.getAttribute("target") !== "_blank";
}

/**
 * The workspace navigation as a modal drawer on phones (focus trapped; Escape, the close button or
 * following any of its links closes it). Loaded when first opened (./phone-nav.tsx).
 */
export function PhoneDrawer({
  id,
  open,
  onOpenChange,
  container,
  returnFocusTo,
  children,
}: {
  id: string;
  open: boolean;
  onOpenChange: (open: boolean) => void;
  container: HTMLElement;
  returnFocusTo: React.RefObject<HTMLButtonElement | null>;
  children: React.ReactNode;
}) {
  return (
    <Dialog.Root open={open} onOpenChange={onOpenChange}>
      <Dialog.Portal container={container}>
        <Dialog.Overlay className="fixed inset-0 z-40 bg-slate-900/50 md:hidden" />
        <Dialog.Content
          id={id}
          aria-describedby={undefined}
          onClick={(e) => followsLink(e) && onOpenChange(false)}
          // Escape in a search box that holds text clears the text (the box does it), and keeps the drawer open.
          onEscapeKeyDown={escapeClearsSearch}
          className="fixed inset-y-0 left-0 z-40 flex w-[min(20rem,85vw)] flex-col bg-sidebar text-slate-100 shadow-xl focus:outline-none md:hidden"
          data-testid="nav-drawer"
          onCloseAutoFocus={(e) => {
            e.preventDefault();
            returnFocusTo.current?.focus();
          }}
        >
          <div className="flex items-center justify-between border-b border-white/10 py-1 pl-3 pr-1">
            <Dialog.Title className="text-sm font-semibold uppercase tracking-wide text-sidebar-muted">Navigation</Dialog.Title>
            <Dialog.Close
              aria-label="Close navigation"
              className="inline-flex h-11 w-11 items-center justify-center rounded-md hover:bg-sidebar-hover focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-400"
            >
              <X className="h-5 w-5" aria-hidden />
            </Dialog.Close>
          </div>
          {children}
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
