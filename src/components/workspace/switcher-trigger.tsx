import { ChevronDown } from "lucide-react";
import { firstGrapheme } from "@/components/ui/initials";
import type { WorkspaceView } from "@/shared/shell";

/** The workspace button's look and content: the same before and after its menu is loaded. */
export function switcherTrigger(current: WorkspaceView) {
  return {
    className: "flex w-full items-center justify-between gap-2 rounded-md px-2 py-1.5 text-left hover:bg-sidebar-hover max-md:min-h-11",
    children: (
      <>
        {/* The name comes from the content, so the visible workspace name is part of it (WCAG 2.5.3). */}
        <span className="flex min-w-0 items-center gap-2">
          <span className="sr-only">Workspace: </span>
          <span aria-hidden className="flex h-7 w-7 shrink-0 items-center justify-center rounded-md bg-white/15 text-sm font-bold">
            {firstGrapheme(current.name).toLocaleUpperCase()}
          </span>
          <span dir="auto" className="truncate font-semibold">{current.name}</span>
          <span className="sr-only">. Switch workspace</span>
        </span>
        <ChevronDown className="h-4 w-4 shrink-0 text-sidebar-muted" aria-hidden />
      </>
    ),
  };
}
