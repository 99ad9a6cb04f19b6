// The socket as the client's components use it: typed events of the shared contract, with
// acks, and connect/disconnect. A real Socket.IO socket fits it, and so does a tab that talks
// to the browser's one socket through another tab (SharedSocket).
import type { ClientToServerEvents, ServerToClientEvents } from "@/shared/events";

export type Listened = ServerToClientEvents & { connect: () => void; disconnect: (reason: string) => void };
type Payload<E extends keyof ClientToServerEvents> = Parameters<ClientToServerEvents[E]>[0];
type Answer<E extends keyof ClientToServerEvents> = Parameters<Parameters<ClientToServerEvents[E]>[1]>[0];

export interface RealtimeSocket {
  readonly connected: boolean;
  on<E extends keyof Listened>(event: E, listener: Listened[E]): unknown;
  off<E extends keyof Listened>(event: E, listener: Listened[E]): unknown;
  emit<E extends keyof ClientToServerEvents>(event: E, payload: Payload<E>, ack: (res: Answer<E>) => void): unknown;
  timeout(ms: number): {
    emit<E extends keyof ClientToServerEvents>(event: E, payload: Payload<E>, ack: (err: Error | null, res: Answer<E>) => void): unknown;
  };
}

export type ConnectionState = "connecting" | "connected" | "reconnecting" | "offline";

/** The leader's real socket, as far as the hub uses it (untyped: it relays whatever passes). */
export interface RawSocket {
  readonly id?: string;
  readonly connected: boolean;
  on(event: string, listener: (...args: any[]) => void): unknown;
  onAny(listener: (event: string, ...args: any[]) => void): unknown;
  emit(event: string, ...args: any[]): unknown;
  timeout(ms: number): { emit(event: string, ...args: any[]): unknown };
  disconnect(): unknown;
}

/** Web Locks, as far as used: a lock held until the callback's promise settles. */
export interface LocksLike {
  request(name: string, callback: () => Promise<void>): Promise<unknown>;
}

export interface ChannelLike {
  postMessage(message: unknown): void;
  addEventListener(type: "message", listener: (e: { data: unknown }) => void): void;
  close(): void;
}
