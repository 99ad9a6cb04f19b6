"use client";

import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState } from "react";
import type { MyPresenceSettings, PresenceMode, VisiblePresence, WorkspacePresence } from "@/shared/presence";
import { api } from "@/components/ui/api";
import { useRealtime } from "@/components/realtime/realtime-provider";
import { activity } from "./activity";

const HEARTBEAT_MS = 30_000;

interface PresenceContextValue {
  getPresence(userId: string): VisiblePresence | undefined;
  /** False until the first snapshot arrived. */
  loaded: boolean;
  error: string | null;
  me: MyPresenceSettings | null;
  setMode(mode: PresenceMode): Promise<string | null>;
  setAllowlist(userIds: string[]): Promise<string | null>;
  /** Ticks every 30 s, for "last seen" texts. */
  now: number;
}

const PresenceContext = createContext<PresenceContextValue | null>(null);

export function usePresence(): PresenceContextValue {
  const value = useContext(PresenceContext);
  if (!value) throw new Error("usePresence must be used inside <PresenceProvider>");
  return value;
}

/**
 * Workspace presence for this page: a snapshot fetched on every (re)connect, live
 * `presence:updated` events on top, and this tab's activity reported to the server.
 */
export function PresenceProvider({ slug, idleMs, children }: { slug: string; idleMs: number; children: React.ReactNode }) {
  const { socket } = useRealtime();
  const [map, setMap] = useState<Map<string, VisiblePresence>>(new Map());
  const [me, setMe] = useState<MyPresenceSettings | null>(null);
  const [loaded, setLoaded] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [now, setNow] = useState(() => Date.now());
  const fetching = useRef<VisiblePresence[] | null>(null);

  const apply = useCallback((updates: VisiblePresence[]) => {
    setMap((prev) => {
      const next = new Map(prev);
      for (const u of updates) next.set(u.userId, u);
      return next;
    });
  }, []);

  useEffect(() => {
    if (!socket) return;
    let cancelled = false;
    const onUpdate = ({ updates }: { updates: VisiblePresence[] }) => {
      if (fetching.current) fetching.current.push(...updates); // applied after the snapshot
      else apply(updates);
    };
    const refetch = async () => {
      fetching.current = [];
      const res = await api<WorkspacePresence>(`/api/workspaces/${slug}/presence`, "GET");
      const buffered = fetching.current ?? [];
      fetching.current = null;
      if (cancelled) return;
      if (!res.ok) return setError(res.error);
      setError(null);
      setMe(res.data.me);
      setMap(new Map([...res.data.members, ...buffered].map((p) => [p.userId, p])));
      setLoaded(true);
    };
    const report = (idle: boolean) => {
      if (socket.connected) socket.emit("presence:activity", { idle }, () => {});
    };
    const onConnect = () => {
      report(activity.isIdle());
      void refetch();
    };
    socket.on("presence:updated", onUpdate);
    socket.on("connect", onConnect);
    if (socket.connected) onConnect();
    const unsubscribe = activity.subscribe(idleMs, report);
    const beat = setInterval(() => {
      if (socket.connected) socket.emit("presence:heartbeat", { idle: activity.isIdle() }, () => {});
    }, HEARTBEAT_MS);
    const tick = setInterval(() => setNow(Date.now()), 30_000);
    return () => {
      cancelled = true;
      socket.off("presence:updated", onUpdate);
      socket.off("connect", onConnect);
      unsubscribe();
      clearInterval(beat);
      clearInterval(tick);
    };
  }, [socket, slug, idleMs, apply]);

  const setMode = useCallback(
    async (mode: PresenceMode) => {
      const res = await api<{ mode: PresenceMode }>("/api/me/presence", "PUT", { mode });
      if (!res.ok) return res.error;
      setMe((prev) => (prev ? { ...prev, mode } : prev));
      return null;
    },
    [],
  );

  const setAllowlist = useCallback(async (userIds: string[]) => {
    const res = await api<{ userIds: string[] }>("/api/me/allowlist", "PUT", { userIds });
    if (!res.ok) return res.error;
    setMe((prev) => (prev ? { ...prev, allowlist: res.data.userIds } : prev));
    return null;
  }, []);

  const value = useMemo<PresenceContextValue>(
    () => ({ getPresence: (id) => map.get(id), loaded, error, me, setMode, setAllowlist, now }),
    [map, loaded, error, me, setMode, setAllowlist, now],
  );
  return <PresenceContext.Provider value={value}>{children}</PresenceContext.Provider>;
}
