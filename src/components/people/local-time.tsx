"use client";

import { localTimeLabel, offHoursNotice } from "@/shared/local-time";
import { useMinuteClock, usePerson } from "./people-provider";

/** "9:04 PM local time" of a member, moving with the clock; nothing until their zone is known. */
export function useLocalTime(userId: string | null | undefined): string | null {
  const person = usePerson(userId);
  const now = useMinuteClock();
  return localTimeLabel(person?.timeZone, now);
}

/** What to say before writing to someone outside their working hours, or null. */
export function useOffHoursNotice(userId: string | null | undefined, name: string): string | null {
  const person = usePerson(userId);
  const now = useMinuteClock();
  return offHoursNotice(person?.name ?? name, person?.offHours, now);
}

/** " · 9:04 PM local time", to follow a member's presence words; nothing until their zone is known. */
export function LocalTimeText({ userId, className }: { userId: string; className?: string }) {
  const time = useLocalTime(userId);
  if (!time) return null;
  return <span data-testid="local-time" className={className}>{` · ${time}`}</span>;
}
