"use client";

import { useId, useRef, useState } from "react";
import { useRouter } from "next/navigation";
import { ImageUp, Trash2 } from "lucide-react";
import { Avatar } from "@/components/ui/avatar";
import { api } from "@/components/ui/api";
import { FormError } from "@/components/ui/field";
import { Notice } from "@/components/ui/notice";
import { useHydrated } from "@/components/ui/use-hydrated";
import { AVATAR_TYPES, MAX_AVATAR_BYTES, avatarUrl } from "@/shared/profile";

/** Your picture: upload (cropped to a square on the server), replace or remove; initials without one. */
export function AvatarForm({ userId, name, avatar }: { userId: string; name: string; avatar: string | null }) {
  const router = useRouter();
  const hydrated = useHydrated();
  const input = useRef<HTMLInputElement>(null);
  const inputId = useId();
  const [version, setVersion] = useState(avatar);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);

  async function upload(file: File) {
    setDone(null);
    if (!(AVATAR_TYPES as readonly string[]).includes(file.type)) return setError("Choose a PNG, JPEG, WebP or GIF image.");
    if (file.size > MAX_AVATAR_BYTES) return setError(`That picture is larger than ${MAX_AVATAR_BYTES / 1024 / 1024} MB.`);
    setBusy(true);
    let res: { ok: true; data: { avatar: string } } | { ok: false; error: string };
    try {
      const r = await fetch("/api/me/avatar", { method: "POST", headers: { "content-type": file.type }, body: file });
      res = ((await r.json().catch(() => null)) as typeof res | null) ?? { ok: false, error: `Upload failed (${r.status}).` };
    } catch {
      res = { ok: false, error: "Could not reach the server. Check your connection." };
    }
    setBusy(false);
    if (input.current) input.current.value = "";
    if (!res.ok) return setError(res.error);
    setError(null);
    setVersion(res.data.avatar);
    setDone("Picture saved.");
    router.refresh();
  }

  async function remove() {
    setBusy(true);
    setDone(null);
    const res = await api<{ avatar: null }>("/api/me/avatar", "DELETE");
    setBusy(false);
    if (!res.ok) return setError(res.error);
    setError(null);
    setVersion(null);
    setDone("Picture removed.");
    router.refresh();
  }

  return (
    <section className="space-y-3" aria-labelledby="avatar-heading">
      <h2 id="avatar-heading" className="text-base font-semibold">
        Picture
      </h2>
      <div className="flex items-center gap-4">
        <Avatar id={userId} name={name} size="xl" picture={version ? avatarUrl(userId, version, 256) : null} />
        <div className="flex flex-wrap gap-2">
          <input
            ref={input}
            id={inputId}
            type="file"
            accept={AVATAR_TYPES.join(",")}
            className="sr-only"
            disabled={busy || !hydrated}
            data-testid="avatar-input"
            onChange={(e) => {
              const file = e.target.files?.[0];
              if (file) void upload(file);
            }}
          />
          <label
            htmlFor={inputId}
            className="inline-flex min-h-9 cursor-pointer items-center gap-1.5 rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium text-slate-800 shadow-sm hover:bg-slate-50 max-md:min-h-11 [input:focus-visible+&]:ring-2 [input:focus-visible+&]:ring-indigo-500"
          >
            <ImageUp className="h-4 w-4" aria-hidden />
            {busy ? "Uploading…" : version ? "Change picture" : "Upload a picture"}
          </label>
          {version && (
            <button
              type="button"
              onClick={() => void remove()}
              disabled={busy}
              className="inline-flex min-h-9 items-center gap-1.5 rounded-md px-3 py-1.5 text-sm font-medium text-red-700 hover:bg-red-50 disabled:opacity-60 max-md:min-h-11"
            >
              <Trash2 className="h-4 w-4" aria-hidden />
              Remove
            </button>
          )}
        </div>
      </div>
      <p className="text-xs text-slate-600">PNG, JPEG, WebP or GIF, up to 5 MB. It is cropped to a square from the centre.</p>
      <FormError message={error} />
      {done && <Notice>{done}</Notice>}
    </section>
  );
}
