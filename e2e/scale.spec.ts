import { expect, test } from "@playwright/test";
import pg from "pg";
import { encode } from "next-auth/jwt";
import { connected, memberId, memberRow, team } from "./helpers";

// A 50,000-member workspace in Chromium: the sidebar list is served in ranges and kept live, the
// search asks the server, the admin table pages on the server. The members are seeded straight
// into PostgreSQL (the services server only).
const SEEDED = 50_000;
const SECRET = "e2e-secret-not-for-production-0123456789"; // e2e/serve.ts
const name = (i: number) => `Member ${String(i).padStart(5, "0")}`;

test("a 50,000-member workspace: scroll to the end, search, live dots in a scrolled-to range, admin pages", async ({ browser }, info) => {
  test.skip(info.project.name !== "services", "seeds PostgreSQL directly");
  test.setTimeout(240_000);
  const { slug, people } = await team(browser, ["Zed", "Yan"]);
  const [zed, yan] = people as [(typeof people)[0], (typeof people)[0]];
  await zed.page.setViewportSize({ width: 1200, height: 800 });
  await zed.page.goto(`/w/${slug}`);
  await connected(zed.page);
  const yanId = await memberId(zed.page, "Yan");

  const port = Number(new URL(info.project.use.baseURL!).port);
  const schema = `"roster_e2e_${port}"`;
  const db = new pg.Client({ connectionString: process.env.TEST_PG_URL ?? "postgresql://postgres@127.0.0.1:5432/test" });
  await db.connect();
  const tag = Date.now().toString(36);
  const lastId = `scale-${tag}-${SEEDED - 1}`;
  try {
    const { rows } = await db.query(`SELECT id FROM ${schema}."Workspace" WHERE slug = $1`, [slug]);
    const workspaceId = rows[0].id as string;
    await db.query(
      `INSERT INTO ${schema}."User" (id, email, name, "passwordHash")
       SELECT 'scale-' || $1 || '-' || i, 'scale-' || $1 || '-' || i || '@e2e.roster', 'Member ' || lpad(i::text, 5, '0'), 'x'
       FROM generate_series(0, $2 - 1) i`,
      [tag, SEEDED],
    );
    await db.query(
      `INSERT INTO ${schema}."Membership" (id, "workspaceId", "userId")
       SELECT 'scale-m-' || $1 || '-' || i, $3, 'scale-' || $1 || '-' || i FROM generate_series(0, $2 - 1) i`,
      [tag, SEEDED, workspaceId],
    );
    await db.query(`INSERT INTO ${schema}."Session" (id, "userId", "expiresAt") VALUES ($1, $2, now() + interval '1 day')`, [`scale-s-${tag}`, lastId]);
  } finally {
    await db.end();
  }
  // A membership change through the app: every instance reads the member list anew.
  expect((await zed.page.request.patch(`/api/workspaces/${slug}/members/${yanId}`, { data: { role: "admin" } })).status()).toBe(200);

  await zed.page.reload();
  await connected(zed.page);
  const count = zed.page.getByTestId("online-count");
  await expect(count).toHaveText("2 of 50,002 online");
  // The page carries a few members, not 50,000.
  expect((await zed.page.content()).length).toBeLessThan(400_000);
  const list = zed.page.getByTestId("member-list");
  await expect(list.getByRole("listitem").first()).toBeVisible();
  expect(await list.getByRole("listitem").count()).toBeLessThan(100);

  // Scroll to the end: the last member by name, offline.
  const scroller = zed.page.locator("nav[aria-label=Workspace]:visible [data-sidebar-scroll]");
  await scroller.evaluate((el) => el.scrollTo({ top: el.scrollHeight }));
  const last = memberRow(zed.page, name(SEEDED - 1));
  await expect(async () => {
    await scroller.evaluate((el) => el.scrollTo({ top: el.scrollHeight }));
    await expect(last).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 20_000 });
  await expect(last).toHaveAttribute("data-status", "offline");
  await zed.page.screenshot({ path: ".data/screens/scale-end-desktop.png" });

  // That member signs in: their row leaves the end of the list (it moves to the active group) at once.
  const guest = await browser.newContext();
  const token = await encode({ token: { sub: lastId, sid: `scale-s-${tag}`, name: name(SEEDED - 1) }, secret: SECRET });
  await guest.addCookies([{ name: "next-auth.session-token", value: token, url: info.project.use.baseURL! }]);
  const guestPage = await guest.newPage();
  await guestPage.goto(`/w/${slug}`);
  await connected(guestPage);
  await expect(count).toHaveText("3 of 50,002 online");
  await expect(last).toHaveCount(0);
  await expect(memberRow(zed.page, name(SEEDED - 2))).toBeVisible();

  // Search by name on the server; the found row's dot is live.
  await scroller.evaluate((el) => el.scrollTo({ top: 0 }));
  const search = zed.page.getByRole("searchbox", { name: "Find a member" }).or(zed.page.getByRole("textbox", { name: "Find a member" }));
  await search.fill("Member 4999");
  const found = zed.page.getByTestId("member-search-results").getByRole("listitem");
  await expect(found.first()).toBeVisible();
  const hit = found.filter({ has: zed.page.getByText(name(SEEDED - 1), { exact: true }) });
  await expect(hit).toHaveAttribute("data-status", "active");
  await zed.page.screenshot({ path: ".data/screens/scale-search-desktop.png" });
  await guest.close();
  await expect(hit).toHaveAttribute("data-status", "offline", { timeout: 15_000 });
  await search.fill("no such person here");
  await expect(zed.page.getByTestId("member-search-empty")).toBeVisible();
  await search.press("Escape");
  await expect(zed.page.getByTestId("member-list")).toBeVisible();

  // On a phone: the drawer's list is the same lazy list.
  await zed.page.setViewportSize({ width: 390, height: 844 });
  await zed.page.getByRole("button", { name: /^Open navigation/ }).click();
  await expect(zed.page.getByTestId("member-list")).toBeVisible();
  await zed.page.screenshot({ path: ".data/screens/scale-phone.png" });
  await zed.page.keyboard.press("Escape");
  await zed.page.setViewportSize({ width: 1200, height: 800 });

  // The admin table pages on the server.
  await zed.page.goto(`/w/${slug}/admin`);
  const table = zed.page.getByRole("table");
  await expect(table.getByRole("row").nth(1)).toBeVisible();
  const firstPage = await table.getByRole("row").nth(1).textContent();
  await zed.page.getByRole("button", { name: /next/i }).click();
  await expect(table.getByRole("row").nth(1)).not.toHaveText(firstPage!);
  await expect(zed.page.getByRole("navigation", { name: "Members pages" })).toContainText("of 50,002");
  await zed.page.screenshot({ path: ".data/screens/scale-admin-desktop.png" });

  void yan;
});
