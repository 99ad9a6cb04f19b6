"use client";

import { createContext, useContext, useEffect, useState } from "react";
import { io, type Socket as IoSocket } from "socket.io-client";
import { RETRYABLE_REFUSALS, SIGNED_OUT_REFUSAL, type ClientToServerEvents, type HandshakeAuth, type ServerToClientEvents } from "@/shared/events";
import { activity } from "@/components/presence/activity";
import { browserEnv, tabSocket, type ConnectionState, type RealtimeSocket } from "@/lib/shared-socket";

type Socket = IoSocket<ServerToClientEvents, ClientToServerEvents>;
export type ClientSocket = RealtimeSocket;
export type { ConnectionState };

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

/**
 * The workspace's connection for this page: one Socket.IO connection per browser and workspace,
 * shared by its tabs (src/lib/shared-socket); one per tab where the browser cannot share.
 */
export function RealtimeProvider({ workspace, children }: { workspace: string; children: React.ReactNode }) {
  const [value, setValue] = useState<Realtime>({ socket: null, state: "connecting", error: null });

  useEffect(() => {
    let socket: ClientSocket | null = null;
    let signedOut = false;
    const toSignIn = () => {
      if (signedOut) return;
      signedOut = true;
      // After a moment: when this very tab signed out, its own redirect is already under way
      // (and unloading the page cancels this one); other tabs and devices follow here.
      setTimeout(() => window.location.assign(`/signin?callbackUrl=${encodeURIComponent(window.location.pathname)}`), 1_000);
    };
    const tab = tabSocket(browserEnv(), {
      workspace,
      idle: () => activity.isIdle(),
      open: (handed, idle, report) => openSocket(workspace, handed, idle, report, toSignIn),
      onState: (state, error) => {
        if (socket) setValue({ socket, state, error });
      },
    });
    socket = tab.socket;
    setValue({ socket, state: socket.connected ? "connected" : "connecting", error: null });
    // This session ended (signed out here or everywhere, password changed).
    socket.on("auth:signedOut", toSignIn);
    const unsubscribe = activity.subscribe((idle) => tab.setIdle(idle));
    const leaving = () => tab.leaving();
    window.addEventListener("pagehide", leaving);
    return () => {
      unsubscribe();
      window.removeEventListener("pagehide", leaving);
      tab.close();
    };
  }, [workspace]);

  return <RealtimeContext.Provider value={value}>{children}</RealtimeContext.Provider>;
}

/**
 * The real connection (the tab that holds it). WebSocket only: no sticky sessions needed behind
 * a load balancer. The handshake says whether the browser's tabs are idle, so a hidden tab never
 * flashes active, and which connection it replaces (this tab's before a reload or reconnect, or
 * the last tab's that held the shared connection), so the server drops that one at once instead
 * of waiting for its ping timeout.
 */
function openSocket(
  workspace: string,
  handed: string | undefined,
  idle: () => boolean,
  set: (state: ConnectionState, error: string | null) => void,
  toSignIn: () => void,
): Socket {
  let prev = handed ?? storage()?.getItem(prevKey(workspace)) ?? undefined;
  const socket: Socket = io({
    auth: (cb) => {
      const auth: HandshakeAuth = { workspace, idle: idle() };
      if (prev) auth.prev = prev;
      cb(auth);
    },
    transports: ["websocket"],
    reconnectionDelayMax: 5_000,
  });
  let refusals = 0;
  let retry: ReturnType<typeof setTimeout> | undefined;
  let signedOut = false;
  set("connecting", null);
  socket.on("connect", () => {
    refusals = 0;
    prev = socket.id;
    try {
      storage()?.removeItem(prevKey(workspace));
    } catch {}
    set("connected", null);
  });
  socket.on("auth:signedOut", () => {
    signedOut = true;
  });
  socket.on("disconnect", (reason) => {
    if (signedOut) return;
    // The server closed us on purpose (it is draining): come back at once, maybe to another instance.
    if (reason === "io server disconnect") setTimeout(() => socket.connect(), 100 + Math.random() * 400);
    set("reconnecting", null);
  });
  socket.on("connect_error", (err) => {
    // Transport errors retry with backoff. A refused handshake is final, except from an
    // instance that is shutting down (the load balancer sends us elsewhere) or one whose
    // database or presence store is down ("Temporarily unavailable: ..."): then try again,
    // backing off from about 1 s to 10 s.
    if (socket.active) return set("reconnecting", null);
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
      return set("reconnecting", null);
    }
    set("offline", err.message);
  });
  socket.on("server:draining", () => set("reconnecting", null));
  const offline = () => set("offline", "Your device is offline.");
  const online = () => {
    if (socket.connected) return set("connected", null);
    set("reconnecting", null);
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
  const disconnect = socket.disconnect.bind(socket);
  socket.disconnect = () => {
    clearTimeout(retry);
    window.removeEventListener("offline", offline);
    window.removeEventListener("online", online);
    window.removeEventListener("pagehide", leaving);
    window.removeEventListener("pageshow", back);
    return disconnect();
  };
  return socket;
}
