import { expect, test, type Browser, type Page, type TestInfo } from "@playwright/test";
import { expectNoSeriousViolations } from "./axe";
import { composer, connected, memberRow, presenceLoaded, signInAs, team, type Person } from "./helpers";

// The phone layout at 390x844 (an iPhone 12-15): the sidebar is a drawer behind a menu button, nothing
// scrolls sideways, and every control is a 44 px touch target. At 1440x900 the sidebar stays in place.
const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };

/** Saves a screenshot under test-results (this test's folder) for review. */
const shoot = (page: Page, info: TestInfo, name: string, fullPage = false) => page.screenshot({ path: info.outputPath(`${name}.png`), fullPage });

/**
 * The page is exactly the phone's width and nothing makes it scroll sideways: neither the document nor an
 * inner scroll area (the main column), except a labelled, focusable region meant to scroll (the members table).
 */
async function expectNoSidewaysScroll(page: Page, what: string) {
  const measure = () =>
    page.evaluate(() => {
      const inScroller = (el: Element) => el.closest('[role="region"][tabindex="0"]') !== null;
      const name = (el: Element) => `${el.tagName.toLowerCase()}.${[...el.classList].slice(0, 4).join(".")} "${el.textContent?.trim().slice(0, 30)}"`;
      const beyond = [...document.body.querySelectorAll("*")]
        .filter((el) => !inScroller(el) && el.getBoundingClientRect().right > window.innerWidth + 0.5)
        .map(name);
      const scrollers = [...document.body.querySelectorAll("*")]
        .filter((el) => !el.matches('[role="region"][tabindex="0"]') && ["auto", "scroll"].includes(getComputedStyle(el).overflowX))
        .filter((el) => el.scrollWidth > el.clientWidth + 1)
        .map(name);
      return { inner: window.innerWidth, scroll: document.documentElement.scrollWidth, body: document.body.scrollWidth, beyond, scrollers };
    });
  // A page that overflows makes a phone zoom out (a wider layout viewport); let it settle after a render first.
  let m = await measure();
  for (let i = 0; i < 10 && m.inner !== 390; i++) {
    await page.waitForTimeout(300);
    m = await measure();
  }
  expect(m.beyond, `${what}: elements past the right edge`).toEqual([]);
  expect(m.scrollers, `${what}: areas that scroll sideways`).toEqual([]);
  expect(m.inner, `${what}: layout viewport`).toBe(390);
  expect(m.scroll, `${what}: page width`).toBeLessThanOrEqual(m.inner);
  expect(m.body, `${what}: body width`).toBeLessThanOrEqual(m.inner);
}

/**
 * Visible buttons, fields, menu items and navigation links (under `scope`) less than 44 px high,
 * as "tag name: height". Links inside running text are not touch targets of their own and are left out.
 */
async function smallTargets(page: Page, scope = "body"): Promise<string[]> {
  return page.evaluate((scope) => {
    const root = document.querySelector(scope);
    if (!root) throw new Error(`no ${scope}`);
    const selector =
      'button, select, textarea, input:not([type="hidden"]):not([type="checkbox"]):not([type="radio"]), [role="menuitem"], [role="menuitemradio"], nav a[href], [data-testid="phone-bar"] a[href]';
    return [...root.querySelectorAll<HTMLElement>(selector)]
      .filter((el) => {
        const r = el.getBoundingClientRect();
        return r.width > 1 && r.height > 1 && getComputedStyle(el).visibility !== "hidden";
      })
      .map((el) => ({ el, h: el.getBoundingClientRect().height }))
      .filter(({ h }) => h < 44)
      .map(({ el, h }) => `${el.tagName.toLowerCase()} ${JSON.stringify(el.getAttribute("aria-label") ?? el.textContent?.trim().slice(0, 40))}: ${h.toFixed(1)}px`);
  }, scope);
}

async function expectTouchTargets(page: Page, what: string, scope?: string) {
  expect(await smallTargets(page, scope), `${what}: controls under 44 px high`).toEqual([]);
}

/** A phone context signed in as `person` through the sign-in form (checked at phone width on the way). */
async function onPhone(browser: Browser, person: Person, info: TestInfo) {
  const context = await browser.newContext(PHONE);
  const page = await context.newPage();
  await page.goto("/signin");
  await expectNoSidewaysScroll(page, "sign-in");
  await expectTouchTargets(page, "sign-in");
  await shoot(page, info, "phone-signin");
  await signInAs(page, person.email);
  await page.waitForURL(/\/w\/[a-z0-9-]+$/);
  return { context, page };
}

