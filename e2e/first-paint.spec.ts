import { expect, test } from "@playwright/test";
import { chooseMode, connected, memberId, team } from "./helpers";

// Presence on first paint: the workspace page's HTML already lists the members in their order
// with their status (as this viewer may see them) and the DM list's dots; the page then goes on
// from it without a second fetch, and the rows do not move when the socket connects.
test("the first HTML carries the member list with statuses and the DM dots; nothing re-sorts after load @core", async ({ browser }) => {
  const { slug, people } = await team(browser, ["Ada", "Bea", "Cy"]);
  const [ada, bea, cy] = people as [(typeof people)[0], (typeof people)[0], (typeof people)[0]];
  await bea.page.goto(`/w/${slug}`);
  await connected(bea.page);
  await cy.page.goto(`/w/${slug}`);
  await connected(cy.page);
  await chooseMode(cy.page, "Invisible");
  await ada.page.goto(`/w/${slug}`);
  await connected(ada.page);
  const beaId = await memberId(ada.page, "Bea");
  const cyId = await memberId(ada.page, "Cy");
  expect((await ada.page.request.post(`/api/workspaces/${slug}/conversations`, { data: { userIds: [beaId] } })).ok()).toBe(true);
  await ada.page.goto("about:blank");

  // The HTML as the server sends it, before any script runs.
  const html = await (await ada.page.request.get(`/w/${slug}`)).text();
  const rows = [...html.matchAll(/<li[^>]*data-member-id="([^"]+)"[^>]*data-status="([a-z]+)"/g)].map((m) => [m[1], m[2]]);
  expect(rows.length).toBe(3);
  expect(rows.find(([id]) => id === beaId)?.[1]).toBe("active");
  // Cy is invisible: offline to Ada, and listed with the offline members (last).
  expect(rows.at(-1)).toEqual([cyId, "offline"]);
  expect(html).toMatch(/\d of 3 online/); // the counts too, not "3 members"
  // The DM row's dot for Bea, with its words.
  expect(html).toMatch(/data-testid="dm-list"[\s\S]*aria-label="Active"[^>]*data-status="active"/);

  // In the browser: the order at first paint is the order once connected, and no second sync of everyone happens.
  const syncs: string[] = [];
  ada.page.on("websocket", (ws) => ws.on("framesent", (f) => typeof f.payload === "string" && f.payload.includes('"presence:sync"') && syncs.push(f.payload)));
  await ada.page.goto(`/w/${slug}`, { waitUntil: "commit" });
  await ada.page.waitForSelector("[data-member-id]");
  if (test.info().project.name === "services") await ada.page.screenshot({ path: ".data/screens/first-paint.png" });
  const before = await ada.page.locator("[data-testid=member-list] [data-member-id]").evaluateAll((els) => els.map((e) => `${e.getAttribute("data-member-id")}:${e.getAttribute("data-status")}`));
  await connected(ada.page);
  await ada.page.waitForTimeout(1_000);
  const after = await ada.page.locator("[data-testid=member-list] [data-member-id]").evaluateAll((els) => els.map((e) => `${e.getAttribute("data-member-id")}:${e.getAttribute("data-status")}`));
  expect(after).toEqual(before);
  // The first sync names what the page holds (since + digest), not a full snapshot request.
  expect(syncs.length).toBeGreaterThan(0);
  expect(syncs[0]).toContain('"since"');
  for (const p of people) await p.context.close();
});
