"use client";

import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState } from "react";
import type { MyPresenceSettings, PresenceMode, PresenceSync, VisiblePresence } from "@/shared/presence";
import { api } from "@/components/ui/api";
import { useRealtime } from "@/components/realtime/realtime-provider";
import { PRESENCE_UNAVAILABLE } from "@/shared/events";
import { PresenceSyncClient, seededState, type PresenceState } from "@/lib/presence-sync-client";
import { PresenceWatch } from "@/lib/presence-watch";
import type { AwayAfter, AwayPolicy } from "@/shared/away";
import { activity } from "./activity";
import { useCustomStatuses, type CustomStatuses } from "./use-custom-statuses";

const HEARTBEAT_MS = 30_000;
/** A sync answer later than this counts as failed (and is retried with backoff). */
const SYNC_TIMEOUT_MS = 10_000;

interface PresenceContextValue {
  getPresence(userId: string): VisiblePresence | undefined;
  /** False until the first snapshot arrived. */
  loaded: boolean;
  error: string | null;
  me: MyPresenceSettings | null;
  /** With `until` (dnd only): a timed do-not-disturb. */
  setMode(mode: PresenceMode, until?: Date): Promise<string | null>;
  /** When my timed do-not-disturb ends (ISO), if one runs. */
  dndUntil: string | null;
  setAllowlist(userIds: string[]): Promise<string | null>;
  /** Ticks every 30 s, for "last seen" texts. */
  now: number;
  /** Custom statuses (emoji and text) as this viewer may see them. */
  statuses: CustomStatuses;
}

const PresenceContext = createContext<PresenceContextValue | null>(null);

export function usePresence(): PresenceContextValue {
  const value = useContext(PresenceContext);
  if (!value) throw new Error("usePresence must be used inside <PresenceProvider>");
  return value;
}

const WatchContext = createContext<PresenceWatch | null>(null);

/**
 * Tells the PresenceProvider that this component shows these people, from mount until unmount
 * (or until the ids change): the page receives live presence only for the people it shows.
 * MemberDot, PresenceText and StatusBadge call it for their own user; a component that reads
 * `getPresence` directly calls it with the ids it reads.
 */
export function useWatch(ids: readonly string[]) {
  const watch = useContext(WatchContext);
  const key = ids.join("\n");
  useEffect(() => {
    if (!watch || !key) return;
    const list = key.split("\n");
    watch.add(list);
    return () => watch.remove(list);
  }, [watch, key]);
}

const EMPTY: PresenceState = { map: new Map(), me: null, loaded: false, error: null };

/**
 * Workspace presence for this page, over the socket: `presence:sync` on every (re)connect (a
 * delta since the highest version held, or a full snapshot when nothing is held yet), on
 * `presence:resync`, and every ~20 s as an anti-entropy check; live `presence:updated` batches
 * in between. Versions make the order irrelevant (see PresenceSyncClient). The page watches
 * only the people it shows (useWatch): `presence:subscribe` tells the server, on every connect
 * before the sync, and again (debounced) when the set changes; the map keeps those people only.
 * This tab's activity is reported to the server, timed by the user's away setting (`away`, from
 * the page; `presence:awayUpdated` when it changes in another tab or on another device).
 */
