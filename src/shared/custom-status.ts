// Custom status (an emoji and a short text with an optional expiry): types, expiry
// choices and expiry on the client. No I/O. The schemas are in custom-status-input.ts.

export const MAX_STATUS_TEXT = 100;

export interface CustomStatus {
  emoji: string | null;
  text: string;
  /** ISO time when it clears itself; null: kept until cleared. */
  expiresAt: string | null;
}

/** One member's custom status as a viewer may see it. */
export interface UserStatus extends CustomStatus {
  userId: string;
}

/** Number of characters as people count them (code points), as the counter shows. */
export const textLength = (s: string) => Array.from(s).length;

/** Longest a status may be set for. */
export const MAX_STATUS_MS = 366 * 24 * 3600_000;

/** Checks the expiry against the server clock: in the future and at most a year ahead. */
export function expiryError(expiresAt: string | null, now: number): string | null {
  if (expiresAt === null) return null;
  const t = Date.parse(expiresAt);
  if (!(t > now)) return "That time has already passed.";
  if (t - now > MAX_STATUS_MS) return "A status can be set for at most a year.";
  return null;
}

export const isExpired = (s: Pick<CustomStatus, "expiresAt">, now: number) => s.expiresAt !== null && Date.parse(s.expiresAt) <= now;

// ---- Expiry choices (computed in the browser's own time zone) ----

export const EXPIRY_CHOICES = ["never", "30m", "1h", "4h", "today", "week", "date"] as const;
export type ExpiryChoice = (typeof EXPIRY_CHOICES)[number];
export const EXPIRY_LABEL: Record<ExpiryChoice, string> = {
  never: "Don't clear",
  "30m": "30 minutes",
  "1h": "1 hour",
  "4h": "4 hours",
  today: "Today",
  week: "This week",
  date: "Choose date",
};

/**
 * When a choice clears, in local time: durations from now; "today" at the next midnight;
 * "week" at the start of next Monday; "date" at the end of that day (a "YYYY-MM-DD" string).
 * Null: never, or a date that is not valid or already over.
 */
export function expiryFor(choice: ExpiryChoice, now: Date, date?: string): Date | null {
  const t = now.getTime();
  switch (choice) {
    case "never":
      return null;
    case "30m":
      return new Date(t + 30 * 60_000);
    case "1h":
      return new Date(t + 3600_000);
    case "4h":
      return new Date(t + 4 * 3600_000);
    case "today":
      return new Date(now.getFullYear(), now.getMonth(), now.getDate() + 1);
    case "week": {
      const daysToMonday = ((8 - now.getDay()) % 7) || 7;
      return new Date(now.getFullYear(), now.getMonth(), now.getDate() + daysToMonday);
    }
    case "date": {
      const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date ?? "");
      if (!m) return null;
      const end = new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]) + 1);
      return end.getTime() > t ? end : null;
    }
  }
}

// ---- Client side: statuses ride on the presence record (VisiblePresence.custom) ----

/** The status to show now (server time), or null. */
export function statusAt(custom: CustomStatus | null | undefined, serverNow: number): CustomStatus | null {
  return custom && !isExpired(custom, serverNow) ? custom : null;
}

/** The next moment (server time) one of these statuses expires, or null. */
export function nextExpiry(statuses: Iterable<CustomStatus | null | undefined>, serverNow: number): number | null {
  let min: number | null = null;
  for (const status of statuses) {
    if (!status?.expiresAt) continue;
    const t = Date.parse(status.expiresAt);
    if (t > serverNow && (min === null || t < min)) min = t;
  }
  return min;
}

/** "Clears in 25 min", "Clears at 17:00", "Clears on Mon 3 Dec": for tooltips. */
export function expiryText(expiresAt: string | null, serverNow: number): string | null {
  if (!expiresAt) return null;
  const t = Date.parse(expiresAt);
  const left = t - serverNow;
  if (left <= 0) return null;
  if (left < 3600_000) return `Clears in ${Math.max(1, Math.round(left / 60_000))} min`;
  const d = new Date(t);
  const sameDay = new Date(serverNow).toDateString() === d.toDateString();
  const time = d.toLocaleTimeString(undefined, { hour: "2-digit", minute: "2-digit" });
  if (sameDay) return `Clears at ${time}`;
  return `Clears on ${d.toLocaleDateString(undefined, { weekday: "short", day: "numeric", month: "short" })}, ${time}`;
}
