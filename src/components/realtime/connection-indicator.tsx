"use client";

import { useRealtime } from "./realtime-provider";

const LABEL = { connecting: "Connecting…", connected: "Connected", reconnecting: "Reconnecting…", offline: "Offline" } as const;
const DOT = { connecting: "bg-amber-400", connected: "bg-emerald-400", reconnecting: "bg-amber-400 animate-pulse", offline: "bg-red-500" } as const;

export function ConnectionIndicator() {
  const { state, error } = useRealtime();
  return (
    <div
      role="status"
      aria-live="polite"
      data-testid="connection-indicator"
      data-state={state}
      className="flex items-center gap-2 text-xs text-sidebar-muted"
      title={error ?? LABEL[state]}
    >
      <span aria-hidden className={`h-2 w-2 rounded-full ${DOT[state]}`} />
      <span>{LABEL[state]}</span>
      {error && state === "offline" && <span className="truncate text-red-300">· {error}</span>}
    </div>
  );
}
