"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import { useRealtime } from "@/components/realtime/realtime-provider";
import { MAX_RANGE_ROWS, type MemberCounts, type MemberListPage, type MemberListRow, type RangeOp } from "@/shared/member-list";
import { MemberRangeClient, seededRange, type MemberRangeState } from "./member-range";

/** An answer later than this counts as failed (and is retried with backoff). */
const ANSWER_TIMEOUT_MS = 10_000;
const NO_ANSWER = "No answer from the server.";
/** Typing waits this long before the server is asked. */
const SEARCH_DEBOUNCE_MS = 200;

const EMPTY: MemberRangeState = { window: null, counts: null, error: null };

/**
 * The sidebar member list over the socket: the rows around the screen (`members:range`), kept
 * live by `members:ops`, with the list's counts. `show(first, last, total)` says which rows are on
 * screen; the rows are asked again on every connect and on `members:invalidated`. `seed`: the
 * first rows the page's HTML carried (rows 0..MAX_RANGE_ROWS), shown at once and asked by digest.
 */
export function useMemberList(seed?: MemberListPage) {
  const { socket } = useRealtime();
  const [state, setState] = useState<MemberRangeState>(() => (seed ? seededRange(seed) : EMPTY));
  const seedRef = useRef(seed);
  const client = useRef<MemberRangeClient | null>(null);
  const shown = useRef<[number, number, number] | null>(null);

  useEffect(() => {
    if (!socket) return;
    const c = new MemberRangeClient({
      send: (range, done) =>
        socket.timeout(ANSWER_TIMEOUT_MS).emit("members:range", range, (err, res) => done(err ? { ok: false, error: NO_ANSWER } : res)),
      isConnected: () => socket.connected,
      onChange: setState,
    });
    client.current = c;
    if (seedRef.current) c.seed(seedRef.current, [0, MAX_RANGE_ROWS]);
    seedRef.current = undefined;
    if (shown.current) c.show(...shown.current);
    const onConnect = () => c.connected();
    const onDisconnect = () => c.disconnected();
    const onOps = ({ ops, counts }: { ops: RangeOp[]; counts: MemberCounts }) => c.ops(ops, counts);
    const onCounts = (counts: MemberCounts) => c.counted(counts);
    const onInvalidated = () => c.invalidated();
    socket.on("connect", onConnect);
    socket.on("disconnect", onDisconnect);
    socket.on("members:ops", onOps);
    socket.on("members:counts", onCounts);
    socket.on("members:invalidated", onInvalidated);
    if (socket.connected) c.connected();
    return () => {
      socket.off("connect", onConnect);
      socket.off("disconnect", onDisconnect);
      socket.off("members:ops", onOps);
      socket.off("members:counts", onCounts);
      socket.off("members:invalidated", onInvalidated);
      c.dispose();
      if (client.current === c) client.current = null;
    };
  }, [socket]);

  const show = useCallback((first: number, last: number, total: number) => {
    shown.current = [first, last, total];
    client.current?.show(first, last, total);
  }, []);

  return { ...state, show };
}

export interface MemberSearch {
  /** The query the rows answer ("" while the search box is blank). */
  q: string;
  /** Matching members, in list order; the previous answer's while a new one is on its way. */
  rows: MemberListRow[] | null;
  loading: boolean;
  error: string | null;
}

const NO_SEARCH: MemberSearch = { q: "", rows: null, loading: false, error: null };

/** Members matching `query` (`members:search`, debounced; a snapshot, not live). */
export function useMemberSearch(query: string): MemberSearch {
  const { socket } = useRealtime();
  const q = query.trim();
  const [result, setResult] = useState<MemberSearch>(NO_SEARCH);

  useEffect(() => {
    if (!q) return setResult(NO_SEARCH);
    setResult((r) => ({ ...r, loading: true }));
    if (!socket) return;
    let current = true;
    const t = setTimeout(() => {
      if (!socket.connected) return setResult({ q, rows: null, loading: false, error: "Not connected; try again in a moment." });
      socket.timeout(ANSWER_TIMEOUT_MS).emit("members:search", { q }, (err, res) => {
        if (!current) return; // a later query replaced this one
        if (err) return setResult({ q, rows: null, loading: false, error: NO_ANSWER });
        setResult(res.ok ? { q, rows: res.data.rows, loading: false, error: null } : { q, rows: null, loading: false, error: res.error });
      });
    }, SEARCH_DEBOUNCE_MS);
    return () => {
      current = false;
      clearTimeout(t);
    };
  }, [q, socket]);

  return result;
}
