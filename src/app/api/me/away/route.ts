import { awayInput } from "@/shared/away-input";
import { authed, ok, readBody } from "@/server/http";
import { commands } from "@/server/commands";
import { awaySetting, saveAwaySetting } from "@/server/services/away-setting";

/** When switching away from Roster shows me away: at once, after a minute away, or only after 10 minutes without input. */
export const GET = authed(async ({ user }) => ok({ awayAfter: await awaySetting(user.id) }));

export const PUT = authed(async ({ req, user }) => {
  const { awayAfter } = await readBody(req, awayInput);
  await saveAwaySetting(user.id, awayAfter);
  // Every open tab and device of the user applies it at once (on every instance).
  commands().awaySettingChanged(user.id, awayAfter);
  return ok({ awayAfter });
});
