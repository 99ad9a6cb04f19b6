import net from "node:net";

// A raw HTTP/1.1 client for requests fetch() refuses to send: bad escapes, control
// characters, wrong lengths, odd methods. One connection per request, closed by the server.

export interface RawAnswer {
  status: number; // 0: the connection closed without an answer
  headers: Record<string, string>;
  body: string;
  timedOut: boolean;
}

export function rawRequest(port: number, head: string | Buffer, body?: Buffer | Buffer[], timeoutMs = 15_000): Promise<RawAnswer> {
  return new Promise((resolve) => {
    const s = net.connect(port, "127.0.0.1");
    const parts: Buffer[] = [];
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      s.destroy();
    }, timeoutMs);
    s.on("data", (d) => parts.push(d));
    s.on("error", () => {});
    s.on("close", () => {
      clearTimeout(timer);
      const text = Buffer.concat(parts).toString("utf8");
      const split = text.indexOf("\r\n\r\n");
      const headText = split === -1 ? text : text.slice(0, split);
      const headers: Record<string, string> = {};
      for (const line of headText.split("\r\n").slice(1)) {
        const i = line.indexOf(":");
        if (i > 0) headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
      }
      let rest = split === -1 ? "" : text.slice(split + 4);
      if (/chunked/i.test(headers["transfer-encoding"] ?? "")) rest = unchunk(rest);
      resolve({ status: Number(/^HTTP\/1\.[01] (\d{3})/.exec(text)?.[1] ?? 0), headers, body: rest, timedOut });
    });
    s.write(head);
    if (Array.isArray(body)) {
      // Chunked: a chunk every tick, so the server sees a stream.
      let i = 0;
      const next = () => {
        if (s.destroyed) return;
        if (i < body.length) {
          s.write(body[i++]!, () => setImmediate(next));
        }
      };
      next();
    } else if (body) {
      s.write(body);
    }
  });
}

/** The request head, Connection: close added. */
export function head(method: string, target: string, headers: Record<string, string | number>): string {
  const lines = [`${method} ${target} HTTP/1.1`];
  for (const [k, v] of Object.entries({ ...headers, Connection: "close" })) lines.push(`${k}: ${v}`);
  return lines.join("\r\n") + "\r\n\r\n";
}

/** A chunked encoding of `body` in pieces of `size`, with the final chunk. */
export function chunked(body: Buffer, size: number): Buffer[] {
  const out: Buffer[] = [];
  for (let i = 0; i < body.length; i += size) {
    const piece = body.subarray(i, i + size);
    out.push(Buffer.concat([Buffer.from(`${piece.length.toString(16)}\r\n`), piece, Buffer.from("\r\n")]));
  }
  out.push(Buffer.from("0\r\n\r\n"));
  return out;
}

/** Decodes a chunked body (sizes count bytes; close enough for reading messages). */
function unchunk(text: string): string {
  const buf = Buffer.from(text, "utf8");
  const out: Buffer[] = [];
  let i = 0;
  while (i < buf.length) {
    const eol = buf.indexOf("\r\n", i);
    if (eol === -1) break;
    const size = parseInt(buf.subarray(i, eol).toString("latin1"), 16);
    if (!size) break;
    out.push(buf.subarray(eol + 2, eol + 2 + size));
    i = eol + 2 + size + 2;
  }
  return Buffer.concat(out).toString("utf8");
}
