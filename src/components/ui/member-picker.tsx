"use client";

import { useCallback, useEffect, useId, useMemo, useState } from "react";
import { MemberDot } from "@/components/presence/member-dot";
import { PresenceIndicator } from "@/components/presence/presence-indicator";
import { usePresence } from "@/components/presence/presence-provider";
import { useMemberSearch } from "@/components/workspace/use-member-list";
import type { MemberListRow } from "@/shared/member-list";
import type { PresenceStatus } from "@/shared/presence";
import { Avatar } from "./avatar";
import { keepPicked, keptOutside, MAX_QUERY_LENGTH, rememberNames, searchView } from "./member-search";
import { clearOnEscape } from "./search-escape";

export interface PickableMember {
  id: string;
  name: string;
  email: string;
}

/** A set of picked ids with a toggle. */
export function usePicked(initial: Iterable<string> = []) {
  const [picked, setPicked] = useState<Set<string>>(() => new Set(initial));
  const toggle = (id: string) =>
    setPicked((prev) => {
      const next = new Set(prev);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  return { picked, setPicked, toggle };
}

/** A checkbox list of members, used to start a DM and to edit the invisible allowlist. */
export function MemberPicker({
  members,
  picked,
  onToggle,
  className = "mt-4",
  label,
}: {
  members: readonly PickableMember[];
  picked: ReadonlySet<string>;
  onToggle: (id: string) => void;
  className?: string;
  label?: string;
}) {
  return (
    <ul className={`${className} max-h-72 space-y-1 overflow-y-auto`} aria-label={label}>
      {members.map((m) => (
        <li key={m.id}>
          <label className="flex cursor-pointer items-center gap-3 rounded-md px-2 py-1.5 hover:bg-slate-50">
            <input
              type="checkbox"
              checked={picked.has(m.id)}
              onChange={() => onToggle(m.id)}
              className="h-4 w-4 rounded border-slate-300 text-indigo-600"
            />
            <Avatar id={m.id} name={m.name} size="sm" />
            <span className="text-sm">{m.name}</span>
            <span className="truncate text-xs text-slate-500">{m.email}</span>
          </label>
        </li>
      ))}
    </ul>
  );
}

/** Names seen in search results, kept by a dialog across its visits (a picked person keeps a name). */
export function useMemberNames() {
  const [names, setNames] = useState<ReadonlyMap<string, string>>(() => new Map());
  const remember = useCallback((rows: readonly { userId: string; name: string }[]) => setNames((n) => rememberNames(n, rows)), []);
  return { names, remember };
}

/**
 * The picker of a workspace the page does not carry whole: its box searches the server
 * (`members:search`, debounced), the results show name and presence dot, and people picked stay
 * listed, checked, whatever the query. `single` picks one (radios).
 */
export function MemberSearchPicker({
  members,
  memberCount,
  excludeId,
  picked,
  onToggle,
  names,
  onSeen,
  single = false,
  label = "People found",
  inputLabel = "Find people by name",
  unnamedNote = (n) => `${n} more selected ${n === 1 ? "person is" : "people are"} not shown here.`,
  className = "mt-4",
}: {
  /** The members the page carries (names of picked people). */
  members: readonly { id: string; name: string }[];
  memberCount: number;
  /** Never offered (the viewer). */
  excludeId?: string;
  picked: ReadonlySet<string>;
  onToggle: (id: string) => void;
  /** Names already known (kept by the caller across visits, see useMemberNames). */
  names: ReadonlyMap<string, string>;
  /** Each answer's rows, for the caller to remember their names. */
  onSeen: (rows: readonly MemberListRow[]) => void;
  single?: boolean;
  /** Accessible name of the list of choices. */
  label?: string;
  inputLabel?: string;
  /** Said when picked people have no known name here. */
  unnamedNote?: (n: number) => string;
  className?: string;
}) {
  const [query, setQuery] = useState("");
  const search = useMemberSearch(query);
  const view = searchView(query, search, memberCount, excludeId);
  const ids = useId();
  const inputId = `${ids}-q`;
  const statusId = `${ids}-status`;

  const rows = search.rows;
  useEffect(() => {
    if (rows) onSeen(rows);
  }, [rows, onSeen]);

  // Everyone picked during this visit stays listed (unpicked ones unchecked, so focus stays put).
  const [kept, setKept] = useState<readonly string[]>(() => [...picked]);
  const nextKept = keepPicked(kept, picked);
  if (nextKept !== kept) setKept(nextKept);

  const carried = useMemo(() => new Map(members.map((m) => [m.id, m.name])), [members]);
  const results = view.kind === "rows" ? view.rows : [];
  const shown = new Set(results.map((r) => r.userId));
  const outside = keptOutside({ kept: nextKept, picked, shown, nameOf: (id) => names.get(id) ?? carried.get(id), single, excludeId });

  const row = (r: { userId: string; name: string; status?: PresenceStatus }) => (
    <li key={r.userId}>
      <label className="flex cursor-pointer items-center gap-3 rounded-md px-2 py-1.5 hover:bg-slate-50 max-md:min-h-11">
        <input
          type={single ? "radio" : "checkbox"}
          name={single ? `${ids}-choice` : undefined}
          checked={picked.has(r.userId)}
          onChange={() => onToggle(r.userId)}
          className="h-4 w-4 border-slate-300 text-indigo-600"
        />
        <Avatar id={r.userId} name={r.name} size="sm">
          <RowDot userId={r.userId} status={r.status} />
        </Avatar>
        <span dir="auto" className="min-w-0 truncate text-sm">
          {r.name}
        </span>
      </label>
    </li>
  );

  return (
    <div className={className}>
      <label htmlFor={inputId} className="block text-sm font-medium text-slate-700">
        {inputLabel}
      </label>
      <input
        id={inputId}
        type="search"
        value={query}
        onChange={(e) => setQuery(e.target.value)}
        onKeyDown={clearOnEscape(query, setQuery)}
        placeholder="Start typing a name"
        maxLength={MAX_QUERY_LENGTH}
        autoComplete="off"
        spellCheck={false}
        data-escape-clears=""
        aria-describedby={statusId}
        className="mt-1 block w-full rounded-md border border-slate-300 px-3 py-2 text-sm placeholder:text-slate-500 focus:border-indigo-500 focus:outline-none focus:ring-1 focus:ring-indigo-500"
      />
      <p
        id={statusId}
        role="status"
        data-testid="member-search-status"
        className={`mt-2 text-sm ${view.kind === "error" ? "text-red-700" : "text-slate-600"}`}
      >
        {view.text}
      </p>
      <div
        role={single ? "radiogroup" : "group"}
        aria-label={label}
        className="mt-1 max-h-72 space-y-2 overflow-y-auto"
      >
        {outside.rows.length > 0 && (
          <ul className="space-y-1" aria-label={single ? "Chosen" : "Selected"} data-testid="member-picker-selected">
            {outside.rows.map(row)}
          </ul>
        )}
        {outside.unnamed > 0 && <p className="px-2 text-xs text-slate-600">{unnamedNote(outside.unnamed)}</p>}
        {results.length > 0 && (
          <ul
            className={`space-y-1 ${view.kind === "rows" && view.stale ? "opacity-70" : ""}`}
            aria-label="Search results"
            aria-busy={view.kind === "rows" && view.stale}
            data-testid="member-picker-results"
          >
            {results.map(row)}
          </ul>
        )}
      </div>
    </div>
  );
}

/** The live dot of a listed person; the search answer's status until live presence arrives. */
function RowDot({ userId, status }: { userId: string; status?: PresenceStatus }) {
  const { getPresence } = usePresence();
  return (
    <>
      <MemberDot userId={userId} size="sm" />
      {!getPresence(userId) && status && <PresenceIndicator status={status} size="sm" showTooltip={false} />}
    </>
  );
}
