// Local-time helpers of the do-not-disturb menu (the browser's zone and locale).

export interface DndChoice {
  label: string;
  /** The end, from now; null: until turned off. */
  until: (now: Date) => Date | null;
}

const inMinutes = (min: number) => (now: Date) => new Date(now.getTime() + min * 60_000);

/** Tomorrow at 9:00 on this device's clock. */
export function tomorrowAt9(now: Date): Date {
  return new Date(now.getFullYear(), now.getMonth(), now.getDate() + 1, 9, 0, 0, 0);
}

export const DND_CHOICES: DndChoice[] = [
  { label: "For 30 minutes", until: inMinutes(30) },
  { label: "For 1 hour", until: inMinutes(60) },
  { label: "For 2 hours", until: inMinutes(120) },
  { label: "Until tomorrow 9:00", until: tomorrowAt9 },
  { label: "Until I turn it off", until: () => null },
];

/** "14:30" today, "Sat 09:00" on another day (locale formatting). */
export function formatUntil(until: Date, now: Date, locale?: string): string {
  const sameDay = until.toDateString() === now.toDateString();
  return new Intl.DateTimeFormat(locale, sameDay ? { hour: "2-digit", minute: "2-digit" } : { weekday: "short", hour: "2-digit", minute: "2-digit" }).format(until);
}
