import { getDb } from "./db";

// Server-side sessions: the session JWT names a Session row; deleting the row signs that
// browser out at its next request. Whoever ends sessions passes `ended` (the realtime
// server's commands().sessionsEnded), which closes their open sockets on every instance.

/** Told which sessions of a user ended (null: all of them). */
export type SessionsEnded = (userId: string, sessionIds: string[] | null) => void;
export const SESSION_DAYS = 30;
export const SESSION_MAX_AGE_SEC = SESSION_DAYS * 24 * 3600;

export async function createSession(userId: string): Promise<string> {
  const row = await getDb().session.create({
    data: { userId, expiresAt: new Date(Date.now() + SESSION_MAX_AGE_SEC * 1000) },
    select: { id: true },
  });
  return row.id;
}

export async function sessionAlive(sessionId: string, userId: string): Promise<boolean> {
  const row = await getDb().session.findUnique({ where: { id: sessionId }, select: { userId: true, expiresAt: true } });
  return !!row && row.userId === userId && row.expiresAt > new Date();
}

/** The live (unexpired) sessions among `ids`, each with its user id: one query for a whole batch of handshakes. */
export async function liveSessions(ids: string[]): Promise<Map<string, string>> {
  const rows = await getDb().session.findMany({ where: { id: { in: ids }, expiresAt: { gt: new Date() } }, select: { id: true, userId: true } });
  return new Map(rows.map((r) => [r.id, r.userId]));
}

/** Ends one session; `ended` is told after the row is gone. */
export async function endSession(userId: string, sessionId: string, ended: SessionsEnded): Promise<void> {
  await getDb().session.deleteMany({ where: { id: sessionId, userId } });
  ended(userId, [sessionId]);
}

/** Ends every session of the user (all but `except`, when given); `ended` is told which, unless none. */
export async function endAllSessions(userId: string, ended: SessionsEnded, opts: { except?: string } = {}): Promise<void> {
  const db = getDb();
  if (opts.except) {
    const rows = await db.session.findMany({ where: { userId, id: { not: opts.except } }, select: { id: true } });
    const ids = rows.map((s) => s.id);
    await db.session.deleteMany({ where: { userId, id: { in: ids } } });
    if (ids.length) ended(userId, ids);
    return;
  }
  await db.session.deleteMany({ where: { userId } });
  ended(userId, null);
}

/** Drops expired rows of one user (called on sign-in, so the table does not grow forever). */
export async function pruneSessions(userId: string): Promise<void> {
  await getDb().session.deleteMany({ where: { userId, expiresAt: { lt: new Date() } } });
}
