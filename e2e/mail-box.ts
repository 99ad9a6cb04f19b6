import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export { fs };
const BASE = Number(process.env.E2E_PORT_BASE ?? 3210);
/** The test SMTP server's port: next to the app ports, so parallel runs on other bases do not collide. */
export const MAIL_PORT = BASE + 1000;
export const MAIL_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "test-results", "mail");

export interface E2eMail {
  to: string[];
  subject: string;
  text: string;
  links: string[];
  at: number;
}

/** The newest mail to `email` matching `subject` and received after `since`; polls up to 15 s. */
export async function mailTo(email: string, opts: { subject?: RegExp; since?: number } = {}): Promise<E2eMail> {
  const file = path.join(MAIL_DIR, `${email.toLowerCase()}.jsonl`);
  const deadline = Date.now() + 15_000;
  for (;;) {
    const text = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : "";
    const mails = text.split("\n").filter(Boolean).map((l) => JSON.parse(l) as E2eMail);
    const found = mails.reverse().find((m) => m.at >= (opts.since ?? 0) && (!opts.subject || opts.subject.test(m.subject)));
    if (found) return found;
    if (Date.now() > deadline) throw new Error(`no mail to ${email}${opts.subject ? ` matching ${opts.subject}` : ""}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The path and query of a mailed link, to open on the server under test. */
export const pathOf = (link: string) => {
  const url = new URL(link);
  return url.pathname + url.search;
};
