import { setStatusInput } from "@/shared/custom-status-input";
import { authed, ok, readBody } from "@/server/http";
import { commands } from "@/server/commands";

/** Sets my custom status (emoji and/or text, optional expiry); the socket's `status:set` does the same. */
export const PUT = authed(async ({ req, user }) => {
  const { statuses } = commands();
  const s = await readBody(req, setStatusInput);
  return ok(await statuses.set(user.id, s));
});

/** Clears my custom status. */
export const DELETE = authed(async ({ user }) => ok(await commands().statuses.clear(user.id)));
