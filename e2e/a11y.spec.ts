import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { chooseMode, connected, memberId, memberRow, presenceLoaded, team } from "./helpers";

const TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

/** Runs axe on the page as it is now; fails on any serious or critical violation, listing ids and targets. */
async function expectNoSeriousViolations(page: Page, what: string, exclude?: string) {
  const builder = new AxeBuilder({ page }).withTags(TAGS);
  if (exclude) builder.exclude(exclude);
  const { violations } = await builder.analyze();
  const bad = violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  const report = bad
    .map((v) => `${v.id} (${v.impact}): ${v.help}\n${v.nodes.map((n) => `    ${n.target.join(" ")} ${n.failureSummary?.split("\n").slice(1, 2).join("") ?? ""}`).join("\n")}`)
    .join("\n");
  expect(report, `${what}: serious/critical axe violations`).toBe("");
}

test("sign-in and sign-up pages have no serious accessibility violations", async ({ page }) => {
  await page.goto("/signin");
  await expect(page).toHaveTitle("Sign in · Roster");
  await expectNoSeriousViolations(page, "/signin");
  await page.goto("/signup");
  await expect(page).toHaveTitle("Create account · Roster");
  await expectNoSeriousViolations(page, "/signup");
});

test("workspace pages have no serious accessibility violations; titles, skip link, current nav link, own invisible dot", async ({ browser }) => {
  test.setTimeout(240_000); // two sign-ups, then axe on a dozen states: pages, menus, dialogs and the emoji picker
  const { slug, people } = await team(browser, ["Ana", "Ben"]);
  const [ana, ben] = people as [(typeof people)[0], (typeof people)[0]];
  const page = ana.page;
  await ben.page.goto(`/w/${slug}`);
  await page.goto(`/w/${slug}`);
  await connected(page);
  await presenceLoaded(page);
  const workspaceName = (await page.title()).split(" · ")[0]!;
  expect(workspaceName).toMatch(/^Team /);
  await expect(page).toHaveTitle(`${workspaceName} · Roster`);

  // Home: the skip link is the first thing Tab reaches, and moves focus to the main content.
  await page.keyboard.press("Tab");
  const skip = page.getByRole("link", { name: "Skip to content" });
  await expect(skip).toBeFocused();
  await expect(skip).toBeVisible();
  await page.screenshot({ path: "/tmp/a11y-skip-link.png" });
  await page.keyboard.press("Enter");
  await expect(page.locator("#main")).toBeFocused();
  const nav = page.getByRole("navigation", { name: "Workspace" });
  await expect(nav.getByRole("link", { name: "Home" })).toHaveAttribute("aria-current", "page");
  await expect(nav.getByRole("link", { name: /Admin/ })).not.toHaveAttribute("aria-current", "page");
  // Last seen is part of a member row's accessible name (Ben is online; the label then says Active).
  await expect(memberRow(page, "Ben").getByRole("link")).toHaveAccessibleName(/Ben.*Active|Active.*Ben/);
  await page.screenshot({ path: "/tmp/a11y-home.png" });
  await expectNoSeriousViolations(page, "workspace home");

  // The new-message dialog.
  await nav.getByRole("button", { name: "New message" }).click();
  await expect(page.getByRole("dialog")).toBeVisible();
  await expectNoSeriousViolations(page, "new message dialog");
  await page.keyboard.press("Escape");
  await expect(page.getByRole("dialog")).toBeHidden();
  await expect(nav.getByRole("button", { name: "New message" })).toBeFocused();

  // Status menu open.
  await page.getByRole("button", { name: /^Your status:/ }).click();
  await expect(page.getByRole("menu")).toBeVisible();
  await page.screenshot({ path: "/tmp/a11y-status-menu.png" });
  await expectNoSeriousViolations(page, "status menu open");

  // The do-not-disturb submenu, by keyboard: opens to the right, closes back to its item.
  const dndItem = page.getByRole("menuitem", { name: /^Do not disturb/ });
  await dndItem.focus();
  await page.keyboard.press("ArrowRight");
  await expect(page.getByRole("menuitem", { name: "For 30 minutes" })).toBeFocused();
  await expectNoSeriousViolations(page, "do-not-disturb submenu");
  await page.keyboard.press("ArrowLeft");
  await expect(dndItem).toBeFocused();

  // The invisible allowlist dialog.
  await page.getByRole("menuitem", { name: /Who can see me when invisible/ }).click();
  const dialog = page.getByRole("dialog");
  await expect(dialog).toBeVisible();
  await page.screenshot({ path: "/tmp/a11y-allowlist.png" });
  await expectNoSeriousViolations(page, "allowlist dialog");
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole("button", { name: /^Your status:/ })).toBeFocused();

  // The custom status dialog, then its emoji picker (keyboard: focus starts in the picker's search).
  await page.getByRole("button", { name: /^Your status:/ }).click();
  await page.getByRole("menuitem", { name: /Set a status/ }).click();
  const statusDialog = page.getByRole("dialog", { name: "Set a status" });
  await expect(statusDialog).toBeVisible();
  await page.screenshot({ path: "/tmp/a11y-status-dialog.png" });
  await expectNoSeriousViolations(page, "status dialog");
  await statusDialog.getByRole("button", { name: "Choose an emoji" }).click();
  await expect(page.locator("em-emoji-picker input[type=search]")).toBeFocused();
  await page.screenshot({ path: "/tmp/a11y-status-picker.png" });
  // emoji-mart's own grid puts aria-posinset/aria-setsize/aria-selected on plain buttons
  // (aria-allowed-attr, critical): its inside is checked apart from the rest of the dialog.
  await expectNoSeriousViolations(page, "status dialog with the emoji picker", "em-emoji-picker");
  await page.keyboard.press("Escape");
  await expect(page.locator("em-emoji-picker")).toBeHidden();
  // A preset: the status then shows in the member list and the admin table checked below.
  await statusDialog.getByRole("button", { name: /On vacation/ }).click();
  await expect(statusDialog).toBeHidden();
  await expect(memberRow(page, "Ana").getByTestId("custom-status")).toContainText("On vacation");

  // Invisible: Ana's own dots read offline (hollow), never active, in the status button and her member row.
  await chooseMode(page, "Invisible");
  await expect(page.getByRole("button", { name: /^Your status:/ }).getByTestId("presence-dot")).toHaveAttribute("data-status", "offline");
  await expect(memberRow(page, "Ana").getByTestId("presence-dot")).toHaveAttribute("data-status", "offline");
  await page.screenshot({ path: "/tmp/a11y-invisible.png" });
  await chooseMode(page, "Automatic");
  await expect(memberRow(page, "Ana").getByTestId("presence-dot")).toHaveAttribute("data-status", "active");

  // Ben leaves: his row's accessible name (what a keyboard or screen reader user reaches) says when he was last seen.
  await ben.page.close();
  await expect(memberRow(page, "Ben").getByRole("link")).toHaveAccessibleName(/Ben/);
  await expect(memberRow(page, "Ben").getByRole("link")).toHaveAccessibleName(/Offline · last seen just now/, { timeout: 8_000 });

  // Admin.
  await nav.getByRole("link", { name: /Admin/ }).click();
  await page.waitForURL(`**/w/${slug}/admin`);
  await expect(page).toHaveTitle(`Admin · ${workspaceName} · Roster`);
  await expect(nav.getByRole("link", { name: /Admin/ })).toHaveAttribute("aria-current", "page");
  await expect(nav.getByRole("link", { name: "Home" })).not.toHaveAttribute("aria-current", "page");
  await expect(page.getByRole("table")).toBeVisible();
  await page.screenshot({ path: "/tmp/a11y-admin.png", fullPage: true });
  await expectNoSeriousViolations(page, "admin");

  // Account.
  await page.goto("/account");
  await expect(page).toHaveTitle("Account · Roster");
  await expect(page.getByRole("button", { name: "Save schedule" })).toBeVisible();
  await page.screenshot({ path: "/tmp/a11y-account.png", fullPage: true });
  await expectNoSeriousViolations(page, "account");

  for (const p of people) await p.context.close();
});

