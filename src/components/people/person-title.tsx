"use client";

import { usePerson } from "./people-provider";

/** What a member says they do ("Designer"), once their profile is loaded; nothing without one. */
export function PersonTitle({ userId, className }: { userId: string; className?: string }) {
  const title = usePerson(userId)?.title;
  if (!title) return null;
  return (
    <span dir="auto" data-testid="person-title" className={className}>
      {title}
    </span>
  );
}
