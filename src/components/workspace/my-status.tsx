"use client";

import { StatusMenu } from "@/components/presence/status-menu";
import { usePresence } from "@/components/presence/presence-provider";
import dynamic from "next/dynamic";
import { onceOpened } from "@/components/ui/once-opened";
import type { MemberView } from "@/shared/shell";

// The status dialog (presets, emoji picker) loads when first opened: it is not needed at first paint.
const StatusDialog = onceOpened(dynamic(() => import("@/components/presence/status-dialog").then((m) => m.StatusDialog)));

/** The status menu, fed by the PresenceProvider. */
export function MyStatus({
  meId,
  members,
  memberCount,
}: {
  meId: string;
  /** The members the page carries (ShellData.members). */
  members: MemberView[];
  /** How many members the workspace has (ShellData.memberCount). */
  memberCount?: number;
}) {
  const { me, getPresence, setMode, setAllowlist, statuses, dndUntil } = usePresence();
  if (!me) return <div className="h-9" aria-hidden />;
  return (
    <StatusMenu
      mode={me.mode}
      // While invisible your own dot is hollow (how most people see you), never your live green.
      status={me.mode === "invisible" ? "offline" : (getPresence(meId)?.status ?? "offline")}
      onSetMode={setMode}
      dndUntil={dndUntil}
      members={members}
      memberCount={memberCount}
      allowlist={me.allowlist}
      onSetAllowlist={setAllowlist}
      meId={meId}
      customStatus={statuses.getStatus(meId)}
      statusDialog={(p) => (
        <StatusDialog {...p} current={statuses.getStatus(meId)} onSave={statuses.setStatus} onClear={statuses.clearStatus} />
      )}
    />
  );
}
