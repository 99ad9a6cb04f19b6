"use client";

import { memo, useCallback, useEffect, useId, useLayoutEffect, useMemo, useRef, useState } from "react";
import Link from "next/link";
import { defaultRangeExtractor, useVirtualizer, type Range } from "@tanstack/react-virtual";
import { Search } from "lucide-react";
import { PersonAvatar } from "@/components/people/person-avatar";
import { clearOnEscape } from "@/components/ui/search-escape";
import { MemberDot } from "@/components/presence/member-dot";
import { StatusBadge } from "@/components/presence/custom-status";
import { PresenceText } from "@/components/presence/presence-text";
import { usePresence } from "@/components/presence/presence-provider";
import { useOpenDm } from "@/components/dm/open-dm";
import type { ListWindow, MemberListPage, MemberListRow } from "@/shared/member-list";
import { formatCount, membersText } from "@/shared/format";
import { useMemberList, useMemberSearch } from "./use-member-list";

/** A row before it is measured: py-1 around a 24 px avatar (44 px on phones; measured rows correct it). */
const ROW_ESTIMATE = 32;
/** Between rows (space-y-0.5). */
const ROW_GAP = 2;
/** Rows rendered beyond the screen on each side. */
const OVERSCAN = 8;
/** The sidebar list's size assumed until it is measured. */
const FIRST_PAINT_RECT = { width: 256, height: 640 };

type OnOpen = (e: React.MouseEvent, userId: string) => void;

/**
 * Sidebar member list, served by the server in ranges (active first, then away and dnd, then
 * offline; by name) and kept live by its ops: only the rows near the screen are rendered, and
 * watched. A search box finds anyone. A click opens the 1:1 DM, or a draft of it (created with
 * the first message).
 */
export function MemberList({ memberCount, meId, slug, seed }: { memberCount: number; meId: string; slug: string; seed?: MemberListPage }) {
  const list = useMemberList(seed);
  const dm = useOpenDm(slug);
  const open = useRef(dm.open);
  useEffect(() => {
    open.current = dm.open;
  });
  const onOpen = useCallback<OnOpen>(
    (e, id) => {
      if (id === meId || e.metaKey || e.ctrlKey || e.shiftKey || e.button !== 0) return; // new tab: the page offers a button
      e.preventDefault();
      void open.current(id);
    },
    [meId],
  );
  const [query, setQuery] = useState("");
  const searchId = useId();
  const { counts } = list;
  const total = counts?.total ?? memberCount;
  return (
    <section aria-labelledby="members-heading">
      <h2 id="members-heading" className="flex items-baseline justify-between px-2 text-xs font-semibold uppercase tracking-wide text-sidebar-muted">
        <span>Members</span>
        <span className="font-normal normal-case" data-testid="online-count">
          {counts
            ? `${formatCount(counts.online)} of ${formatCount(counts.total)} online`
            : memberCount > 0
              ? membersText(memberCount)
              : "Members"}
        </span>
      </h2>
      <PresenceError />
      {list.error && (
        <p role="status" data-testid="member-list-error" className="px-2 text-xs text-red-300">
          Could not load the member list: {list.error} Retrying…
        </p>
      )}
      {dm.error && (
        <p role="alert" className="px-2 text-xs text-red-300">
          {dm.error}
        </p>
      )}
      <div className="relative mt-1.5 px-1">
        <label htmlFor={searchId} className="sr-only">
          Find a member
        </label>
        <Search className="pointer-events-none absolute left-3 top-1/2 h-3.5 w-3.5 -translate-y-1/2 text-sidebar-muted" aria-hidden />
        <input
          id={searchId}
          type="search"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          onKeyDown={clearOnEscape(query, setQuery)}
          placeholder="Find a member"
          maxLength={80}
          autoComplete="off"
          spellCheck={false}
          data-escape-clears=""
          className="block w-full rounded-md border border-white/10 bg-white/5 py-1 pl-7 pr-2 text-sm text-slate-100 placeholder:text-sidebar-muted focus:border-indigo-400 focus:outline-none focus:ring-1 focus:ring-indigo-400 max-md:h-11"
        />
      </div>
      {query.trim() ? (
        <SearchResults query={query} meId={meId} slug={slug} onOpen={onOpen} />
      ) : (
        <VirtualRows total={total} window={list.window} loaded={list.window !== null} show={list.show} meId={meId} slug={slug} onOpen={onOpen} />
      )}
    </section>
  );
}

function PresenceError() {
  const { error } = usePresence();
  if (!error) return null;
  return (
    <p role="status" data-testid="presence-error" className="px-2 text-xs text-red-300">
      {error}
    </p>
  );
}

