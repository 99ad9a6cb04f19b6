// Playwright global setup: a real SMTP server for both Roster servers (their SMTP_URL points
// here). Each mail is appended to test-results/mail/<recipient>.jsonl, which mailTo() reads.
import path from "node:path";
import { startMailSink } from "../src/test/mail-sink";
import { MAIL_DIR, MAIL_PORT } from "./mail-box";

export default async function globalSetup() {
  const sink = await startMailSink({ port: MAIL_PORT, dir: path.resolve(MAIL_DIR) });
  return async () => {
    await sink.stop();
  };
}
