import { expect, test } from "@playwright/test";
import { composer, connected, memberRow, presenceLoaded, setHidden, team } from "./helpers";

// Renders the main pages with live data and saves them to .data/screens for review.
// Runs in the "services" project only: the embedded project runs just the @core specs.
test("screenshots of the main pages", async ({ browser }) => {
  const shot = (name: string) => `.data/screens/${name}.png`; // outside test-results, which each run clears
  const { slug, people } = await team(browser, ["Alice Martin", "Bob Chen", "Carol Diaz", "Dave Okafor"]);
  const [alice, bob, carol, dave] = people as [(typeof people)[0], (typeof people)[0], (typeof people)[0], (typeof people)[0]];
  await dave.page.goto(`/w/${slug}`);
  await connected(dave.page);
  await dave.page.close(); // Dave goes offline with a last-seen time
  for (const p of [bob, carol]) {
    await p.page.goto(`/w/${slug}`);
    await connected(p.page);
  }
  await setHidden(bob.page, true); // Bob switched tabs: away
  const inAnHour = new Date(Date.now() + 3_600_000).toISOString();
  const status = await bob.page.request.put("/api/me/status", { data: { emoji: "📅", text: "Release planning", expiresAt: inAnHour } });
  expect(status.status()).toBe(200);
  // Carol: do not disturb for an hour.
  const dnd = await carol.page.request.put("/api/me/presence", { data: { mode: "dnd", until: inAnHour } });
  expect(dnd.status()).toBe(200);

  await alice.page.setViewportSize({ width: 1280, height: 760 });
  await alice.page.goto(`/w/${slug}`);
  await presenceLoaded(alice.page);
  await expect(memberRow(alice.page, "Bob Chen")).toHaveAttribute("data-status", "away");
  await expect(memberRow(alice.page, "Carol Diaz")).toHaveAttribute("data-status", "dnd");
  await expect(memberRow(alice.page, "Dave Okafor")).toHaveAttribute("data-status", "offline", { timeout: 8_000 });
  await alice.page.screenshot({ path: shot("workspace-home") });

  // A draft until the first message creates the DM.
  await memberRow(alice.page, "Bob Chen").getByRole("link").click();
  await alice.page.waitForURL(/\/dm\/with\//);
  await connected(alice.page);
  await composer(alice.page).fill("Morning! Is the release still on for today?");
  await composer(alice.page).press("Enter");
  await alice.page.waitForURL(/\/dm\/(?!with\/)/);
  await expect(alice.page.getByTestId("messages")).toContainText("release");
  await alice.page.screenshot({ path: shot("conversation") });

  // A channel with presence (the README's picture): Bob away, Carol on do-not-disturb, Dave offline.
  const made = await alice.page.request.post(`/api/workspaces/${slug}/channels`, { data: { name: "release", topic: "Friday's release: status and blockers" } });
  expect(made.status()).toBe(201);
  const channelId = ((await made.json()) as { data: { id: string } }).data.id;
  for (const p of [bob, carol, dave]) expect((await p.context.request.post(`/api/workspaces/${slug}/channels/${channelId}/join`)).status()).toBe(200);
  await alice.page.goto(`/w/${slug}/c/${channelId}`);
  await connected(alice.page);
  await composer(alice.page).fill("Release checklist is up to date. Anything blocking?");
  await composer(alice.page).press("Enter");
  await expect(alice.page.getByTestId("messages")).toContainText("checklist");
  await carol.page.goto(`/w/${slug}/c/${channelId}`);
  await connected(carol.page);
  await composer(carol.page).fill("@Alice Martin QA sign-off is done, no blockers from support 🎉");
  await composer(carol.page).press("Enter");
  await expect(alice.page.getByTestId("mention")).toHaveText("@Alice Martin");
  await expect(alice.page.getByTestId("channel-counts")).toHaveText("3 online · 4 members");
  await alice.page.screenshot({ path: shot("channel") });

  await alice.page.getByRole("button", { name: /^Your status:/ }).click();
  await expect(alice.page.getByRole("menu")).toBeVisible();
  await alice.page.screenshot({ path: shot("status-menu") });
  await alice.page.keyboard.press("Escape");

  await alice.page.goto(`/w/${slug}/admin`);
  await expect(alice.page.getByTestId("admin-members-table")).toContainText("Dave Okafor");
  await alice.page.screenshot({ path: shot("admin-members") });

  const anon = await browser.newContext();
  const signin = await anon.newPage();
  await signin.goto("/signin");
  await signin.screenshot({ path: shot("sign-in") });
  await anon.close();
  for (const p of people) await p.context.close();
});
