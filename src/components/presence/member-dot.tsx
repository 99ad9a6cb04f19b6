"use client";

import { PresenceIndicator } from "./presence-indicator";
import { usePresence } from "./presence-provider";

/** What your own dot says while you are invisible: hollow like offline, never your live (green) status. */
export const INVISIBLE_SELF_LABEL = "Invisible: you appear offline";

/**
 * A member's live presence dot; nothing (not a false "offline") until the first snapshot.
 * `self` marks the viewer's own dot, which shows hollow while the viewer is invisible.
 */
export function MemberDot({
  userId,
  size = "sm",
  className,
  self = false,
}: {
  userId: string;
  size?: "sm" | "md" | "lg";
  className?: string;
  self?: boolean;
}) {
  const { getPresence, now, me } = usePresence();
  const p = getPresence(userId);
  if (!p) return null;
  if (self && me?.mode === "invisible") {
    return <PresenceIndicator status="offline" label={INVISIBLE_SELF_LABEL} size={size} className={className} />;
  }
  return <PresenceIndicator status={p.status} lastSeenAt={p.lastSeenAt} lastSeen={p.lastSeen} devices={p.devices} size={size} now={now} className={className} />;
}
