"use client";

import { ChoiceSetting } from "@/components/ui/choice-setting";
import { awayChoices, type AwayPolicy } from "@/shared/away";

/** When switching away from Roster shows you away; applies at once to every open tab and device. */
export function AwayForm({ awayAfter, idleMs, switchDelayMs }: AwayPolicy) {
  return (
    <ChoiceSetting
      legend="Show me as away"
      hint="While you are set to Automatic, on every device you use."
      name="away-after"
      path="/api/me/away"
      field="awayAfter"
      choices={awayChoices({ idleMs, switchDelayMs })}
      initial={awayAfter}
      saved={() => "Saved. Your open tabs and devices use it now."}
    />
  );
}
