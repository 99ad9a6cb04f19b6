import { expect, test, type Page } from "@playwright/test";
import pg from "pg";
import { expectNoSeriousViolations } from "./axe";
import { chooseMode, composer, connected, memberId, memberRow, presenceLoaded, team } from "./helpers";

const SHOTS = "/tmp/shots-switcher";

const switcher = (page: Page) => page.getByRole("dialog", { name: "Jump to" });
const box = (page: Page) => page.getByRole("combobox", { name: "Jump to a person or conversation" });
const option = (page: Page, name: string) => switcher(page).getByRole("option").filter({ has: page.getByTestId("switcher-name").getByText(name, { exact: true }) });
const dotOf = (page: Page, name: string) => option(page, name).getByTestId("presence-dot");
const help = (page: Page) => page.getByRole("dialog", { name: "Keyboard shortcuts" });

test("Ctrl+K finds people with their live dots, Enter opens the DM with focus in the composer, Escape gives focus back; ? opens help, not while typing", async ({ browser }) => {
  test.setTimeout(240_000);
  const { slug, people } = await team(browser, ["Ada", "Bea", "Cal"]);
  const [ada, bea, cal] = people as [(typeof people)[0], (typeof people)[0], (typeof people)[0]];
  for (const p of [bea, cal]) await p.page.goto(`/w/${slug}`);
  const page = ada.page;
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto(`/w/${slug}`);
  await connected(page);
  await presenceLoaded(page);
  await expect(memberRow(page, "Bea")).toHaveAttribute("data-status", "active");
  await expect(memberRow(page, "Cal")).toHaveAttribute("data-status", "active");
  const beaId = await memberId(page, "Bea");

  // Ctrl+K opens it; the box has focus, as a combobox whose list is the listbox.
  const home = page.getByRole("navigation", { name: "Workspace" }).getByRole("link", { name: "Home" });
  await home.focus();
  await page.keyboard.press("Control+k");
  await expect(switcher(page)).toBeVisible();
  await expect(box(page)).toBeFocused();
  await expect(box(page)).toHaveAttribute("aria-controls", (await switcher(page).getByRole("listbox").getAttribute("id"))!);
  // No conversation yet: people by name, the first one active.
  await expect(switcher(page).getByRole("option")).toHaveCount(2);
  await expect(switcher(page).getByRole("option").first()).toHaveAttribute("aria-selected", "true");

  // Typing filters, ignoring case; the dot is the live one.
  await page.keyboard.type("BE");
  await expect(switcher(page).getByRole("option")).toHaveCount(1);
  await expect(dotOf(page, "Bea")).toHaveAttribute("data-status", "active");
  const activeId = await option(page, "Bea").getAttribute("id");
  await expect(box(page)).toHaveAttribute("aria-activedescendant", activeId!);

  // Bea turns on do-not-disturb in her browser: the open switcher shows it.
  await chooseMode(bea.page, "Do not disturb");
  await expect(dotOf(page, "Bea")).toHaveAttribute("data-status", "dnd");
  await expect(option(page, "Bea")).toContainText("Do not disturb");
  await page.screenshot({ path: `${SHOTS}/switcher-desktop.png` });
  await expectNoSeriousViolations(page, "quick switcher");

  // Escape closes it and gives focus back.
  await page.keyboard.press("Escape");
  await expect(switcher(page)).toBeHidden();
  await expect(home).toBeFocused();

  // Arrows move, Enter opens the DM (a draft until the first message) with focus in the composer.
  await page.keyboard.press("Control+k");
  await expect(box(page)).toBeFocused();
  await expect(box(page)).toHaveValue(""); // a new visit starts blank
  await page.keyboard.press("ArrowDown");
  await expect(option(page, "Cal")).toHaveAttribute("aria-selected", "true");
  await page.keyboard.press("ArrowDown");
  await expect(option(page, "Bea")).toHaveAttribute("aria-selected", "true");
  await page.keyboard.press("ArrowUp");
  await expect(option(page, "Cal")).toHaveAttribute("aria-selected", "true");
  await page.keyboard.type("bea");
  await expect(option(page, "Bea")).toHaveAttribute("aria-selected", "true");
  await page.keyboard.press("Enter");
  await page.waitForURL(new RegExp(`/w/${slug}/dm/with/${beaId}$`));
  await expect(switcher(page)).toBeHidden();
  await expect(composer(page)).toBeFocused();
  await page.keyboard.type("hello Bea");
  await page.keyboard.press("Enter");
  await page.waitForURL(/\/dm\/(?!with\/)/);
  const dmUrl = page.url();

  // Ctrl+K works in the composer too, and Escape puts focus back there.
  await composer(page).focus();
  await page.keyboard.press("Control+k");
  await expect(box(page)).toBeFocused();
  // With an empty box the recent conversation comes first, as a DM.
  await expect(switcher(page).getByRole("option").first()).toContainText("Bea");
  await expect(switcher(page).getByRole("option").first()).toContainText("Direct message");
  await page.keyboard.press("Escape");
  await expect(composer(page)).toBeFocused();

  // Choosing the conversation already open puts focus in its composer.
  await home.focus();
  await page.keyboard.press("Control+k");
  await page.keyboard.type("bé"); // accents do not matter
  await expect(switcher(page).getByRole("option")).toHaveCount(1);
  await page.keyboard.press("Enter");
  await expect(switcher(page)).toBeHidden();
  expect(page.url()).toBe(dmUrl);
  await expect(composer(page)).toBeFocused();

  // Cal goes invisible: the switcher shows him offline, like the member list.
  await page.keyboard.press("Control+k");
  await page.keyboard.type("cal");
  await expect(dotOf(page, "Cal")).toHaveAttribute("data-status", "active");
  await page.keyboard.press("Escape");
  await chooseMode(cal.page, "Invisible");
  await expect(memberRow(page, "Cal")).toHaveAttribute("data-status", "offline");
  await page.keyboard.press("Control+k");
  await page.keyboard.type("cal");
  await expect(dotOf(page, "Cal")).toHaveAttribute("data-status", "offline");
  await expect(option(page, "Cal")).not.toContainText("Active");
  await page.keyboard.press("Escape");

  // ? in the composer is a question mark; elsewhere it opens the shortcuts.
  await composer(page).focus();
  await page.keyboard.type("?");
  await expect(composer(page)).toHaveValue("?");
  await expect(help(page)).toBeHidden();
  await home.focus();
  await page.keyboard.press("?");
  await expect(help(page)).toBeVisible();
  await expect(help(page)).toContainText("Ctrl");
  await expect(help(page)).toContainText("Shift");
  await page.screenshot({ path: `${SHOTS}/help-desktop.png` });
  await expectNoSeriousViolations(page, "keyboard shortcuts");
  await page.keyboard.press("Escape");
  await expect(help(page)).toBeHidden();
  await expect(home).toBeFocused();

  // The header buttons open both, for pointers and touch.
  await page.getByTestId("shortcuts-button").click();
  await expect(help(page)).toBeVisible();
  await page.keyboard.press("Escape");
  await page.getByRole("button", { name: "Jump to…" }).click();
  await expect(box(page)).toBeFocused();
  await page.keyboard.press("Escape");

  // Both dialogs in the dark theme.
  await page.emulateMedia({ colorScheme: "dark" });
  await page.keyboard.press("Control+k");
  await page.keyboard.type("b");
  await expect(option(page, "Bea")).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/switcher-desktop-dark.png` });
  await expectNoSeriousViolations(page, "quick switcher, dark");
  await page.keyboard.press("Escape");
  await home.focus();
  await page.keyboard.press("?");
  await expect(help(page)).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/help-desktop-dark.png` });
  await expectNoSeriousViolations(page, "keyboard shortcuts, dark");
  await page.keyboard.press("Escape");
  await page.emulateMedia({ colorScheme: "light" });

  // Alt+↓ from Home goes to the first conversation of the sidebar.
  await page.goto(`/w/${slug}`);
  await connected(page);
  await page.locator("#main").focus();
  await page.keyboard.press("Alt+ArrowDown");
  await page.waitForURL(dmUrl);

  for (const p of people) await p.context.close();
});

