"use client";

import { useState } from "react";
import * as Dialog from "@radix-ui/react-dialog";
import { ArrowDown, ArrowUp, ArrowUpDown, Search } from "lucide-react";
import { PRESENCE_STATUSES, STATUS_LABEL, type PresenceStatus } from "@/shared/presence";
import { Avatar } from "@/components/ui/avatar";
import { PresenceIndicator } from "@/components/presence/presence-indicator";
import { StatusBadge } from "@/components/presence/custom-status";
import { canManage, type Role } from "@/shared/roles";
import { DEFAULT_DIR, MEMBER_ROLES, type MemberRole, type SortDir, type SortKey } from "@/shared/admin-members";
import { ROLE_LABEL, joinedFormat, lastSeenText, statusText, type ShownMemberRow } from "./member-row";
import { MemberCards } from "./member-cards";

export type { ShownMemberRow } from "./member-row";

const COLUMNS: { key: SortKey; label: string }[] = [
  { key: "name", label: "Name" },
  { key: "email", label: "Email" },
  { key: "role", label: "Role" },
  { key: "status", label: "Status" },
  { key: "lastSeen", label: "Last seen" },
  { key: "joined", label: "Joined" },
];

const fullFormat = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeStyle: "short" });

export interface MembersTableControls {
  query: string;
  setQuery(q: string): void;
  status: PresenceStatus | "all";
  setStatus(s: PresenceStatus | "all"): void;
  role: MemberRole | "all";
  setRole(r: MemberRole | "all"): void;
  sort: SortKey;
  dir: SortDir;
  setSort(sort: SortKey, dir: SortDir): void;
  /** 1-based. */
  page: number;
  setPage(page: number): void;
  clearFilters(): void;
}

const count = new Intl.NumberFormat("en");

