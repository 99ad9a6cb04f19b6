"use client";

import { useState } from "react";
import { useRouter } from "next/navigation";
import { api } from "@/components/ui/api";
import type { ConversationSummary } from "@/shared/types";

/** Opens (or creates) the 1:1 DM with a member by a POST, then shows it. */
export function useOpenDm(slug: string) {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  async function open(userId: string) {
    setBusy(true);
    setError(null);
    const res = await api<ConversationSummary>(`/api/workspaces/${slug}/conversations`, "POST", { userIds: [userId] });
    setBusy(false);
    if (!res.ok) return setError(res.error);
    router.push(`/w/${slug}/dm/${res.data.id}`);
    router.refresh();
  }
  return { open, busy, error };
}
