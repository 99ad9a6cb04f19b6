import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { linksIn, outboxEnabled, readOutbox, sendMail } from "../mail";
import { appBase } from "./links";

describe("development outbox", () => {
  const dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "roster-outbox-")), "data");
  fs.mkdirSync(dir, { mode: 0o755 }); // an existing folder is made private too
  const saved = { DATA_DIR: process.env.DATA_DIR, SMTP_URL: process.env.SMTP_URL };
  process.env.DATA_DIR = dir;
  delete process.env.SMTP_URL;
  afterAll(() => {
    Object.assign(process.env, saved);
    if (saved.DATA_DIR === undefined) delete process.env.DATA_DIR;
    if (saved.SMTP_URL === undefined) delete process.env.SMTP_URL;
    fs.rmSync(path.dirname(dir), { recursive: true, force: true });
  });

  it("keeps mail in a private file, newest first, with its links", async () => {
    expect(outboxEnabled()).toBe(true);
    await sendMail({ to: "a@x.test", subject: "One", text: "Open http://localhost:3000/verify?token=abc now." });
    await sendMail({ to: "b@x.test", subject: "Two", text: "No link here." });
    const file = path.join(dir, "outbox.jsonl");
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.statSync(dir).mode & 0o777).toBe(0o700);
    const mails = await readOutbox();
    expect(mails.map((m) => m.subject)).toEqual(["Two", "One"]);
    expect(mails[1]!.links).toEqual(["http://localhost:3000/verify?token=abc"]);
  });

  it("links exactly the URL: a sentence's closing punctuation is not part of it", () => {
    const text = "Sign up at http://localhost:3000/signup, confirm, then see http://localhost:3000/invitations.\n(http://localhost:3000/join/Ab_9-x) and \"https://roster.example/verify?token=a.b\"!\nhttp://";
    expect(linksIn(text)).toEqual([
      "http://localhost:3000/signup",
      "http://localhost:3000/invitations",
      "http://localhost:3000/join/Ab_9-x",
      "https://roster.example/verify?token=a.b",
    ]);
  });

  it("builds email links from NEXTAUTH_URL, else localhost, never from a request header", () => {
    const saved = { url: process.env.NEXTAUTH_URL, port: process.env.PORT };
    try {
      delete process.env.NEXTAUTH_URL;
      process.env.PORT = "3123";
      expect(appBase()).toBe("http://localhost:3123");
      process.env.NEXTAUTH_URL = "https://chat.example.com/some/path";
      expect(appBase()).toBe("https://chat.example.com");
    } finally {
      if (saved.url === undefined) delete process.env.NEXTAUTH_URL;
      else process.env.NEXTAUTH_URL = saved.url;
      if (saved.port === undefined) delete process.env.PORT;
      else process.env.PORT = saved.port;
    }
  });
});
