import { expect, test, type Page } from "@playwright/test";
import { chooseMode, composer, connected, notes, RECORD_NOTIFICATIONS, team } from "./helpers";
import { expectNoSeriousViolations } from "./axe";

// Channels between three browsers: create, browse and join, "N online" under the member list's
// audience rule, live messages with @mentions, notifications by the channel's setting, private
// channels, leaving and archiving. Screenshots go to /tmp/shots-channels.
const shot = (name: string) => `/tmp/shots-channels/${name}.png`;
const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };

const channelRow = (page: Page, name: string) => page.getByTestId("channel-list").getByRole("listitem").filter({ hasText: name });
const online = (page: Page) => page.getByTestId("channel-counts");
const message = (page: Page, text: string | RegExp) => page.getByTestId("message").filter({ hasText: text });

async function createChannel(page: Page, slug: string, name: string, topic: string, isPrivate = false) {
  await page.goto(`/w/${slug}/channels`);
  await page.getByLabel("Name").fill(name);
  await page.getByLabel(/^Topic/).fill(topic);
  if (isPrivate) await page.getByLabel(/Private/).check();
  await page.getByRole("button", { name: "Create channel" }).click();
  await page.waitForURL(/\/c\//);
  await connected(page);
  return new URL(page.url()).pathname;
}

async function send(page: Page, text: string) {
  await composer(page).fill(text);
  await composer(page).press("Enter");
  await expect(message(page, text)).toBeVisible();
}

test("a public channel: created, found and joined; N online hides an invisible member; messages, mentions and notifications live @core", async ({ browser }) => {
  test.setTimeout(240_000);
  const { slug, people } = await team(browser, ["Ada", "Ben", "Cy"]);
  const [ada, ben, cy] = people as [(typeof people)[0], (typeof people)[0], (typeof people)[0]];
  await ada.context.grantPermissions(["notifications"]);
  await ada.context.addInitScript(RECORD_NOTIFICATIONS);

  // Ada creates "#Design Team": the name is stored as design-team.
  const design = await createChannel(ada.page, slug, "#Design Team", "Pixels and people");
  await expect(ada.page.getByTestId("channel-title")).toHaveText("design-team");
  await expect(ada.page.getByTestId("channel-topic")).toContainText("Pixels and people");
  await expect(online(ada.page)).toHaveText("1 online · 1 member");
  await expect(channelRow(ada.page, "design-team")).toBeVisible();

  // Ben finds it in the directory and joins; Ada's count follows live.
  await ben.page.goto(`/w/${slug}/channels`);
  await connected(ben.page);
  await ben.page.getByLabel("Find a channel").fill("pixels");
  await expect(ben.page.getByTestId("directory-channel")).toHaveCount(1);
  await ben.page.getByRole("button", { name: "Join design-team" }).click();
  await ben.page.waitForURL(`**${design}`);
  await connected(ben.page);
  await expect(channelRow(ben.page, "design-team")).toBeVisible();
  await expect(online(ada.page)).toHaveText("2 online · 2 members");

  // Cy goes invisible, then joins: to Ada and Ben she is a member who is offline; to herself, online.
  await cy.page.goto(`/w/${slug}`);
  await connected(cy.page);
  await chooseMode(cy.page, "Invisible");
  await cy.page.goto(design);
  await cy.page.getByRole("button", { name: "Join #design-team" }).click();
  await expect(composer(cy.page)).toBeVisible();
  await connected(cy.page);
  await expect(online(ada.page)).toHaveText("2 online · 3 members");
  await expect(online(ben.page)).toHaveText("2 online · 3 members");
  await expect(online(cy.page)).toHaveText("3 online · 3 members");
  // The count follows presence within seconds, not at the 15 s period: Ben invisible, then back.
  await chooseMode(ben.page, "Invisible");
  await expect(online(ada.page)).toHaveText("1 online · 3 members", { timeout: 4_000 });
  await chooseMode(ben.page, "Automatic");
  await expect(online(ada.page)).toHaveText("2 online · 3 members", { timeout: 4_000 });
  // The members panel: Cy's dot is offline for Ada, Ben's is active.
  await online(ada.page).click();
  const panel = ada.page.getByTestId("channel-members");
  await expect(panel.getByTestId("channel-member")).toHaveCount(3);
  await expect(panel.getByTestId("channel-member").filter({ hasText: "Cy" }).getByTestId("presence-text")).toContainText("Offline");
  await expect(panel.getByTestId("channel-member").filter({ hasText: "Ben" }).getByTestId("presence-text")).toContainText("Active");
  await ada.page.screenshot({ path: shot("members-panel") });
  await ada.page.keyboard.press("Escape");

  // A message reaches every member live; a mention of Ada is marked for her.
  await send(ben.page, "Hi @ada, the new icons are in");
  const hi = message(ada.page, "the new icons are in");
  await expect(hi).toBeVisible();
  await expect(hi.getByTestId("mention")).toHaveText("@ada");
  await expect(hi).toHaveAttribute("data-mentions-me", "true");
  await expect(message(cy.page, "the new icons are in")).toBeVisible();
  await ada.page.screenshot({ path: shot("channel-desktop") });

  // Ada away from the channel: a small channel notifies of every message, and counts it unread.
  await ada.page.goto(`/w/${slug}`);
  await connected(ada.page);
  await send(ben.page, "first draft ready");
  await expect(channelRow(ada.page, "design-team").getByTestId("unread-badge")).toBeVisible();
  await expect.poll(() => notes(ada.page)).toEqual(["Ben in #design-team: first draft ready"]);

  // Only @mentions: a plain message counts as unread but is no notification; a mention is.
  await ada.page.goto(design);
  await connected(ada.page);
  await expect(channelRow(ada.page, "design-team").getByTestId("unread-badge")).toHaveCount(0); // read on opening
  await ada.page.getByRole("button", { name: "Channel settings" }).click();
  await ada.page.getByRole("menuitemradio", { name: "Only @mentions" }).click();
  await expect(ada.page.getByTestId("channel-header")).toHaveAttribute("data-notify", "mentions");
  await ada.page.goto(`/w/${slug}`);
  await connected(ada.page);
  await send(ben.page, "colours tweaked");
  await expect(channelRow(ada.page, "design-team").getByTestId("unread-badge")).toContainText("1 unread message");
  await send(ben.page, "@Ada can you review?");
  await expect(channelRow(ada.page, "design-team").getByTestId("unread-badge")).toContainText("2 unread messages");
  // (The page was loaded again since the first one: it recorded these two messages only.)
  await expect.poll(() => notes(ada.page)).toEqual(["Ben in #design-team: @Ada can you review?"]);

  await expectNoSeriousViolations(ben.page, "channel page");
  await ben.page.goto(`/w/${slug}/channels`);
  await expectNoSeriousViolations(ben.page, "channel directory");
  await ben.page.screenshot({ path: shot("directory-desktop") });
  for (const p of people) await p.context.close();
});

test("a private channel is invisible to others until they are added; leaving and archiving update every sidebar", async ({ browser }) => {
  test.setTimeout(240_000);
  const { slug, people } = await team(browser, ["Ada", "Ben"]);
  const [ada, ben] = people as [(typeof people)[0], (typeof people)[0]];
  // A name the server would refuse is said as it is typed.
  await ada.page.goto(`/w/${slug}/channels`);
  await ada.page.getByLabel("Name").fill("Q&A!");
  await expect(ada.page.locator("#channel-name-hint")).toHaveText("Channel names use letters, numbers, hyphens and underscores.");
  await expect(ada.page.getByLabel("Name")).toHaveAttribute("aria-invalid", "true");
  await ada.page.screenshot({ path: shot("create-bad-name") });
  await ada.page.getByLabel("Name").fill("#Road Map");
  await expect(ada.page.locator("#channel-name-hint")).toContainText("Saved as #road-map.");
  const secret = await createChannel(ada.page, slug, "plans", "", true);
  await send(ada.page, "the secret plan");

  await ben.page.goto(`/w/${slug}/channels`);
  await connected(ben.page);
  await expect(ben.page.getByText("No channels yet.")).toBeVisible();
  const missing = await ben.page.goto(secret);
  expect(missing?.status()).toBe(404);

  // Ada adds Ben: it shows in his sidebar live, with its history.
  await ben.page.goto(`/w/${slug}`);
  await connected(ben.page);
  await ada.page.getByRole("button", { name: "Channel settings" }).click();
  await ada.page.getByRole("menuitem", { name: "Add people" }).click();
  const dialog = ada.page.getByRole("dialog", { name: "Add people to #plans" });
  await dialog.getByRole("checkbox", { name: /Ben/ }).check();
  await ada.page.screenshot({ path: shot("add-people") });
  await dialog.getByRole("button", { name: "Add", exact: true }).click();
  await expect(dialog).toHaveCount(0);
  await expect(online(ada.page)).toHaveText(/· 2 members/);
  // Adding him again says he is in it already, and the dialog stays.
  await ada.page.getByRole("button", { name: "Channel settings" }).click();
  await ada.page.getByRole("menuitem", { name: "Add people" }).click();
  await dialog.getByRole("checkbox", { name: /Ben/ }).check();
  await dialog.getByRole("button", { name: "Add", exact: true }).click();
  await expect(dialog.getByRole("alert")).toHaveText("Already in #plans.");
  await ada.page.screenshot({ path: shot("add-people-already") });
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(dialog).toHaveCount(0);
  await channelRow(ben.page, "plans").getByRole("link").click();
  await expect(message(ben.page, "the secret plan")).toBeVisible();
  await connected(ben.page);

  // Archived by Ada (the owner): read-only for Ben at once, and off his sidebar.
  await ada.page.getByRole("button", { name: "Channel settings" }).click();
  await ada.page.getByRole("menuitem", { name: "Archive channel" }).click();
  await expect(ben.page.getByTestId("conversation-closed")).toBeVisible();
  await expect(composer(ben.page)).toHaveCount(0);
  await expect(ben.page.getByTestId("channel-list")).toHaveCount(0);
  await ben.page.screenshot({ path: shot("archived") });
  // Opened again, an archived channel he had read shows nothing as new (it is not in his sidebar, so
  // the page brings his read point itself).
  await ben.page.reload();
  await expect(message(ben.page, "the secret plan")).toBeVisible();
  await expect(ben.page.getByTestId("conversation-closed")).toBeVisible();
  await expect(ben.page.getByTestId("new-messages-divider")).toHaveCount(0);
  await connected(ben.page);

  // Brought back, then Ben leaves: gone from his sidebar on every page he has open.
  await ada.page.getByRole("button", { name: "Channel settings" }).click();
  await ada.page.getByRole("menuitem", { name: "Unarchive channel" }).click();
  await expect(composer(ben.page)).toBeVisible();
  await expect(channelRow(ben.page, "plans")).toBeVisible();
  const other = await ben.context.newPage();
  await other.goto(`/w/${slug}`);
  await connected(other);
  await expect(channelRow(other, "plans")).toBeVisible();
  await ben.page.getByRole("button", { name: "Channel settings" }).click();
  await ben.page.getByRole("menuitem", { name: "Leave channel" }).click();
  // Private: he is asked first, and nothing changes until he confirms.
  const confirm = ben.page.getByRole("dialog", { name: "Leave #plans?" });
  await expect(confirm).toContainText("only if one of its members adds you again");
  await expect(channelRow(other, "plans")).toBeVisible();
  await ben.page.screenshot({ path: shot("leave-confirm") });
  await confirm.getByRole("button", { name: "Leave channel" }).click();
  await ben.page.waitForURL(/\/channels$/);
  await expect(other.getByTestId("channel-list")).toHaveCount(0);
  await expect(online(ada.page)).toHaveText(/· 1 member$/);
  for (const p of people) await p.context.close();
});

test("channels on a phone: the sidebar section, the channel page and its menu fit 390 px", async ({ browser }) => {
  test.setTimeout(180_000);
  const { slug, people } = await team(browser, ["Ada", "Ben"]);
  const [ada, ben] = people as [(typeof people)[0], (typeof people)[0]];
  const url = await createChannel(ada.page, slug, "launch", "Ship the thing on Friday");
  await send(ada.page, "Kick-off at 10, @Ben bring the numbers");
  const phone = await browser.newContext({ ...PHONE, storageState: await ben.context.storageState() });
  const page = await phone.newPage();
  await page.goto(url);
  await page.getByRole("button", { name: "Join #launch" }).click();
  await expect(message(page, "Kick-off at 10")).toBeVisible();
  await connected(page);
  await expect(online(page)).toHaveText("2 online · 2 members");
  const header = await page.getByTestId("channel-header").boundingBox();
  expect(header!.width).toBeLessThanOrEqual(390);
  await page.screenshot({ path: shot("channel-phone") });
  await page.getByRole("button", { name: "Channel settings" }).click();
  await page.screenshot({ path: shot("menu-phone") });
  await page.keyboard.press("Escape");
  await page.goto(`/w/${slug}/channels`);
  await page.screenshot({ path: shot("directory-phone") });
  await phone.close();
  for (const p of people) await p.context.close();
});

test("@ in a channel's composer suggests members: arrows, Enter, Tab and a click insert the name without sending; Escape closes", async ({ browser }) => {
  test.setTimeout(180_000);
  const { slug, people } = await team(browser, ["Ada", "Ben"]);
  const [ada, ben] = people as [(typeof people)[0], (typeof people)[0]];
  const url = await createChannel(ada.page, slug, "mentions", "");
  await ben.page.goto(url);
  await ben.page.getByRole("button", { name: "Join #mentions" }).click();
  await expect(composer(ben.page)).toBeVisible();
  await connected(ben.page);
  const box = composer(ada.page);
  const list = ada.page.getByRole("listbox", { name: "People to mention" });
  const option = (name: string) => list.getByRole("option", { name });

  // "@be": Ben, with his live dot; Enter puts "@Ben " in the draft and sends nothing.
  await box.pressSequentially("@be");
  await expect(list).toBeVisible();
  await expect(list.getByRole("option")).toHaveCount(1);
  await expect(option("Ben")).toHaveAttribute("aria-selected", "true");
  await expect(option("Ben").getByTestId("presence-dot")).toBeVisible();
  await expect(box).toHaveAttribute("aria-activedescendant", (await option("Ben").getAttribute("id"))!);
  await ada.page.screenshot({ path: shot("mention-list-desktop") });
  await expectNoSeriousViolations(ada.page, "mention suggestions");
  await box.press("Enter");
  await expect(list).toHaveCount(0);
  await expect(box).toHaveValue("@Ben ");
  await expect(box).not.toHaveAttribute("aria-activedescendant");
  await expect(ada.page.getByTestId("message")).toHaveCount(0);
  // The rest of the message, then Enter sends it; Ben sees his name marked.
  await box.pressSequentially("the numbers please");
  await expect(list).toHaveCount(0);
  await box.press("Enter");
  await expect(message(ada.page, "the numbers please")).toBeVisible();
  await expect(box).toHaveValue("");
  const got = message(ben.page, "the numbers please");
  await expect(got.getByTestId("mention")).toHaveText("@Ben");
  await expect(got).toHaveAttribute("data-mentions-me", "true");

  // "@" alone lists everyone by name; ArrowDown then Tab picks the second, after the text before.
  await box.pressSequentially("thanks @");
  await expect(list.getByRole("option")).toHaveText([/Ada$/, /Ben$/]);
  await box.press("ArrowDown");
  await expect(option("Ben")).toHaveAttribute("aria-selected", "true");
  await expect(option("Ada")).toHaveAttribute("aria-selected", "false");
  await box.press("Tab");
  await expect(box).toHaveValue("thanks @Ben ");
  await expect(box).toBeFocused();

  // Escape closes the list and nothing else; typing on keeps it closed until the next @.
  await box.pressSequentially("and @a");
  await expect(option("Ada")).toBeVisible();
  await box.press("Escape");
  await expect(list).toHaveCount(0);
  await expect(box).toHaveValue("thanks @Ben and @a");
  await expect(box).toBeFocused();
  await box.pressSequentially("d");
  await expect(list).toHaveCount(0);
  // An email does not open it; a click on a person inserts them.
  await box.pressSequentially(" or ada@b");
  await expect(list).toHaveCount(0);
  await box.pressSequentially(" @A");
  await option("Ada").click();
  await expect(box).toHaveValue("thanks @Ben and @ad or ada@b @Ada ");
  await expect(box).toBeFocused();
  await expect(ada.page.getByTestId("message")).toHaveCount(1);

  // On a phone the list sits above the composer, within the screen.
  const phone = await browser.newContext({ ...PHONE, storageState: await ben.context.storageState() });
  const page = await phone.newPage();
  await page.goto(url);
  await connected(page);
  await composer(page).pressSequentially("@a");
  const phoneList = page.getByRole("listbox", { name: "People to mention" });
  await expect(phoneList.getByRole("option", { name: "Ada" }).getByTestId("presence-dot")).toBeVisible();
  const shape = await phoneList.boundingBox();
  const field = await composer(page).boundingBox();
  expect(shape!.x).toBeGreaterThanOrEqual(0);
  expect(shape!.x + shape!.width).toBeLessThanOrEqual(390);
  expect(shape!.y + shape!.height).toBeLessThanOrEqual(field!.y);
  await page.screenshot({ path: shot("mention-list-phone") });
  await phone.close();
  for (const p of people) await p.context.close();
});
