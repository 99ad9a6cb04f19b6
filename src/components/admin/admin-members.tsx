"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import { useRouter } from "next/navigation";
import { api } from "@/components/ui/api";
import { usePresence, useWatch } from "@/components/presence/presence-provider";
import { useRealtime } from "@/components/realtime/realtime-provider";
import { DEFAULT_PAGE_SIZE, type AdminMembersPage, type MemberRole, type SortDir, type SortKey } from "@/shared/admin-members";
import type { PresenceStatus } from "@/shared/presence";
import type { Role } from "@/shared/roles";
import { MembersTable, type MembersTableControls, type ShownMemberRow } from "./members-table";

/** Typing waits this long before the page is asked again. */
const SEARCH_DEBOUNCE_MS = 300;
/** While the order or the filter depends on presence (status filter or sort, last seen sort): refetched this often. */
const PRESENCE_REFRESH_MS = 20_000;
/** Otherwise, for the online count: this often. */
const IDLE_REFRESH_MS = 60_000;

/**
 * The admin table, paged, filtered and sorted by the server (GET /api/workspaces/:slug/members).
 * The rows it shows take their live dot and last seen from the PresenceProvider, which holds the
 * same view of each member as the server's answer (one audience rule); the page is asked again
 * when its order or filter could have changed.
 */
export function AdminMembers({ slug, meId, myRole }: { slug: string; meId: string; myRole: Role }) {
  const router = useRouter();
  const { getPresence, error: presenceError, now } = usePresence();
  const { socket } = useRealtime();

  const [query, setQuery] = useState("");
  const [searched, setSearched] = useState("");
  const [status, setStatus] = useState<PresenceStatus | "all">("all");
  const [role, setRole] = useState<MemberRole | "all">("all");
  const [sort, setSort] = useState<SortKey>("name");
  const [dir, setDir] = useState<SortDir>("asc");
  const [page, setPage] = useState(1);
  const [data, setData] = useState<AdminMembersPage | null>(null);
  const [loading, setLoading] = useState(true);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [tick, setTick] = useState(0);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  const seq = useRef(0);

  // Debounced search; a new search starts at the first page.
  useEffect(() => {
    const t = setTimeout(() => {
      setSearched(query.trim());
      setPage(1);
    }, SEARCH_DEBOUNCE_MS);
    return () => clearTimeout(t);
  }, [query]);

  useEffect(() => {
    const mine = ++seq.current;
    setLoading(true);
    const params = new URLSearchParams({ page: String(page), size: String(DEFAULT_PAGE_SIZE), status, role, sort, dir });
    if (searched) params.set("q", searched);
    void api<AdminMembersPage>(`/api/workspaces/${slug}/members?${params}`, "GET").then((res) => {
      if (mine !== seq.current) return; // a later request is on its way
      setLoading(false);
      if (!res.ok) return setLoadError(res.error);
      setLoadError(null);
      const last = Math.max(1, Math.ceil(res.data.total / res.data.size));
      // The page emptied under us (members removed, statuses changed): go to the last one there is.
      if (res.data.rows.length === 0 && page > last) return setPage(last);
      setData(res.data);
    });
  }, [slug, page, status, role, sort, dir, searched, tick]);

  // The order or the filter may have moved since the answer: ask again now and then (not while hidden).
  const presenceDependent = status !== "all" || sort === "lastSeen" || sort === "status";
  useEffect(() => {
    const t = setInterval(() => {
      if (document.visibilityState === "visible") reload();
    }, presenceDependent ? PRESENCE_REFRESH_MS : IDLE_REFRESH_MS);
    return () => clearInterval(t);
  }, [presenceDependent, reload]);

  // Membership changed (invited member joined, removed, role changed): this page again, soon.
  useEffect(() => {
    if (!socket) return;
    let later: ReturnType<typeof setTimeout> | undefined;
    const soon = () => {
      clearTimeout(later);
      later = setTimeout(reload, 250 + Math.random() * 750);
    };
    socket.on("workspace:membersChanged", soon);
    return () => {
      socket.off("workspace:membersChanged", soon);
      clearTimeout(later);
    };
  }, [socket, reload]);

  // The dot and last seen of the rows shown, live from the provider (the same view as the answer).
  useWatch(data?.rows.map((r) => r.id) ?? []);
  const rows: ShownMemberRow[] | null =
    data?.rows.map((r) => {
      const p = getPresence(r.id);
      return p ? { ...r, status: p.status, lastSeenAt: p.lastSeenAt, lastSeen: p.lastSeen, dndUntil: p.dndUntil } : r;
    }) ?? null;

  const after = async (res: { ok: boolean; error?: string }) => {
    if (!res.ok) return res.error ?? "Request failed.";
    reload();
    router.refresh();
    return null;
  };

  const controls: MembersTableControls = {
    query,
    setQuery,
    status,
    setStatus: (s) => {
      setStatus(s);
      setPage(1);
    },
    role,
    setRole: (r) => {
      setRole(r);
      setPage(1);
    },
    sort,
    dir,
    setSort: (s, d) => {
      setSort(s);
      setDir(d);
      setPage(1);
    },
    page,
    setPage,
    clearFilters: () => {
      setQuery("");
      setSearched("");
      setStatus("all");
      setRole("all");
      setPage(1);
    },
  };

  return (
    <>
      {presenceError && (
        <p role="alert" className="text-sm text-red-600">
          Could not load presence: {presenceError}
        </p>
      )}
      <MembersTable
        rows={rows}
        total={data?.total ?? 0}
        size={data?.size ?? DEFAULT_PAGE_SIZE}
        counts={data?.counts ?? null}
        loading={loading}
        loadError={loadError}
        onRetry={reload}
        controls={controls}
        meId={meId}
        myRole={myRole}
        now={now}
        onChangeRole={async (userId, role) => after(await api(`/api/workspaces/${slug}/members/${userId}`, "PATCH", { role }))}
        onRemove={async (userId) => after(await api(`/api/workspaces/${slug}/members/${userId}`, "DELETE"))}
      />
    </>
  );
}
