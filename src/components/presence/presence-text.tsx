"use client";

import { presenceLabel } from "./presence-indicator";
import { INVISIBLE_SELF_LABEL } from "./member-dot";
import { usePresence, useWatch } from "./presence-provider";

/** The words a member's dot stands for ("Offline · last seen 5 min ago"), or null before the first snapshot. */
export function usePresenceText(userId: string, self = false): string | null {
  const { getPresence, now, me } = usePresence();
  useWatch([userId]);
  const p = getPresence(userId);
  if (!p) return null;
  if (self && me?.mode === "invisible") return INVISIBLE_SELF_LABEL;
  return presenceLabel(p, now);
}

/**
 * The dot's text written out, for places where a tooltip on hover is not enough: the text is readable
 * without a pointer, by keyboard and screen reader alike.
 */
export function PresenceText({ userId, self = false, className, ...rest }: { userId: string; self?: boolean } & React.HTMLAttributes<HTMLSpanElement>) {
  const text = usePresenceText(userId, self);
  if (!text) return null;
  return (
    <span data-testid="presence-text" className={className} {...rest}>
      {text}
    </span>
  );
}