/** Offset of `el` from the top of the content of its scroll area `scroller`. */
function offsetIn(el: HTMLElement, scroller: HTMLElement): number {
  return Math.round(el.getBoundingClientRect().top - scroller.getBoundingClientRect().top + scroller.scrollTop);
}

/** The list itself: every member has a place (its height comes from the count), rows near the screen are rendered. */
const VirtualRows = memo(function VirtualRows({
  total,
  window,
  loaded,
  show,
  meId,
  slug,
  onOpen,
}: {
  total: number;
  window: ListWindow | null;
  loaded: boolean;
  show: (first: number, last: number, total: number) => void;
  meId: string;
  slug: string;
  onOpen: OnOpen;
}) {
  const [list, setList] = useState<HTMLUListElement | null>(null);
  const [scroller, setScroller] = useState<HTMLElement | null>(null);
  const [margin, setMargin] = useState(0);
  const [focused, setFocused] = useState<string | null>(null);

  // The sidebar scrolls as a whole (nav, DMs, then this list): the list starts `margin` pixels
  // into it, which moves when what is above it grows or shrinks.
  useLayoutEffect(() => {
    if (!list) return;
    const area = list.closest<HTMLElement>("[data-sidebar-scroll]") ?? (document.scrollingElement as HTMLElement | null);
    setScroller(area);
    if (!area) return;
    const measure = () => setMargin(offsetIn(list, area));
    measure();
    const observer = new ResizeObserver(measure);
    for (const child of Array.from(area.children)) observer.observe(child);
    return () => observer.disconnect();
  }, [list]);

  const rowAt = useCallback(
    (i: number): MemberListRow | undefined => (window ? window.rows[i - window.start] : undefined),
    [window],
  );
  // Rows keep their member's key as they move (focus and measurements follow the member); a
  // member held twice for a moment (a copy being healed) and unloaded rows are keyed by index.
  const firstAt = useMemo(() => {
    const at = new Map<string, number>();
    window?.rows.forEach((r, k) => {
      if (!at.has(r.userId)) at.set(r.userId, window.start + k);
    });
    return at;
  }, [window]);
  const getItemKey = useCallback(
    (i: number) => {
      const row = rowAt(i);
      return row && firstAt.get(row.userId) === i ? row.userId : `#${i}`;
    },
    [rowAt, firstAt],
  );
  // The focused row stays rendered while it is scrolled away, so keyboard focus is never lost.
  const focusedIndex = focused !== null ? (firstAt.get(focused) ?? -1) : -1;
  const rangeExtractor = useCallback(
    (range: Range) => {
      const indexes = defaultRangeExtractor(range);
      if (focusedIndex < 0 || indexes.includes(focusedIndex)) return indexes;
      return [...indexes, focusedIndex].sort((a, b) => a - b);
    },
    [focusedIndex],
  );

  const virtualizer = useVirtualizer<HTMLElement, HTMLLIElement>({
    count: total,
    getScrollElement: () => scroller,
    estimateSize: () => ROW_ESTIMATE,
    // Before the sidebar is measured (the server's HTML, the first client render): about a
    // screen of rows, so the first paint already lists the first members with their status.
    initialRect: FIRST_PAINT_RECT,
    gap: ROW_GAP,
    overscan: OVERSCAN,
    scrollMargin: margin,
    getItemKey,
    rangeExtractor,
    useFlushSync: false,
  });
  const items = virtualizer.getVirtualItems();
  // The rows on screen (none while the sidebar is hidden: then the first rows are asked for).
  const first = virtualizer.range?.startIndex ?? 0;
  const last = virtualizer.range ? virtualizer.range.endIndex + 1 : 0;
  useEffect(() => show(first, last, total), [first, last, total, show]);

  return (
    <ul
      ref={setList}
      data-testid="member-list"
      aria-busy={!loaded}
      className="relative mt-1"
      style={{ height: virtualizer.getTotalSize() }}
      onFocus={(e) => setFocused(e.target.closest("li")?.getAttribute("data-member-id") ?? null)}
      onBlur={(e) => {
        if (!(e.relatedTarget instanceof Node && e.currentTarget.contains(e.relatedTarget))) setFocused(null);
      }}
    >
      {items.map((item) => {
        const row = rowAt(item.index);
        const style = { transform: `translateY(${item.start - virtualizer.options.scrollMargin}px)` };
        return row ? (
          <MemberRow
            key={item.key}
            index={item.index}
            total={total}
            row={row}
            style={style}
            measure={virtualizer.measureElement}
            meId={meId}
            slug={slug}
            onOpen={onOpen}
          />
        ) : (
          <li key={item.key} ref={virtualizer.measureElement} data-index={item.index} aria-hidden className="absolute inset-x-0 top-0" style={style}>
            <RowSkeleton />
          </li>
        );
      })}
    </ul>
  );
});

