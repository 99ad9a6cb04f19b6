"use client";

import { useCallback, useEffect, useState } from "react";
import * as Dialog from "@radix-ui/react-dialog";
import { DialogHeader } from "@/components/ui/dialog-header";
import { api } from "@/components/ui/api";
import { useInertShell } from "@/components/ui/use-inert-shell";
import { PersonAvatar } from "@/components/people/person-avatar";
import { MemberDot } from "@/components/presence/member-dot";
import { PresenceText } from "@/components/presence/presence-text";
import { formatCount, membersText } from "@/shared/format";
import type { ChannelMembersPage } from "@/shared/channel";
import type { ChannelCounts } from "@/shared/events";

/** A channel's members by name, a page at a time, each with their live dot and words (as the member list shows them). */
export function ChannelMembers({
  open,
  onOpenChange,
  slug,
  id,
  name,
  meId,
  counts,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  slug: string;
  id: string;
  name: string;
  meId: string;
  counts: ChannelCounts | null;
}) {
  useInertShell(open);
  const [rows, setRows] = useState<ChannelMembersPage["members"]>([]);
  const [next, setNext] = useState<string | null>(null);
  const [total, setTotal] = useState<number | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(
    async (cursor: string | null) => {
      setBusy(true);
      setError(null);
      const res = await api<ChannelMembersPage>(`/api/workspaces/${slug}/channels/${id}/members${cursor ? `?cursor=${encodeURIComponent(cursor)}` : ""}`, "GET");
      setBusy(false);
      if (!res.ok) return setError(res.error);
      setRows((prev) => (cursor ? [...prev, ...res.data.members] : res.data.members));
      setNext(res.data.next);
      setTotal(res.data.total);
    },
    [slug, id],
  );
  useEffect(() => {
    if (open) void load(null);
  }, [open, load]);

  return (
    <Dialog.Root open={open} onOpenChange={onOpenChange}>
      <Dialog.Portal>
        <Dialog.Overlay className="fixed inset-0 z-40 bg-slate-900/40" />
        <Dialog.Content className="fixed inset-y-0 right-0 z-50 flex w-full max-w-sm flex-col bg-white text-slate-900 shadow-xl" data-testid="channel-members">
          <div className="border-b border-slate-200 px-4 py-3">
            <DialogHeader
              title={`Members of #${name}`}
              description={
                <>
                  {counts ? `${formatCount(counts.online)} online · ` : ""}
                  {total === null ? "Loading…" : membersText(total)}
                </>
              }
            />
          </div>
          <ul className="flex-1 overflow-y-auto p-2" aria-label="Channel members" aria-busy={busy || undefined}>
            {rows.map((m) => (
              <li key={m.id} className="flex items-center gap-3 rounded-md px-2 py-1.5" data-testid="channel-member" data-user-id={m.id}>
                <PersonAvatar id={m.id} name={m.name} size="md">
                  <MemberDot userId={m.id} self={m.id === meId} size="sm" className="ring-white" />
                </PersonAvatar>
                <div className="min-w-0">
                  <p dir="auto" className="truncate text-sm font-medium">
                    {m.name}
                    {m.id === meId && <span className="font-normal text-slate-500"> (you)</span>}
                  </p>
                  <PresenceText userId={m.id} self={m.id === meId} className="block truncate text-xs text-slate-500" />
                </div>
              </li>
            ))}
            {error && (
              <li role="alert" className="px-2 py-3 text-sm text-rose-700">
                {error}
              </li>
            )}
          </ul>
          {next && (
            <div className="border-t border-slate-200 p-3">
              <button type="button" onClick={() => void load(next)} disabled={busy} className="w-full rounded-md border border-slate-300 px-3 py-2 text-sm font-medium hover:bg-slate-50 disabled:opacity-50">
                {busy ? "Loading…" : "Show more"}
              </button>
            </div>
          )}
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
