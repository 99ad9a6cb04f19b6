// Uploaded pictures: the bytes decide what an upload is (never only the declared type), then
// sharp crops the centred square and writes the sizes Roster serves, as WebP.
import sharp from "sharp";
import { AppError } from "./errors";
import { AVATAR_TYPES, MAX_AVATAR_BYTES } from "@/shared/profile";

export type ImageType = (typeof AVATAR_TYPES)[number];

/** The image type the first bytes say, or null when they are none of PNG, JPEG, WebP or GIF. */
export function sniffImage(b: Uint8Array): ImageType | null {
  const at = (i: number, ...bytes: number[]) => bytes.every((x, k) => b[i + k] === x);
  if (at(0, 0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return "image/png";
  if (at(0, 0xff, 0xd8, 0xff)) return "image/jpeg";
  if (at(0, 0x47, 0x49, 0x46, 0x38) && (b[4] === 0x37 || b[4] === 0x39) && b[5] === 0x61) return "image/gif";
  if (at(0, 0x52, 0x49, 0x46, 0x46) && at(8, 0x57, 0x45, 0x42, 0x50)) return "image/webp";
  return null;
}

export const notAnImage = () => new AppError(415, "Upload a PNG, JPEG, WebP or GIF image.");
export const tooLargeImage = () => new AppError(413, `The picture is larger than ${MAX_AVATAR_BYTES / 1024 / 1024} MB.`);

/**
 * Reads a request body up to `limit` bytes, refusing (413) as soon as it goes over: an oversized
 * upload is never held whole. A declared Content-Length over the limit is refused before reading.
 */
export async function readLimited(req: Request, limit = MAX_AVATAR_BYTES): Promise<Buffer> {
  const declared = Number(req.headers.get("content-length"));
  if (Number.isFinite(declared) && declared > limit) throw tooLargeImage();
  if (!req.body) return Buffer.alloc(0);
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => {});
      throw tooLargeImage();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks, size);
}

/** Decoded pixels at most this many (a small file may claim a huge canvas: a decompression bomb). */
const MAX_PIXELS = 40_000_000;

/**
 * The stored sizes of a picture: the centred square, 256 and 64 px, WebP. The first frame of an
 * animation; the camera's orientation applied. Anything the bytes or the decoder refuse is a 415.
 */
export async function makeAvatar(bytes: Buffer): Promise<{ large: Buffer; small: Buffer }> {
  if (!sniffImage(bytes)) throw notAnImage();
  const square = async (size: number) =>
    sharp(bytes, { limitInputPixels: MAX_PIXELS, animated: false, failOn: "error" })
      .rotate()
      .resize(size, size, { fit: "cover", position: "centre" })
      .webp({ quality: 82 })
      .toBuffer();
  try {
    const [large, small] = await Promise.all([square(256), square(64)]);
    return { large, small };
  } catch {
    throw new AppError(415, "This picture could not be read; try another PNG, JPEG, WebP or GIF.");
  }
}
