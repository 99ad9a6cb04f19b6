"use client";

import { STATUS_LABEL, type PresenceStatus } from "@/shared/presence";
import { PresenceIndicator, presenceLabel } from "./presence-indicator";
import { statusDescription } from "./custom-status";
import { usePresence, useWatch } from "./presence-provider";

/** What your own dot says while you are invisible: hollow like offline, never your live (green) status. */
export const INVISIBLE_SELF_LABEL = "Invisible: you appear offline";

/**
 * A member's live presence dot; nothing (not a false "offline") until the first snapshot.
 * `self` marks the viewer's own dot, which shows hollow while the viewer is invisible. Showing it
 * watches the member (live presence comes for the people shown).
 */
export function MemberDot({
  userId,
  size = "sm",
  className,
  self = false,
  fallback,
}: {
  userId: string;
  size?: "sm" | "md" | "lg";
  className?: string;
  self?: boolean;
  /** Shown until the member's presence arrives (the member list's row status, from the server). */
  fallback?: PresenceStatus;
}) {
  const { getPresence, now, me, statuses } = usePresence();
  useWatch([userId]);
  const p = getPresence(userId);
  if (!p) return fallback ? <PresenceIndicator status={fallback} label={STATUS_LABEL[fallback]} size={size} className={className} /> : null;
  // The tooltip adds the custom status, with when it clears.
  const custom = statuses.getStatus(userId);
  const withStatus = (label: string) => (custom ? `${label} · ${statusDescription(custom, statuses.serverNow())}` : label);
  if (self && me?.mode === "invisible") {
    return <PresenceIndicator status="offline" label={withStatus(INVISIBLE_SELF_LABEL)} size={size} className={className} />;
  }
  return <PresenceIndicator status={p.status} label={withStatus(presenceLabel(p, now))} size={size} now={now} className={className} />;
}
