"use client";

import { FormError } from "@/components/ui/field";
import { useHydrated } from "@/components/ui/use-hydrated";
import { useOpenDm } from "./open-dm";

/** The button that starts a DM that does not exist yet. */
export function StartDm({ slug, userId, name }: { slug: string; userId: string; name: string }) {
  const hydrated = useHydrated();
  const { open, busy, error } = useOpenDm(slug);
  return (
    <div className="space-y-3">
      <button
        type="button"
        onClick={() => open(userId)}
        disabled={!hydrated || busy}
        className="rounded-md bg-indigo-600 px-4 py-2 text-sm font-medium text-white hover:bg-indigo-500 disabled:opacity-60"
      >
        {busy ? "Starting…" : `Start conversation with ${name}`}
      </button>
      <FormError message={error} />
    </div>
  );
}
