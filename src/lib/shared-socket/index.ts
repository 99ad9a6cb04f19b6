// The socket a tab uses: shared with the browser's other tabs of the workspace when the browser
// has Web Locks and BroadcastChannel, else its own (one connection per tab).
import { SharedSocket } from "./shared-socket";
import type { ChannelLike, ConnectionState, LocksLike, RawSocket, RealtimeSocket } from "./types";

export type { ConnectionState, RealtimeSocket } from "./types";

export interface TabSocketEnv {
  locks?: LocksLike;
  channel?: (name: string) => ChannelLike;
}

export interface TabSocket {
  socket: RealtimeSocket;
  /** This tab's activity changed. */
  setIdle(idle: boolean): void;
  /** The page goes away (pagehide). */
  leaving(): void;
  close(): void;
}

export function tabSocket(
  env: TabSocketEnv,
  opts: {
    workspace: string;
    open: (prev: string | undefined, idle: () => boolean, report: (state: ConnectionState, error: string | null) => void) => RawSocket;
    idle: () => boolean;
    onState: (state: ConnectionState, error: string | null) => void;
  },
): TabSocket {
  if (!env.locks || !env.channel) {
    const real = opts.open(undefined, opts.idle, opts.onState);
    return { socket: real as unknown as RealtimeSocket, setIdle: () => {}, leaving: () => {}, close: () => void real.disconnect() };
  }
  const name = `roster:socket:${opts.workspace}`;
  const shared = new SharedSocket({
    name,
    tabId: `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`,
    locks: env.locks,
    channel: env.channel(name),
    open: opts.open,
    idle: opts.idle,
    onState: opts.onState,
  });
  return { socket: shared, setIdle: (idle) => shared.setIdle(idle), leaving: () => shared.leaving(), close: () => shared.dispose() };
}

/** The browser's Web Locks and BroadcastChannel, where both exist. */
export function browserEnv(): TabSocketEnv {
  if (typeof navigator === "undefined" || !navigator.locks || typeof BroadcastChannel === "undefined") return {};
  return {
    locks: navigator.locks as unknown as LocksLike,
    channel: (name) => new BroadcastChannel(name) as unknown as ChannelLike,
  };
}
