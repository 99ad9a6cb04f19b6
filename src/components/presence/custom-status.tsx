"use client";

import { expiryText, type CustomStatus } from "@/shared/custom-status";
import { usePresence, useWatch } from "./presence-provider";

/** "📅 In a meeting · Clears in 25 min": the full text of a status, for tooltips and labels. */
export function statusDescription(s: CustomStatus, serverNow: number): string {
  const main = [s.emoji, s.text].filter(Boolean).join(" ");
  const exp = expiryText(s.expiresAt, serverNow);
  return exp ? `${main} · ${exp}` : main;
}

/**
 * A member's custom status next to their name: the emoji and the text, truncated, with the full
 * text and expiry in a tooltip (title). Nothing when there is none or it is not visible.
 */
export function StatusBadge({ userId, className = "", textClassName = "" }: { userId: string; className?: string; textClassName?: string }) {
  const { statuses } = usePresence();
  useWatch([userId]);
  const s = statuses.getStatus(userId);
  if (!s) return null;
  const full = statusDescription(s, statuses.serverNow());
  return (
    <span data-testid="custom-status" title={full} className={`inline-flex min-w-0 items-center gap-1 ${className}`}>
      <span className="sr-only">Status: </span>
      {s.emoji && (
        <span aria-hidden={s.text ? true : undefined} className="shrink-0">
          {s.emoji}
        </span>
      )}
      {s.text && <span dir="auto" className={`truncate ${textClassName}`}>{s.text}</span>}
    </span>
  );
}
