import { expect, test, type Locator, type Page } from "@playwright/test";
import { composer, connected, dmRow, memberRow, notes, RECORD_NOTIFICATIONS, signInAs, team } from "./helpers";
import { expectNoSeriousViolations } from "./axe";

// Message edit, delete and emoji reactions, live between browsers. Screenshots go to /tmp/shots-messages.
const shot = (name: string) => `/tmp/shots-messages/${name}.png`;
const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };

const message = (page: Page, text: string | RegExp) => page.getByTestId("message").filter({ hasText: text });
const chip = (m: Locator) => m.getByTestId("reaction-chip");
/** What the chips show: emoji and count ("👍2"). */
const chipFaces = (m: Locator) => m.getByTestId("reaction-summary");
const badge = (page: Page, name: string) => dmRow(page, name).getByTestId("unread-badge");

async function send(page: Page, text: string) {
  await composer(page).fill(text);
  await composer(page).press("Enter");
  await expect(message(page, text)).toBeVisible();
}

async function deleteByMouse(page: Page, text: string, screenshot?: string) {
  const m = message(page, text);
  await m.hover();
  await m.getByRole("button", { name: "Delete message" }).click();
  const dialog = page.getByRole("dialog", { name: "Delete message?" });
  await expect(dialog).toContainText(text);
  if (screenshot) await page.screenshot({ path: shot(screenshot) });
  await dialog.getByRole("button", { name: "Delete", exact: true }).click();
  await expect(dialog).toHaveCount(0);
}

