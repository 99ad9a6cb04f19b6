// Mails quote user text as data: one-line subjects, no control or bidi characters, no link from
// anything a user typed, and every link of ours on a line of its own.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { databases, uniqueEmail } from "@/test/databases";
import { linksIn, startMailSink, type MailSink } from "@/test/mail-sink";
import type { PrismaClient } from "@/generated/prisma/client";
import { setDb } from "../db";
import { invite } from "../services/invites";
import { createWorkspace } from "../services/workspaces";
import { invitationMail, mailText } from "./mails";

const BASE = "https://roster.example";

/** Every link stands alone on its line and is ours. */
function linksAlone(text: string) {
  for (const link of linksIn(text)) {
    expect(link.startsWith(`${BASE}/`), link).toBe(true);
    expect(text.split("\n")).toContain(link);
  }
}

describe("mailText", () => {
  it("one line, no control or bidi characters, nothing a mail client would turn into a link", () => {
    expect(mailText("Evil\nhttps://x.example")).toBe("Evil https[:]//x[.]example");
    expect(mailText("Reset at www.x.example/login now")).toBe("Reset at www[.]x[.]example/login now");
    expect(mailText("Admin\u202e (nimda)\u0007\b")).toBe("Admin (nimda)");
    expect(mailText("mail ada@x.example")).toBe("mail ada@x[.]example");
    expect(mailText("Acme.io")).toBe("Acme[.]io");
    expect(mailText("Team 2.0 and v1.2.3")).toBe("Team 2.0 and v1.2.3"); // not host-shaped: unchanged
    expect(mailText("Équipe 🚀 👩‍💻")).toBe("Équipe 🚀 👩‍💻");
    expect(mailText("x".repeat(100), 10)).toBe(`${"x".repeat(9)}…`);
  });
});

describe("invitationMail", () => {
  const base = { to: "new@x.test", role: "member" as const, joinUrl: `${BASE}/join/s3cret`, expiresOn: "March 3, 2026" };

  it("names the inviter with their address and quotes the workspace", () => {
    const mail = invitationMail({ ...base, inviter: { name: "Ada", email: "ada@example.com" }, workspace: "Team name", hasAccount: true });
    expect(mail.subject).toBe('Ada invited you to join "Team name" on Roster');
    expect(mail.text).toBe(
      'Ada (ada@example.com) invited you to join "Team name" on Roster as a member.\n\n' +
        `Sign in to accept or decline it here:\n\n${BASE}/join/s3cret\n\n` +
        "The invitation expires on March 3, 2026. If you do not want to join, ignore this email.\n",
    );
    linksAlone(mail.text);
  });

  it("a workspace named with a line break and a URL gives a one-line subject and no link", () => {
    const mail = invitationMail({ ...base, inviter: { name: "Bo\r\nBcc: x@evil.example", email: "bo@example.com" }, workspace: "Evil\nhttps://x.example", hasAccount: false, role: "admin" });
    expect(mail.subject).toBe('Bo Bcc: x@evil[.]example invited you to join "Evil https[:]//x[.]example" on Roster');
    expect(mail.subject).not.toMatch(/[\r\n]/);
    expect(mail.text).toContain('Bo Bcc: x@evil[.]example (bo@example.com) invited you to join "Evil https[:]//x[.]example" on Roster as an admin.');
    expect(mail.text).toContain("To accept, create your Roster account with this address and confirm your email, all from here:");
    expect(linksIn(mail.text)).toEqual([`${BASE}/join/s3cret`]);
    linksAlone(mail.text);
  });
});

describe("the invitation mail as sent (PostgreSQL, a real SMTP server)", () => {
  const postgres = databases.find((d) => d.name === "postgres")!;
  let client: PrismaClient;
  let sink: MailSink;
  const saved = { SMTP_URL: process.env.SMTP_URL, NEXTAUTH_URL: process.env.NEXTAUTH_URL };

  beforeAll(async () => {
    sink = await startMailSink();
    process.env.SMTP_URL = sink.url;
    process.env.NEXTAUTH_URL = BASE;
    client = postgres.connect();
    setDb(client);
  });
  afterAll(async () => {
    process.env.SMTP_URL = saved.SMTP_URL;
    process.env.NEXTAUTH_URL = saved.NEXTAUTH_URL;
    if (saved.SMTP_URL === undefined) delete process.env.SMTP_URL;
    if (saved.NEXTAUTH_URL === undefined) delete process.env.NEXTAUTH_URL;
    await sink.stop();
    await postgres.close(client);
    setDb(undefined);
  });

  it("a workspace named `Evil\\nhttps://x.example` (stored before the text rule) yields a one-line subject and no link", async () => {
    // Names from before the rule can still hold line breaks: the services take them as stored.
    const owner = await client.user.create({ data: { email: uniqueEmail("owner"), name: "Evil\u202e Owner\nhttp://y.example", passwordHash: "x", emailVerifiedAt: new Date() } });
    const ws = await createWorkspace(owner.id, "Evil\nhttps://x.example");
    const to = uniqueEmail("invitee");
    const since = Date.now();
    await invite(owner.id, ws.slug, to, "member");
    const mail = await sink.waitFor(to, { subject: /invited you/, since });
    expect(mail.subject).toBe('Evil Owner http[:]//y[.]example invited you to join "Evil https[:]//x[.]example" on Roster');
    expect(mail.text).toContain(`Evil Owner http[:]//y[.]example (${owner.email}) invited you to join "Evil https[:]//x[.]example" on Roster as a member.`);
    expect(mail.links).toHaveLength(1); // the join page, and nothing else
    expect(mail.links[0]).toMatch(new RegExp(`^${BASE}/join/[A-Za-z0-9_-]{43}$`));
    expect(mail.text).not.toMatch(/x\.example|y\.example|\u202e/);
    linksAlone(mail.text);
  });
});
