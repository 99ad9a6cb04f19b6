"use client";

import { useState } from "react";
import { useRouter } from "next/navigation";
import { api } from "@/components/ui/api";
import { FormError } from "@/components/ui/field";
import { useHydrated } from "@/components/ui/use-hydrated";

export interface PendingInviteRow {
  id: string;
  email: string;
  role: "owner" | "admin" | "member";
  createdAt: string;
  expiresAt: string;
  expired: boolean;
}

const dayFormat = new Intl.DateTimeFormat("en", { dateStyle: "medium" });

/** Invites waiting for an answer, by email only; admins revoke them or re-send expired ones. */
export function PendingInvites({ slug, invites }: { slug: string; invites: PendingInviteRow[] }) {
  const router = useRouter();
  const hydrated = useHydrated();
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  async function run(id: string, done: string, call: () => ReturnType<typeof api>) {
    setBusy(id);
    setError(null);
    setNotice(null);
    const res = await call();
    setBusy(null);
    if (!res.ok) return setError(res.error);
    setNotice(done);
    router.refresh();
  }

  const revoke = (i: PendingInviteRow) =>
    run(i.id, `Invite to ${i.email} revoked.`, () => api(`/api/workspaces/${slug}/invites/${i.id}`, "DELETE"));
  const resend = (i: PendingInviteRow) =>
    run(i.id, `Invite to ${i.email} sent again.`, () =>
      api(`/api/workspaces/${slug}/invites`, "POST", { email: i.email, role: i.role === "admin" ? "admin" : "member" }),
    );

  return (
    <section aria-labelledby="pending-heading" className="space-y-2">
      <h2 id="pending-heading" className="text-sm font-semibold text-slate-700">
        Pending invites <span className="font-normal text-slate-500">· {invites.length}</span>
      </h2>
      <FormError message={error} />
      {notice && (
        <p role="status" className="text-sm text-emerald-700">
          {notice}
        </p>
      )}
      {invites.length === 0 ? (
        <p className="text-sm text-slate-500">No pending invites. People you invite appear here until they accept.</p>
      ) : (
        <ul className="divide-y divide-slate-100 rounded-xl border border-slate-200" data-testid="pending-invites">
          {invites.map((i) => (
            <li key={i.id} data-invite-id={i.id} className="flex flex-wrap items-center justify-between gap-x-4 gap-y-1 px-4 py-2 text-sm">
              <span className="min-w-0 truncate font-medium text-slate-800">{i.email}</span>
              <span className="flex shrink-0 items-center gap-3 text-slate-500">
                <span>
                  <span className="capitalize">{i.role}</span> · invited {dayFormat.format(new Date(i.createdAt))} ·{" "}
                  {i.expired ? (
                    <span className="rounded-full bg-amber-100 px-2 py-0.5 text-xs font-medium text-amber-800">Expired</span>
                  ) : (
                    <>expires {dayFormat.format(new Date(i.expiresAt))}</>
                  )}
                </span>
                {i.expired && (
                  <button
                    type="button"
                    onClick={() => resend(i)}
                    disabled={!hydrated || busy !== null}
                    aria-label={`Send the invite to ${i.email} again`}
                    className="rounded-md px-2 py-1 font-medium text-indigo-600 hover:bg-indigo-50 disabled:opacity-50"
                  >
                    Re-send
                  </button>
                )}
                <button
                  type="button"
                  onClick={() => revoke(i)}
                  disabled={!hydrated || busy !== null}
                  aria-label={`Revoke the invite to ${i.email}`}
                  className="rounded-md px-2 py-1 font-medium text-red-600 hover:bg-red-50 disabled:opacity-50"
                >
                  {busy === i.id ? "Working…" : "Revoke"}
                </button>
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
