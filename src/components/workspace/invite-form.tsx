"use client";

import { useState } from "react";
import { useRouter } from "next/navigation";
import { api } from "@/components/ui/api";
import { useHydrated } from "@/components/ui/use-hydrated";

export function InviteForm({ slug }: { slug: string }) {
  const router = useRouter();
  const [message, setMessage] = useState<{ kind: "ok" | "error"; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const hydrated = useHydrated();

  async function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const formEl = e.currentTarget;
    const form = new FormData(formEl);
    // The schemas load on the first submit: the page needs none of them to appear.
    const schemas = await import("@/shared/schemas").catch(() => null);
    if (!schemas) return setMessage({ kind: "error", text: "No answer from the server; try again." });
    const { inviteInput, firstError } = schemas;
    const parsed = inviteInput.safeParse({ email: form.get("email"), role: form.get("role") });
    if (!parsed.success) return setMessage({ kind: "error", text: firstError(parsed.error) });
    setBusy(true);
    const res = await api<{ status: "invited"; email: string }>(`/api/workspaces/${slug}/invites`, "POST", parsed.data);
    setBusy(false);
    if (!res.ok) return setMessage({ kind: "error", text: res.error });
    formEl.reset();
    setMessage({ kind: "ok", text: `Invitation sent to ${res.data.email}. They join once they accept it.` });
    router.refresh();
  }

  return (
    <form onSubmit={onSubmit} method="post" className="flex flex-wrap items-end gap-2" noValidate aria-label="Invite a member">
      <div className="min-w-56 flex-1">
        <label htmlFor="invite-email" className="block text-sm font-medium text-slate-700">
          Invite by email
        </label>
        <input
          id="invite-email"
          name="email"
          type="email"
          placeholder="teammate@company.com"
          className="mt-1 block w-full rounded-md border border-slate-300 px-3 py-2 text-sm focus:border-indigo-500 focus:outline-none focus:ring-1 focus:ring-indigo-500"
        />
      </div>
      <div>
        <label htmlFor="invite-role" className="block text-sm font-medium text-slate-700">
          Role
        </label>
        <select id="invite-role" name="role" defaultValue="member" className="mt-1 block rounded-md border border-slate-300 px-2 py-2 text-sm">
          <option value="member">Member</option>
          <option value="admin">Admin</option>
        </select>
      </div>
      <button
        type="submit"
        disabled={busy || !hydrated}
        className="rounded-md bg-indigo-600 px-4 py-2 text-sm font-medium text-white hover:bg-indigo-500 disabled:opacity-60"
      >
        {busy ? "Inviting…" : "Send invite"}
      </button>
      {message && (
        <p role={message.kind === "error" ? "alert" : "status"} className={`w-full text-sm ${message.kind === "error" ? "text-red-600" : "text-emerald-700"}`}>
          {message.text}
        </p>
      )}
    </form>
  );
}