/** A row not loaded yet: the shape of a row, no content. */
function RowSkeleton() {
  return (
    <span className="flex items-center gap-2 px-2 py-1 max-md:min-h-11">
      <span className="h-6 w-6 shrink-0 rounded-md bg-white/10" />
      <span className="h-3 w-28 rounded bg-white/10 motion-safe:animate-pulse" />
    </span>
  );
}

/** One row of the list; its status is the live one when the page holds it, else the row's. */
function MemberRow({
  index,
  total,
  row,
  style,
  measure,
  meId,
  slug,
  onOpen,
}: {
  index: number;
  total: number;
  row: MemberListRow;
  style: React.CSSProperties;
  measure: (el: HTMLLIElement | null) => void;
  meId: string;
  slug: string;
  onOpen: OnOpen;
}) {
  const { getPresence } = usePresence();
  return (
    <li
      ref={measure}
      data-index={index}
      data-member-id={row.userId}
      data-status={getPresence(row.userId)?.status ?? row.status}
      aria-setsize={total}
      aria-posinset={index + 1}
      className="absolute inset-x-0 top-0"
      style={style}
    >
      <MemberLink row={row} meId={meId} slug={slug} onOpen={onOpen} />
    </li>
  );
}

function MemberLink({ row, meId, slug, onOpen }: { row: MemberListRow; meId: string; slug: string; onOpen: OnOpen }) {
  const self = row.userId === meId;
  return (
    <Link
      href={self ? `/w/${slug}` : `/w/${slug}/dm/with/${row.userId}`}
      onClick={(e) => onOpen(e, row.userId)}
      className="group flex items-center gap-2 rounded-md px-2 py-1 text-sm hover:bg-sidebar-hover max-md:min-h-11"
    >
      <PersonAvatar id={row.userId} name={row.name} size="sm">
        <MemberDot userId={row.userId} size="sm" className="ring-sidebar" self={self} fallback={self ? undefined : row.status} />
      </PersonAvatar>
      <span className="min-w-0 flex-1">
        <span className="flex min-w-0 gap-1">
          {/* The name keeps most of the row; a custom status takes what is left, truncated. */}
          <span dir="auto" className="max-w-[70%] shrink-0 truncate">{row.name}</span>
          {self && <span className="shrink-0 text-xs leading-5 text-sidebar-muted">(you)</span>}
          <StatusBadge userId={row.userId} className="min-w-0 text-xs leading-5 text-sidebar-muted" />
        </span>
        {/* Shown while the row has keyboard focus; the dot's text is already part of the link's name. */}
        <PresenceText userId={row.userId} self={self} aria-hidden className="hidden text-xs text-sidebar-muted group-focus-visible:block" />
      </span>
    </Link>
  );
}

/** Search results in place of the list while the search box holds text (not live: a snapshot per query). */
function SearchResults({ query, meId, slug, onOpen }: { query: string; meId: string; slug: string; onOpen: OnOpen }) {
  const search = useMemberSearch(query);
  const { getPresence } = usePresence();
  const rows = search.rows;
  return (
    <div className="mt-1">
      <p role="status" className="sr-only">
        {search.loading ? "Searching…" : rows ? `${rows.length} ${rows.length === 1 ? "member" : "members"} found` : ""}
      </p>
      {search.error && (
        <p className="px-2 py-1 text-xs text-red-300" data-testid="member-search-error">
          Could not search: {search.error}
        </p>
      )}
      {!rows && search.loading && <p className="px-2 py-1 text-xs text-sidebar-muted">Searching…</p>}
      {rows && rows.length === 0 && !search.loading && (
        <p className="px-2 py-1 text-xs text-sidebar-muted" data-testid="member-search-empty">
          No one matches “{search.q}”.
        </p>
      )}
      {rows && rows.length > 0 && (
        <ul className={`space-y-0.5 ${search.loading ? "opacity-70" : ""}`} data-testid="member-search-results" aria-label="Members found">
          {rows.map((row) => (
            <li key={row.userId} data-member-id={row.userId} data-status={getPresence(row.userId)?.status ?? row.status}>
              <MemberLink row={row} meId={meId} slug={slug} onOpen={onOpen} />
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
