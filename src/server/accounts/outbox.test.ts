import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { outboxEnabled, readOutbox, sendMail } from "../mail";
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

  it("builds links from the Host header only when it is a plain host", () => {
    expect(appBase(new Headers({ host: "localhost:3000" }))).toBe("http://localhost:3000");
    expect(appBase(new Headers({ host: "evil.test/x?" }))).toBe("http://localhost");
    expect(appBase(new Headers({ host: "localhost:3000", "x-forwarded-proto": "https" }))).toBe("http://localhost:3000");
  });
});
