import { defineConfig } from "@playwright/test";
import { chromiumPath } from "./chromium-path.mjs";

// Two real servers from the production build: one on PostgreSQL + Redis, one on the
// embedded defaults. Every spec runs on the first; specs tagged @core also on the second.
const BASE = Number(process.env.E2E_PORT_BASE ?? 3210);
const SERVICES_PORT = BASE + 1;
const EMBEDDED_PORT = BASE;
// Both servers send mail to the test SMTP server the global setup starts (e2e/mail-sink.ts).
const MAIL_ENV = { SMTP_URL: `smtp://127.0.0.1:${BASE + 1000}` };

export default defineConfig({
  testDir: ".",
  timeout: 90_000, // sign-up now goes through the emailed link: teams of four take a while on 2 cores
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 2,
  retries: 0,
  reporter: [["list"]],
  outputDir: "../test-results",
  globalSetup: "./mail-sink.ts",
  use: {
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: chromiumPath(),
      args: [
        "--no-sandbox",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-quic",
      ],
    },
  },
  projects: [
    { name: "services", use: { baseURL: `http://localhost:${SERVICES_PORT}` } },
    { name: "embedded", use: { baseURL: `http://localhost:${EMBEDDED_PORT}` }, grep: /@core/ },
  ],
  webServer: [
    {
      command: `npx tsx e2e/serve.ts services ${SERVICES_PORT}`,
      cwd: "..",
      url: `http://localhost:${SERVICES_PORT}/signin`,
      timeout: 120_000,
      reuseExistingServer: false,
      stdout: "pipe",
      env: MAIL_ENV,
    },
    {
      command: `npx tsx e2e/serve.ts embedded ${EMBEDDED_PORT}`,
      cwd: "..",
      url: `http://localhost:${EMBEDDED_PORT}/signin`,
      timeout: 120_000,
      reuseExistingServer: false,
      stdout: "pipe",
      env: MAIL_ENV,
    },
  ],
});
