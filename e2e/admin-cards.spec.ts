import { expect, test, type Locator, type Page } from "@playwright/test";
import { expectNoSeriousViolations } from "./axe";
import { connected, team } from "./helpers";

// The admin members page on a 390 px phone: one card per member, with status (and a do-not-disturb
// end) and last seen in view without scrolling sideways; from md up, the table.
const shot = (name: string) => `.data/screens/${name}.png`;

async function expectInsideWidth(page: Page, el: Locator, what: string) {
  await expect(el).toBeVisible();
  const box = (await el.boundingBox())!;
  const width = page.viewportSize()!.width;
  expect(box.x, `${what}: left edge`).toBeGreaterThanOrEqual(0);
  expect(box.x + box.width, `${what}: right edge`).toBeLessThanOrEqual(width);
}

test("admin members on a phone are cards with status and last seen in view; the desktop keeps the table", async ({ browser }) => {
  const { slug, people } = await team(browser, ["Olga Owner", "Dan Focus", "Lee Gone"]);
  const [olga, dan, lee] = people as [(typeof people)[0], (typeof people)[0], (typeof people)[0]];
  // Lee was here and left: offline, last seen just now. Dan is on do-not-disturb for an hour.
  await lee.page.goto(`/w/${slug}`);
  await connected(lee.page);
  await lee.page.close();
  await dan.page.goto(`/w/${slug}`);
  await connected(dan.page);
  const until = new Date(Date.now() + 3_600_000);
  expect((await dan.page.request.put("/api/me/presence", { data: { mode: "dnd", until: until.toISOString() } })).status()).toBe(200);

  const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, storageState: await olga.context.storageState() });
  const page = await phone.newPage();
  await page.goto(`/w/${slug}/admin`);
  const cards = page.getByRole("list", { name: "Members" });
  await expect(cards).toBeVisible();
  await expect(page.getByRole("region", { name: "Members table" })).toBeHidden();
  const card = (name: string) => cards.getByRole("listitem").filter({ hasText: name });

  const danStatus = card("Dan Focus").getByTestId("member-card-status");
  await expect(danStatus).toHaveText(/^Do not disturb until \d{1,2}:\d\d( [AP]M)?$/);
  await expect(card("Dan Focus").getByTestId("member-card-last-seen")).toHaveText("Online now");
  await expect(card("Lee Gone").getByTestId("member-card-status")).toHaveText("Offline", { timeout: 8_000 });
  const leeSeen = card("Lee Gone").getByTestId("member-card-last-seen");
  await expect(leeSeen).toHaveText(/^Last seen (just now|1 min ago)$/);
  await expectInsideWidth(page, danStatus, "Dan's status");
  await expectInsideWidth(page, card("Dan Focus").getByTestId("member-card-last-seen"), "Dan's last seen");
  await expectInsideWidth(page, leeSeen, "Lee's last seen");
  await expectInsideWidth(page, card("Lee Gone").getByRole("button", { name: "Remove Lee Gone" }), "Lee's remove button");
  // Status and last seen come before the role and actions.
  const statusTop = (await danStatus.boundingBox())!.y;
  const roleTop = (await card("Dan Focus").getByRole("combobox", { name: "Role for Dan Focus" }).boundingBox())!.y;
  expect(statusTop).toBeLessThan(roleTop);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  // The phone sorts with a picker instead of column headers.
  await page.getByLabel("Sort by").selectOption({ label: "Last seen" });
  await expect(cards.getByRole("listitem").first()).toContainText(/Dan Focus|Olga Owner/);
  await page.getByLabel("Sort by").selectOption({ label: "Name" });
  await expect(cards.getByRole("listitem").first()).toContainText("Dan Focus");
  await cards.scrollIntoViewIfNeeded();
  await page.screenshot({ path: shot("admin-phone") });
  await page.screenshot({ path: shot("admin-phone-full"), fullPage: true });
  await expectNoSeriousViolations(page, "admin cards at phone width");
  await phone.close();

  // Desktop: the table, with the do-not-disturb end in the status column; the cards are not shown.
  await olga.page.setViewportSize({ width: 1280, height: 800 });
  await olga.page.goto(`/w/${slug}/admin`);
  const table = olga.page.getByTestId("admin-members-table");
  await expect(table.locator("tr", { hasText: "Dan Focus" })).toContainText(/Do not disturb until \d{1,2}:\d\d/);
  await expect(olga.page.getByRole("list", { name: "Members" })).toBeHidden();
  await olga.page.screenshot({ path: shot("admin-desktop"), fullPage: true });
  await expectNoSeriousViolations(olga.page, "admin table on a desktop");
  for (const p of people) await p.context.close();
});
