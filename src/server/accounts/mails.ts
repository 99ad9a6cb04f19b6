import { plainText } from "@/shared/text";
import { sendMail, type Mail } from "../mail";
import { link } from "./links";

// The emails we send. Plain text; every link stands on a line of its own and is ours (built from
// NEXTAUTH_URL). Anything a user typed (names, workspace names) is data: one line without control
// or bidi characters, quoted where it stands in a sentence, and never a link (see mailText).

/**
 * User text for a mail: one line, no control or bidi characters, at most `max` characters, and
 * defanged so that no mail client turns it into a link: "://" becomes "[:]//" and the dots of
 * anything shaped like a host name (x.example, www.x.example, ada@x.example) become "[.]".
 */
export function mailText(s: string, max = 80): string {
  return plainText(s, max)
    .replace(/:\/\//g, "[:]//")
    .replace(/[\p{L}\p{N}_-]+(?:\.[\p{L}\p{N}_-]+)+/gu, (host) => (/\.\p{L}{2,}$/u.test(host) || /^www\./i.test(host) ? host.replace(/\./g, "[.]") : host));
}

export const verifyMail = (to: string, name: string, base: string, token: string) =>
  sendMail({
    to,
    subject: "Confirm your email for Roster",
    text: `Hi ${mailText(name)},\n\nConfirm your email address to start using Roster. The page asks for your password: the one you chose when you signed up, or a new one.\n\n${link(base, "/verify", token)}\n\nThe link works once, for 24 hours. If you did not sign up, ignore this email.\n`,
  });

export const alreadyRegisteredMail = (to: string, base: string) =>
  sendMail({
    to,
    subject: "Someone tried to create a Roster account with your email",
    text: `Someone (maybe you) tried to create a Roster account with this email address, but you already have one.\n\nSign in:\n\n${base}/signin\n\nForgot your password? Reset it:\n\n${base}/forgot\n\nIf it was not you, you can ignore this email; nothing changed.\n`,
  });

export const resetMail = (to: string, name: string, base: string, token: string) =>
  sendMail({
    to,
    subject: "Reset your Roster password",
    text: `Hi ${mailText(name)},\n\nChoose a new password here:\n\n${link(base, "/reset", token)}\n\nThe link works once, for 1 hour. If you did not ask for it, ignore this email; your password stays the same.\n`,
  });

/** The confirmation mail for a sign-up on an invitation's join page: confirming accepts the invitation. */
export const joinVerifyMail = (to: string, name: string, join: { workspace: string; inviter: string }, base: string, token: string) =>
  sendMail({
    to,
    subject: `Confirm your email to join "${mailText(join.workspace)}" on Roster`,
    text: `Hi ${mailText(name)},\n\nConfirm your email address to join "${mailText(join.workspace)}" on Roster. Confirming accepts ${mailText(join.inviter)}'s invitation:\n\n${link(base, "/join/confirm", token)}\n\nOpened in the browser you signed up in, the link signs you in and takes you to the workspace. Elsewhere, the page asks for your password first.\n\nThe link works once, for 24 hours. If you did not sign up, ignore this email.\n`,
  });

export interface Invitation {
  to: string;
  /** Who invited: their name and (verified) address; null when the account is gone. */
  inviter: { name: string; email: string } | null;
  workspace: string;
  role: "admin" | "member";
  /** Whether the address has a confirmed account (which then signs in to accept). */
  hasAccount: boolean;
  /** The invitation's join page (/join/<secret>): the mail's one link. */
  joinUrl: string;
  /** The expiry as a date for people ("March 3, 2026"). */
  expiresOn: string;
}

/** The invitation mail: `Ada (ada@example.com) invited you to join "Team" on Roster as a member.` and one link. */
export function invitationMail(i: Invitation): Mail {
  const who = i.inviter ? mailText(i.inviter.name) : "Someone";
  const from = i.inviter ? `${who} (${i.inviter.email})` : who;
  const workspace = `"${mailText(i.workspace)}"`;
  const how = i.hasAccount
    ? "Sign in to accept or decline it here:"
    : "To accept, create your Roster account with this address and confirm your email, all from here:";
  return {
    to: i.to,
    subject: `${who} invited you to join ${workspace} on Roster`,
    text: `${from} invited you to join ${workspace} on Roster as ${i.role === "admin" ? "an admin" : "a member"}.\n\n${how}\n\n${i.joinUrl}\n\nThe invitation expires on ${i.expiresOn}. If you do not want to join, ignore this email.\n`,
  };
}
