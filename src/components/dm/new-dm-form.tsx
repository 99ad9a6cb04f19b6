"use client";

import { useState } from "react";
import { useRouter } from "next/navigation";
import * as Dialog from "@radix-ui/react-dialog";
import { DialogHeader } from "@/components/ui/dialog-header";
import { MemberPicker, MemberSearchPicker, useMemberNames, usePicked } from "@/components/ui/member-picker";
import { escapeClearsSearch } from "@/components/ui/search-escape";
import { carriesEveryone } from "@/components/ui/member-search";
import { FormError } from "@/components/ui/field";
import { useInertShell } from "@/components/ui/use-inert-shell";
import { api } from "@/components/ui/api";
import type { ConversationSummary } from "@/shared/types";
import type { MemberView } from "@/shared/shell";

export interface NewDmProps {
  /** The members the page carries (ShellData.members). */
  members: MemberView[];
  /** How many members the workspace has (ShellData.memberCount); more than `members` holds: the picker searches the server. */
  memberCount?: number;
  meId: string;
  slug: string;
}

/** The new-message dialog (loaded when first opened: ./new-dm-dialog.tsx holds its button). */
export function NewDmForm({
  members,
  memberCount,
  meId,
  slug,
  open,
  onOpenChange: setOpen,
  returnFocusTo,
}: NewDmProps & { open: boolean; onOpenChange: (open: boolean) => void; returnFocusTo: React.RefObject<HTMLButtonElement | null> }) {
  const router = useRouter();
  const { picked, setPicked, toggle } = usePicked();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useInertShell(open);
  const others = members.filter((m) => m.id !== meId);
  const everyone = carriesEveryone(members.length, memberCount);
  const { names, remember } = useMemberNames();

  async function start() {
    if (picked.size === 1) {
      // A 1:1 DM is created by its first message: open the draft (or the existing DM).
      const [userId] = [...picked];
      setOpen(false);
      setPicked(new Set());
      return router.push(`/w/${slug}/dm/with/${userId}`);
    }
    setBusy(true);
    setError(null);
    const res = await api<ConversationSummary>(`/api/workspaces/${slug}/conversations`, "POST", { userIds: [...picked] });
    setBusy(false);
    if (!res.ok) return setError(res.error);
    setOpen(false);
    setPicked(new Set());
    router.push(`/w/${slug}/dm/${res.data.id}`);
    router.refresh();
  }

  return (
    <Dialog.Root open={open} onOpenChange={setOpen}>
      <Dialog.Portal>
        <Dialog.Overlay className="fixed inset-0 z-40 bg-slate-900/40" />
        <Dialog.Content
          onEscapeKeyDown={escapeClearsSearch}
          onCloseAutoFocus={(e) => {
            e.preventDefault();
            returnFocusTo.current?.focus();
          }}
          className="fixed left-1/2 top-1/2 z-50 w-full max-w-md -translate-x-1/2 -translate-y-1/2 rounded-xl bg-white p-5 shadow-xl"
        >
          <DialogHeader title="New message" description="Pick one person for a direct message, or several for a group." />
          {!everyone ? (
            <MemberSearchPicker
              members={others}
              memberCount={memberCount ?? members.length}
              excludeId={meId}
              picked={picked}
              onToggle={toggle}
              names={names}
              onSeen={remember}
              label="People to message"
            />
          ) : others.length === 0 ? (
            <p className="mt-4 text-sm text-slate-500">No one else is here yet. Invite your team first.</p>
          ) : (
            <MemberPicker members={others} picked={picked} onToggle={toggle} />
          )}
          <div className="mt-4 space-y-3">
            <FormError message={error} />
            <button
              onClick={start}
              disabled={busy || picked.size === 0}
              className="w-full rounded-md bg-indigo-600 px-4 py-2 text-sm font-medium text-white hover:bg-indigo-500 disabled:opacity-50"
            >
              {picked.size > 1 ? `Start group message (${picked.size + 1} people)` : "Start conversation"}
            </button>
          </div>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
