import { AVATAR_TYPES } from "@/shared/profile";
import { mediaType } from "@/server/http-guard/checks";
import { authed, ok } from "@/server/http";
import { makeAvatar, notAnImage, readLimited } from "@/server/avatar-image";
import { profileChanged } from "@/server/profile-changed";
import { removeAvatar, saveAvatar } from "@/server/services/profiles";

/**
 * A new picture: the raw image as the body, its type as Content-Type (PNG, JPEG, WebP or GIF; the
 * bytes must agree). Over 5 MB is a 413 as soon as the reading passes it; anything else a 415.
 */
export const POST = authed(async ({ req, user }) => {
  if (!(AVATAR_TYPES as readonly string[]).includes(mediaType(req.headers.get("content-type") ?? undefined))) throw notAnImage();
  const images = await makeAvatar(await readLimited(req));
  const avatar = await saveAvatar(user.id, images);
  await profileChanged(user.id);
  return ok({ avatar }, 201);
});

/** Back to initials. */
export const DELETE = authed(async ({ user }) => {
  await removeAvatar(user.id);
  await profileChanged(user.id);
  return ok({ avatar: null });
});
