"use client";

import { ChoiceSetting } from "@/components/ui/choice-setting";

const CHOICES = [
  { value: false, label: "Exact time", hint: "Others see “last seen 5 min ago”." },
  { value: true, label: "Only roughly", hint: "Others see “last seen recently”, “within a week”, “within a month” or “a long time ago”." },
] as const;

/** Private last seen: whether others see when you were last online exactly or only roughly. */
export function PrivacyForm({ coarseLastSeen }: { coarseLastSeen: boolean }) {
  return (
    <ChoiceSetting<boolean>
      legend="Last seen"
      hint="Who sees when you were last online, in every workspace. Your status (active, away, offline) is not affected."
      name="last-seen"
      path="/api/me/privacy"
      field="coarseLastSeen"
      choices={CHOICES}
      initial={coarseLastSeen}
      saved={(rough) => `Saved. Others now see your last seen ${rough ? "only roughly" : "exactly"}.`}
    />
  );
}
