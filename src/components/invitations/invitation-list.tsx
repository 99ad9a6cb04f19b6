"use client";

import { useState } from "react";
import { useRouter } from "next/navigation";
import { api } from "@/components/ui/api";
import { FormError } from "@/components/ui/field";
import { useHydrated } from "@/components/ui/use-hydrated";
import type { InvitationView } from "@/server/services/invites";

const dayFormat = new Intl.DateTimeFormat("en", { dateStyle: "medium" });

/** Pending invitations with Accept and Decline. */
export function InvitationList({ invitations }: { invitations: InvitationView[] }) {
  const router = useRouter();
  const hydrated = useHydrated();
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [declined, setDeclined] = useState<string | null>(null);

  async function accept(inv: InvitationView) {
    setBusy(inv.id);
    setError(null);
    const res = await api<{ slug: string }>(`/api/me/invitations/${inv.id}/accept`, "POST");
    if (!res.ok) {
      setBusy(null);
      setError(res.error);
      // A dead or revoked invitation leaves the list; the error says why.
      return router.refresh();
    }
    window.location.assign(`/w/${res.data.slug}`);
  }

  async function decline(inv: InvitationView) {
    setBusy(inv.id);
    setError(null);
    const res = await api(`/api/me/invitations/${inv.id}`, "DELETE");
    setBusy(null);
    if (!res.ok) return setError(res.error);
    setDeclined(inv.workspace.name);
    router.refresh();
  }

  return (
    <div className="space-y-3">
      <FormError message={error} />
      {declined && (
        <p role="status" className="text-sm text-slate-600">
          You declined the invitation to {declined}.
        </p>
      )}
      {invitations.length === 0 ? (
        <p className="text-sm text-slate-500">No pending invitations.</p>
      ) : (
        <ul className="divide-y divide-slate-100 rounded-lg border border-slate-200" data-testid="invitations">
          {invitations.map((inv) => (
            <li key={inv.id} className="space-y-2 p-3" data-invite-id={inv.id}>
              <div>
                <p dir="auto" className="font-medium text-slate-900">{inv.workspace.name}</p>
                <p className="text-sm text-slate-600">
                  <bdi>{inv.invitedBy}</bdi> invited you as {inv.role === "admin" ? "an admin" : "a member"} · expires {dayFormat.format(new Date(inv.expiresAt))}
                </p>
              </div>
              <div className="flex gap-2">
                <button
                  type="button"
                  onClick={() => accept(inv)}
                  disabled={!hydrated || busy !== null}
                  aria-label={`Accept invitation to ${inv.workspace.name}`}
                  className="rounded-md bg-indigo-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-indigo-500 disabled:opacity-60"
                >
                  {busy === inv.id ? "Joining…" : "Accept"}
                </button>
                <button
                  type="button"
                  onClick={() => decline(inv)}
                  disabled={!hydrated || busy !== null}
                  aria-label={`Decline invitation to ${inv.workspace.name}`}
                  className="rounded-md border border-slate-300 px-3 py-1.5 text-sm font-medium hover:bg-slate-50 disabled:opacity-60"
                >
                  Decline
                </button>
              </div>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