export function PresenceProvider({
  slug,
  meId,
  away,
  seed,
  children,
}: {
  slug: string;
  meId: string;
  /** The user's away setting and the server's times, as the page loaded them. */
  away: AwayPolicy;
  /** The presence the page's HTML carried (first paint): shown at once, and synced from. */
  seed?: PresenceSync;
  children: React.ReactNode;
}) {
  const { socket } = useRealtime();
  const [watch] = useState(() => new PresenceWatch({ self: meId, warn: (m) => console.warn(m) }));
  const [state, setState] = useState<PresenceState>(() => (seed ? seededState(seed) : EMPTY));
  const seedRef = useRef(seed);
  const [now, setNow] = useState(() => Date.now());
  const client = useRef<PresenceSyncClient | null>(null);
  const statuses = useCustomStatuses(socket, state.map);
  const onSync = statuses.onSync;
  const [dndUntil, setDndUntil] = useState<string | null>(null);

  // The away setting: as the page loaded it, then as changed anywhere (the newest of the two wins).
  const [awayAfter, setAwayAfter] = useState<AwayAfter>(away.awayAfter);
  useEffect(() => setAwayAfter(away.awayAfter), [away.awayAfter]);
  const { idleMs, switchDelayMs } = away;
  // Runs before the socket's first handshake (a child's effect runs before its parent's), which says whether this tab is idle.
  useEffect(() => activity.configure({ awayAfter, idleMs, switchDelayMs }), [awayAfter, idleMs, switchDelayMs]);
  useEffect(() => {
    if (!socket) return;
    const onAway = ({ awayAfter: next }: { awayAfter: AwayAfter }) => setAwayAfter(next);
    socket.on("presence:awayUpdated", onAway);
    return () => void socket.off("presence:awayUpdated", onAway);
  }, [socket]);

  useEffect(() => {
    if (!socket) return;
    const sync = new PresenceSyncClient({
      send: (req, done) =>
        socket.timeout(SYNC_TIMEOUT_MS).emit("presence:sync", req, (err, res) => done(err ? { ok: false, error: PRESENCE_UNAVAILABLE } : res)),
      isConnected: () => socket.connected,
      onChange: setState,
      onSync,
    });
    client.current = sync;
    // The first client starts from the HTML's presence; a later one (a new socket) from nothing.
    if (seedRef.current) sync.seed(seedRef.current);
    seedRef.current = undefined;
    setState(sync.current);
    watch.attach({
      send: (userIds, done) => {
        // The versions held: after a reconnect the server answers only what changed meanwhile.
        const held = sync.current.map;
        const versions = userIds.map((id) => held.get(id)?.version ?? 0);
        socket
          .timeout(SYNC_TIMEOUT_MS)
          .emit("presence:subscribe", { userIds, versions }, (err, res) => done(err ? { ok: false, error: PRESENCE_UNAVAILABLE } : res));
      },
      isConnected: () => socket.connected,
      onSend: (userIds) => sync.retain(userIds),
      onMembers: (members) => sync.updated(members),
    });

    const report = (idle: boolean) => {
      if (socket.connected) socket.emit("presence:activity", { idle }, () => {});
    };
    const onConnect = () => {
      report(activity.isIdle());
      // Whom this socket watches first: until then the server's sync would cover other people.
      watch.connected();
      sync.connected();
    };
    const onDisconnect = () => {
      watch.disconnected();
      sync.disconnected();
    };
    const onUpdate = ({ updates }: { updates: VisiblePresence[] }) => sync.updated(updates);
    const onResync = () => sync.resync();
    // My mode changed elsewhere (another tab, a timer ended, a scheduled window began).
    const onMe = ({ mode, dndUntil: until }: { mode: PresenceMode; dndUntil: string | null }) => {
      sync.patchMe({ mode });
      setDndUntil(until);
    };
    socket.on("presence:me", onMe);
    void api<{ dndUntil: string | null }>("/api/me/dnd", "GET").then((res) => {
      if (res.ok) setDndUntil(res.data.dndUntil);
    });
    socket.on("connect", onConnect);
    socket.on("disconnect", onDisconnect);
    socket.on("presence:updated", onUpdate);
    socket.on("presence:resync", onResync);
    if (socket.connected) onConnect();
    const unsubscribe = activity.subscribe(report);
    const beat = setInterval(() => {
      if (socket.connected) socket.emit("presence:heartbeat", { idle: activity.isIdle() }, () => {});
    }, HEARTBEAT_MS);
    const tick = setInterval(() => setNow(Date.now()), 30_000);
    return () => {
      socket.off("connect", onConnect);
      socket.off("disconnect", onDisconnect);
      socket.off("presence:updated", onUpdate);
      socket.off("presence:resync", onResync);
      socket.off("presence:me", onMe);
      watch.attach(null);
      sync.dispose();
      if (client.current === sync) client.current = null;
      unsubscribe();
      clearInterval(beat);
      clearInterval(tick);
    };
  }, [socket, slug, onSync, watch]);

  const setMode = useCallback(async (mode: PresenceMode, until?: Date) => {
    const res = await api<{ mode: PresenceMode; dndUntil: string | null }>("/api/me/presence", "PUT", { mode, until: until?.toISOString() });
    if (!res.ok) return res.error;
    client.current?.patchMe({ mode });
    setDndUntil(res.data.dndUntil ?? null);
    return null;
  }, []);

  const setAllowlist = useCallback(async (userIds: string[]) => {
    const res = await api<{ userIds: string[] }>("/api/me/allowlist", "PUT", { userIds });
    if (!res.ok) return res.error;
    client.current?.patchMe({ allowlist: res.data.userIds });
    return null;
  }, []);

  const { map, loaded, error, me } = state;
  const value = useMemo<PresenceContextValue>(
    () => ({ getPresence: (id) => map.get(id), loaded, error, me, setMode, dndUntil, setAllowlist, now, statuses }),
    [map, loaded, error, me, setMode, dndUntil, setAllowlist, now, statuses],
  );
  return (
    <WatchContext.Provider value={watch}>
      <PresenceContext.Provider value={value}>{children}</PresenceContext.Provider>
    </WatchContext.Provider>
  );
}
