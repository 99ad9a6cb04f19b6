import fs from "node:fs";
import { expect, test, type Page } from "@playwright/test";
import pg from "pg";
import { chooseMode, composer, connected, memberId, team } from "./helpers";
import { expectNoSeriousViolations } from "./axe";

const SHOTS = "/tmp/shots-search";

async function shoot(page: Page, name: string) {
  fs.mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
}

test("search finds the messages you can read, highlighted, and people with their live presence @core", async ({ browser }) => {
  test.setTimeout(180_000);
  const { slug, people } = await team(browser, ["Ada", "Ben", "Cy"]);
  const [ada, ben, cy] = people as [(typeof people)[0], (typeof people)[0], (typeof people)[0]];

  // Ada and Ben exchange DMs; Cy is in the workspace but not in their DM.
  await ben.page.goto(`/w/${slug}`);
  await connected(ben.page);
  await ada.page.goto(`/w/${slug}`);
  await connected(ada.page);
  await ada.page.getByTestId("member-list").getByRole("link", { name: "Ben" }).click();
  await ada.page.waitForURL(/\/dm\/with\//);
  await composer(ada.page).fill(`Shall we ship the kumquat release on Friday? <script>alert("x")</script>`);
  await composer(ada.page).press("Enter");
  await ada.page.waitForURL(/\/dm\/(?!with\/)/);
  const dmUrl = ada.page.url();
  await expect(ada.page.getByTestId("messages")).toContainText("kumquat release");
  await ben.page.goto(dmUrl);
  await connected(ben.page);
  await composer(ben.page).fill("Kumquats are ready, and the notes too");
  await composer(ben.page).press("Enter");
  await expect(ada.page.getByTestId("messages")).toContainText("Kumquats are ready");

  // "/" (outside a text field) focuses the sidebar search; Enter opens the search page.
  await ada.page.goto(`/w/${slug}`);
  await connected(ada.page);
  await ada.page.getByRole("heading", { level: 1 }).click();
  await ada.page.keyboard.press("/");
  const field = ada.page.getByRole("navigation", { name: "Workspace" }).getByRole("searchbox", { name: "Search messages and people" });
  await expect(field).toBeFocused();
  await ada.page.keyboard.type("kumquat");
  await ada.page.keyboard.press("Enter");
  await ada.page.waitForURL(new RegExp(`/w/${slug}/search\\?q=kumquat$`));

  const hits = ada.page.getByTestId("search-hit");
  await expect(hits).toHaveCount(2);
  // Newest of equal relevance first; the matched words are <mark>s, the markup is text.
  await expect(hits.nth(0)).toContainText("Ben");
  await expect(hits.nth(0).locator("mark")).toHaveText(["Kumquats"]);
  await expect(hits.nth(1).locator("mark")).toHaveText(["kumquat"]);
  await expect(hits.nth(1).getByTestId("search-snippet")).toHaveText(`Shall we ship the kumquat release on Friday? <script>alert("x")</script>`);
  await expect(ada.page.locator("[data-testid=search-snippet] script")).toHaveCount(0);
  await expect(hits.nth(1)).toContainText("in DM with Ben");
  await expect(ada.page.getByTestId("search-people")).toContainText("No one matches “kumquat”.");
  await expectNoSeriousViolations(ada.page, "search results");
  await ada.page.setViewportSize({ width: 1280, height: 800 });
  await shoot(ada.page, "results-desktop");
  await ada.page.setViewportSize({ width: 390, height: 844 });
  await shoot(ada.page, "results-phone");
  await ada.page.setViewportSize({ width: 1280, height: 800 });
  await ada.page.emulateMedia({ colorScheme: "dark" });
  await expectNoSeriousViolations(ada.page, "search results, dark");
  await shoot(ada.page, "results-desktop-dark");
  await ada.page.emulateMedia({ colorScheme: "light" });

  // A reload (or a shared link) shows the same results, rendered by the server.
  const html = await ada.context.request.get(`/w/${slug}/search?q=kumquat`);
  const served = await html.text();
  expect(served).toContain(`<mark class="rounded-sm bg-amber-200 px-0.5 text-slate-900">Kumquats</mark><span> are ready, and the notes too</span>`);
  expect(served).toContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;");

  // A result opens its conversation at the message.
  await hits.nth(1).getByRole("link").click();
  await expect(ada.page).toHaveURL(new RegExp(`^${dmUrl.replace(/[.?]/g, "\\$&")}\\?m=`));
  await expect(ada.page.getByTestId("messages")).toContainText("kumquat release");

  // Cy is not in that DM: the same words find nothing, on the page and through the route.
  await cy.page.goto(`/w/${slug}/search?q=kumquat`);
  await expect(cy.page.getByRole("region", { name: "Messages", exact: true }).getByTestId("search-empty")).toHaveText("No messages match “kumquat”.");
  await expect(cy.page.getByTestId("search-hit")).toHaveCount(0);
  const api = await cy.context.request.get(`/api/workspaces/${slug}/search?q=kumquat`);
  expect(await api.json()).toEqual({ ok: true, data: { hits: [], next: null } });
  await expectNoSeriousViolations(cy.page, "search, nothing found");
  await shoot(cy.page, "empty-desktop");
  await cy.page.setViewportSize({ width: 390, height: 844 });
  await shoot(cy.page, "empty-phone");

  // People: Cy finds Ben by name, with his live dot; Ben stepping away shows there at once.
  await cy.page.setViewportSize({ width: 1280, height: 800 });
  await cy.page.goto(`/w/${slug}/search?q=Ben`);
  await connected(cy.page);
  const benCard = cy.page.getByTestId("search-people").getByRole("listitem").filter({ hasText: "Ben" });
  await expect(benCard.locator("[data-status]")).toHaveAttribute("data-status", "active");
  await chooseMode(ben.page, "Away");
  await expect(benCard.locator("[data-status]")).toHaveAttribute("data-status", "away");
  await expect(benCard.getByTestId("presence-text")).toHaveText(/^Away/);
  // Invisible, he shows offline to Cy.
  await chooseMode(ben.page, "Invisible");
  await expect(benCard.locator("[data-status]")).toHaveAttribute("data-status", "offline");
  await shoot(cy.page, "people-desktop");
  // By email too (the whole address).
  await cy.page.goto(`/w/${slug}/search?q=${encodeURIComponent(ben.email)}`);
  const byEmail = cy.page.getByTestId("search-people").getByRole("link");
  await expect(byEmail).toHaveCount(1);
  await expect(byEmail).toHaveAccessibleName(/\bBen$/);
  // And by the start of the address (not a name's start).
  await cy.page.goto(`/w/${slug}/search?q=${encodeURIComponent(ben.email.slice(0, 12))}`);
  await connected(cy.page);
  await expect(cy.page.getByTestId("search-people").getByRole("link")).toHaveAccessibleName(/\bBen$/);
  await cy.page.goto(`/w/${slug}/search?q=Ben`);
  await benCard.getByRole("link").click();
  await cy.page.waitForURL(/\/dm\/with\//);

  for (const p of people) await p.context.close();
});

test("a search needs words, and says so", async ({ browser }) => {
  const { slug, people } = await team(browser, ["Dee"]);
  const [dee] = people as [(typeof people)[0]];
  await dee.page.goto(`/w/${slug}/search`);
  await expect(dee.page.getByText("Find messages in your conversations, and people in this workspace.")).toBeVisible();
  await dee.page.goto(`/w/${slug}/search?q=${"x".repeat(201)}`);
  await expect(dee.page.getByTestId("search-error")).toHaveText("Could not search messages: Search: at most 200 characters.");

  // On a phone the field is at the top of the navigation drawer.
  await dee.page.setViewportSize({ width: 390, height: 844 });
  await dee.page.goto(`/w/${slug}`);
  await dee.page.getByRole("button", { name: "Open navigation" }).click();
  const field = dee.page.getByRole("dialog").getByRole("searchbox", { name: "Search messages and people" });
  await expect(field).toBeVisible();
  await shoot(dee.page, "drawer-phone");
  await field.fill("nothing here");
  await field.press("Enter");
  await dee.page.waitForURL(/\/search\?q=nothing%20here$/);
  await expect(dee.page.getByRole("region", { name: "Messages", exact: true }).getByTestId("search-empty")).toHaveText("No messages match “nothing here”.");
  for (const p of people) await p.context.close();
});

test("a hit opens its conversation at the message, pages back: in view, marked and focused", async ({ browser }, info) => {
  test.skip(info.project.name !== "services", "seeds PostgreSQL directly");
  test.setTimeout(120_000);
  const { slug, people } = await team(browser, ["Ida", "Jon"]);
  const [ida] = people as [(typeof people)[0], (typeof people)[0]];
  await ida.page.setViewportSize({ width: 1280, height: 800 });
  await ida.page.goto(`/w/${slug}`);
  await connected(ida.page);
  await ida.page.getByTestId("member-list").getByRole("link", { name: "Jon" }).click();
  await ida.page.waitForURL(/\/dm\/with\//);
  await composer(ida.page).fill("Newest word");
  await composer(ida.page).press("Enter");
  await ida.page.waitForURL(/\/dm\/(?!with\/)/);
  const conversationId = ida.page.url().split("/dm/")[1]!;
  const idaId = await memberId(ida.page, "Ida");
  const jonId = await memberId(ida.page, "Jon");

  // 80 older messages, the quince one first (more than a page back), several sharing each second.
  const port = Number(new URL(info.project.use.baseURL!).port);
  const db = new pg.Client({ connectionString: process.env.TEST_PG_URL ?? "postgresql://postgres@127.0.0.1:5432/test" });
  await db.connect();
  try {
    const start = Date.now() - 3 * 3600_000;
    for (let i = 0; i < 80; i++) {
      await db.query(`INSERT INTO "roster_e2e_${port}"."Message" (id, "conversationId", "senderId", body, "createdAt") VALUES ($1, $2, $3, $4, $5)`, [
        `old${conversationId.slice(-6)}${String(i).padStart(3, "0")}`,
        conversationId,
        i % 3 ? idaId : jonId,
        i === 0 ? "The quince marmalade plan, from long ago" : `Filler message ${i}`,
        new Date(start + Math.floor(i / 4) * 1000),
      ]);
    }
  } finally {
    await db.end();
  }

  for (const [size, name] of [
    [{ width: 1280, height: 800 }, "desktop"],
    [{ width: 390, height: 844 }, "phone"],
  ] as const) {
    await ida.page.setViewportSize(size);
    await ida.page.goto(`/w/${slug}/search?q=quince`);
    const hit = ida.page.getByTestId("search-hit");
    await expect(hit).toHaveCount(1);
    await hit.getByRole("link").click();
    await ida.page.waitForURL(/\?m=/);
    const message = ida.page.getByTestId("message").filter({ hasText: "The quince marmalade plan" });
    await expect(message).toBeInViewport();
    await expect(message).toHaveAttribute("data-highlight", "on");
    await expect(message).toBeFocused();
    await shoot(ida.page, `jump-${name}`);
    // The rest of the page around it is there; the newest is not until asked for.
    await expect(ida.page.getByTestId("messages")).toContainText("Filler message 20");
    await expect(ida.page.getByTestId("messages")).not.toContainText("Newest word");
    // The mark fades; paging down reaches the newest message again.
    await expect(message).not.toHaveAttribute("data-highlight", /.+/, { timeout: 10_000 });
    await ida.page.getByRole("button", { name: "Jump to recent messages" }).click();
    await expect(ida.page.getByTestId("messages")).toContainText("Newest word");
    await expect(ida.page.getByTestId("history-newer")).toHaveCount(0);
  }
  for (const p of people) await p.context.close();
});
