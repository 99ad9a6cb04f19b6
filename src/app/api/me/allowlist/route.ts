import { allowlistInput } from "@/shared/schemas";
import { authed, ok, readBody } from "@/server/http";
import { commands } from "@/server/commands";
import { allowlistOf, allowlistPeople, replaceAllowlist } from "@/server/presence/users";

/** Who sees my real status while I am invisible (ids, and with names for pages that do not carry every member). */
export const GET = authed(async ({ user }) => {
  const people = await allowlistPeople(user.id);
  return ok({ userIds: people.map((p) => p.userId), people });
});

/** Replaces the allowlist; ids of people who share no workspace with me are dropped. */
export const PUT = authed(async ({ req, user }) => {
  const { presence } = commands();
  const { userIds } = await readBody(req, allowlistInput);
  const before = await allowlistOf(user.id);
  const after = await replaceAllowlist(user.id, userIds);
  // Viewers taken off the list get the outsiders' view; outsiders hear nothing.
  await presence.allowlistChanged(user.id, before.filter((id) => !after.includes(id)));
  return ok({ userIds: after });
});
