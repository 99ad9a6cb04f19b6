"use client";

import { createContext, useContext, useEffect, useState } from "react";
import { io, type Socket } from "socket.io-client";
import { RETRYABLE_REFUSALS, SIGNED_OUT_REFUSAL, type ClientToServerEvents, type HandshakeAuth, type ServerToClientEvents } from "@/shared/events";
import { activity } from "@/components/presence/activity";

export type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;
export type ConnectionState = "connecting" | "connected" | "reconnecting" | "offline";

interface Realtime {
  socket: ClientSocket | null;
  state: ConnectionState;
  /** Why the connection is down, when the server refused it. */
  error: string | null;
}

const RealtimeContext = createContext<Realtime>({ socket: null, state: "connecting", error: null });

export const useRealtime = () => useContext(RealtimeContext);

// The id of this tab's previous connection, sent as `prev` in the handshake so the server drops
// that connection at once (a reload, a reconnect) instead of counting it for the grace period.
// Within a page it is kept in memory; across a reload it goes through sessionStorage (per tab),
// written only when the page goes away (pagehide) and removed once connected, so a duplicated
// tab, which gets a copy of sessionStorage, never names (and ends) the live connection of its
// original.
const prevKey = (workspace: string) => `roster:socket:${workspace}`;

function storage(): Storage | null {
  try {
    return window.sessionStorage;
  } catch {
    return null; // storage disabled: the old connection just ends by itself
  }
}

/** Backoff of a refused handshake worth retrying (RETRYABLE_REFUSALS). */
const RETRY_MIN_MS = 1_000;
const RETRY_MAX_MS = 10_000;

/** One Socket.IO connection per open workspace page, scoped to that workspace. */
export function RealtimeProvider({ workspace, children }: { workspace: string; children: React.ReactNode }) {
  const [value, setValue] = useState<Realtime>({ socket: null, state: "connecting", error: null });

  useEffect(() => {
    // WebSocket only: no sticky sessions needed behind a load balancer.
    // The handshake says whether this tab is idle, so a hidden tab never flashes active, and
    // which connection of this tab it replaces (a reload, a reconnect), so the server drops
    // that one at once instead of waiting for its ping timeout.
    let prev = storage()?.getItem(prevKey(workspace)) ?? undefined;
    const socket: ClientSocket = io({
      auth: (cb) => {
        const auth: HandshakeAuth = { workspace, idle: activity.isIdle() };
        if (prev) auth.prev = prev;
        cb(auth);
      },
      transports: ["websocket"],
      reconnectionDelayMax: 5_000,
    });
    const set = (state: ConnectionState, error: string | null = null) => setValue({ socket, state, error });
    let refusals = 0;
    let retry: ReturnType<typeof setTimeout> | undefined;
    set("connecting");
    socket.on("connect", () => {
      refusals = 0;
      prev = socket.id;
      try {
        storage()?.removeItem(prevKey(workspace));
      } catch {}
      set("connected");
    });
    let signedOut = false;
    const toSignIn = () => {
      signedOut = true;
      // After a moment: when this very tab signed out, its own redirect is already under way
      // (and unloading the page cancels this one); other tabs and devices follow here.
      setTimeout(() => window.location.assign(`/signin?callbackUrl=${encodeURIComponent(window.location.pathname)}`), 1_000);
    };
    // This session ended (signed out here or everywhere, password changed).
    socket.on("auth:signedOut", toSignIn);
    socket.on("disconnect", (reason) => {
      if (signedOut) return;
      // The server closed us on purpose (it is draining): come back at once, maybe to another instance.
      if (reason === "io server disconnect") setTimeout(() => socket.connect(), 100 + Math.random() * 400);
      set("reconnecting");
    });
    socket.on("connect_error", (err) => {
      // Transport errors retry with backoff. A refused handshake is final, except from an
      // instance that is shutting down (the load balancer sends us elsewhere) or one whose
      // database or presence store is down ("Temporarily unavailable: ..."): then try again,
      // backing off from about 1 s to 10 s.
      if (socket.active) return set("reconnecting");
      if (err.message === SIGNED_OUT_REFUSAL) return toSignIn();
      const wait = /try again in (\d+) s/.exec(err.message); // throttled: retry when the server says
      if (wait) {
        clearTimeout(retry);
        retry = setTimeout(() => socket.connect(), Number(wait[1]) * 1000 + Math.random() * 1000);
        return set("reconnecting", err.message);
      }
      if (RETRYABLE_REFUSALS.includes(err.message)) {
        const delay = Math.min(RETRY_MAX_MS, RETRY_MIN_MS * 2 ** refusals++);
        clearTimeout(retry);
        retry = setTimeout(() => socket.connect(), delay / 2 + Math.random() * (delay / 2));
        return set("reconnecting");
      }
      set("offline", err.message);
    });
    socket.on("server:draining", () => set("reconnecting"));
    const offline = () => set("offline", "Your device is offline.");
    const online = () => {
      if (socket.connected) return set("connected");
      set("reconnecting");
      socket.connect();
    };
    const leaving = () => {
      try {
        if (prev) storage()?.setItem(prevKey(workspace), prev);
      } catch {}
    };
    const back = () => {
      try {
        storage()?.removeItem(prevKey(workspace)); // restored from the back/forward cache: still this page
      } catch {}
    };
    window.addEventListener("offline", offline);
    window.addEventListener("online", online);
    window.addEventListener("pagehide", leaving);
    window.addEventListener("pageshow", back);
    return () => {
      clearTimeout(retry);
      window.removeEventListener("offline", offline);
      window.removeEventListener("online", online);
      window.removeEventListener("pagehide", leaving);
      window.removeEventListener("pageshow", back);
      socket.disconnect();
    };
  }, [workspace]);

  return <RealtimeContext.Provider value={value}>{children}</RealtimeContext.Provider>;
}
