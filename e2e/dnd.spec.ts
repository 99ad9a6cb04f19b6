import { expect, test, type Page } from "@playwright/test";
import { chooseMode, connected, memberRow, presenceLoaded, recordStatuses, team } from "./helpers";

// Sign-up of a team through the emailed links is slow on a loaded machine.
test.describe.configure({ timeout: 240_000 });

const statusButton = (page: Page) => page.getByRole("button", { name: /^Your status:/ });

test("a timed do-not-disturb ends by itself and the previous mode comes back, live for others @core", async ({ browser }) => {
  const { slug, people } = await team(browser, ["Ada", "Bea"]);
  const [ada, bea] = people as [(typeof people)[0], (typeof people)[0]];
  await ada.page.setViewportSize({ width: 1440, height: 900 });
  await ada.page.goto(`/w/${slug}`);
  await connected(ada.page);
  await bea.page.goto(`/w/${slug}`);
  await presenceLoaded(bea.page);
  await chooseMode(ada.page, "Away");
  await expect(memberRow(bea.page, "Ada")).toHaveAttribute("data-status", "away");
  const seen = await recordStatuses(bea.page, "Ada");

  // The submenu of lengths, from the status menu.
  await statusButton(ada.page).click();
  await ada.page.getByRole("menuitem", { name: /^Do not disturb/ }).click();
  const submenu = ada.page.getByRole("menu").filter({ has: ada.page.getByRole("menuitem", { name: "For 30 minutes" }) });
  await expect(submenu.getByRole("menuitem")).toHaveText(["For 30 minutes", "For 1 hour", "For 2 hours", "Until tomorrow 9:00", "Until I turn it off"]);
  await ada.page.screenshot({ path: "/tmp/dnd-submenu-1440.png" });
  await submenu.getByRole("menuitem", { name: "For 30 minutes" }).click();
  await expect(statusButton(ada.page)).toHaveAccessibleName(/^Your status: Do not disturb · until \d/);
  await expect(statusButton(ada.page)).toContainText(/Do not disturb · until \d/);
  await expect(memberRow(bea.page, "Ada")).toHaveAttribute("data-status", "dnd");

  // A shorter end, through the REST route: it keeps Away as the mode to return to.
  const until = new Date(Date.now() + 3_000).toISOString();
  const res = await ada.page.request.put("/api/me/presence", { data: { mode: "dnd", until } });
  expect(await res.json()).toEqual({ ok: true, data: { mode: "dnd", dndUntil: until } });

  // At the end (plus one sweep and delivery), Away is back for Bea and in Ada's own menu, no reload.
  await expect(memberRow(bea.page, "Ada")).toHaveAttribute("data-status", "away", { timeout: 8_000 });
  expect(Date.now()).toBeGreaterThanOrEqual(Date.parse(until));
  await expect(statusButton(ada.page)).toHaveAccessibleName(/^Your status: Away\./);
  await ada.page.waitForTimeout(1_500);
  expect(await seen()).toEqual(["away", "dnd", "away"]);
  for (const p of people) await p.context.close();
});

test("a weekly schedule saved on the Account page puts me in do-not-disturb during its hours; turning it off ends them @core", async ({ browser }) => {
  const { slug, people } = await team(browser, ["Cem", "Dot"]);
  const [cem, dot] = people as [(typeof people)[0], (typeof people)[0]];
  await dot.page.goto(`/w/${slug}`);
  await presenceLoaded(dot.page);
  await cem.page.goto(`/w/${slug}`);
  await connected(cem.page);
  await expect(memberRow(dot.page, "Cem")).toHaveAttribute("data-status", "active");

  const account = await cem.context.newPage();
  await account.setViewportSize({ width: 1440, height: 900 });
  await account.goto("/account");
  const form = account.getByRole("form", { name: "Do-not-disturb schedule" });
  await expect(form.getByRole("button", { name: "Save schedule" })).toBeVisible();
  const zone = await account.evaluate(() => Intl.DateTimeFormat().resolvedOptions().timeZone);
  await expect(form.getByLabel("Time zone")).toHaveValue(zone);
  await expect(form.getByLabel("From", { exact: true })).toHaveValue("22:00");

  // Every day, from a minute ago (on this browser's clock) for an hour.
  const [from, to] = await account.evaluate(() => {
    const hm = (d: Date) => `${String(d.getHours()).padStart(2, "0")}:${String(d.getMinutes()).padStart(2, "0")}`;
    return [hm(new Date(Date.now() - 60_000)), hm(new Date(Date.now() + 3_600_000))];
  });
  await form.getByLabel("Turn on the schedule").check();
  for (const [short, day] of [["Sat", "Saturday"], ["Sun", "Sunday"]] as const) {
    await form.getByText(short, { exact: true }).click();
    await expect(form.getByLabel(day)).toBeChecked();
  }
  await form.getByLabel("From", { exact: true }).fill(from!);
  await form.getByLabel("To", { exact: true }).fill(to!);
  await expect(form).toContainText("Next quiet time:");
  await account.screenshot({ path: "/tmp/dnd-schedule-1440.png", fullPage: true });
  await form.getByRole("button", { name: "Save schedule" }).click();
  await expect(form.getByRole("status")).toHaveText("Schedule saved.");

  // The window is in force: within a sweep, Cem is in do-not-disturb for everyone and in his own menu.
  await expect(memberRow(dot.page, "Cem")).toHaveAttribute("data-status", "dnd", { timeout: 5_000 });
  await expect(statusButton(cem.page)).toHaveAccessibleName(/^Your status: Do not disturb · until \d/);

  // Saved: a reload shows it.
  await account.setViewportSize({ width: 390, height: 844 });
  await account.reload();
  await expect(form.getByLabel("Turn on the schedule")).toBeChecked();
  await expect(form.getByLabel("Sunday")).toBeChecked();
  await expect(form.getByLabel("From", { exact: true })).toHaveValue(from!);
  await account.screenshot({ path: "/tmp/dnd-schedule-390.png", fullPage: true });
  expect(await account.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

  // Turning the schedule off during its hours ends them, for everyone and in Cem's own menu.
  await form.getByLabel("Turn on the schedule").uncheck();
  await form.getByRole("button", { name: "Save schedule" }).click();
  await expect(form.getByRole("status")).toHaveText("Schedule saved.");
  await expect(memberRow(dot.page, "Cem")).toHaveAttribute("data-status", "active", { timeout: 5_000 });
  await expect(statusButton(cem.page)).toHaveAccessibleName(/^Your status: Automatic/);

  // On again, then a manual change ends it.
  await form.getByLabel("Turn on the schedule").check();
  await form.getByRole("button", { name: "Save schedule" }).click();
  await expect(memberRow(dot.page, "Cem")).toHaveAttribute("data-status", "dnd", { timeout: 5_000 });
  await chooseMode(cem.page, "Automatic");
  await expect(memberRow(dot.page, "Cem")).toHaveAttribute("data-status", "active");
  for (const p of people) await p.context.close();
});
