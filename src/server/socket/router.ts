// Client events, declared once per server. Every socket gets the same one catch-all listener (it
// finds its socket as `this`), so a socket costs one array slot, not a closure, a context and a
// listener slot per event.
import type { z } from "zod";
import type { ClientToServerEvents } from "@/shared/events";
import { socketLogger } from "../logger";
import { answer, RateLimiter } from "./handle";
import type { RosterSocket } from "./types";

export interface EventSpec {
  schema: z.core.$ZodType;
  run: (socket: RosterSocket, input: never) => unknown;
}

/** A client event: its payload schema and what it does for the socket that sent it. */
export function event<S extends z.core.$ZodType, T>(schema: S, run: (socket: RosterSocket, input: z.infer<S>) => Promise<T> | T): EventSpec {
  return { schema, run: run as EventSpec["run"] };
}

export type EventTable = { [E in keyof ClientToServerEvents]?: EventSpec };

export interface RouterOptions {
  /** Checked before the event runs (a session still alive); false: the event is not run. */
  admit?: (socket: RosterSocket, event: string, ack: unknown) => boolean | Promise<boolean>;
  /** Clock of the per-socket rate limiters (tests move it by hand). */
  limiterClock?: () => number;
}

/** Attaches every event of the table to a socket (the listeners are made once, here). */
export function eventRouter(table: EventTable, opts: RouterOptions = {}): (socket: RosterSocket) => void {
  // A socket's token bucket, made on its first event.
  const limiters = new WeakMap<RosterSocket, RateLimiter>();
  const limiterOf = (socket: RosterSocket) => {
    let limiter = limiters.get(socket);
    if (!limiter) limiters.set(socket, (limiter = new RateLimiter({ now: opts.limiterClock })));
    return limiter;
  };
  const run = (socket: RosterSocket, spec: EventSpec, payload: unknown, ack: unknown) =>
    answer(limiterOf(socket), () => socketLogger(socket.id, socket.data.userId), spec.schema, (input) => spec.run(socket, input as never), payload, ack);
  const specs = new Map(Object.entries(table));
  // Events nobody declared are ignored, as an event without a listener is.
  const dispatch = function (this: RosterSocket, name: string, payload?: unknown, ack?: unknown) {
    const spec = specs.get(name);
    if (!spec) return;
    const admitted = opts.admit?.(this, name, ack) ?? true;
    if (admitted === true) return void run(this, spec, payload, ack);
    if (admitted === false) return;
    void admitted.then((ok) => {
      if (ok) void run(this, spec, payload, ack);
    });
  };
  return (socket) => void socket.onAny(dispatch);
}
