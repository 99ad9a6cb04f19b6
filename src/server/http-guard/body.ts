import type { IncomingMessage } from "node:http";

// Reads a request body up to a limit before Next.js sees the request, then hands the same
// bytes on. The HTTP parser pushes body chunks with req.push(); holding them back here keeps
// the IncomingMessage intact for Next (its headers, socket and stream).

export type BodyResult = { ok: true; body: Buffer } | { ok: false; reason: "too-large" | "aborted" };

type Push = (chunk: unknown, encoding?: BufferEncoding) => boolean;

export function holdBody(req: IncomingMessage, limit: number): Promise<BodyResult> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const original = req.push;
    const finish = (result: BodyResult) => {
      if (done) return;
      done = true;
      req.off("close", onClose);
      resolve(result);
    };
    const onClose = () => finish({ ok: false, reason: "aborted" });
    const hold: Push = (chunk) => {
      if (done) return true; // over the limit: the rest is read and dropped until the socket closes
      if (chunk === null) {
        const body = Buffer.concat(chunks, size);
        (req as { push: Push }).push = original;
        finish({ ok: true, body });
        if (body.length) original.call(req, body);
        return original.call(req, null);
      }
      const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string);
      size += buf.length;
      if (size > limit) {
        chunks.length = 0;
        finish({ ok: false, reason: "too-large" });
        return true;
      }
      chunks.push(buf);
      return true;
    };
    (req as { push: Push }).push = hold;
    req.on("close", onClose);
  });
}

/** True when the request announces a body (a length above 0, or chunked). */
export const announcesBody = (req: IncomingMessage) =>
  req.headers["transfer-encoding"] !== undefined || (req.headers["content-length"] !== undefined && req.headers["content-length"] !== "0");