test("a DM conversation has no serious accessibility violations", async ({ browser }) => {
  const { slug, people } = await team(browser, ["Cy", "Di"]);
  const [cy] = people as [(typeof people)[0]];
  await cy.page.goto(`/w/${slug}`);
  await presenceLoaded(cy.page);
  const diId = await memberId(cy.page, "Di");
  const res = await cy.page.request.post(`/api/workspaces/${slug}/conversations`, { data: { userIds: [diId] } });
  expect(res.ok()).toBe(true);
  const { data } = (await res.json()) as { data: { id: string } };
  await cy.page.goto(`/w/${slug}/dm/${data.id}`);
  await connected(cy.page);
  await expect(cy.page).toHaveTitle(/ · Roster$/);
  // Messages with a link, grouped under one author, in the list axe checks.
  const box = cy.page.getByRole("textbox", { name: "Message", exact: true });
  const history = cy.page.getByRole("region", { name: "Message history" });
  await box.fill("Hello, notes at https://example.com/notes");
  await box.press("Enter");
  await expect(history.getByRole("link", { name: "https://example.com/notes" })).toBeVisible();
  await box.fill("Second line of the group");
  await box.press("Enter");
  await expect(history.getByText("Second line of the group")).toBeVisible();
  await cy.page.screenshot({ path: "/tmp/a11y-dm.png" });
  await expectNoSeriousViolations(cy.page, "DM conversation");
  for (const p of people) await p.context.close();
});

test("someone without a workspace can sign out from /new", async ({ browser }) => {
  const { newPerson } = await import("./helpers");
  const eve = await newPerson(browser, "Eve");
  await expect(eve.page).toHaveTitle("New workspace · Roster");
  await expectNoSeriousViolations(eve.page, "/new");
  await eve.page.screenshot({ path: "/tmp/a11y-new.png" });
  await eve.page.getByRole("button", { name: "Sign out" }).click();
  await eve.page.waitForURL(/\/signin/);
  await eve.context.close();
});
