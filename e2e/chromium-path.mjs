// The Chromium the end-to-end tests drive: CHROMIUM_PATH, else /usr/bin/chromium (Debian's),
// else Playwright's own download (`npx playwright install chromium`); undefined if none exists.
import fs from "node:fs";
import { createRequire } from "node:module";

export function chromiumPath() {
  if (process.env.CHROMIUM_PATH) return fs.existsSync(process.env.CHROMIUM_PATH) ? process.env.CHROMIUM_PATH : undefined;
  if (fs.existsSync("/usr/bin/chromium")) return "/usr/bin/chromium";
  try {
    const { chromium } = createRequire(import.meta.url)("playwright-core");
    const own = chromium.executablePath();
    return own && fs.existsSync(own) ? own : undefined;
  } catch {
    return undefined;
  }
}