test("edits, deletions and reactions show live in the other browser; none of them is unread or a notification @core", async ({ browser }) => {
  test.setTimeout(240_000);
  const { slug, people } = await team(browser, ["Ada", "Ben"]);
  const [ada, ben] = people as [(typeof people)[0], (typeof people)[0]];
  await ben.context.grantPermissions(["notifications"]);
  await ben.context.addInitScript(RECORD_NOTIFICATIONS);
  await ben.page.goto(`/w/${slug}`);
  await connected(ben.page);

  await ada.page.goto(`/w/${slug}`);
  await connected(ada.page);
  await memberRow(ada.page, "Ben").getByRole("link").click();
  await ada.page.waitForURL(/\/dm\/with\//);
  await connected(ada.page);
  await composer(ada.page).fill("Lunch at noon?");
  await composer(ada.page).press("Enter");
  await ada.page.waitForURL(/\/dm\/(?!with\/)/);
  const conversationUrl = new URL(ada.page.url()).pathname;
  await connected(ada.page);
  await send(ada.page, "wrong chat, sorry");
  await expect(badge(ben.page, "Ada")).toContainText("2 unread messages");
  await expect.poll(() => notes(ben.page)).toEqual(["Ada: Lunch at noon?", "Ada: wrong chat, sorry"]);

  // An edit is not a new message: the count stays, no notification.
  const lunch = message(ada.page, "Lunch at noon?");
  await lunch.hover();
  await lunch.getByRole("button", { name: "Edit message" }).click();
  const box = ada.page.getByRole("textbox", { name: "Edit message" });
  await expect(box).toBeFocused();
  await box.fill("Lunch at 1pm?");
  await box.press("Enter");
  const edited = message(ada.page, "Lunch at 1pm?");
  await expect(edited.getByTestId("edited")).toHaveText(/\(edited\)/);
  await expect(edited.getByTestId("edited")).toHaveAttribute("title", /^Edited /);

  // Deleting an unread message takes it off Ben's count: no phantom unread. (The deletion reaches
  // Ben after the edit did; by then the edit has neither raised the count nor notified.)
  await deleteByMouse(ada.page, "wrong chat, sorry", "messages-delete-confirm-1280");
  await expect(message(ada.page, "wrong chat, sorry")).toHaveCount(0);
  await expect(badge(ben.page, "Ada")).toContainText("1 unread message");
  expect(await notes(ben.page)).toHaveLength(2);

  // Ben opens the conversation: the edited message, marked, and nothing else.
  await ben.page.goto(conversationUrl);
  await connected(ben.page);
  const onBen = message(ben.page, "Lunch at 1pm?");
  await expect(onBen.getByTestId("edited")).toBeVisible();
  await expect(ben.page.getByTestId("messages")).not.toContainText("wrong chat");

  // Reactions: Ben reacts, then Ada with the same emoji: one chip, count 2, naming both.
  await onBen.hover();
  await onBen.getByRole("button", { name: "Add reaction" }).click();
  await onBen.getByRole("button", { name: "React with 👍" }).click();
  await expect(chip(onBen)).toHaveAccessibleName("You reacted with 👍");
  const onAda = message(ada.page, "Lunch at 1pm?");
  await expect(chip(onAda)).toHaveAccessibleName("Ben reacted with 👍");
  await expect(chip(onAda)).toHaveAttribute("aria-pressed", "false");
  await chip(onAda).click(); // clicking someone else's chip adds mine
  await expect(chipFaces(onAda)).toHaveText("👍2");
  await expect(chip(onAda)).toHaveAccessibleName("You and Ben reacted with 👍");
  await expect(chipFaces(onBen)).toHaveText("👍2");
  await expect(chip(onBen)).toHaveAccessibleName("You and Ada reacted with 👍");
  await expect(chip(onBen)).toHaveAttribute("title", "You and Ada reacted with 👍");

  // A second emoji, and the edit while Ben watches.
  await onAda.hover();
  await onAda.getByRole("button", { name: "Add reaction" }).click();
  await onAda.getByRole("button", { name: "React with 🎉" }).click();
  await expect(chip(onBen)).toHaveCount(2);
  await onAda.hover();
  await onAda.getByRole("button", { name: "Edit message" }).click();
  await ada.page.getByRole("textbox", { name: "Edit message" }).fill("Lunch at 1pm? Same place.");
  await ada.page.getByRole("textbox", { name: "Edit message" }).press("Enter");
  await expect(message(ben.page, "Lunch at 1pm? Same place.").getByTestId("edited")).toBeVisible();

  await message(ben.page, "Same place").hover();
  await ben.page.setViewportSize({ width: 1280, height: 800 });
  await message(ben.page, "Same place").hover();
  await ben.page.screenshot({ path: shot("messages-reactions-1280") });
  await expectNoSeriousViolations(ben.page, "conversation with reactions and the actions shown");

  // Ben toggles his 👍 off: count 1 on both sides.
  await chip(message(ben.page, "Same place")).first().click();
  await expect(chipFaces(message(ada.page, "Same place")).first()).toHaveText("👍1");
  await expect(chip(message(ada.page, "Same place")).first()).toHaveAccessibleName("You reacted with 👍");
  await expect(chip(message(ben.page, "Same place")).first()).toHaveAttribute("aria-pressed", "false");

  // Ben cannot edit or delete Ada's message: only React.
  const hers = message(ben.page, "Same place");
  await hers.hover();
  await expect(hers.getByRole("button", { name: "Add reaction" })).toBeVisible();
  await expect(hers.getByRole("button", { name: "Edit message" })).toHaveCount(0);
  await expect(hers.getByRole("button", { name: "Delete message" })).toHaveCount(0);

  // A deletion disappears live.
  await send(ada.page, "this one goes");
  await expect(message(ben.page, "this one goes")).toBeVisible();
  await deleteByMouse(ada.page, "this one goes");
  await expect(message(ben.page, "this one goes")).toHaveCount(0);

  // A reload shows the same: the edit and the reactions come with history.
  await ben.page.reload();
  const after = message(ben.page, "Lunch at 1pm? Same place.");
  await expect(after.getByTestId("edited")).toBeVisible();
  await expect(chipFaces(after)).toHaveText(["👍1", "🎉1"]);
  await expect(ben.page.getByTestId("messages")).not.toContainText("this one goes");

  for (const p of people) await p.context.close();
});

test("keyboard only: Tab to a message, open its actions, edit, react; and by touch on a phone", async ({ browser }) => {
  test.setTimeout(240_000);
  const { slug, people } = await team(browser, ["Cy", "Di"]);
  const [cy, di] = people as [(typeof people)[0], (typeof people)[0]];
  await cy.page.setViewportSize({ width: 1280, height: 800 });
  await cy.page.goto(`/w/${slug}`);
  await connected(cy.page);
  await memberRow(cy.page, "Di").getByRole("link").click();
  await cy.page.waitForURL(/\/dm\/with\//);
  await connected(cy.page);
  await composer(cy.page).fill("Draft agenda");
  await composer(cy.page).press("Enter");
  await cy.page.waitForURL(/\/dm\/(?!with\/)/);
  const conversationUrl = new URL(cy.page.url()).pathname;
  await connected(cy.page);
  await composer(cy.page).focus();
  await composer(cy.page).press("Shift+Tab");
  const m = message(cy.page, "Draft agenda");
  await expect(m).toBeFocused();
  const toolbar = m.getByRole("toolbar", { name: "Message actions" });
  await expect(toolbar).toBeVisible();
  await cy.page.keyboard.press("Tab");
  await expect(m.getByRole("button", { name: "Add reaction" })).toBeFocused();
  await cy.page.keyboard.press("Tab");
  await expect(m.getByRole("button", { name: "Edit message" })).toBeFocused();
  await cy.page.keyboard.press("Enter");
  const box = cy.page.getByRole("textbox", { name: "Edit message" });
  await expect(box).toBeFocused();
  await cy.page.screenshot({ path: shot("messages-edit-1280") });
  // Escape cancels and gives focus back to the message.
  await cy.page.keyboard.type(" (not this)");
  await cy.page.keyboard.press("Escape");
  await expect(box).toHaveCount(0);
  await expect(m).toBeFocused();
  await expect(m.getByTestId("message-body")).toHaveText("Draft agenda");
  // Again, and Enter saves.
  await cy.page.keyboard.press("Tab");
  await cy.page.keyboard.press("Tab");
  await cy.page.keyboard.press("Enter");
  await cy.page.keyboard.type(" v2");
  await cy.page.keyboard.press("Enter");
  const saved = message(cy.page, "Draft agenda v2");
  await expect(saved.getByTestId("edited")).toBeVisible();
  await expect(saved).toBeFocused();
  // React from the keyboard: the quick row opens with focus on its first emoji.
  await cy.page.keyboard.press("Tab");
  await cy.page.keyboard.press("Enter");
  await expect(saved.getByRole("button", { name: "React with 👍" })).toBeFocused();
  await cy.page.keyboard.press("ArrowRight"); // not a trap: arrow keys do nothing odd
  await cy.page.keyboard.press("Tab");
  await expect(saved.getByRole("button", { name: "React with ❤️" })).toBeFocused();
  await cy.page.keyboard.press("Enter");
  await expect(chip(saved)).toHaveAccessibleName("You reacted with ❤️");
  // Any emoji: the full picker loads on use.
  await saved.hover();
  await saved.getByRole("button", { name: "Add reaction" }).click();
  await saved.getByRole("button", { name: "More…" }).click();
  await expect(cy.page.getByTestId("emoji-mart-host")).toBeVisible();
  await cy.page.getByLabel("Or type an emoji").fill("🚀");
  await cy.page.getByLabel("Or type an emoji").press("Enter");
  await expect(chipFaces(saved)).toHaveText(["❤️1", "🚀1"]);
  await expect(cy.page.getByTestId("emoji-mart-host")).toHaveCount(0);

  // Di on a phone: a visible "…" button per message opens the actions by touch.
  const phone = await browser.newContext(PHONE);
  const diPhone = await phone.newPage();
  await diPhone.goto("/signin");
  await signInAs(diPhone, di.email);
  await diPhone.waitForURL(/\/w\/|\/new$/, { waitUntil: "commit" });
  await diPhone.goto(conversationUrl);
  await connected(diPhone);
  const onPhone = message(diPhone, "Draft agenda v2");
  await expect(chipFaces(onPhone)).toHaveText(["❤️1", "🚀1"]);
  await onPhone.getByRole("button", { name: "Message actions" }).tap();
  await expect(onPhone.getByRole("toolbar", { name: "Message actions" })).toBeVisible();
  await diPhone.screenshot({ path: shot("messages-actions-390") });
  await onPhone.getByRole("button", { name: "Add reaction" }).tap();
  await diPhone.screenshot({ path: shot("messages-quick-reactions-390") });
  await onPhone.getByRole("button", { name: "React with 🎉" }).tap();
  await expect(chipFaces(message(cy.page, "Draft agenda v2"))).toHaveText(["❤️1", "🚀1", "🎉1"]);
  await expect(onPhone.getByRole("toolbar", { name: "Message actions" })).toBeHidden();
  // Di's own message: edit on the phone.
  await send(diPhone, "On my way");
  const mine = message(diPhone, "On my way");
  await mine.getByRole("button", { name: "Message actions" }).tap();
  await mine.getByRole("button", { name: "Edit message" }).tap();
  await diPhone.screenshot({ path: shot("messages-edit-390") });
  await diPhone.getByRole("textbox", { name: "Edit message" }).fill("On my way, 5 min");
  await diPhone.getByRole("button", { name: "Save" }).tap();
  await expect(message(cy.page, "On my way, 5 min").getByTestId("edited")).toBeVisible();
  // The list is one Tab stop (the message last focused, else the newest); arrow keys move between messages.
  await composer(cy.page).focus();
  await composer(cy.page).press("Shift+Tab");
  await expect(message(cy.page, "Draft agenda v2")).toBeFocused();
  await cy.page.keyboard.press("ArrowDown");
  await expect(message(cy.page, "On my way, 5 min")).toBeFocused();
  await cy.page.keyboard.press("ArrowUp");
  await expect(message(cy.page, "Draft agenda v2")).toBeFocused();
  await cy.page.keyboard.press("Shift+Tab");
  await expect(cy.page.getByTestId("message-scroller")).toBeFocused();
  await expectNoSeriousViolations(diPhone, "conversation on a phone");

  await phone.close();
  for (const p of people) await p.context.close();
});
