"use client";

import { useState } from "react";
import { useRouter } from "next/navigation";
import { Hash } from "lucide-react";
import { api } from "@/components/ui/api";
import { FormError } from "@/components/ui/field";
import { membersText } from "@/shared/format";

/** A public channel seen from outside: what it is about, and the button to join it. */
export function JoinChannel({ slug, id, name, topic, memberCount, archived }: { slug: string; id: string; name: string; topic: string; memberCount: number; archived: boolean }) {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  async function join() {
    setBusy(true);
    setError(null);
    const res = await api(`/api/workspaces/${slug}/channels/${id}/join`, "POST");
    setBusy(false);
    if (!res.ok) return setError(res.error);
    router.refresh();
  }
  return (
    <div className="flex flex-1 items-center justify-center p-6">
      <div className="max-w-md text-center">
        <span className="mx-auto inline-flex h-12 w-12 items-center justify-center rounded-xl bg-indigo-50 text-indigo-600">
          <Hash className="h-6 w-6" aria-hidden />
        </span>
        <h2 className="mt-3 text-xl font-semibold">#{name}</h2>
        {topic && <p dir="auto" className="mt-1 text-slate-600">{topic}</p>}
        <p className="mt-1 text-sm text-slate-500">{membersText(memberCount)}</p>
        {archived ? (
          <p className="mt-5 text-sm text-slate-600">This channel is archived: nobody can join it.</p>
        ) : (
          <>
            <p className="mt-5 text-sm text-slate-600">Join to read its messages and write in it.</p>
            <button onClick={join} disabled={busy} className="mt-3 rounded-md bg-indigo-600 px-5 py-2 text-sm font-medium text-white hover:bg-indigo-500 disabled:opacity-50">
              {busy ? "Joining…" : `Join #${name}`}
            </button>
          </>
        )}
        <div className="mt-3">
          <FormError message={error} />
        </div>
      </div>
    </div>
  );
}