/** One page of members as the server answered it (rows null until the first answer). */
export function MembersTable({
  rows,
  total,
  size,
  counts,
  loading,
  loadError,
  onRetry,
  controls,
  meId,
  myRole,
  onChangeRole,
  onRemove,
  now,
}: {
  rows: ShownMemberRow[] | null;
  total: number;
  size: number;
  counts: { online: number; all: number } | null;
  loading: boolean;
  loadError: string | null;
  onRetry: () => void;
  controls: MembersTableControls;
  meId: string;
  myRole: Role;
  onChangeRole: (userId: string, role: "admin" | "member") => Promise<string | null>;
  onRemove: (userId: string) => Promise<string | null>;
  now: number;
}) {
  const { query, setQuery, status, setStatus, role, setRole, sort, dir, page, setPage, clearFilters } = controls;
  const [error, setError] = useState<string | null>(null);
  const [busyId, setBusyId] = useState<string | null>(null);
  const [removing, setRemoving] = useState<ShownMemberRow | null>(null);

  const shown = rows ?? [];
  const first = total === 0 ? 0 : (page - 1) * size + 1;
  const last = Math.min(total, (page - 1) * size + shown.length);
  const lastPage = Math.max(1, Math.ceil(total / size));
  // Admins manage members; the owner manages admins too; nobody manages the owner or themselves here.
  const manageable = (r: ShownMemberRow) => r.id !== meId && canManage(myRole, r.role, "remove");
  const showActions = myRole !== "member";
  const filtered = query.trim() !== "" || status !== "all" || role !== "all";

  const empty =
    rows === null ? (
      loadError ? "Members could not be loaded." : "Loading members…"
    ) : !filtered && total === 0 ? (
      "No members yet."
    ) : (
      <>
        No members match.{" "}
        <button type="button" onClick={clearFilters} className="font-medium text-indigo-600 hover:underline max-md:min-h-11">
          Clear filters
        </button>
      </>
    );

  function sortBy(key: SortKey) {
    if (key === sort) controls.setSort(key, dir === "asc" ? "desc" : "asc");
    else controls.setSort(key, DEFAULT_DIR[key]);
  }

  async function changeRole(row: ShownMemberRow, role: "admin" | "member") {
    setBusyId(row.id);
    setError(null);
    const err = await onChangeRole(row.id, role);
    setBusyId(null);
    if (err) setError(err);
  }

  async function confirmRemove() {
    if (!removing) return;
    setBusyId(removing.id);
    setError(null);
    const err = await onRemove(removing.id);
    setBusyId(null);
    setRemoving(null);
    if (err) setError(err);
  }

  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-end gap-3">
        <div className="min-w-56 flex-1">
          <label htmlFor="members-search" className="block text-sm font-medium text-slate-700">
            Search members
          </label>
          <div className="relative mt-1">
            <Search className="pointer-events-none absolute left-2.5 top-2.5 h-4 w-4 text-slate-400" aria-hidden />
            <input
              id="members-search"
              type="search"
              value={query}
              onChange={(e) => setQuery(e.target.value)}
              placeholder="Name or email"
              className="block w-full rounded-md border border-slate-300 py-2 pl-8 pr-3 text-sm placeholder:text-slate-400 focus:border-indigo-500 focus:outline-none focus:ring-1 focus:ring-indigo-500"
            />
          </div>
        </div>
        <div>
          <label htmlFor="members-status" className="block text-sm font-medium text-slate-700">
            Status
          </label>
          <select
            id="members-status"
            value={status}
            onChange={(e) => setStatus(PRESENCE_STATUSES.find((s) => s === e.target.value) ?? "all")}
            className="mt-1 block rounded-md border border-slate-300 py-2 pl-3 pr-8 text-sm focus:border-indigo-500 focus:outline-none focus:ring-1 focus:ring-indigo-500"
          >
            <option value="all">All</option>
            {PRESENCE_STATUSES.map((s) => (
              <option key={s} value={s}>
                {STATUS_LABEL[s]}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="members-role" className="block text-sm font-medium text-slate-700">
            Role
          </label>
          <select
            id="members-role"
            value={role}
            onChange={(e) => setRole(MEMBER_ROLES.find((r) => r === e.target.value) ?? "all")}
            className="mt-1 block rounded-md border border-slate-300 py-2 pl-3 pr-8 text-sm focus:border-indigo-500 focus:outline-none focus:ring-1 focus:ring-indigo-500"
          >
            <option value="all">All</option>
            {MEMBER_ROLES.map((r) => (
              <option key={r} value={r}>
                {ROLE_LABEL[r]}
              </option>
            ))}
          </select>
        </div>
        {/* The cards have no column headers to sort by: a phone sorts here. */}
        <div className="md:hidden">
          <label htmlFor="members-sort" className="block text-sm font-medium text-slate-700">
            Sort by
          </label>
          <select
            id="members-sort"
            value={`${sort} ${dir}`}
            onChange={(e) => {
              const [key, d] = e.target.value.split(" ");
              const col = COLUMNS.find((c) => c.key === key);
              if (col) controls.setSort(col.key, d === "desc" ? "desc" : "asc");
            }}
            className="mt-1 block rounded-md border border-slate-300 py-2 pl-3 pr-8 text-sm focus:border-indigo-500 focus:outline-none focus:ring-1 focus:ring-indigo-500"
          >
            {COLUMNS.map((c) => (
              <option key={c.key} value={`${c.key} ${DEFAULT_DIR[c.key]}`}>
                {c.label}
              </option>
            ))}
            {DEFAULT_DIR[sort] !== dir && <option value={`${sort} ${dir}`}>{COLUMNS.find((c) => c.key === sort)?.label} (reversed)</option>}
          </select>
        </div>
      </div>

      <p className="text-sm text-slate-600" data-testid="members-count" aria-live="polite">
        {counts ? (
          <>
            {count.format(counts.all)} {counts.all === 1 ? "member" : "members"} · {count.format(counts.online)} online
          </>
        ) : (
          "\u00a0"
        )}
      </p>
      {loadError && (
        <p role="alert" className="flex flex-wrap items-center gap-2 rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-700">
          Could not load members: {loadError}
          <button type="button" onClick={onRetry} className="rounded-md px-2 py-1 font-medium text-red-800 underline hover:bg-red-100">
            Try again
          </button>
        </p>
      )}
      {error && (
        <p role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-700">
          {error}
        </p>
      )}

      {/* Phones get cards (status and last seen first); from md up, the table. Without rows, the
          table's message (loading, none, none match) shows at every width, under no header on a phone. */}
      <MemberCards
        rows={shown}
        meId={meId}
        now={now}
        manageable={manageable}
        busyId={busyId}
        onChangeRole={(r, role) => void changeRole(r, role)}
        onRemove={setRemoving}
      />
      {/* Wider than its column: it scrolls sideways inside this region, which keyboard users can focus and scroll.
          Relative, so the header's visually hidden text is clipped with the table instead of widening the page. */}
      <div role="region" aria-label="Members table" tabIndex={0} className={`relative overflow-x-auto rounded-lg border border-slate-200 ${shown.length ? "hidden md:block" : ""}`}>
        <table className="w-full text-left text-sm" data-testid="admin-members-table" aria-busy={loading} aria-describedby="members-range">
          <thead className={`bg-slate-50 text-xs uppercase tracking-wide text-slate-500 ${shown.length ? "" : "max-md:hidden"}`}>
            <tr>
              {COLUMNS.map((c) => {
                const active = c.key === sort;
                const Icon = !active ? ArrowUpDown : dir === "asc" ? ArrowUp : ArrowDown;
                return (
                  <th key={c.key} scope="col" aria-sort={active ? (dir === "asc" ? "ascending" : "descending") : "none"} className="px-3 py-2 font-semibold">
                    <button type="button" onClick={() => sortBy(c.key)} className="inline-flex items-center gap-1 rounded hover:text-slate-900 focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500">
                      {c.label}
                      <Icon className={`h-3.5 w-3.5 ${active ? "text-slate-700" : "text-slate-300"}`} aria-hidden />
                    </button>
                  </th>
                );
              })}
              {showActions && (
                <th scope="col" className="px-3 py-2">
                  <span className="sr-only">Actions</span>
                </th>
              )}
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {shown.length === 0 ? (
              <tr>
                <td colSpan={COLUMNS.length + (showActions ? 1 : 0)} className="px-3 py-8 text-center text-slate-500">
                  {empty}
                </td>
              </tr>
            ) : (
              shown.map((r) => (
                <tr key={r.id} data-member-id={r.id} className="hover:bg-slate-50">
                  <td className="px-3 py-2">
                    <span className="flex items-center gap-2">
                      <Avatar id={r.id} name={r.name} size="sm" />
                      <span dir="auto" className="font-medium text-slate-900">{r.name}</span>
                      {r.id === meId && <span className="text-xs text-slate-500">(you)</span>}
                    </span>
                  </td>
                  <td className="px-3 py-2 text-slate-600">{r.email}</td>
                  <td className="px-3 py-2">
                    {manageable(r) ? (
                      <select
                        aria-label={`Role for ${r.name}`}
                        value={r.role}
                        disabled={busyId === r.id}
                        onChange={(e) => changeRole(r, e.target.value === "admin" ? "admin" : "member")}
                        className="rounded-md border border-slate-300 py-1 pl-2 pr-7 text-sm disabled:opacity-50"
                      >
                        <option value="admin">Admin</option>
                        <option value="member">Member</option>
                      </select>
                    ) : (
                      <span className="rounded-full bg-slate-100 px-2 py-0.5 text-xs font-medium text-slate-700">{ROLE_LABEL[r.role]}</span>
                    )}
                  </td>
                  <td className="px-3 py-2">
                    <span className="inline-flex items-center gap-2">
                      <PresenceIndicator status={r.status} lastSeenAt={r.lastSeenAt} lastSeen={r.lastSeen} dndUntil={r.dndUntil} now={now} />
                      {statusText(r, now)}
                    </span>
                    <StatusBadge userId={r.id} className="mt-0.5 flex max-w-[14rem] text-xs text-slate-600" />
                  </td>
                  <td className="px-3 py-2 text-slate-600" title={r.status === "offline" && r.lastSeenAt ? fullFormat.format(new Date(r.lastSeenAt)) : undefined}>
                    {lastSeenText(r, now)}
                  </td>
                  <td className="px-3 py-2 text-slate-600">{joinedFormat.format(new Date(r.joinedAt))}</td>
                  {showActions && (
                    <td className="px-3 py-2 text-right">
                      {manageable(r) && (
                        <button
                          type="button"
                          onClick={() => setRemoving(r)}
                          disabled={busyId === r.id}
                          aria-label={`Remove ${r.name}`}
                          className="rounded-md px-2 py-1 text-sm font-medium text-red-600 hover:bg-red-50 disabled:opacity-50"
                        >
                          Remove
                        </button>
                      )}
                    </td>
                  )}
                </tr>
              ))
            )}
          </tbody>
        </table>
      </div>

      <nav aria-label="Members pages" className="flex flex-wrap items-center justify-between gap-2 text-sm text-slate-600">
        <p id="members-range" data-testid="members-range">
          {rows === null ? "" : total === 0 ? "0 members" : `${count.format(first)}–${count.format(last)} of ${count.format(total)}`}
          {loading && rows !== null && <span className="ml-2 text-slate-400">Updating…</span>}
        </p>
        <div className="flex gap-2">
          <button
            type="button"
            onClick={() => setPage(Math.max(1, page - 1))}
            disabled={page <= 1 || rows === null}
            className="rounded-md border border-slate-300 px-3 py-1.5 font-medium hover:bg-slate-50 disabled:cursor-not-allowed disabled:opacity-50"
          >
            Previous
          </button>
          <button
            type="button"
            onClick={() => setPage(Math.min(lastPage, page + 1))}
            disabled={page >= lastPage || rows === null}
            className="rounded-md border border-slate-300 px-3 py-1.5 font-medium hover:bg-slate-50 disabled:cursor-not-allowed disabled:opacity-50"
          >
            Next
          </button>
        </div>
      </nav>

      <Dialog.Root open={removing !== null} onOpenChange={(open) => !open && busyId === null && setRemoving(null)}>
        <Dialog.Portal>
          <Dialog.Overlay className="fixed inset-0 z-40 bg-slate-900/40" />
          <Dialog.Content className="fixed left-1/2 top-1/2 z-50 w-full max-w-sm -translate-x-1/2 -translate-y-1/2 rounded-xl bg-white p-5 shadow-xl">
            <Dialog.Title className="text-lg font-semibold">Remove <bdi>{removing?.name}</bdi> from the workspace?</Dialog.Title>
            <Dialog.Description className="mt-1 text-sm text-slate-600">
              They lose access to this workspace and its conversations. You can invite them again later.
            </Dialog.Description>
            <div className="mt-5 flex justify-end gap-2">
              <Dialog.Close className="rounded-md border border-slate-300 px-4 py-2 text-sm font-medium hover:bg-slate-50">Cancel</Dialog.Close>
              <button
                type="button"
                onClick={confirmRemove}
                disabled={busyId !== null}
                className="rounded-md bg-red-600 px-4 py-2 text-sm font-medium text-white hover:bg-red-500 disabled:opacity-50"
              >
                {busyId !== null ? "Removing…" : "Remove"}
              </button>
            </div>
          </Dialog.Content>
        </Dialog.Portal>
      </Dialog.Root>
    </div>
  );
}
