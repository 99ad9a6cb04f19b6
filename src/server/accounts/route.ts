import { clientIp } from "../limits";
import { errorResponse } from "../http";
import { appBase } from "./links";
import type { Origin } from "./accounts";

/** A JSON route open to everyone: errors become `{ ok: false, error }`, never a stack trace. */
export const open = (fn: (req: Request) => Promise<Response>) => async (req: Request) => {
  try {
    return await fn(req);
  } catch (err) {
    return errorResponse(err, req);
  }
};

export const originOf = (req: Request): Origin => ({ ip: clientIp(req.headers), base: appBase() });
