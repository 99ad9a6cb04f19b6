import { expect, test, type BrowserContext, type Page } from "@playwright/test";
import { chooseMode, composer, connected, dmRow, memberRow, setHidden, signInAs, team } from "./helpers";

// Records every Notification the page constructs (and still shows the real one).
const RECORD_NOTIFICATIONS = () => {
  const Real = window.Notification;
  const w = window as unknown as { __notes: { title: string; body?: string }[]; __shown: Notification[] };
  w.__notes = [];
  w.__shown = [];
  class Recorded extends Real {
    constructor(title: string, options?: NotificationOptions) {
      w.__notes.push({ title, body: options?.body });
      super(title, options);
      w.__shown.push(this);
    }
  }
  Object.defineProperty(Recorded, "permission", { get: () => Real.permission });
  Object.defineProperty(Recorded, "requestPermission", { value: Real.requestPermission.bind(Real) });
  window.Notification = Recorded as unknown as typeof Notification;
};
const notes = (page: Page) => page.evaluate(() => (window as unknown as { __notes: { title: string; body?: string }[] }).__notes);

async function allowNotifications(context: BrowserContext) {
  await context.grantPermissions(["notifications"]);
  await context.addInitScript(RECORD_NOTIFICATIONS);
}

const badge = (page: Page, name: string) => dmRow(page, name).getByTestId("unread-badge");

