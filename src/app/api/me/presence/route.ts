import { setModeInput } from "@/shared/schemas";
import { authed, ok, readBody } from "@/server/http";
import { commands } from "@/server/commands";

/**
 * Sets my presence mode (auto, away, dnd, invisible); it is kept across reloads and restarts.
 * With `until` (dnd only), the mode before comes back by itself then.
 */
export const PUT = authed(async ({ req, user }) => {
  const { dnd } = commands();
  const { mode, until } = await readBody(req, setModeInput);
  const me = await dnd.setMode(user.id, mode, until ? new Date(until) : undefined);
  return ok(me);
});
