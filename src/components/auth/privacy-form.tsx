"use client";

import { useState } from "react";
import { FormError } from "@/components/ui/field";
import { Notice } from "@/components/ui/notice";
import { api } from "@/components/ui/api";

const CHOICES = [
  { value: false, label: "Exact time", hint: "Others see “last seen 5 min ago”." },
  { value: true, label: "Only roughly", hint: "Others see “last seen recently”, “within a week”, “within a month” or “a long time ago”." },
] as const;

/** Private last seen: whether others see when you were last online exactly or only roughly. */
export function PrivacyForm({ coarseLastSeen }: { coarseLastSeen: boolean }) {
  const [value, setValue] = useState(coarseLastSeen);
  const [saved, setSaved] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function choose(next: boolean) {
    if (next === value || busy) return;
    const before = value;
    setValue(next);
    setBusy(true);
    setSaved(false);
    setError(null);
    const res = await api("/api/me/privacy", "PUT", { coarseLastSeen: next });
    setBusy(false);
    if (!res.ok) {
      setValue(before);
      return setError(res.error);
    }
    setSaved(true);
  }

  return (
    <fieldset className="space-y-3" aria-describedby="last-seen-hint">
      <legend className="text-base font-semibold">Last seen</legend>
      <p id="last-seen-hint" className="text-sm text-slate-600">
        Who sees when you were last online, in every workspace. Your status (active, away, offline) is not affected.
      </p>
      {CHOICES.map((c) => (
        <label key={String(c.value)} className="flex min-h-11 cursor-pointer items-start gap-3 rounded-lg border border-slate-200 p-3 has-[:checked]:border-indigo-500 has-[:checked]:bg-indigo-50">
          <input
            type="radio"
            name="last-seen"
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
      {saved && <Notice>Saved. Others now see your last seen {value ? "only roughly" : "exactly"}.</Notice>}
    </fieldset>
  );
}