const menuButton = (page: Page) => page.getByRole("button", { name: "Open navigation" });
const drawer = (page: Page) => page.getByRole("dialog", { name: "Navigation" });

async function openDrawer(page: Page) {
  await menuButton(page).tap();
  await expect(drawer(page)).toBeVisible();
  // The page behind the open drawer is hidden from assistive technology: find the button by its attribute.
  await expect(page.locator('[aria-controls="workspace-drawer"]')).toHaveAttribute("aria-expanded", "true");
}

test("phone width: drawer navigation, no sideways scrolling, 44 px touch targets, no serious axe violations", async ({ browser }, info) => {
  test.slow(); // seven pages, each checked and scanned by axe
  const { slug, people } = await team(browser, ["Pia Phone", "Quinn Desk"]);
  const [pia, quinn] = people as [Person, Person];
  await quinn.page.goto(`/w/${slug}`);
  await connected(quinn.page);
  await pia.context.close(); // Pia carries on from her phone
  const { context, page } = await onPhone(browser, pia, info);

  // Home: a slim top bar with the menu button; the sidebar is not on the page; people cards say each status in words.
  await connected(page);
  await expect(page.getByTestId("phone-bar")).toBeVisible();
  const button = menuButton(page);
  await expect(button).toHaveAttribute("aria-expanded", "false");
  await expect(button).toHaveAttribute("aria-controls", "workspace-drawer");
  const box = (await button.boundingBox())!;
  expect(box.width).toBeGreaterThanOrEqual(44);
  expect(box.height).toBeGreaterThanOrEqual(44);
  await expect(page.getByRole("navigation", { name: "Workspace" })).toBeHidden();
  await expect(page.getByRole("region", { name: "People" }).getByRole("listitem").filter({ hasText: "Quinn Desk" }).getByTestId("presence-text")).toHaveText("Active");
  await expectNoSidewaysScroll(page, "home");
  await expectTouchTargets(page, "home");
  await shoot(page, info, "phone-home", true);
  await expectNoSeriousViolations(page, "home at phone width");

  // The drawer: opened by the menu button, focus stays inside it, Escape closes it and focus returns to the button.
  await openDrawer(page);
  await expect(drawer(page)).toHaveAttribute("id", "workspace-drawer");
  const nav = drawer(page).getByRole("navigation", { name: "Workspace" });
  await expect(nav.getByRole("link", { name: "Home" })).toHaveAttribute("aria-current", "page");
  await presenceLoaded(page);
  await expectNoSidewaysScroll(page, "drawer");
  await expectTouchTargets(page, "drawer", "#workspace-drawer");
  await shoot(page, info, "phone-drawer");
  await expectNoSeriousViolations(page, "drawer open");
  for (let i = 0; i < 25; i++) {
    await page.keyboard.press(i % 5 === 4 ? "Shift+Tab" : "Tab");
    const inside = await page.evaluate(() => document.getElementById("workspace-drawer")?.contains(document.activeElement) ?? false);
    expect(inside, `focus after ${i + 1} presses stays in the drawer`).toBe(true);
  }
  await page.keyboard.press("Escape");
  await expect(drawer(page)).toBeHidden();
  await expect(button).toBeFocused();
  await expect(button).toHaveAttribute("aria-expanded", "false");

  // The close button closes it too.
  await openDrawer(page);
  await drawer(page).getByRole("button", { name: "Close navigation" }).tap();
  await expect(drawer(page)).toBeHidden();

  // The status menu from inside the drawer: its items are touch sized; Escape closes the menu, then the drawer.
  await openDrawer(page);
  await drawer(page).getByRole("button", { name: /^Your status:/ }).tap();
  const menu = page.getByRole("menu");
  await expect(menu).toBeVisible();
  await expectTouchTargets(page, "status menu", '[role="menu"]');
  await expectNoSidewaysScroll(page, "status menu");
  await shoot(page, info, "phone-status-menu");
  await expectNoSeriousViolations(page, "status menu at phone width");
  await page.keyboard.press("Escape");
  await expect(menu).toBeHidden();
  await expect(drawer(page)).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(drawer(page)).toBeHidden();

  // A member row opens the DM and closes the drawer; the conversation and composer take the full width.
  await openDrawer(page);
  await memberRow(page, "Quinn Desk").getByRole("link").tap();
  await page.waitForURL(/\/dm\/with\//);
  await expect(drawer(page)).toBeHidden();
  await composer(page).fill("Sent from my phone, see https://example.com/phone");
  await page.getByRole("button", { name: "Send" }).tap();
  await page.waitForURL(/\/dm\/(?!with\/)/);
  const history = page.getByRole("region", { name: "Message history" });
  await expect(history.getByText("Sent from my phone")).toBeVisible();
  await expect(page).toHaveTitle(/Quinn Desk/); // the new page's metadata streams in after its content
  const composerBox = (await page.locator("form").filter({ has: composer(page) }).boundingBox())!;
  expect(composerBox.width).toBeGreaterThanOrEqual(389);
  await expectNoSidewaysScroll(page, "DM");
  await expectTouchTargets(page, "DM");
  await shoot(page, info, "phone-dm");
  await expectNoSeriousViolations(page, "DM at phone width");

  // Following a link from the drawer closes it: Admin, with the members as cards (status and last seen first).
  await openDrawer(page);
  await expect(drawer(page).getByTestId("dm-list")).toContainText("Quinn Desk");
  await drawer(page).getByRole("link", { name: /Admin/ }).tap();
  await page.waitForURL(`**/w/${slug}/admin`);
  await expect(drawer(page)).toBeHidden();
  await expect(page.getByRole("list", { name: "Members" })).toContainText("Quinn Desk");
  await expect(page.getByRole("region", { name: "Members table" })).toBeHidden();
  await expectNoSidewaysScroll(page, "admin");
  await expectTouchTargets(page, "admin");
  await shoot(page, info, "phone-admin", true);
  await expectNoSeriousViolations(page, "admin at phone width");

  // The current page's own link closes the drawer too (no navigation happens).
  await openDrawer(page);
  await drawer(page).getByRole("link", { name: /Admin/ }).tap();
  await expect(drawer(page)).toBeHidden();

  // Account, invitations and /new.
  await openDrawer(page);
  await drawer(page).getByRole("link", { name: "Account settings" }).tap();
  await page.waitForURL("**/account");
  await expectNoSidewaysScroll(page, "account");
  await expectTouchTargets(page, "account");
  await shoot(page, info, "phone-account", true);
  for (const path of ["/invitations", "/new"]) {
    await page.goto(path);
    await expectNoSidewaysScroll(page, path);
    await expectTouchTargets(page, path);
    await shoot(page, info, `phone-${path.slice(1)}`, true);
  }
  await context.close();
  await quinn.context.close();
});

test("desktop width: the sidebar stays in place with no menu button; last seen is readable without a pointer", async ({ browser }, info) => {
  const { slug, people } = await team(browser, ["Rae Wide", "Sol Gone"]);
  const [rae, sol] = people as [Person, Person];
  await sol.page.goto(`/w/${slug}`);
  await connected(sol.page);
  await sol.context.close(); // offline after the grace period, with a last-seen time
  await rae.page.setViewportSize({ width: 1440, height: 900 });
  await rae.page.goto(`/w/${slug}`);
  await presenceLoaded(rae.page);
  const page = rae.page;
  await expect(page.getByRole("navigation", { name: "Workspace" })).toBeVisible();
  await expect(page.getByTestId("phone-bar")).toBeHidden();
  await expect(menuButton(page)).toBeHidden();
  const nav = (await page.getByRole("navigation", { name: "Workspace" }).boundingBox())!;
  expect(nav.x).toBe(0);
  expect(nav.width).toBe(256);
  expect(nav.height).toBe(900);

  // The people card writes the last seen out; a keyboard focus on the member row shows it too.
  const card = page.locator('section[aria-labelledby="people-heading"] li').filter({ hasText: "Sol Gone" });
  await expect(card.getByTestId("presence-text")).toHaveText(/^Offline · last seen (just now|1 min ago)$/, { timeout: 10_000 });
  const row = memberRow(page, "Sol Gone").getByRole("link");
  await expect(row.getByTestId("presence-text")).toBeHidden();
  await row.focus(); // programmatic focus after keyboard use matches :focus-visible
  await page.keyboard.press("Shift+Tab");
  await page.keyboard.press("Tab");
  await expect(row).toBeFocused();
  await expect(row.getByTestId("presence-text")).toBeVisible();
  await expect(row.getByTestId("presence-text")).toHaveText(/^Offline · last seen/);
  await expect(row).toHaveAccessibleName(/Offline · last seen/);
  await page.screenshot({ path: info.outputPath("desktop-home.png") });
  await rae.context.close();
});
