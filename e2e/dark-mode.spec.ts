import { expect, test, type Page } from "@playwright/test";
import { expectNoSeriousViolations } from "./axe";
import { composer, connected, inviteByEmail, mailTo, memberRow, pathOf, presenceLoaded, setHidden, signInAs, team, uniqueEmail } from "./helpers";

// Dark mode: the pages follow the system's colour scheme, unless the user chose Light or Dark on
// the Account page; the choice is stored with the user and rendered into the first HTML from a
// cookie (so no page flashes the other theme, and the sign-in page needs no script for it).

type Rgb = [number, number, number];
const rgbOf = (css: string): Rgb => (css.match(/\d+(\.\d+)?/g) ?? []).slice(0, 3).map(Number) as Rgb;
const background = async (page: Page, selector: string) => rgbOf(await page.locator(selector).first().evaluate((el) => getComputedStyle(el).backgroundColor));
/** Dark: every channel below 80 (the dark surface is slate 900, 15 23 42). Light: every channel above 200. */
async function expectTheme(page: Page, theme: "light" | "dark", selector = "body") {
  await expect
    .poll(async () => {
      const rgb = await background(page, selector);
      return rgb.every((c) => (theme === "dark" ? c < 80 : c > 200)) ? theme : `${rgb.join(" ")}`;
    }, { message: `${selector} is ${theme}` })
    .toBe(theme);
}
/** The first HTML the server sends for `path`, as this browser's cookies ask for it. */
async function htmlTheme(page: Page, path: string) {
  const html = (await (await page.request.get(path)).text()).match(/<html[^>]*>/)?.[0] ?? "";
  return html.match(/data-theme="(\w+)"/)?.[1] ?? "system";
}

async function chooseTheme(page: Page, label: "System" | "Light" | "Dark") {
  const group = page.getByRole("group", { name: "Appearance" });
  await group.getByRole("radio", { name: new RegExp(`^${label}`) }).check();
  await expect(page.getByText("Saved. Your other tabs show it when they next load.")).toBeVisible();
}

