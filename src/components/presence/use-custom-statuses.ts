"use client";

import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import type { Socket } from "socket.io-client";
import type { ClientToServerEvents, ServerToClientEvents } from "@/shared/events";
import type { PresenceSync } from "@/shared/presence";
import {
  applyStatusSnapshot,
  applyStatusUpdate,
  nextExpiry,
  statusAt,
  type CustomStatus,
  type StatusBook,
  type StatusUpdate,
} from "@/shared/custom-status";

type RosterClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export interface CustomStatuses {
  /** The status to show for a member now, or null (expired ones are dropped at their time). */
  getStatus(userId: string): CustomStatus | null;
  /** Server time now (ms), from the offset learned in sync answers. */
  serverNow(): number;
  setStatus(s: { emoji: string | null; text: string; expiresAt: string | null }): Promise<string | null>;
  clearStatus(): Promise<string | null>;
  /** Feed of sync answers (snapshots of statuses and the server time). */
  onSync(data: PresenceSync): void;
}

/**
 * Custom statuses of a workspace page: snapshots from each sync answer, live `status:updated`
 * events, the newest per user winning (see applyStatusUpdate). A timer re-renders at the next
 * expiry, in server time, so a status disappears at its moment without a reload.
 */
export function useCustomStatuses(socket: RosterClientSocket | null): CustomStatuses {
  const [book, setBook] = useState<StatusBook>(() => new Map());
  const offset = useRef(0);
  const [tick, setTick] = useState(0);
  const serverNow = useCallback(() => Date.now() + offset.current, []);

  const onSync = useCallback((data: PresenceSync) => {
    offset.current = Date.parse(data.serverTime) - Date.now();
    const { statuses, statusesAt } = data;
    if (statuses && statusesAt !== undefined) setBook((b) => applyStatusSnapshot(b, statuses, statusesAt));
  }, []);

  const apply = useCallback((u: StatusUpdate) => setBook((b) => applyStatusUpdate(b, u)), []);

  useEffect(() => {
    if (!socket) return;
    socket.on("status:updated", apply);
    return () => {
      socket.off("status:updated", apply);
    };
  }, [socket, apply]);

  // Re-render when the next status expires (statusAt then drops it).
  useEffect(() => {
    const at = nextExpiry(book, serverNow());
    if (at === null) return;
    const timer = setTimeout(() => setTick((t) => t + 1), Math.min(2 ** 31 - 1, at - serverNow() + 50));
    return () => clearTimeout(timer);
  }, [book, tick, serverNow]);

  const request = useCallback(
    (send: (done: (res: { ok: true; data: StatusUpdate } | { ok: false; error: string }) => void) => void) =>
      new Promise<string | null>((resolve) => {
        if (!socket?.connected) return resolve("Not connected; try again in a moment.");
        send((res) => {
          if (!res.ok) return resolve(res.error);
          apply(res.data);
          resolve(null);
        });
      }),
    [socket, apply],
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
      getStatus: (userId: string) => (tick >= 0 ? statusAt(book, userId, serverNow()) : null),
      serverNow,
      setStatus,
      clearStatus,
      onSync,
    }),
    [book, tick, serverNow, setStatus, clearStatus, onSync],
  );
}
