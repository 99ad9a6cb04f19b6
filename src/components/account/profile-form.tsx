"use client";

import { useMemo, useState } from "react";
import { useRouter } from "next/navigation";
import { api } from "@/components/ui/api";
import { Field, FormError, SubmitButton } from "@/components/ui/field";
import { Notice } from "@/components/ui/notice";
import { useHydrated } from "@/components/ui/use-hydrated";
import { clockTime } from "@/shared/local-time";
import { MAX_TITLE_LENGTH, timeZones, type MyProfile } from "@/shared/profile";

const detected = () => Intl.DateTimeFormat().resolvedOptions().timeZone;

/** Name, title and time zone: what everyone in your workspaces sees next to your presence. */
export function ProfileForm({ profile }: { profile: MyProfile }) {
  const router = useRouter();
  const hydrated = useHydrated();
  const [name, setName] = useState(profile.name);
  const [title, setTitle] = useState(profile.title ?? "");
  const [zone, setZone] = useState<string | null>(profile.timeZone);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  // The zone list is this browser's (the server checks against its own); before hydration, only the saved one.
  const zones = useMemo(() => (hydrated ? timeZones() : profile.timeZone ? [profile.timeZone] : []), [hydrated, profile.timeZone]);
  const here = hydrated ? detected() : null;
  const shown = zone ?? here ?? "";

  async function save(e: React.FormEvent) {
    e.preventDefault();
    setBusy(true);
    setSaved(false);
    const res = await api<MyProfile>("/api/me/profile", "PUT", { name, title, ...(shown ? { timeZone: shown } : {}) });
    setBusy(false);
    if (!res.ok) return setError(res.error);
    setError(null);
    setSaved(true);
    setName(res.data.name);
    setTitle(res.data.title ?? "");
    setZone(res.data.timeZone);
    router.refresh();
  }

  const change = () => {
    setSaved(false);
    setError(null);
  };

  return (
    <form onSubmit={save} className="space-y-4" aria-labelledby="profile-heading">
      <h2 id="profile-heading" className="text-base font-semibold">
        Profile
      </h2>
      <Field label="Display name" id="profile-name" value={name} required maxLength={80} autoComplete="name" onChange={(e) => (setName(e.target.value), change())} />
      <Field
        label="Title"
        id="profile-title"
        value={title}
        maxLength={MAX_TITLE_LENGTH}
        placeholder="What you do, e.g. Designer"
        onChange={(e) => (setTitle(e.target.value), change())}
      />
      <div>
        <label htmlFor="profile-zone" className="block text-sm font-medium text-slate-700">
          Time zone
        </label>
        <select
          id="profile-zone"
          value={shown}
          onChange={(e) => (setZone(e.target.value), change())}
          className="mt-1 block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm focus:border-indigo-500 focus:outline-none focus:ring-1 focus:ring-indigo-500"
          aria-describedby="profile-zone-hint"
        >
          {!shown && <option value="">Not set</option>}
          {zones.map((z) => (
            <option key={z} value={z}>
              {z.replace(/_/g, " ")}
            </option>
          ))}
        </select>
        <p id="profile-zone-hint" className="mt-1 text-xs text-slate-600">
          {shown && hydrated ? `Others see your local time: ${clockTime(shown, Date.now())}.` : "Others see your local time next to your status."}
          {here && here !== shown && (
            <>
              {" "}
              <button type="button" className="font-medium text-indigo-700 underline underline-offset-2 hover:text-indigo-900" onClick={() => (setZone(here), change())}>
                Use this device’s zone ({here.replace(/_/g, " ")})
              </button>
            </>
          )}
        </p>
      </div>
      <FormError message={error} />
      {saved && <Notice>Saved. People in your workspaces see it now.</Notice>}
      <SubmitButton busy={busy}>Save profile</SubmitButton>
    </form>
  );
}
