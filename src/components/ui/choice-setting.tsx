"use client";

import { useState } from "react";
import { FormError } from "@/components/ui/field";
import { Notice } from "@/components/ui/notice";
import { api } from "@/components/ui/api";

export interface Choice<T> {
  value: T;
  label: string;
  hint: string;
}

/**
 * A setting chosen from a few radio cards, saved on change (PUT `path` with `{ [field]: value }`):
 * shown chosen at once, put back with the server's error if the save fails.
 */
export function ChoiceSetting<T extends string | boolean>(props: {
  legend: string;
  hint: string;
  /** The radio group's name; also names the hint's id. */
  name: string;
  path: string;
  field: string;
  choices: readonly Choice<T>[];
  initial: T;
  saved: (value: T) => string;
  /** Runs once the server kept the choice. */
  onSaved?: (value: T) => void;
}) {
  const [value, setValue] = useState<T>(props.initial);
  const [saved, setSaved] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function choose(next: T) {
    if (next === value || busy) return;
    const before = value;
    setValue(next);
    setBusy(true);
    setSaved(false);
    setError(null);
    const res = await api(props.path, "PUT", { [props.field]: next });
    setBusy(false);
    if (!res.ok) {
      setValue(before);
      return setError(res.error);
    }
    setSaved(true);
    props.onSaved?.(next);
  }

  const hintId = `${props.name}-hint`;
  return (
    <fieldset className="space-y-3" aria-describedby={hintId}>
      <legend className="text-base font-semibold">{props.legend}</legend>
      <p id={hintId} className="text-sm text-slate-600">
        {props.hint}
      </p>
      {props.choices.map((c) => (
        <label key={String(c.value)} className="flex min-h-11 cursor-pointer items-start gap-3 rounded-lg border border-slate-200 p-3 has-[:checked]:border-indigo-500 has-[:checked]:bg-indigo-50">
          <input
            type="radio"
            name={props.name}
            value={String(c.value)}
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
      {saved && <Notice>{props.saved(value)}</Notice>}
    </fieldset>
  );
}
