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
