"use client";

import { useState } from "react";
import { FormError } from "@/components/ui/field";
import { Notice } from "@/components/ui/notice";
import { api } from "@/components/ui/api";
import { awayChoices, type AwayAfter, type AwayPolicy } from "@/shared/away";

/** When switching away from Roster shows you away; applies at once to every open tab and device. */
export function AwayForm({ awayAfter, idleMs, switchDelayMs }: AwayPolicy) {
  const [value, setValue] = useState<AwayAfter>(awayAfter);
  const [saved, setSaved] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const choices = awayChoices({ idleMs, switchDelayMs });

  async function choose(next: AwayAfter) {
    if (next === value || busy) return;
    const before = value;
    setValue(next);
    setBusy(true);
    setSaved(false);
    setError(null);
    const res = await api("/api/me/away", "PUT", { awayAfter: next });
    setBusy(false);
    if (!res.ok) {
      setValue(before);
      return setError(res.error);
    }
    setSaved(true);
  }

  return (
    <fieldset className="space-y-3" aria-describedby="away-hint">
      <legend className="text-base font-semibold">Show me as away</legend>
      <p id="away-hint" className="text-sm text-slate-600">
        While you are set to Automatic, on every device you use.
      </p>
      {choices.map((c) => (
        <label key={c.value} className="flex min-h-11 cursor-pointer items-start gap-3 rounded-lg border border-slate-200 p-3 has-[:checked]:border-indigo-500 has-[:checked]:bg-indigo-50">
          <input
            type="radio"
            name="away-after"
            value={c.value}
            className="mt-1 h-4 w-4 accent-indigo-600"
            checked={value === c.value}
            disabled={busy}
            onChange={() => void choose(c.value)}
          />
          <span>
            <span className="block text-sm font-medium text-slate-900">{c.label}</span>
            <span className="block text-xs text-slate-600">{c.hint}</span>
          </span>
        </label>
      ))}
      <FormError message={error} />
      {saved && <Notice>Saved. Your open tabs and devices use it now.</Notice>}
    </fieldset>
  );
}