test("dark pages under a dark system; Light on the Account page overrides it and stays; Dark under a light system is dark", async ({ browser }) => {
  test.setTimeout(180_000);
  // Signed out, a dark system: the sign-in page is dark from its first HTML on, with no script for it.
  const anon = await browser.newContext({ colorScheme: "dark" });
  const signin = await anon.newPage();
  await signin.goto("/signin");
  await expectTheme(signin, "dark");
  await expect(signin.locator("html")).not.toHaveAttribute("data-theme");
  expect(await signin.evaluate(() => getComputedStyle(document.documentElement).colorScheme)).toBe("dark");
  await expectNoSeriousViolations(signin, "sign-in, dark");
  await signin.emulateMedia({ colorScheme: "light" });
  await expectTheme(signin, "light");
  await expectNoSeriousViolations(signin, "sign-in, light");
  await anon.close();

  const { slug, people } = await team(browser, ["Dana Dusk", "Lee Noon"]);
  const [dana, lee] = people as [(typeof people)[0], (typeof people)[0]];

  // Dana's system is dark: the workspace is dark.
  await dana.page.emulateMedia({ colorScheme: "dark" });
  await dana.page.goto(`/w/${slug}`);
  await presenceLoaded(dana.page);
  await expectTheme(dana.page, "dark", "#main");
  await expectNoSeriousViolations(dana.page, "workspace, dark system");

  // Account: System is the default; Light overrides the dark system at once and after a reload.
  await dana.page.goto("/account");
  const group = dana.page.getByRole("group", { name: "Appearance" });
  await expect(group.getByRole("radio", { name: /^System/ })).toBeChecked();
  await expectTheme(dana.page, "dark");
  await expectNoSeriousViolations(dana.page, "account, dark");
  await chooseTheme(dana.page, "Light");
  await expect(dana.page.locator("html")).toHaveAttribute("data-theme", "light");
  await expectTheme(dana.page, "light");
  await dana.page.reload();
  await expect(group.getByRole("radio", { name: /^Light/ })).toBeChecked();
  await expectTheme(dana.page, "light");
  await expectNoSeriousViolations(dana.page, "account, light over a dark system");
  // Another tab of the browser takes it at its next load, rendered into the first HTML.
  expect(await htmlTheme(dana.page, `/w/${slug}`)).toBe("light");
  const tab = await dana.context.newPage();
  await tab.emulateMedia({ colorScheme: "dark" });
  await tab.goto(`/w/${slug}`);
  await presenceLoaded(tab);
  await expectTheme(tab, "light", "#main");
  await expectNoSeriousViolations(tab, "workspace, light over a dark system");
  await tab.close();

  // Lee's system is light; Lee chooses Dark: dark at once, after a reload, and on the workspace.
  await lee.page.emulateMedia({ colorScheme: "light" });
  await lee.page.goto("/account");
  await expectTheme(lee.page, "light");
  await chooseTheme(lee.page, "Dark");
  await expect(lee.page.locator("html")).toHaveAttribute("data-theme", "dark");
  await expectTheme(lee.page, "dark");
  await lee.page.reload();
  await expectTheme(lee.page, "dark");
  expect(await htmlTheme(lee.page, `/w/${slug}`)).toBe("dark");
  await lee.page.goto(`/w/${slug}`);
  await presenceLoaded(lee.page);
  await expectTheme(lee.page, "dark", "#main");
  await expectNoSeriousViolations(lee.page, "workspace, dark over a light system");

  // The choice goes with Lee: a new browser (light system) is dark from the sign-in on.
  const fresh = await browser.newContext({ colorScheme: "light" });
  const other = await fresh.newPage();
  await other.goto(`/signin?callbackUrl=/w/${slug}`);
  await expectTheme(other, "light");
  await signInAs(other, lee.email);
  await other.waitForURL(`**/w/${slug}`);
  await expectTheme(other, "dark", "#main");
  // Back to System: the system's light again, there too after a reload.
  await other.goto("/account");
  await chooseTheme(other, "System");
  await expect(other.locator("html")).not.toHaveAttribute("data-theme");
  await expectTheme(other, "light");
  await other.reload();
  await expectTheme(other, "light");
  await fresh.close();

  for (const p of people) await p.context.close();
});

