// Outgoing mail. With SMTP_URL it goes through nodemailer; without it, to the development
// outbox: one JSON line per mail in DATA_DIR/outbox.jsonl (read by /dev/outbox) and a log line.
import fs from "node:fs";
import path from "node:path";
import nodemailer from "nodemailer";
import { readEnv } from "@/env";
import { logger } from "./logger";
import { linksIn } from "@/shared/mail-links";

export interface Mail {
  to: string;
  subject: string;
  text: string;
}

export interface OutboxMail extends Mail {
  at: string;
  links: string[];
}

// Read at send time, so a test can point it at its own SMTP server.
const settings = () => readEnv();

let transport: { url: string; t: nodemailer.Transporter } | undefined;

export { linksIn };

export async function sendMail(mail: Mail): Promise<void> {
  const { SMTP_URL, MAIL_FROM, DATA_DIR } = settings();
  if (SMTP_URL) {
    if (transport?.url !== SMTP_URL) transport = { url: SMTP_URL, t: nodemailer.createTransport(SMTP_URL) };
    await transport.t.sendMail({ from: MAIL_FROM, ...mail });
    return;
  }
  const entry: OutboxMail = { at: new Date().toISOString(), ...mail, links: linksIn(mail.text) };
  const dir = path.resolve(/*turbopackIgnore: true*/ DATA_DIR);
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  fs.chmodSync(dir, 0o700); // the data folder (also the database and secret) is private to its owner
  await fs.promises.appendFile(path.join(dir, "outbox.jsonl"), JSON.stringify(entry) + "\n", { mode: 0o600 });
  // Links are secrets (sign-in by reset): they reach the log only in development.
  if (settings().NODE_ENV === "production") logger.warn({ to: mail.to, subject: mail.subject }, "SMTP_URL is not set: mail written to DATA_DIR/outbox.jsonl only");
  else logger.info({ to: mail.to, subject: mail.subject, links: entry.links }, `mail to ${mail.to} (development outbox, see /dev/outbox): ${entry.links.join(" ")}`);
}

/** The development outbox is on when no SMTP server is configured, and never in production. */
export const outboxEnabled = () => !settings().SMTP_URL && settings().NODE_ENV !== "production";

/** The newest `limit` mails of the development outbox, newest first. */
export async function readOutbox(limit = 50): Promise<OutboxMail[]> {
  const file = path.join(path.resolve(/*turbopackIgnore: true*/ settings().DATA_DIR), "outbox.jsonl");
  const text = await fs.promises.readFile(file, "utf8").catch(() => "");
  const lines = text.split("\n").filter(Boolean).slice(-limit).reverse();
  return lines.flatMap((line) => {
    try {
      return [JSON.parse(line) as OutboxMail];
    } catch {
      return [];
    }
  });
}
