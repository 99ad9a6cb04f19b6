"use client";

import { useRouter } from "next/navigation";
import { api } from "@/components/ui/api";
import { usePresence } from "@/components/presence/presence-provider";
import type { Role } from "@/shared/roles";
import type { MemberView } from "@/shared/shell";
import { MembersTable, type AdminMemberRow } from "./members-table";

/** The admin table with live status from the PresenceProvider. */
export function AdminMembers({ slug, members, meId, myRole }: { slug: string; members: MemberView[]; meId: string; myRole: Role }) {
  const router = useRouter();
  const { getPresence, loaded, error, now } = usePresence();
  const problem = error ? <p role="alert" className="text-sm text-red-600">Could not load presence: {error}</p> : null;
  // Statuses already held stay on screen while a later sync fails (it is retried).
  if (!loaded) return problem ?? <p className="text-sm text-slate-500">Loading members…</p>;

  const rows: AdminMemberRow[] = members.map((m) => {
    const p = getPresence(m.id);
    return { ...m, status: p?.status ?? "offline", lastSeenAt: p?.lastSeenAt ?? null, lastSeen: p?.lastSeen };
  });
  const after = async (res: { ok: boolean; error?: string }) => {
    if (!res.ok) return res.error ?? "Request failed.";
    router.refresh();
    return null;
  };
  return (
    <>
      {problem}
      <MembersTable
        rows={rows}
        meId={meId}
        myRole={myRole}
        now={now}
        onChangeRole={async (userId, role) => after(await api(`/api/workspaces/${slug}/members/${userId}`, "PATCH", { role }))}
        onRemove={async (userId) => after(await api(`/api/workspaces/${slug}/members/${userId}`, "DELETE"))}
      />
    </>
  );
}