// Every kind of page in both themes, desktop and phone, saved for review (and axe on the dark ones).
test("screenshots of the pages in both themes", async ({ browser }) => {
  test.setTimeout(300_000);
  const dir = process.env.SHOTS_DIR ?? ".data/screens";
  const shoot = async (page: Page, name: string, opts: { phone?: boolean; fullPage?: boolean; axe?: boolean } = {}) => {
    for (const theme of ["light", "dark"] as const) {
      await page.emulateMedia({ colorScheme: theme });
      await page.setViewportSize({ width: 1280, height: 800 });
      await page.screenshot({ path: `${dir}/theme-${name}-${theme}-desktop.png`, fullPage: opts.fullPage });
      if (opts.axe !== false && theme === "dark") await expectNoSeriousViolations(page, `${name}, dark`);
      if (opts.phone !== false) {
        await page.setViewportSize({ width: 390, height: 844 });
        await page.screenshot({ path: `${dir}/theme-${name}-${theme}-phone.png`, fullPage: opts.fullPage });
      }
    }
    await page.setViewportSize({ width: 1280, height: 800 });
  };

  const anon = await browser.newContext();
  const a = await anon.newPage();
  await a.goto("/signin");
  await shoot(a, "signin");
  await a.goto("/signup");
  await shoot(a, "signup");
  await a.goto("/forgot");
  await shoot(a, "forgot");
  await a.goto("/no-such-page");
  await shoot(a, "not-found");
  await anon.close();

  const { slug, people } = await team(browser, ["Alma Reyes", "Bo Tran", "Cy Park", "Di Okoro"]);
  const [alma, bo, cy, di] = people as [(typeof people)[0], (typeof people)[0], (typeof people)[0], (typeof people)[0]];
  await di.page.goto(`/w/${slug}`);
  await connected(di.page);
  await di.page.close(); // offline, with a last seen
  for (const p of [bo, cy]) {
    await p.page.goto(`/w/${slug}`);
    await connected(p.page);
  }
  await setHidden(bo.page, true); // away
  const inAnHour = new Date(Date.now() + 3_600_000).toISOString();
  expect((await bo.page.request.put("/api/me/status", { data: { emoji: "📅", text: "Release planning", expiresAt: inAnHour } })).status()).toBe(200);
  expect((await cy.page.request.put("/api/me/presence", { data: { mode: "dnd", until: inAnHour } })).status()).toBe(200);

  const page = alma.page;
  await page.goto(`/w/${slug}`);
  await presenceLoaded(page);
  await expect(memberRow(page, "Bo Tran")).toHaveAttribute("data-status", "away");
  await expect(memberRow(page, "Cy Park")).toHaveAttribute("data-status", "dnd");
  await expect(memberRow(page, "Di Okoro")).toHaveAttribute("data-status", "offline", { timeout: 8_000 });
  await shoot(page, "workspace");

  const nav = page.getByRole("navigation", { name: "Workspace" });
  await nav.getByRole("button", { name: "New message" }).click();
  await expect(page.getByRole("dialog")).toBeVisible();
  await shoot(page, "new-dm-dialog", { phone: false });
  await page.keyboard.press("Escape");

  await page.getByRole("button", { name: /^Your status:/ }).click();
  await expect(page.getByRole("menu")).toBeVisible();
  await shoot(page, "status-menu", { phone: false });
  await page.getByRole("menuitem", { name: /Set a status/ }).click();
  await expect(page.getByRole("dialog", { name: "Set a status" })).toBeVisible();
  await shoot(page, "status-dialog", { phone: false });
  // emoji-mart's picker follows the page's theme (its own grid is checked by a11y.spec apart).
  await page.getByRole("button", { name: "Choose an emoji" }).click();
  await expect(page.locator("em-emoji-picker input[type=search]")).toBeFocused();
  await page.screenshot({ path: `${dir}/theme-emoji-picker-dark-desktop.png` }); // mounted while the page was dark
  await page.keyboard.press("Escape");
  await page.keyboard.press("Escape");

  // A DM with a message and a draft in the composer.
  await memberRow(page, "Bo Tran").getByRole("link").click();
  await page.waitForURL(/\/dm\/with\//);
  await connected(page);
  await composer(page).fill("Morning! Is the release still on for today?");
  await composer(page).press("Enter");
  await page.waitForURL(/\/dm\/(?!with\/)/);
  await expect(page.getByTestId("messages")).toContainText("release");
  await composer(page).fill("A draft in the composer");
  await shoot(page, "dm");

  await page.goto(`/w/${slug}/admin`);
  await expect(page.getByTestId("admin-members-table")).toContainText("Di Okoro");
  await shoot(page, "admin", { fullPage: true });

  // The join page an invitation mail links to, signed out.
  const invitee = uniqueEmail("Eve Joiner");
  const since = Date.now();
  await inviteByEmail(page, slug, invitee);
  const mail = await mailTo(invitee, { subject: /invited you to join/, since });
  const guest = await browser.newContext();
  const join = await guest.newPage();
  await join.goto(pathOf(mail.links[0]!));
  await expect(join.getByRole("button", { name: "Create account and join" })).toBeVisible();
  await shoot(join, "join");
  await guest.close();

  await page.goto("/account");
  await shoot(page, "account", { fullPage: true });
  await page.goto("/invitations");
  await shoot(page, "invitations");
  await page.goto("/new");
  await shoot(page, "new-workspace");
  await page.goto(`/w/no-such-workspace`);
  await shoot(page, "workspace-not-found");

  // A member on the admin page: the 403 page.
  await bo.page.goto(`/w/${slug}/admin`);
  await shoot(bo.page, "forbidden");

  for (const p of people) await p.context.close();
});
