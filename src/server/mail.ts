// Outgoing mail. With SMTP_URL it goes through nodemailer; without it, to the development outbox.
// (Minimal version: the accounts work completes the outbox.)
import nodemailer from "nodemailer";
import { env } from "@/env";
import { logger } from "./logger";

export interface Mail {
  to: string;
  subject: string;
  text: string;
}

let transport: nodemailer.Transporter | undefined;

export async function sendMail(mail: Mail): Promise<void> {
  if (env.SMTP_URL) {
    transport ??= nodemailer.createTransport(env.SMTP_URL);
    await transport.sendMail({ from: env.MAIL_FROM, ...mail });
    return;
  }
  logger.info({ to: mail.to, subject: mail.subject }, `mail (development outbox):\n${mail.text}`);
}
