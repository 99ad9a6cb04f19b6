"use client";

import { useEffect, useRef } from "react";
import { usePathname } from "next/navigation";
import dynamic from "next/dynamic";
import { Menu } from "lucide-react";
import { onceOpened } from "@/components/ui/once-opened";
import { warmOn } from "@/components/ui/load-on-use";
import { useUnread } from "@/components/unread/unread-provider";

export const DRAWER_ID = "workspace-drawer";

// The drawer loads when first opened; the bar and its button show at first paint.
const load = () => import("./phone-drawer").then((m) => m.PhoneDrawer);
const PhoneDrawer = onceOpened(dynamic(load));

/** Below the `md` breakpoint (768 px) the sidebar lives in this drawer; at md and up it never shows. */
const DESKTOP_QUERY = "(min-width: 768px)";


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
  const pathname = usePathname() ?? "";
  const { total } = useUnread();
  const shownAt = useRef(pathname);
  const button = useRef<HTMLButtonElement>(null);
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
    <>
      <div className="flex h-12 shrink-0 items-center gap-1 border-b border-white/10 bg-sidebar px-1 text-slate-100 md:hidden" data-testid="phone-bar">
        <button
          ref={button}
          type="button"
          aria-haspopup="dialog"
          aria-expanded={open}
          onClick={() => onOpenChange(true)}
          {...warmOn(load)}
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
        </button>
        <span className="truncate font-semibold">{title}</span>
        {actions}
      </div>
      {container && <PhoneDrawer id={DRAWER_ID} open={open} onOpenChange={onOpenChange} container={container} returnFocusTo={button}>{children}</PhoneDrawer>}
    </>
  );
}
