"use client";

import { useEffect, useMemo, useState } from "react";
import { currentOrNext, dndScheduleInput, type DndSchedule } from "@/shared/dnd-schedule";
import { firstError } from "@/shared/schemas";
import { FormError } from "@/components/ui/field";
import { Notice } from "@/components/ui/notice";
import { api } from "@/components/ui/api";

const DAYS = [
  { day: 1, short: "Mon", long: "Monday" },
  { day: 2, short: "Tue", long: "Tuesday" },
  { day: 3, short: "Wed", long: "Wednesday" },
  { day: 4, short: "Thu", long: "Thursday" },
  { day: 5, short: "Fri", long: "Friday" },
  { day: 6, short: "Sat", long: "Saturday" },
  { day: 0, short: "Sun", long: "Sunday" },
];

const browserZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";

function zones(current: string): string[] {
  const all = typeof Intl.supportedValuesOf === "function" ? Intl.supportedValuesOf("timeZone") : [];
  return all.includes(current) ? all : [current, ...all];
}

const input =
  "mt-1 block w-full rounded-md border border-slate-300 px-3 py-2 text-sm shadow-sm focus:border-indigo-500 focus:outline-none focus:ring-1 focus:ring-indigo-500";

/** Account section: weekly do-not-disturb windows in a chosen time zone. */
export function DndScheduleForm() {
  const [s, setS] = useState<DndSchedule | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    void api<{ schedule: DndSchedule | null }>("/api/me/dnd", "GET").then((res) => {
      const fallback = { enabled: false, days: [1, 2, 3, 4, 5], start: "22:00", end: "07:00", timeZone: browserZone() };
      setS(res.ok && res.data.schedule ? res.data.schedule : fallback);
    });
  }, []);

  const next = useMemo(() => {
    const parsed = s && dndScheduleInput.safeParse(s);
    const w = parsed?.success ? currentOrNext(parsed.data, Date.now()) : null;
    if (!w || !s) return null;
    const fmt = new Intl.DateTimeFormat(undefined, { weekday: "short", day: "numeric", month: "short", hour: "2-digit", minute: "2-digit", timeZone: s.timeZone });
    return `${fmt.format(w.start)} – ${fmt.format(w.end)}`;
  }, [s]);

  if (!s) return <p className="text-sm text-slate-500">Loading your schedule…</p>;
  const update = (patch: Partial<DndSchedule>) => {
    setSaved(false);
    setS({ ...s, ...patch });
  };

  async function onSubmit(e: React.FormEvent) {
    e.preventDefault();
    const parsed = dndScheduleInput.safeParse(s);
    setSaved(false);
    if (!parsed.success) return setError(firstError(parsed.error));
    setBusy(true);
    setError(null);
    const res = await api("/api/me/dnd", "PUT", parsed.data);
    setBusy(false);
    if (!res.ok) return setError(res.error);
    setSaved(true);
  }

  return (
    <form onSubmit={onSubmit} className="space-y-4" noValidate aria-labelledby="dnd-schedule">
      <h2 id="dnd-schedule" className="text-base font-semibold">Do-not-disturb schedule</h2>
      <p className="text-sm text-slate-600">
        During these hours your status turns to do not disturb, and back to what it was afterwards.
      </p>
      <label className="flex items-center gap-2 text-sm font-medium text-slate-700">
        <input type="checkbox" checked={s.enabled} onChange={(e) => update({ enabled: e.target.checked })} className="h-4 w-4 rounded border-slate-300" />
        Turn on the schedule
      </label>
      <fieldset>
        <legend className="text-sm font-medium text-slate-700">Days (when the quiet time starts)</legend>
        <div className="mt-1 flex flex-wrap gap-1.5">
          {DAYS.map(({ day, short, long }) => {
            const on = s.days.includes(day);
            return (
              <label
                key={day}
                className={`flex min-h-11 min-w-11 cursor-pointer items-center justify-center rounded-md border px-2 text-sm has-[:focus-visible]:ring-2 has-[:focus-visible]:ring-indigo-500 ${on ? "border-indigo-600 bg-indigo-50 font-semibold text-indigo-800" : "border-slate-300 text-slate-700"}`}
              >
                <input
                  type="checkbox"
                  className="sr-only"
                  checked={on}
                  aria-label={long}
                  onChange={() => update({ days: on ? s.days.filter((d) => d !== day) : [...s.days, day] })}
                />
                <span aria-hidden>{short}</span>
              </label>
            );
          })}
        </div>
      </fieldset>
      <div className="grid grid-cols-2 gap-3">
        <div>
          <label htmlFor="dnd-start" className="block text-sm font-medium text-slate-700">From</label>
          <input id="dnd-start" type="time" required value={s.start} onChange={(e) => update({ start: e.target.value })} className={input} />
        </div>
        <div>
          <label htmlFor="dnd-end" className="block text-sm font-medium text-slate-700">To</label>
          <input id="dnd-end" type="time" required value={s.end} onChange={(e) => update({ end: e.target.value })} className={input} aria-describedby="dnd-end-hint" />
        </div>
      </div>
      <p id="dnd-end-hint" className="-mt-2 text-xs text-slate-500">An end before the start runs past midnight (22:00 to 07:00).</p>
      <div>
        <label htmlFor="dnd-zone" className="block text-sm font-medium text-slate-700">Time zone</label>
        <select id="dnd-zone" value={s.timeZone} onChange={(e) => update({ timeZone: e.target.value })} className={input}>
          {zones(s.timeZone).map((z) => (
            <option key={z} value={z}>
              {z.replaceAll("_", " ")}
            </option>
          ))}
        </select>
      </div>
      {s.enabled && next && <p className="text-sm text-slate-600">Next quiet time: {next}</p>}
      <FormError message={error} />
      {saved && <Notice>Schedule saved.</Notice>}
      <button
        type="submit"
        disabled={busy}
        className="w-full rounded-md bg-indigo-600 px-4 py-2 text-sm font-medium text-white shadow-sm hover:bg-indigo-500 disabled:opacity-60"
      >
        {busy ? "Saving…" : "Save schedule"}
      </button>
    </form>
  );
}
