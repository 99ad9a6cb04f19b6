import { expect, test, type Page } from "@playwright/test";
import { expectNoSeriousViolations } from "./axe";
import { connected, memberRow, presenceLoaded, recordStatuses, setHidden, team } from "./helpers";

// The away setting (Account page): at once by default; "after a minute" keeps a user active while
// the tab is hidden for less than the delay (8 s on the test servers, PRESENCE_AWAY_DELAY_MS, since
// page.clock would also expire the socket's ping); a change in one tab applies in the others at once.
const shot = (name: string) => `.data/screens/${name}.png`;
const DELAY_MS = 8_000;

async function choose(page: Page, label: RegExp) {
  await page.getByRole("radio", { name: label }).check();
  await expect(page.getByText("Saved. Your open tabs and devices use it now.")).toBeVisible();
}

test("away when I switch: at once by default, after the delay when chosen, changed live in the other tab", async ({ browser }) => {
  const { slug, people } = await team(browser, ["Ada Away", "Ben Watch"]);
  const [ada, ben] = people as [(typeof people)[0], (typeof people)[0]];
  await ben.page.goto(`/w/${slug}`);
  await presenceLoaded(ben.page);
  await ada.page.goto(`/w/${slug}`);
  await connected(ada.page);
  const adaRow = memberRow(ben.page, "Ada Away");
  await expect(adaRow).toHaveAttribute("data-status", "active");

  // The default: hidden is away at once.
  let hiddenAt = Date.now();
  await setHidden(ada.page, true);
  await expect(adaRow).toHaveAttribute("data-status", "away", { timeout: 2_000 });
  expect(Date.now() - hiddenAt).toBeLessThan(2_000);
  await setHidden(ada.page, false);
  await expect(adaRow).toHaveAttribute("data-status", "active", { timeout: 2_000 });

  // Ada picks "after a while" on the Account page in another tab; the workspace tab is not reloaded.
  await ada.page.evaluate(() => ((window as unknown as { __samePage: boolean }).__samePage = true));
  const account = await ada.context.newPage();
  await account.goto("/account");
  const setting = account.getByRole("group", { name: "Show me as away" });
  await expect(setting.getByRole("radio", { name: /^When I switch tabs or windows/ })).toBeChecked();
  await choose(account, /^After 8 seconds away from Roster/);
  await account.setViewportSize({ width: 1280, height: 800 });
  await account.screenshot({ path: shot("account-away-desktop"), fullPage: true });
  await expectNoSeriousViolations(account, "account with the away setting");

  // Hidden for a few seconds: Ben keeps seeing Ada active; after the delay, away; back, active at once.
  const seen = await recordStatuses(ben.page, "Ada Away");
  hiddenAt = Date.now();
  await setHidden(ada.page, true);
  await ben.page.waitForTimeout(4_000);
  expect(await seen()).toEqual(["active"]);
  await expect(adaRow).toHaveAttribute("data-status", "away", { timeout: DELAY_MS + 4_000 });
  expect(Date.now() - hiddenAt).toBeGreaterThanOrEqual(DELAY_MS);
  await setHidden(ada.page, false);
  await expect(adaRow).toHaveAttribute("data-status", "active", { timeout: 2_000 });
  expect(await ada.page.evaluate(() => (window as unknown as { __samePage?: boolean }).__samePage)).toBe(true);

  // A new page loads the setting with its first data.
  await ada.page.reload();
  await connected(ada.page);
  await expect(adaRow).toHaveAttribute("data-status", "active");
  const seenAfterReload = await recordStatuses(ben.page, "Ada Away");
  await setHidden(ada.page, true);
  await ben.page.waitForTimeout(3_000);
  expect(await seenAfterReload()).toEqual(["active"]);
  await setHidden(ada.page, false);

  // Back to "at once" from the Account tab: the workspace tab applies it without a reload.
  await choose(account, /^When I switch tabs or windows/);
  await ada.page.waitForTimeout(500);
  hiddenAt = Date.now();
  await setHidden(ada.page, true);
  await expect(adaRow).toHaveAttribute("data-status", "away", { timeout: 2_000 });
  for (const p of people) await p.context.close();
});

test("the away setting on a phone", async ({ browser }) => {
  const { people } = await team(browser, ["Pam Phone"]);
  const [pam] = people as [(typeof people)[0]];
  const state = await pam.context.storageState();
  const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, storageState: state });
  const page = await phone.newPage();
  await page.goto("/account");
  await choose(page, /^Only after 10 minutes without input/);
  await page.reload();
  await expect(page.getByRole("radio", { name: /^Only after 10 minutes without input/ })).toBeChecked();
  const fieldset = (await page.getByRole("group", { name: "Show me as away" }).boundingBox())!;
  expect(fieldset.x + fieldset.width).toBeLessThanOrEqual(390);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await page.getByRole("group", { name: "Show me as away" }).scrollIntoViewIfNeeded();
  await page.screenshot({ path: shot("account-away-phone") });
  await expectNoSeriousViolations(page, "account at phone width");
  await phone.close();
  await pam.context.close();
});
