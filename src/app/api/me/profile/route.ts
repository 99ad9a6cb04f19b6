import { profileInput } from "@/shared/profile-input";
import { authed, ok, readBody } from "@/server/http";
import { notFound } from "@/server/errors";
import { profileChanged } from "@/server/profile-changed";
import { myProfile, saveProfile } from "@/server/services/profiles";

/** My name, title, time zone and picture version. */
export const GET = authed(async ({ user }) => {
  const profile = await myProfile(user.id);
  if (!profile) throw notFound();
  return ok(profile);
});

/** Changes any of name, title and time zone; everyone who shares a workspace sees it live. */
export const PUT = authed(async ({ req, user }) => {
  const input = await readBody(req, profileInput);
  const profile = await saveProfile(user.id, input);
  await profileChanged(user.id);
  return ok(profile);
});
