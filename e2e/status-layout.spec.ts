import { expect, test, type Locator } from "@playwright/test";
import { connected, memberId, presenceLoaded, team } from "./helpers";

// Statuses never push names or the do-not-disturb end out of sight: in the DM list the name stays
// whole and the custom status is cut; the own status button shows "Do not disturb · until …"
// whole before the custom text; quick statuses sit one per line.
const cut = (l: Locator) => l.evaluate((el) => el.scrollWidth > el.clientWidth + 1);

test("names and the do-not-disturb end stay whole; statuses are cut first; presets one per line", async ({ browser }) => {
  const { slug, people } = await team(browser, ["Ada", "Omar Abdullahi"]);
  const [ada, omar] = people as [(typeof people)[0], (typeof people)[0]];
  for (const p of people) {
    await p.page.setViewportSize({ width: 1440, height: 900 });
    await p.page.goto(`/w/${slug}`);
    await connected(p.page);
    await presenceLoaded(p.page);
  }
  const omarId = await memberId(ada.page, "Omar Abdullahi");
  expect((await ada.page.request.post(`/api/workspaces/${slug}/conversations`, { data: { userIds: [omarId] } })).ok()).toBe(true);
  const long = { emoji: "🚌", text: "Commuting across town, back online after the team standup" };
  for (const p of people) expect((await p.page.request.put("/api/me/status", { data: long })).ok()).toBe(true);
  expect((await omar.page.request.put("/api/me/presence", { data: { mode: "dnd", until: new Date(Date.now() + 3_600_000).toISOString() } })).ok()).toBe(true);
  await ada.page.reload();
  await connected(ada.page);
  await omar.page.reload();
  await connected(omar.page);

  // Ada's DM list: "Omar Abdullahi" whole, the status after it cut.
  const row = ada.page.getByTestId("dm-list").getByRole("listitem").first();
  await expect(row.getByTestId("custom-status")).toContainText("Commuting");
  expect(await cut(row.getByTestId("dm-name"))).toBe(false);
  expect(await cut(row.getByTestId("custom-status").locator("span[dir=auto]"))).toBe(true);

  // Omar's own status button: the mode and its end whole, the custom text cut.
  await expect(omar.page.getByTestId("my-mode")).toHaveText(/^Do not disturb · until /);
  expect(await cut(omar.page.getByTestId("my-mode"))).toBe(false);
  expect(await cut(omar.page.getByTestId("my-custom-status"))).toBe(true);
  await omar.page.screenshot({ path: ".data/screens/status-layout-1440.png" });

  // Quick statuses: each on one line.
  await omar.page.getByRole("button", { name: /^Your status:/ }).click();
  await omar.page.getByRole("menuitem", { name: /Set a status|Edit status/ }).click();
  const presets = omar.page.getByTestId("status-presets").getByRole("button");
  await expect(presets).toHaveCount(4);
  const heights = await presets.evaluateAll((els) => els.map((e) => Math.round(e.getBoundingClientRect().height)));
  expect(new Set(heights).size).toBe(1); // none wraps onto a second line
  const tops = await presets.evaluateAll((els) => els.map((e) => Math.round(e.getBoundingClientRect().top)));
  expect(tops).toEqual([...tops].sort((a, b) => a - b)); // one column, top to bottom
  expect(new Set(tops).size).toBe(4);
  await omar.page.screenshot({ path: ".data/screens/status-presets-1440.png" });
  for (const p of people) await p.context.close();
});
