"use client";

import { useEffect } from "react";

/** The id of the element that wraps a workspace page (skip link, sidebar and main). */
export const SHELL_ID = "workspace-shell";

/**
 * While a modal dialog is open, makes the workspace page behind it `inert`. Radix only sets aria-hidden
 * there, which leaves its links and buttons focusable inside a hidden region (axe: aria-hidden-focus).
 * Focus is returned after the dialog closes (Radix waits a tick), by which time the page is live again.
 */
export function useInertShell(open: boolean) {
  useEffect(() => {
    if (!open) return;
    const shell = document.getElementById(SHELL_ID);
    shell?.setAttribute("inert", "");
    return () => shell?.removeAttribute("inert");
  }, [open]);
}
