import { authed, fail } from "@/server/http";
import { parseParams } from "@/server/params";
import { avatarFor } from "@/server/services/profiles";
import type { AvatarSize } from "@/shared/profile";

const NOT_FOUND = "No picture.";

/**
 * A member's picture (WebP, 256 or 64 px square) for someone who shares a workspace with them. No
 * picture, no such user and no shared workspace are the same 404. The URL carries the picture's
 * version (src/shared/profile.ts avatarUrl): with the current one the answer is cached for good
 * (private: only this browser); with another, it is checked again each time (ETag).
 */
export const GET = authed<{ userId: string }>(async ({ req, user, params }) => {
  const { userId } = parseParams(params, ["userId"]);
  const search = new URL(req.url).searchParams;
  const size: AvatarSize = search.get("size") === "256" ? 256 : 64;
  const found = await avatarFor(user.id, userId, size);
  if (!found) return fail(404, NOT_FOUND);
  const etag = `"${found.version}-${size}"`;
  const headers = {
    "content-type": "image/webp",
    etag,
    "cache-control": search.get("v") === found.version ? "private, max-age=31536000, immutable" : "private, no-cache",
    "content-disposition": "inline",
  };
  if (req.headers.get("if-none-match") === etag) return new Response(null, { status: 304, headers });
  return new Response(found.bytes as Uint8Array<ArrayBuffer>, { status: 200, headers: { ...headers, "content-length": String(found.bytes.byteLength) } });
});
