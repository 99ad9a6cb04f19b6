"use client";

import { useState } from "react";
import { useRouter } from "next/navigation";
import { MemberPicker, MemberSearchPicker, useMemberNames, usePicked } from "@/components/ui/member-picker";
import { carriesEveryone } from "@/components/ui/member-search";
import { escapeClearsSearch } from "@/components/ui/search-escape";
import { FormError } from "@/components/ui/field";
import { DialogActions, FormDialog, PRIMARY_BUTTON, useSubmit } from "@/components/ui/form-dialog";
import { api } from "@/components/ui/api";
import type { MemberView } from "@/shared/shell";

/** Adds members of the workspace to a channel (any member of it may). */
export function AddPeopleDialog({
  onClose,
  slug,
  id,
  name,
  meId,
  members,
  memberCount,
}: {
  onClose: () => void;
  slug: string;
  id: string;
  name: string;
  meId: string;
  members: MemberView[];
  memberCount: number;
}) {
  const router = useRouter();
  const { picked, toggle } = usePicked();
  const { names, remember } = useMemberNames();
  const { busy, error, submit } = useSubmit();
  const [already, setAlready] = useState(false);
  function add() {
    setAlready(false);
    void submit(
      () => api<{ added: string[] }>(`/api/workspaces/${slug}/channels/${id}/members`, "POST", { userIds: [...picked] }),
      ({ added }) => {
        // Everyone picked was in it already: say so rather than close as if something happened.
        if (!added.length) return setAlready(true);
        onClose();
        router.refresh();
      },
    );
  }
  return (
    <FormDialog onClose={onClose} onEscapeKeyDown={escapeClearsSearch} title={`Add people to #${name}`} description="They see its history and new messages from now on.">
      {carriesEveryone(members.length, memberCount) ? (
        <MemberPicker members={members.filter((m) => m.id !== meId)} picked={picked} onToggle={toggle} />
      ) : (
        <MemberSearchPicker
          members={members}
          memberCount={memberCount}
          excludeId={meId}
          picked={picked}
          onToggle={toggle}
          names={names}
          onSeen={remember}
          label="People to add"
        />
      )}
      <div className="mt-4 space-y-3">
        <FormError message={error ?? (already ? (picked.size > 1 ? `They are already in #${name}.` : `Already in #${name}.`) : null)} />
        <DialogActions>
          <button onClick={add} disabled={busy || picked.size === 0} className={PRIMARY_BUTTON}>
            {picked.size > 1 ? `Add ${picked.size} people` : "Add"}
          </button>
        </DialogActions>
      </div>
    </FormDialog>
  );
}