test("unread counts reach every device of the reader and clear when read on one; notifications respect focus and do-not-disturb", async ({ browser }) => {
  test.setTimeout(240_000); // three people, one of them on two devices
  const shot = (name: string) => `.data/screens/${name}.png`;
  const { slug, people } = await team(browser, ["Ann", "Ben"]);
  const [ann, ben] = people as [(typeof people)[0], (typeof people)[0]];
  await allowNotifications(ben.context);
  // Ben's second device: its own browser context, signed in as Ben.
  const phone = await browser.newContext();
  await allowNotifications(phone);
  const benPhone = await phone.newPage();
  await benPhone.goto("/signin");
  await signInAs(benPhone, ben.email);
  await benPhone.waitForURL(/\/w\/|\/new$/, { waitUntil: "commit" });

  for (const page of [ben.page, benPhone]) {
    await page.goto(`/w/${slug}`);
    await connected(page);
  }
  await ann.page.goto(`/w/${slug}`);
  await connected(ann.page);
  // Nobody is asked for permission on load; Ann (not granted) is offered a dismissible button instead.
  await expect(ann.page.getByRole("button", { name: "Turn on desktop notifications" })).toBeVisible();
  await ann.page.getByRole("button", { name: "Dismiss notification prompt" }).click();
  await expect(ann.page.getByRole("button", { name: "Turn on desktop notifications" })).toHaveCount(0);
  await expect(ben.page.getByRole("button", { name: "Turn on desktop notifications" })).toHaveCount(0); // granted already
  await expect(ben.page.getByRole("checkbox", { name: "Desktop notifications" })).toBeChecked();
  await expect(ben.page.getByRole("checkbox", { name: "Sound" })).not.toBeChecked();

  // Ann writes to Ben twice.
  await memberRow(ann.page, "Ben").getByRole("link").click();
  await ann.page.waitForURL(/\/dm\/with\//);
  await connected(ann.page);
  await composer(ann.page).fill("Hello Ben");
  await composer(ann.page).press("Enter");
  await ann.page.waitForURL(/\/dm\/(?!with\/)/);
  const conversationUrl = new URL(ann.page.url()).pathname;
  await composer(ann.page).fill("Lunch at noon?\nThe usual place.");
  await composer(ann.page).press("Enter");
  await expect(ann.page.getByTestId("messages")).toContainText("Lunch at noon?");

  // Both of Ben's devices: a bold row with the count, and the count in the title. Ann: nothing unread.
  for (const page of [ben.page, benPhone]) {
    await expect(badge(page, "Ann")).toContainText("2 unread messages");
    await expect(dmRow(page, "Ann").getByRole("link", { name: /2 unread messages/ })).toBeVisible();
    await expect(page).toHaveTitle(/^\(2\) Team /);
    await expect.poll(() => notes(page)).toEqual([
      { title: "Ann", body: "Hello Ben" },
      { title: "Ann", body: "Lunch at noon? The usual place." },
    ]);
  }
  await expect(dmRow(ann.page, "Ben").getByTestId("unread-badge")).toHaveCount(0);
  await expect(ann.page).not.toHaveTitle(/^\(/);
  await ben.page.screenshot({ path: shot("unread-sidebar-1440") });
  // At phone width the sidebar is a drawer: its menu button carries the count.
  await benPhone.setViewportSize({ width: 390, height: 844 });
  await expect(benPhone.getByRole("button", { name: "Open navigation, 2 unread" })).toBeVisible();
  await expect(benPhone.getByTestId("phone-unread")).toHaveText("2");
  await benPhone.screenshot({ path: shot("unread-phone-390") });
  await benPhone.getByRole("button", { name: /Open navigation/ }).click();
  await expect(badge(benPhone, "Ann")).toContainText("2 unread messages");
  await benPhone.screenshot({ path: shot("unread-drawer-390") });
  await benPhone.keyboard.press("Escape");
  await benPhone.setViewportSize({ width: 1440, height: 900 });

  // Ben clicks the last notification on his laptop (the browser fires its click event): the
  // conversation opens, "New messages" above Ann's first message; the count clears on both devices.
  await ben.page.evaluate(() => (window as unknown as { __shown: Notification[] }).__shown.at(-1)!.dispatchEvent(new Event("click")));
  await ben.page.waitForURL(conversationUrl);
  const divider = ben.page.getByTestId("new-messages-divider");
  await expect(divider).toHaveText("New messages");
  await expect(ben.page.locator('[data-testid="new-messages-divider"] + li')).toContainText("Hello Ben");
  await ben.page.screenshot({ path: shot("unread-divider-1440") });
  for (const page of [ben.page, benPhone]) {
    await expect(badge(page, "Ann")).toHaveCount(0);
    await expect(page).not.toHaveTitle(/^\(/);
  }
  await expect(ann.page.getByTestId("messages")).toContainText("Lunch"); // Ann's view is untouched

  // While Ben looks at the conversation, a new message is read at once and raises nothing.
  // (The laptop page navigated in place, so its record still holds the first two notifications.)
  const firstTwo = await notes(ben.page);
  expect(firstTwo).toHaveLength(2);
  await connected(ben.page);
  await composer(ann.page).fill("Great, see you");
  await composer(ann.page).press("Enter");
  await expect(ben.page.getByTestId("messages")).toContainText("Great, see you");
  await expect(badge(benPhone, "Ann")).toHaveCount(0);
  expect(await notes(ben.page)).toEqual(firstTwo);

  // Ben's laptop tab goes to the background: the same conversation now notifies, and counts on both devices.
  await setHidden(ben.page, true);
  await composer(ann.page).fill("Bring the slides");
  await composer(ann.page).press("Enter");
  const slides = [...firstTwo, { title: "Ann", body: "Bring the slides" }];
  await expect.poll(() => notes(ben.page)).toEqual(slides);
  await expect(badge(benPhone, "Ann")).toContainText("1 unread message");
  await expect(ben.page).toHaveTitle(/^\(1\) /);
  // Back to the tab: read, everywhere.
  await setHidden(ben.page, false);
  await expect(badge(benPhone, "Ann")).toHaveCount(0);
  await expect(ben.page).not.toHaveTitle(/^\(/);

  // Do not disturb (picked on the laptop, the mode is Ben's on every device): counts, but no notification.
  await chooseMode(ben.page, "Do not disturb");
  await expect(memberRow(benPhone, "Ben")).toHaveAttribute("data-status", "dnd");
  await setHidden(ben.page, true);
  const before = (await notes(benPhone)).length;
  await composer(ann.page).fill("Ping while you focus");
  await composer(ann.page).press("Enter");
  await expect(badge(benPhone, "Ann")).toContainText("1 unread message");
  await expect(ben.page).toHaveTitle(/^\(1\) /);
  await ben.page.waitForTimeout(500);
  expect(await notes(ben.page)).toEqual(slides);
  expect(await notes(benPhone)).toHaveLength(before);

  await phone.close();
  for (const p of people) await p.context.close();
});
