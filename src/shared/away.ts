// The away setting: when switching away from Roster makes a user away. Stored per user, the same
// on every device; the timing itself runs in each tab (src/lib/away.ts).

/**
 * `switch`: away at once when the tab is hidden or the window blurred (the default);
 * `minute`: away once hidden or blurred for the switch delay (1 minute) without a break;
 * `input`: switching alone never makes you away; no input for the idle timeout (10 minutes) does.
 */
export const AWAY_AFTER = ["switch", "minute", "input"] as const;
export type AwayAfter = (typeof AWAY_AFTER)[number];
export const DEFAULT_AWAY_AFTER: AwayAfter = "switch";


/** Everything a tab needs to decide when it is idle. */
export interface AwayPolicy {
  awayAfter: AwayAfter;
  /** No input for this long makes a tab idle (PRESENCE_IDLE_MS). */
  idleMs: number;
  /** With `minute`: hidden or blurred this long makes a tab idle (PRESENCE_AWAY_DELAY_MS). */
  switchDelayMs: number;
}

/** "1 minute", "10 minutes", "8 seconds": a duration as the setting's labels say it. */
export function spellDuration(ms: number): string {
  const unit = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;
  if (ms >= 3_600_000 && ms % 3_600_000 === 0) return unit(ms / 3_600_000, "hour");
  if (ms >= 60_000 && ms % 60_000 === 0) return unit(ms / 60_000, "minute");
  return unit(Math.round(ms / 1_000), "second");
}

/** The Account page's choices, worded with the configured times. */
export function awayChoices(p: Pick<AwayPolicy, "idleMs" | "switchDelayMs">): { value: AwayAfter; label: string; hint: string }[] {
  return [
    { value: "switch", label: "When I switch tabs or windows", hint: "At once: others see you away as soon as you leave Roster." },
    {
      value: "minute",
      label: `After ${spellDuration(p.switchDelayMs)} away from Roster`,
      hint: "A quick look at another tab or window keeps you active.",
    },
    {
      value: "input",
      label: `Only after ${spellDuration(p.idleMs)} without input`,
      hint: "Switching away alone never shows you away; only not using Roster does.",
    },
  ];
}
