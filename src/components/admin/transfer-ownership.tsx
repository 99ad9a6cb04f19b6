"use client";

import { useMemo, useState } from "react";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { MemberSearchPicker, useMemberNames } from "@/components/ui/member-picker";
import { carriesEveryone } from "@/components/ui/member-search";
import { api } from "@/components/ui/api";
import { FormError } from "@/components/ui/field";
import { useHydrated } from "@/components/ui/use-hydrated";
import type { MemberView } from "@/shared/shell";

/**
 * The owner hands the workspace to another member and stays on as an admin. A page that carries
 * every member offers them in a menu; a bigger workspace is searched by name.
 */
export function TransferOwnership({
  slug,
  members,
  memberCount,
  meId,
}: {
  slug: string;
  /** The members the page carries (ShellData.members). */
  members: MemberView[];
  /** How many members the workspace has (ShellData.memberCount). */
  memberCount?: number;
  meId: string;
}) {
  const hydrated = useHydrated();
  const others = members.filter((m) => m.id !== meId);
  const everyone = carriesEveryone(members.length, memberCount);
  const [to, setTo] = useState("");
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const { names, remember } = useMemberNames();
  const local = others.find((m) => m.id === to);
  const found = names.get(to);
  const target = local ? { id: local.id, name: local.name } : !everyone && to && found !== undefined ? { id: to, name: found } : undefined;
  const transferButton = (
    <button
      type="button"
      onClick={() => setOpen(true)}
      disabled={!hydrated || !target}
      className="rounded-md border border-slate-300 px-4 py-2 text-sm font-medium hover:bg-slate-50 disabled:opacity-50"
    >
      Transfer…
    </button>
  );
  const chosen = useMemo(() => new Set(to ? [to] : []), [to]);

  async function transfer() {
    if (!target) return;
    setBusy(true);
    setError(null);
    const res = await api(`/api/workspaces/${slug}/owner`, "POST", { userId: target.id });
    if (!res.ok) {
      setBusy(false);
      return setError(res.error);
    }
    window.location.reload();
  }

  return (
    <section id="transfer" aria-labelledby="transfer-heading" className="space-y-2 rounded-xl border border-slate-200 p-4">
      <h2 id="transfer-heading" className="text-sm font-semibold text-slate-700">
        Transfer ownership
      </h2>
      <p className="text-sm text-slate-600">The new owner manages admins; you stay on as an admin and can then leave.</p>
      {!everyone ? (
        <div className="space-y-2">
          <MemberSearchPicker
            members={others}
            memberCount={memberCount ?? members.length}
            excludeId={meId}
            picked={chosen}
            onToggle={setTo}
            names={names}
            onSeen={remember}
            single
            label="New owner"
            inputLabel="Find the new owner by name"
            className="max-w-md"
          />
          {transferButton}
        </div>
      ) : others.length === 0 ? (
        <p className="text-sm text-slate-500">Invite someone first: ownership goes to another member.</p>
      ) : (
        <div className="flex flex-wrap items-end gap-2">
          <div className="min-w-0 max-w-full">
            <label htmlFor="transfer-to" className="block text-sm font-medium text-slate-700">
              New owner
            </label>
            <select
              id="transfer-to"
              value={to}
              onChange={(e) => setTo(e.target.value)}
              className="mt-1 block max-w-full rounded-md border border-slate-300 py-2 pl-3 pr-8 text-sm"
            >
              <option value="">Choose a member</option>
              {others.map((m) => (
                <option key={m.id} value={m.id}>
                  {m.name} ({m.email})
                </option>
              ))}
            </select>
          </div>
          {transferButton}
        </div>
      )}
      {!open && <FormError message={error} />}
      <ConfirmDialog
        open={open}
        onOpenChange={(next) => !busy && setOpen(next)}
        title={`Make ${target?.name ?? ""} the owner?`}
        description="You become an admin. Only the new owner can undo this."
        error={error}
      >
        <button
          type="button"
          onClick={transfer}
          disabled={busy}
          className="rounded-md bg-indigo-600 px-4 py-2 text-sm font-medium text-white hover:bg-indigo-500 disabled:opacity-50"
        >
          {busy ? "Transferring…" : "Transfer ownership"}
        </button>
      </ConfirmDialog>
    </section>
  );
}
