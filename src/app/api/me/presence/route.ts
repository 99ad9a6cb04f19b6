import { setModeInput } from "@/shared/schemas";
import { authed, ok, readBody } from "@/server/http";
import { getPresence } from "@/server/runtime";

/** Sets my presence mode (auto, away, dnd, invisible); it is kept across reloads and restarts. */
export const PUT = authed(async ({ req, user }) => {
  const { mode } = await readBody(req, setModeInput);
  await getPresence().setMode(user.id, mode);
  return ok({ mode });
});