test("on a phone the top bar's button opens the switcher and a tap opens the DM", async ({ browser }) => {
  test.setTimeout(180_000);
  const { slug, people } = await team(browser, ["Pia", "Quin"]);
  const [pia, quin] = people as [(typeof people)[0], (typeof people)[0]];
  await quin.page.goto(`/w/${slug}`);
  const page = pia.page;
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(`/w/${slug}`);
  await connected(page);
  await page.getByTestId("jump-to-phone").click();
  await expect(box(page)).toBeFocused();
  await expect(dotOf(page, "Quin")).toHaveAttribute("data-status", "active");
  await page.screenshot({ path: `${SHOTS}/switcher-phone.png` });
  await expectNoSeriousViolations(page, "quick switcher on a phone");
  await option(page, "Quin").click();
  await page.waitForURL(/\/dm\/with\//);
  await expect(composer(page)).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/dm-phone.png` });
  // The shortcuts help from the drawer.
  await page.getByRole("button", { name: "Open navigation" }).click();
  await expect(page.getByTestId("nav-drawer")).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/drawer-phone.png` });
  // "Jump to…" from the drawer: Escape gives focus back to it.
  const jump = page.getByTestId("nav-drawer").getByRole("button", { name: "Jump to…" });
  await jump.click();
  await expect(box(page)).toBeFocused();
  await page.keyboard.press("Escape");
  await expect(jump).toBeFocused();
  await page.getByTestId("nav-drawer").getByRole("button", { name: "Keyboard shortcuts" }).click();
  await expect(help(page)).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/help-phone.png` });
  await expectNoSeriousViolations(page, "keyboard shortcuts on a phone");
  for (const p of people) await p.context.close();
});

test("in a workspace bigger than the page carries, the switcher finds people through the server's member search", async ({ browser }, info) => {
  test.skip(info.project.name !== "services", "seeds PostgreSQL directly");
  test.setTimeout(180_000);
  const SEEDED = 300; // more than the 200 members a page carries
  const { slug, people } = await team(browser, ["Zed", "Yan"]);
  const [zed, yan] = people as [(typeof people)[0], (typeof people)[0]];
  await yan.page.goto(`/w/${slug}`);
  const page = zed.page;
  await page.goto(`/w/${slug}`);
  await connected(page);
  const yanId = await memberId(page, "Yan");

  const port = Number(new URL(info.project.use.baseURL!).port);
  const schema = `"roster_e2e_${port}"`;
  const db = new pg.Client({ connectionString: process.env.TEST_PG_URL ?? "postgresql://postgres@127.0.0.1:5432/test" });
  await db.connect();
  const tag = Date.now().toString(36);
  try {
    const { rows } = await db.query(`SELECT id FROM ${schema}."Workspace" WHERE slug = $1`, [slug]);
    const workspaceId = rows[0].id as string;
    // "Aaron …" sort before Yan: the page carries the first 200 by name, so not Yan.
    await db.query(
      `INSERT INTO ${schema}."User" (id, email, name, "passwordHash")
       SELECT 'sw-' || $1 || '-' || i, 'sw-' || $1 || '-' || i || '@e2e.roster', 'Aaron ' || lpad(i::text, 3, '0'), 'x'
       FROM generate_series(0, $2 - 1) i`,
      [tag, SEEDED],
    );
    await db.query(
      `INSERT INTO ${schema}."Membership" (id, "workspaceId", "userId")
       SELECT 'sw-m-' || $1 || '-' || i, $3, 'sw-' || $1 || '-' || i FROM generate_series(0, $2 - 1) i`,
      [tag, SEEDED, workspaceId],
    );
  } finally {
    await db.end();
  }
  // A membership change through the app: every instance reads the member list anew.
  expect((await page.request.patch(`/api/workspaces/${slug}/members/${yanId}`, { data: { role: "admin" } })).status()).toBe(200);
  await page.reload();
  await connected(page);
  await expect(page.getByTestId("online-count")).toContainText("of 302 online");

  // Typed at once, while the switcher's code may still be loading: nothing is lost.
  await page.keyboard.press("Control+k");
  await page.keyboard.type("yan");
  await expect(box(page)).toBeFocused();
  await expect(box(page)).toHaveValue("yan");
  await expect(dotOf(page, "Yan")).toHaveAttribute("data-status", "active");
  await page.keyboard.press("Enter");
  await page.waitForURL(new RegExp(`/dm/with/${yanId}$`));
  await expect(composer(page)).toBeFocused();
  // A seeded member past the first 200 by name.
  await page.keyboard.press("Control+k");
  await page.keyboard.type("aaron 29");
  await expect(switcher(page).getByRole("option")).toHaveCount(10);
  await expect(dotOf(page, "Aaron 299")).toHaveAttribute("data-status", "offline");
  for (const p of people) await p.context.close();
});

test("keys typed while the switcher's code loads, and as it arrives, all reach the box, in order @core", async ({ browser }) => {
  test.setTimeout(120_000);
  const { slug, people } = await team(browser, ["Ida", "Bea"]);
  const page = people[0]!.page;
  await page.goto(`/w/${slug}`);
  await connected(page);
  // Code asked for from here on (the switcher's) is held until the test lets it go.
  let release!: () => void;
  const held = new Promise<void>((r) => (release = r));
  let asked = 0;
  await page.route("**/_next/static/chunks/**", async (route) => {
    asked++;
    await held;
    await route.continue();
  });
  // The page's work slowed 6x, so the box's first render takes a while after the code arrives.
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Emulation.setCPUThrottlingRate", { rate: 6 });
  await page.keyboard.press("Control+k");
  await expect.poll(() => asked).toBeGreaterThan(0);
  await page.keyboard.type("bea ");
  release();
  // Keys keep coming while the code arrives and the box renders: none is lost or reordered.
  const more = "0123456789".repeat(3);
  await page.keyboard.type(more);
  await cdp.send("Emulation.setCPUThrottlingRate", { rate: 1 });
  await expect(box(page)).toBeFocused();
  await expect(box(page)).toHaveValue(`bea ${more}`);
  for (const p of people) await p.context.close();
});
