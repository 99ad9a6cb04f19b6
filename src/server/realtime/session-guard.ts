// Open sockets keep their session honest: a session that expired, or whose row was deleted (by
// the app on another instance, or outside it), stops working on every instance.
// - Before each privileged event (anything that changes state), the session is looked up, with
//   an answer at most `freshMs` old (batched, cached per instance).
// - Every `sweepMs`, each instance looks up the sessions of all its open sockets afresh and signs
//   out the sockets of those that ended. Reads (sync, history) and activity reports rely on it.
// While the database cannot answer, sockets keep working (nothing is ended on "down").
import { SIGNED_OUT_REFUSAL } from "@/shared/events";
import type { RosterServer, RosterSocket } from "../socket/types";
import type { SessionCheck } from "./session-check";

/** Events that only read or report activity: the sweep covers them. */
const ROUTINE = new Set([
  "presence:activity",
  "presence:heartbeat",
  "presence:sync",
  // Reads that must keep their order with presence:sync (a subscribe is sent just before it).
  "presence:subscribe",
  "members:range",
  "members:search",
  "message:history",
  "conversation:join",
  "conversation:leave",
]);

export function signOut(socket: RosterSocket): void {
  socket.emit("auth:signedOut");
  socket.disconnect(true);
}

/**
 * The event router's check before each event: a privileged event waits for the socket's session
 * (an answer at most `freshMs` old); a dead one is answered, signed out and not run.
 */
export function sessionAdmit(sessions: SessionCheck, freshMs: number) {
  return (socket: RosterSocket, event: string, ack: unknown): boolean | Promise<boolean> => {
    const { sessionId, userId } = socket.data;
    if (ROUTINE.has(event) || !sessionId) return true;
    return sessions.alive(sessionId, userId, freshMs).then((alive) => {
      if (alive !== false) return true;
      if (typeof ack === "function") (ack as (r: unknown) => void)({ ok: false, error: SIGNED_OUT_REFUSAL });
      signOut(socket);
      return false;
    });
  };
}

/** Looks up the sessions of every open socket of this instance and signs out those that ended. */
export async function sweepSessions(io: RosterServer, sessions: SessionCheck): Promise<number> {
  const sockets = await io.local.fetchSockets();
  const bySession = new Map<string, string>();
  for (const s of sockets) if (s.data.sessionId) bySession.set(s.data.sessionId, s.data.userId);
  const dead = new Set(await sessions.sweep(bySession));
  let ended = 0;
  for (const s of sockets) {
    if (!s.data.sessionId || !dead.has(s.data.sessionId)) continue;
    s.emit("auth:signedOut");
    s.disconnect(true);
    ended++;
  }
  return ended;
}
