import type { DisconnectReason, ExtendedError } from "socket.io";
import { REFUSED_RESTARTING, REFUSED_UNAVAILABLE, SIGNED_OUT_REFUSAL } from "@/shared/events";
import { metrics } from "../metrics";
import type { RosterServer, RosterSocket } from "../socket/types";

// Socket metrics: connects (accepted, or refused and why), disconnects by Socket.IO's reason,
// and presence:updated messages written to this instance's sockets.

/** A handshake refusal's message (see the middleware in server.ts and SocketCaps) as a short label. */
export function refusalLabel(message: string): string {
  if (message === REFUSED_RESTARTING) return "restarting";
  if (message === REFUSED_UNAVAILABLE) return "unavailable";
  if (message === SIGNED_OUT_REFUSAL) return "signed_out";
  if (message.startsWith("Too many attempts")) return "rate_limited";
  if (message.startsWith("Bad handshake")) return "bad_handshake";
  if (message.startsWith("Workspace not found")) return "no_workspace";
  if (message.startsWith("Too many connections")) return "too_many_from_address";
  if (message.startsWith("Too many open tabs")) return "too_many_for_user";
  if (message.startsWith("Server error")) return "error";
  return "other";
}

type Next = (err?: ExtendedError) => void;

/** Wraps the handshake middleware: each refusal it makes is counted by reason. */
export function countRefusals(check: (socket: RosterSocket, next: Next) => unknown) {
  return (socket: RosterSocket, next: Next): void => {
    void check(socket, (err) => {
      if (err) metrics.socketConnects.inc({ result: refusalLabel(err.message) });
      next(err);
    });
  };
}

const REASONS: readonly DisconnectReason[] = [
  "transport error",
  "transport close",
  "forced close",
  "ping timeout",
  "parse error",
  "server shutting down",
  "forced server close",
  "client namespace disconnect",
  "server namespace disconnect",
];

/** Counts accepted connects and engine-level refusals (cross-site Origin, bad requests); the emitter counts deliveries. */
export function watchSockets(io: RosterServer): void {
  // Code 4 (Forbidden) is allowRequest's refusal: a cross-site Origin.
  io.engine.on("connection_error", (err: { code?: number }) => {
    metrics.socketConnects.inc({ result: err.code === 4 ? "cross_site" : "bad_request" });
  });
  io.on("connection", () => metrics.socketConnects.inc({ result: "accepted" }));
}

/** Counts a disconnect by Socket.IO's reason (the server's one close listener calls it). */
export function countDisconnect(reason: DisconnectReason): void {
  metrics.socketDisconnects.inc({ reason: REASONS.includes(reason) ? reason : "other" });
}
