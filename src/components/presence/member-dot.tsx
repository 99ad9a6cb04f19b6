"use client";

import { PresenceIndicator } from "./presence-indicator";
import { usePresence } from "./presence-provider";

/** A member's live presence dot; nothing (not a false "offline") until the first snapshot. */
export function MemberDot({ userId, size = "sm", className }: { userId: string; size?: "sm" | "md" | "lg"; className?: string }) {
  const { getPresence, now } = usePresence();
  const p = getPresence(userId);
  if (!p) return null;
  return <PresenceIndicator status={p.status} lastSeenAt={p.lastSeenAt} size={size} now={now} className={className} />;
}
