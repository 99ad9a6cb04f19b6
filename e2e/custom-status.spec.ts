import { expect, test, type Page } from "@playwright/test";
import { chooseMode, connected, memberId, memberRow, presenceLoaded, team } from "./helpers";

const SHOTS = ".data/screens"; // outside test-results, which each run clears

/** A member's custom status as it shows in the sidebar member list. */
const statusIn = (page: Page, name: string) => memberRow(page, name).getByTestId("custom-status");

async function openStatusDialog(page: Page) {
  // At phone width the status menu is in the navigation drawer.
  const menu = page.getByRole("button", { name: "Open navigation" });
  if (await menu.isVisible()) await menu.click();
  await page.getByRole("button", { name: /^Your status:/ }).click();
  await page.getByRole("menuitem", { name: /Set a status|Edit status/ }).click();
  const dialog = page.getByRole("dialog", { name: "Set a status" });
  await expect(dialog).toBeVisible();
  return dialog;
}

test("a status set through the dialog (picker, text, expiry) reaches others live; a short one clears itself; invisible hides it from outsiders", async ({ browser }) => {
  test.setTimeout(240_000); // three sign-ups through emailed links, then many live checks
  const { slug, people } = await team(browser, ["Ava", "Bo", "Cy"]);
  const [ava, bo, cy] = people as [(typeof people)[0], (typeof people)[0], (typeof people)[0]];
  for (const p of people) {
    await p.page.setViewportSize({ width: 1440, height: 900 });
    await p.page.goto(`/w/${slug}`);
    await connected(p.page);
    await presenceLoaded(p.page);
  }
  const avaId = await memberId(bo.page, "Ava");
  const boId = await memberId(ava.page, "Bo");
  // Bo looks at the conversation with Ava (its header shows her status).
  await bo.page.goto(`/w/${slug}/dm/with/${avaId}`);
  await connected(bo.page);
  const header = bo.page.getByTestId("conversation-presence");
  await expect(header).toBeVisible();

  // Ava: status menu -> "Set a status" -> picker (keyboard: search, arrows, Enter) -> text -> expiry -> Save.
  const dialog = await openStatusDialog(ava.page);
  await ava.page.screenshot({ path: `${SHOTS}/status-dialog-1440.png` });
  await dialog.getByRole("button", { name: "Choose an emoji" }).click();
  const picker = ava.page.locator("em-emoji-picker");
  await expect(picker).toBeVisible();
  await expect(picker.locator("input[type=search]")).toBeFocused();
  await ava.page.keyboard.type("palm tree");
  await expect(picker.locator('button[aria-label="🌴"]').first()).toBeVisible();
  await ava.page.screenshot({ path: `${SHOTS}/status-picker-1440.png` });
  await ava.page.keyboard.press("ArrowDown");
  await ava.page.keyboard.press("Enter");
  await expect(dialog.getByRole("button", { name: "Emoji 🌴. Change emoji" })).toBeVisible();
  await expect(picker).toBeHidden();
  const text = dialog.getByRole("textbox", { name: "Status" });
  await text.fill("Deep work, answers after lunch");
  await expect(dialog.getByText("30/100")).toBeVisible();
  await dialog.getByLabel("Clear after").selectOption("4h");
  await dialog.getByRole("button", { name: "Save" }).click();
  await expect(dialog).toBeHidden();
  await expect(ava.page.getByRole("button", { name: /^Your status:/ })).toBeFocused();
  await expect(ava.page.getByTestId("my-custom-status")).toHaveText("🌴 Deep work, answers after lunch");

  // Bo (in the DM) and Cy (home) see it live: member list, header, DM list; the tooltip text names the expiry.
  await expect(statusIn(bo.page, "Ava")).toContainText("🌴");
  await expect(statusIn(bo.page, "Ava")).toContainText("Deep work, answers after lunch");
  await expect(header.getByTestId("custom-status")).toContainText("Deep work, answers after lunch");
  // "Clears at 17:00", or "Clears on Mon 7 Dec, 00:29" when 4 hours from now is tomorrow.
  await expect(header.getByTestId("custom-status")).toHaveAttribute("title", /^🌴 Deep work, answers after lunch · Clears (at|on) /);
  await expect(statusIn(cy.page, "Ava")).toContainText("Deep work");
  await expect(cy.page.getByRole("main").getByTestId("custom-status")).toContainText("Deep work");
  await expect(memberRow(cy.page, "Ava").getByTestId("presence-dot")).toHaveAccessibleName(/Active · 🌴 Deep work, answers after lunch · Clears (at|on) /);
  await bo.page.screenshot({ path: `${SHOTS}/status-dm-header-1440.png` });
  await cy.page.screenshot({ path: `${SHOTS}/status-home-1440.png` });
  for (const p of [bo, cy]) await p.page.setViewportSize({ width: 390, height: 844 });
  await bo.page.screenshot({ path: `${SHOTS}/status-dm-header-390.png` });
  await cy.page.screenshot({ path: `${SHOTS}/status-home-390.png`, fullPage: true });
  await ava.page.setViewportSize({ width: 390, height: 844 });
  const small = await openStatusDialog(ava.page);
  await ava.page.screenshot({ path: `${SHOTS}/status-dialog-390.png` });
  await small.getByRole("button", { name: /Change emoji/ }).click();
  await expect(ava.page.locator("em-emoji-picker")).toBeVisible();
  await ava.page.screenshot({ path: `${SHOTS}/status-picker-390.png` });
  await ava.page.keyboard.press("Escape"); // closes the picker first
  await expect(ava.page.locator("em-emoji-picker")).toBeHidden();
  await small.getByRole("button", { name: "Cancel" }).click();
  await expect(small).toBeHidden();
  for (const p of people) await p.page.setViewportSize({ width: 1440, height: 900 });

  // A status with a short expiry (the API takes an exact time) disappears by itself for Bo, without a reload.
  const expiresAt = new Date(Date.now() + 5_000).toISOString();
  const put = await ava.page.request.put("/api/me/status", { data: { emoji: "⏳", text: "Back in a moment", expiresAt } });
  expect(put.status()).toBe(200);
  await expect(header.getByTestId("custom-status")).toContainText("Back in a moment");
  await expect(statusIn(bo.page, "Ava")).toContainText("Back in a moment");
  await expect(header.getByTestId("custom-status")).toHaveCount(0, { timeout: 12_000 });
  await expect(statusIn(bo.page, "Ava")).toHaveCount(0);
  expect(Date.now()).toBeGreaterThanOrEqual(Date.parse(expiresAt) - 1_000);

  // A preset (one click), then Ava goes invisible with Bo on her list: Cy (outsider) loses the status, Bo keeps it.
  const again = await openStatusDialog(ava.page);
  await again.getByRole("button", { name: /In a meeting/ }).click();
  await expect(again).toBeHidden();
  await expect(statusIn(cy.page, "Ava")).toContainText("In a meeting");
  const allow = await ava.page.request.put("/api/me/allowlist", { data: { userIds: [boId] } });
  expect(allow.status()).toBe(200);
  await chooseMode(ava.page, "Invisible");
  await expect(statusIn(cy.page, "Ava")).toHaveCount(0);
  await expect(cy.page.getByRole("main").getByTestId("custom-status")).toHaveCount(0);
  await expect(statusIn(bo.page, "Ava")).toContainText("In a meeting");

  // A new status while invisible reaches Bo, never Cy (not live, not after a reload).
  const secret = await openStatusDialog(ava.page);
  await secret.getByRole("textbox", { name: "Status" }).fill("Interviewing");
  await secret.getByRole("button", { name: "Save" }).click();
  await expect(header.getByTestId("custom-status")).toContainText("Interviewing");
  await cy.page.reload();
  await presenceLoaded(cy.page);
  await expect(memberRow(cy.page, "Ava")).toBeVisible();
  await expect(cy.page.getByText("Interviewing")).toHaveCount(0);
  await expect(statusIn(cy.page, "Ava")).toHaveCount(0);

  // Visible again: Cy gets it back live.
  await chooseMode(ava.page, "Automatic");
  await expect(statusIn(cy.page, "Ava")).toContainText("Interviewing");

  // Clear status.
  const clear = await openStatusDialog(ava.page);
  await clear.getByRole("button", { name: "Clear status" }).click();
  await expect(clear).toBeHidden();
  await expect(statusIn(cy.page, "Ava")).toHaveCount(0);
  await expect(header.getByTestId("custom-status")).toHaveCount(0);

  for (const p of people) await p.context.close();
});
