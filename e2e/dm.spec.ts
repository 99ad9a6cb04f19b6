import { expect, test } from "@playwright/test";
import pg from "pg";
import { alertOf, composer, connected, memberId, team } from "./helpers";

test("a DM sent in one browser arrives live in the other @core", async ({ browser }) => {
  const { slug, people } = await team(browser, ["Ada", "Bea"]);
  const [ada, bea] = people as [(typeof people)[0], (typeof people)[0]];

  await bea.page.goto(`/w/${slug}`);
  await connected(bea.page);

  // Ada opens a draft DM from the member list: nothing is created, so Bea's sidebar stays empty.
  await ada.page.goto(`/w/${slug}`);
  await connected(ada.page);
  await ada.page.getByTestId("member-list").getByRole("link", { name: "Bea" }).click();
  await ada.page.waitForURL(/\/dm\/with\//);
  await expect(ada.page.getByRole("heading", { name: "Bea" })).toBeVisible();
  await expect(ada.page.getByTestId("dm-list")).toHaveCount(0);
  await expect(bea.page.getByTestId("dm-list")).toHaveCount(0);

  // The first message creates the DM: it appears live in Bea's sidebar with the message in it.
  await connected(ada.page);
  await composer(ada.page).fill("Hello Bea, are you there?");
  await composer(ada.page).press("Enter");
  await ada.page.waitForURL(/\/dm\/(?!with\/)/);
  const conversationUrl = ada.page.url();
  await expect(ada.page.getByTestId("messages")).toContainText("Hello Bea, are you there?");
  await expect(bea.page.getByTestId("dm-list")).toContainText("Ada");

  await bea.page.getByTestId("dm-list").getByRole("link", { name: "Ada" }).click();
  await expect(bea.page).toHaveURL(conversationUrl);
  await expect(bea.page.getByTestId("messages")).toContainText("Hello Bea, are you there?");
  await connected(bea.page);
  await connected(ada.page);

  await composer(bea.page).fill("Right here.");
  await bea.page.getByRole("button", { name: "Send" }).click();
  await expect(ada.page.getByTestId("messages")).toContainText("Right here.");

  // History survives a reload.
  await bea.page.reload();
  await expect(bea.page.getByTestId("messages")).toContainText("Hello Bea, are you there?");

  for (const p of people) await p.context.close();
});

test("group DMs deliver to everyone, and empty or oversized messages are refused", async ({ browser }) => {
  const { slug, people } = await team(browser, ["Cy", "Di", "Ed"]);
  const [cy, di, ed] = people as [(typeof people)[0], (typeof people)[0], (typeof people)[0]];

  await cy.page.goto(`/w/${slug}`);
  await cy.page.getByRole("button", { name: "New message" }).click();
  const dialog = cy.page.getByRole("dialog");
  await dialog.getByLabel(/Di/).check();
  await dialog.getByLabel(/Ed/).check();
  await dialog.getByRole("button", { name: /Start group message/ }).click();
  await cy.page.waitForURL(/\/dm\//);
  const url = cy.page.url();
  await expect(cy.page.getByRole("heading", { name: "Di, Ed" })).toBeVisible();

  for (const p of [di, ed]) {
    await p.page.goto(url);
    await connected(p.page);
  }
  await connected(cy.page);
  await composer(cy.page).fill("Standup in 5");
  await composer(cy.page).press("Enter");
  await expect(di.page.getByTestId("messages")).toContainText("Standup in 5");
  await expect(ed.page.getByTestId("messages")).toContainText("Standup in 5");

  await composer(cy.page).fill("   ");
  await composer(cy.page).press("Enter");
  await expect(alertOf(cy.page)).toHaveText("Message is empty.");

  await composer(cy.page).fill("x".repeat(4001));
  await composer(cy.page).press("Enter");
  await expect(alertOf(cy.page)).toHaveText("Message is longer than 4000 characters.");
  await expect(di.page.getByTestId("messages")).not.toContainText("xxxx");

  for (const p of people) await p.context.close();
});

test("older messages load when scrolling up, with grouping, day separators and safe links", async ({ browser }, info) => {
  test.skip(info.project.name !== "services", "seeds PostgreSQL directly");
  const { slug, people } = await team(browser, ["Flo", "Gus"]);
  const [flo, gus] = people as [(typeof people)[0], (typeof people)[0]];
  await flo.page.setViewportSize({ width: 1100, height: 760 });

  // The first message creates the DM; older history is then seeded straight into the database.
  await flo.page.goto(`/w/${slug}`);
  await connected(flo.page);
  await flo.page.getByTestId("member-list").getByRole("link", { name: "Gus" }).click();
  await flo.page.waitForURL(/\/dm\/with\//);
  await connected(flo.page);
  await composer(flo.page).fill("Latest: notes at https://example.com/notes?id=7. <b>not bold</b>");
  await composer(flo.page).press("Enter");
  await flo.page.waitForURL(/\/dm\/(?!with\/)/);
  const conversationId = flo.page.url().split("/dm/")[1]!;
  const floId = await memberId(flo.page, "Flo");
  const gusId = await memberId(flo.page, "Gus");

  const port = Number(new URL(info.project.use.baseURL!).port);
  const db = new pg.Client({ connectionString: process.env.TEST_PG_URL ?? "postgresql://postgres@127.0.0.1:5432/test" });
  await db.connect();
  try {
    const table = `"roster_e2e_${port}"."Message"`;
    // 120 messages: two days ago (three share each second) then yesterday, in runs by one author.
    const start = new Date();
    start.setDate(start.getDate() - 2);
    start.setHours(9, 0, 0, 0);
    const rows = Array.from({ length: 120 }, (_, i) => {
      const at = new Date(start.getTime() + (i < 60 ? Math.floor(i / 3) * 1000 : 24 * 3600_000 + (i - 60) * 60_000));
      return [`seed${conversationId}${String(i).padStart(4, "0")}`, conversationId, Math.floor(i / 4) % 2 ? gusId : floId, `Seeded message ${i}`, at];
    });
    for (const r of rows) await db.query(`INSERT INTO ${table} (id, "conversationId", "senderId", body, "createdAt") VALUES ($1, $2, $3, $4, $5)`, r);
  } finally {
    await db.end();
  }

  await flo.page.reload();
  await connected(flo.page);
  const list = flo.page.getByTestId("messages");
  await expect(list).toContainText("Seeded message 119");
  await expect(list.getByText("Seeded message 0", { exact: true })).toHaveCount(0);
  await expect(flo.page.getByTestId("history-start")).toHaveCount(0);

  // The newest message's link is a safe anchor; the markup stays text.
  const link = list.getByRole("link", { name: "https://example.com/notes?id=7" });
  await expect(link).toHaveAttribute("href", "https://example.com/notes?id=7");
  await expect(link).toHaveAttribute("target", "_blank");
  await expect(link).toHaveAttribute("rel", "noopener noreferrer nofollow");
  await expect(list).toContainText("<b>not bold</b>");
  await expect(list.locator("b")).toHaveCount(0);
  await expect(list.getByTestId("day-separator").filter({ hasText: "Yesterday" })).toHaveCount(1);
  await expect(list.getByTestId("day-separator").filter({ hasText: "Today" })).toHaveCount(1);
  expect(await list.locator("> div").count()).toBe(0); // only <li> children in the list

  // Scroll to the top: older pages load, the view stays put, and the beginning shows at the end.
  const scroller = flo.page.getByTestId("message-scroller");
  const anchor = list.getByText("Seeded message 75", { exact: true });
  await scroller.evaluate((el) => (el.scrollTop = 0));
  await expect(list.getByText("Seeded message 40", { exact: true })).toBeAttached();
  await expect(anchor).toBeAttached();
  for (let i = 0; i < 5; i++) {
    await scroller.evaluate((el) => (el.scrollTop = 0));
    if (await flo.page.getByTestId("history-start").count()) break;
    await flo.page.waitForTimeout(300);
  }
  await expect(flo.page.getByTestId("history-start")).toHaveText("Beginning of the conversation");
  for (const i of [0, 1, 2, 59, 60, 119]) await expect(list.getByText(`Seeded message ${i}`, { exact: true })).toHaveCount(1);
  await expect(list.getByTestId("message")).toHaveCount(121);
  // Runs of one author within 5 minutes share one header.
  const heads = await list.getByTestId("message").evaluateAll((els) => els.filter((e) => e.getAttribute("data-head") === "true").length);
  expect(heads).toBeLessThan(60);
  const time = list.getByTestId("message").first().locator("time");
  await expect(time).toHaveAttribute("dateTime", /^\d{4}-\d\d-\d\dT/);
  await expect(time).toHaveAttribute("title", /\d{4}/);
  await expect(scroller).toHaveAttribute("tabindex", "0");

  // Screenshot for review: grouped messages, a day separator and a link.
  await scroller.evaluate((el) => (el.scrollTop = el.scrollHeight));
  await flo.page.waitForTimeout(300);
  await flo.page.screenshot({ path: "/tmp/msg-conversation.png" });

  // Composer: counter near the limit, sending disabled over it.
  await composer(flo.page).fill("y".repeat(3850));
  await expect(flo.page.getByTestId("composer-counter")).toHaveText("3,850 / 4,000");
  await composer(flo.page).fill("y".repeat(4010));
  await expect(flo.page.getByTestId("composer-counter")).toContainText("10 characters over the 4,000 limit");
  await expect(flo.page.getByRole("button", { name: "Send" })).toBeDisabled();
  await flo.page.screenshot({ path: "/tmp/msg-composer.png" });
  // The textarea grows with its lines up to eight, then scrolls.
  const height = () => composer(flo.page).evaluate((el) => el.getBoundingClientRect().height);
  await composer(flo.page).fill("one");
  const one = await height();
  await composer(flo.page).fill("1\n2\n3\n4");
  expect(await height()).toBeGreaterThan(one * 2.5);
  await composer(flo.page).fill(Array.from({ length: 20 }, (_, i) => `line ${i}`).join("\n"));
  const tall = await height();
  expect(tall).toBeLessThan(one * 9);
  expect(tall).toBeGreaterThan(one * 6);
  await composer(flo.page).press("Shift+Enter");
  await expect(composer(flo.page)).toHaveValue(/line 19\n$/);
  await composer(flo.page).fill("short");
  await expect(flo.page.getByTestId("composer-counter")).toHaveCount(0);
  await expect(flo.page.getByRole("button", { name: "Send" })).toBeEnabled();

  for (const p of [flo, gus]) await p.context.close();
});
