import { ChevronDown } from "lucide-react";
import { MODE_LABEL, type PresenceMode, type PresenceStatus } from "@/shared/presence";
import { PresenceIndicator } from "./presence-indicator";
import { formatUntil } from "./dnd-time";

export type CustomStatusView = { emoji: string | null; text: string } | null | undefined;

/** "Do not disturb · until 14:30", "Away": the mode the status button names. */
export function modeLabel(mode: PresenceMode, dndUntil: string | null, pending: boolean): string {
  return MODE_LABEL[mode] + (mode === "dnd" && dndUntil && !pending ? ` · until ${formatUntil(new Date(dndUntil), new Date())}` : "");
}

/** The status button's name, look and content: the same before and after its menu is loaded. */
export function statusTrigger({ label, status, customStatus }: { label: string; status: PresenceStatus; customStatus: CustomStatusView }) {
  const custom = customStatus ? [customStatus.emoji, customStatus.text].filter(Boolean).join(" ") : "";
  return {
    // Starts with the visible text (mode, then custom status), as WCAG's "label in name" asks.
    "aria-label": `Your status: ${label}${custom ? ` ${custom}` : ""}. Change status`,
    className:
      "flex w-full items-center gap-2 rounded-md px-2 py-1.5 text-sm text-slate-100 hover:bg-sidebar-hover max-md:min-h-11 focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-400 data-[state=open]:bg-sidebar-hover",
    children: (
      <>
        <PresenceIndicator status={status} showTooltip={false} className="ring-sidebar" />
        {/* The mode and its end come first, whole (they wrap if they must); the custom status goes
            on its own line under them and is the part that is cut. */}
        <span className="flex min-w-0 flex-1 flex-col text-left">
          <span className="break-words" data-testid="my-mode">{label}</span>
          {custom && (
            <span className="truncate text-xs text-sidebar-muted" data-testid="my-custom-status">
              {custom}
            </span>
          )}
        </span>
        <ChevronDown className="ml-auto h-4 w-4 shrink-0 text-sidebar-muted" aria-hidden />
      </>
    ),
  };
}
