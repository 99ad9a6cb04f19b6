"use client";

import { useEffect, useRef } from "react";
import { usePathname } from "next/navigation";
import * as Dialog from "@radix-ui/react-dialog";
import { Menu, X } from "lucide-react";
import { useUnread } from "@/components/unread/unread-provider";

export const DRAWER_ID = "workspace-drawer";

/** Below the `md` breakpoint (768 px) the sidebar lives in this drawer; at md and up it never shows. */
const DESKTOP_QUERY = "(min-width: 768px)";

/** A click that follows a link in this tab (not a new tab or window). */
function followsLink(e: React.MouseEvent): boolean {
  if (e.metaKey || e.ctrlKey || e.shiftKey || e.altKey || e.button !== 0) return false;
  const a = e.target instanceof Element ? e.target.closest("a[href]") : null;
  return a !== null && a.getAttribute("target") !== "_blank";
}

/**
 * The phone top bar: a menu button that opens the workspace navigation as a modal drawer (focus trapped,
 * Escape or the close button close it, and so does following any of its links). Hidden at md and up.
 */
export function PhoneNav({
  title,
  open,
  onOpenChange,
  container,
  actions,
  children,
}: {
  title: string;
  open: boolean;
  onOpenChange: (open: boolean) => void;
  /** Where the drawer mounts: inside the workspace shell, so a dialog opened from it makes the drawer inert too. */
  container: HTMLElement | null;
  /** Buttons at the bar's end. */
  actions?: React.ReactNode;
  children: React.ReactNode;
}) {
  const pathname = usePathname();
  const { total } = useUnread();
  const shownAt = useRef(pathname);
  // Close once the page changes (a link, a member row or a DM opened from the drawer).
  useEffect(() => {
    if (shownAt.current !== pathname) onOpenChange(false);
    shownAt.current = pathname;
  }, [pathname, onOpenChange]);
  // Widening the window to the desktop layout puts the sidebar back in place.
  useEffect(() => {
    if (!open) return;
    const mq = window.matchMedia(DESKTOP_QUERY);
    const onChange = () => mq.matches && onOpenChange(false);
    onChange();
    mq.addEventListener("change", onChange);
    return () => mq.removeEventListener("change", onChange);
  }, [open, onOpenChange]);

  return (
    <Dialog.Root open={open} onOpenChange={onOpenChange}>
      <div className="flex h-12 shrink-0 items-center gap-1 border-b border-white/10 bg-sidebar px-1 text-slate-100 md:hidden" data-testid="phone-bar">
        <Dialog.Trigger
          aria-label={total > 0 ? `Open navigation, ${total} unread` : "Open navigation"}
          aria-controls={DRAWER_ID}
          className="relative inline-flex h-11 w-11 items-center justify-center rounded-md hover:bg-sidebar-hover focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-400"
        >
          <Menu className="h-5 w-5" aria-hidden />
          {total > 0 && (
            <span aria-hidden data-testid="phone-unread" className="absolute right-1 top-1 min-w-4 rounded-full bg-red-600 px-1 text-center text-[10px] font-bold leading-4 text-white">
              {total > 99 ? "99+" : total}
            </span>
          )}
        </Dialog.Trigger>
        <span className="truncate font-semibold">{title}</span>
        {actions}
      </div>
      {container && (
        <Dialog.Portal container={container}>
          <Dialog.Overlay className="fixed inset-0 z-40 bg-slate-900/50 md:hidden" />
          <Dialog.Content
            id={DRAWER_ID}
            aria-describedby={undefined}
            onClick={(e) => followsLink(e) && onOpenChange(false)}
            // Escape in a search box that holds text clears the text (the box does it), and keeps the drawer open.
            onEscapeKeyDown={(e) => {
              const t = e.target;
              if (t instanceof HTMLInputElement && t.hasAttribute("data-escape-clears") && t.value) e.preventDefault();
            }}
            className="fixed inset-y-0 left-0 z-40 flex w-[min(20rem,85vw)] flex-col bg-sidebar text-slate-100 shadow-xl focus:outline-none md:hidden"
            data-testid="nav-drawer"
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
      )}
    </Dialog.Root>
  );
}
