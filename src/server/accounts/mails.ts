import { sendMail } from "../mail";
import { link } from "./links";

// The account emails. Plain text, one link each.
export const verifyMail = (to: string, name: string, base: string, token: string) =>
  sendMail({
    to,
    subject: "Confirm your email for Roster",
    text: `Hi ${name},\n\nConfirm your email address to start using Roster:\n\n${link(base, "/verify", token)}\n\nThe link works once, for 24 hours. If you did not sign up, ignore this email.\n`,
  });

export const alreadyRegisteredMail = (to: string, base: string) =>
  sendMail({
    to,
    subject: "Someone tried to create a Roster account with your email",
    text: `Someone (maybe you) tried to create a Roster account with this email address, but you already have one.\n\nSign in: ${base}/signin\nForgot your password? Reset it: ${base}/forgot\n\nIf it was not you, you can ignore this email; nothing changed.\n`,
  });

export const resetMail = (to: string, name: string, base: string, token: string) =>
  sendMail({
    to,
    subject: "Reset your Roster password",
    text: `Hi ${name},\n\nChoose a new password here:\n\n${link(base, "/reset", token)}\n\nThe link works once, for 1 hour. If you did not ask for it, ignore this email; your password stays the same.\n`,
  });
