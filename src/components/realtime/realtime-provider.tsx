"use client";

import { createContext, useContext, useEffect, useState } from "react";
import { io, type Socket } from "socket.io-client";
import type { ClientToServerEvents, ServerToClientEvents } from "@/shared/events";
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

/** One Socket.IO connection per open workspace page, scoped to that workspace. */
export function RealtimeProvider({ workspace, children }: { workspace: string; children: React.ReactNode }) {
  const [value, setValue] = useState<Realtime>({ socket: null, state: "connecting", error: null });

  useEffect(() => {
    // WebSocket only: no sticky sessions needed behind a load balancer.
    // The handshake says whether this tab is idle, so a hidden tab never flashes active.
    const socket: ClientSocket = io({
      auth: (cb) => cb({ workspace, idle: activity.isIdle() }),
      transports: ["websocket"],
      reconnectionDelayMax: 5_000,
    });
    const set = (state: ConnectionState, error: string | null = null) => setValue({ socket, state, error });
    set("connecting");
    socket.on("connect", () => set("connected"));
    socket.on("disconnect", (reason) => {
      // The server closed us on purpose (it is draining): come back at once, maybe to another instance.
      if (reason === "io server disconnect") setTimeout(() => socket.connect(), 100 + Math.random() * 400);
      set("reconnecting");
    });
    socket.on("connect_error", (err) => {
      // Transport errors retry with backoff. A refused handshake is final, except from an
      // instance that is shutting down: then try again (the load balancer sends us elsewhere).
      if (socket.active) return set("reconnecting");
      if (err.message.startsWith("Server is restarting")) {
        setTimeout(() => socket.connect(), 500 + Math.random() * 1_500);
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
    window.addEventListener("offline", offline);
    window.addEventListener("online", online);
    return () => {
      window.removeEventListener("offline", offline);
      window.removeEventListener("online", online);
      socket.disconnect();
    };
  }, [workspace]);

  return <RealtimeContext.Provider value={value}>{children}</RealtimeContext.Provider>;
}
