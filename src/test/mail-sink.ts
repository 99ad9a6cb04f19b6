import fs from "node:fs";
import path from "node:path";
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";
import { linksIn } from "../shared/mail-links";

// A real SMTP server for tests: accepts every mail, keeps it in memory and, when `dir` is given,
// appends it as a JSON line to `<dir>/<recipient>.jsonl` (for other processes to read).
export interface ReceivedMail {
  to: string[];
  from: string;
  subject: string;
  text: string;
  links: string[];
  at: number;
}

export { linksIn };

/** A header as written, with its RFC 2047 encoded words (=?UTF-8?Q?…?=, =?UTF-8?B?…?=) decoded. */
function decodeWords(value: string): string {
  return value
    .replace(/(\?=)\s+(?==\?)/g, "$1") // whitespace between two encoded words is not text
    .replace(/=\?utf-8\?([qb])\?([^?]*)\?=/gi, (_, enc: string, data: string) =>
      enc.toLowerCase() === "b"
        ? Buffer.from(data, "base64").toString("utf8")
        : Buffer.from(data.replace(/_/g, " ").replace(/=([0-9A-F]{2})/gi, (_m, h: string) => String.fromCharCode(parseInt(h, 16))), "latin1").toString("utf8"),
    );
}

/** Reads the headers and the (plain text, maybe quoted-printable) body of a raw message. */
function parse(raw: string): { subject: string; text: string } {
  const split = raw.indexOf("\r\n\r\n");
  const head = raw.slice(0, split).replace(/\r\n[ \t]+/g, " ");
  let body = raw.slice(split + 4);
  const subject = decodeWords(/^subject: (.*)$/im.exec(head)?.[1] ?? "");
  if (/content-transfer-encoding: quoted-printable/i.test(head)) {
    body = body.replace(/=\r?\n/g, "").replace(/=([0-9A-F]{2})/gi, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
    body = Buffer.from(body, "latin1").toString("utf8");
  } else if (/content-transfer-encoding: base64/i.test(head)) {
    body = Buffer.from(body.replace(/\s+/g, ""), "base64").toString("utf8");
  }
  return { subject, text: body.replace(/\r\n/g, "\n") };
}

export interface MailSink {
  url: string;
  port: number;
  mails: ReceivedMail[];
  /** The first mail to `address` (lowercased) received after `since` that matches `subject`; waits up to `timeoutMs`. */
  waitFor(address: string, opts?: { subject?: RegExp; since?: number; timeoutMs?: number }): Promise<ReceivedMail>;
  stop(): Promise<void>;
}

export async function startMailSink(opts: { port?: number; dir?: string } = {}): Promise<MailSink> {
  const mails: ReceivedMail[] = [];
  if (opts.dir) fs.mkdirSync(opts.dir, { recursive: true });
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onData(stream, session, done) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        const { subject, text } = parse(Buffer.concat(chunks).toString("latin1"));
        const mail: ReceivedMail = {
          to: session.envelope.rcptTo.map((r) => r.address.toLowerCase()),
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
          subject,
          text,
          links: linksIn(text),
          at: Date.now(),
        };
        mails.push(mail);
        if (opts.dir) {
          fs.mkdirSync(opts.dir, { recursive: true });
          for (const to of mail.to) fs.appendFileSync(path.join(opts.dir, `${to}.jsonl`), JSON.stringify(mail) + "\n");
        }
        done();
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? 0, "127.0.0.1", () => resolve());
  });
  const port = (server.server.address() as AddressInfo).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    port,
    mails,
    async waitFor(address, { subject, since = 0, timeoutMs = 10_000 } = {}) {
      const to = address.toLowerCase();
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = mails.find((m) => m.at >= since && m.to.includes(to) && (!subject || subject.test(m.subject)));
        if (found) return found;
        if (Date.now() > deadline) throw new Error(`no mail to ${to}${subject ? ` matching ${subject}` : ""} within ${timeoutMs} ms`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
