"use client";

import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import type { ClientSocket } from "@/components/realtime/realtime-provider";
import type { PresenceSync } from "@/shared/presence";
import { nextExpiry, statusAt, type CustomStatus } from "@/shared/custom-status";
import type { PresenceMap } from "@/shared/presence-sync";

type RosterClientSocket = ClientSocket;
type Answer = { ok: true; data: { custom: CustomStatus | null } } | { ok: false; error: string };

export interface CustomStatuses {
  /** The status to show for a member now, or null (expired ones are dropped at their time). */
  getStatus(userId: string): CustomStatus | null;
  /** Server time now (ms), from the offset learned in sync answers. */
  serverNow(): number;
  setStatus(s: { emoji: string | null; text: string; expiresAt: string | null }): Promise<string | null>;
  clearStatus(): Promise<string | null>;
  /** Feed of sync answers (for the server time). */
  onSync(data: PresenceSync): void;
}

/**
 * Custom statuses of a workspace page. They are part of each member's presence record (`custom`,
 * merged with the record by version); this adds expiry in server time: a timer re-renders at
 * the next expiry, so a status disappears at its moment without a reload.
 */
export function useCustomStatuses(socket: RosterClientSocket | null, map: PresenceMap): CustomStatuses {
  const offset = useRef(0);
  const [tick, setTick] = useState(0);
  const serverNow = useCallback(() => Date.now() + offset.current, []);

  const onSync = useCallback((data: PresenceSync) => {
    offset.current = Date.parse(data.serverTime) - Date.now();
  }, []);

  // Re-render when the next status expires (statusAt then drops it).
  useEffect(() => {
    const at = nextExpiry([...map.values()].map((p) => p.custom), serverNow());
    if (at === null) return;
    const timer = setTimeout(() => setTick((t) => t + 1), Math.min(2 ** 31 - 1, at - serverNow() + 50));
    return () => clearTimeout(timer);
  }, [map, tick, serverNow]);

  const request = useCallback(
    (send: (done: (res: Answer) => void) => void) =>
      new Promise<string | null>((resolve) => {
        if (!socket?.connected) return resolve("Not connected; try again in a moment.");
        // The new status arrives with the record (presence:updated), like everyone else's.
        send((res) => resolve(res.ok ? null : res.error));
      }),
    [socket],
  );

  const setStatus = useCallback(
    (s: { emoji: string | null; text: string; expiresAt: string | null }) =>
      request((done) => socket!.timeout(10_000).emit("status:set", s, (err, res) => done(err ? { ok: false, error: "No answer from the server; try again." } : res))),
    [request, socket],
  );
  const clearStatus = useCallback(
    () => request((done) => socket!.timeout(10_000).emit("status:clear", {}, (err, res) => done(err ? { ok: false, error: "No answer from the server; try again." } : res))),
    [request, socket],
  );

  return useMemo(
    () => ({
      // `tick` is read so that consumers re-render at each expiry.
      getStatus: (userId: string) => (tick >= 0 ? statusAt(map.get(userId)?.custom, serverNow()) : null),
      serverNow,
      setStatus,
      clearStatus,
      onSync,
    }),
    [map, tick, serverNow, setStatus, clearStatus, onSync],
  );
}
