// Pure "last seen" formatting; no clock reads, so callers pass `now` (ideally server time).
const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** Beyond this many days, show a date ("Mar 4") instead of "N days ago". */
export const DATE_AFTER_DAYS = 30;

const isEnglish = (locale: string) => locale.toLowerCase().startsWith("en");

/**
 * "just now", "5 min ago", "2 hr ago", "yesterday", "3 days ago", then "Mar 4"
 * (with the year when it is not the year of `now`). Future times (clock skew) read "just now".
 */
export function formatLastSeen(iso: string, now: number, locale = "en"): string {
  const then = Date.parse(iso);
  if (Number.isNaN(then)) return "";
  const diff = now - then;
  const rtf = new Intl.RelativeTimeFormat(locale, { numeric: "auto", style: "short" });
  // English short units come as "min." / "hr."; drop the dots for a cleaner "5 min ago".
  const rel = (value: number, unit: Intl.RelativeTimeFormatUnit) => {
    const text = rtf.format(-value, unit);
    return isEnglish(locale) ? text.replace(/\./g, "") : text;
  };

  if (diff < MINUTE) return isEnglish(locale) ? "just now" : rtf.format(0, "second");
  if (diff < HOUR) return rel(Math.floor(diff / MINUTE), "minute");
  if (diff < DAY) return rel(Math.floor(diff / HOUR), "hour");
  const days = Math.floor(diff / DAY);
  if (days <= DATE_AFTER_DAYS) return rel(days, "day");

  const date = new Date(then);
  const sameYear = date.getFullYear() === new Date(now).getFullYear();
  return new Intl.DateTimeFormat(locale, {
    month: "short",
    day: "numeric",
    ...(sameYear ? {} : { year: "numeric" }),
  }).format(date);
}
