/** An error whose message is safe to show to the user. */
export class AppError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export const notFound = (what = "Not found.") => new AppError(404, what);
export const forbidden = (what = "You do not have permission to do that.") => new AppError(403, what);
export const badRequest = (what: string) => new AppError(400, what);
export const conflict = (what: string) => new AppError(409, what);

/** A unique-constraint violation, as Prisma reports it (P2002) or as a driver adapter passes it through (SQLSTATE 23505). */
export function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: unknown; cause?: { originalCode?: unknown; code?: unknown }; message?: unknown } | null;
  if (!e) return false;
  if (e.code === "P2002") return true;
  if (e.cause?.originalCode === "23505" || e.cause?.code === "23505") return true;
  return typeof e.message === "string" && e.message.includes("duplicate key value");
}

/** A foreign-key violation (P2003, or SQLSTATE 23503 through a driver adapter): the row it points to is gone. */
export function isForeignKeyViolation(err: unknown): boolean {
  const e = err as { code?: unknown; cause?: { originalCode?: unknown; code?: unknown } } | null;
  if (!e) return false;
  return e.code === "P2003" || e.cause?.originalCode === "23503" || e.cause?.code === "23503";
}

/**
 * Errors that a malformed request causes below the routes and handlers, not a fault of ours: a bad
 * % escape in a parameter, a value the database cannot take (too long, not UTF-8, NUL, a wrong
 * type), or text Prisma cannot encode (a lone surrogate). The text rule (src/shared/text.ts)
 * refuses such values first; this keeps one that slips through a 400, not a 500.
 */
export function isBadInput(err: unknown): boolean {
  if (err instanceof URIError) return true;
  const e = err as { name?: unknown; code?: unknown; message?: unknown; cause?: { originalCode?: unknown; code?: unknown } } | null;
  if (!e || typeof e !== "object") return false;
  if (e.name === "PrismaClientValidationError") return true;
  // Prisma's engine reads the query as JSON and fails on a lone surrogate ("unexpected end of hex escape").
  if (e.name === "PrismaClientUnknownRequestError" && typeof e.message === "string" && /JSON Error: .*(hex escape|surrogate)/.test(e.message)) return true;
  if (e.code === "P2000" || e.code === "P2006" || e.code === "P2007" || e.code === "P2023") return true;
  const sql = e.cause?.originalCode ?? e.cause?.code;
  // 22001 too long, 22021 bad encoding, 22P02 bad text form, 22P05 untranslatable (NUL)
  return sql === "22001" || sql === "22021" || sql === "22P02" || sql === "22P05";
}
