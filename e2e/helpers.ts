import { expect, type Browser, type BrowserContext, type Page } from "@playwright/test";
import { mailTo, pathOf } from "./mail-box";

export { mailTo, pathOf };

let n = 0;
export const uniqueEmail = (who: string) => `${who.toLowerCase().replace(/[^a-z0-9]+/g, "-")}-${Date.now().toString(36)}-${process.pid}-${n++}@e2e.roster`;
export const PASSWORD = "correct horse battery";

export interface Person {
  name: string;
  email: string;
  context: BrowserContext;
  page: Page;
}

/** Fills and submits the sign-in form. */
export async function signInAs(page: Page, email: string, password = PASSWORD) {
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

/** Signs up through the form, and returns the emailed confirmation link. */
export async function signUpForm(page: Page, name: string, email: string, password = PASSWORD) {
  const since = Date.now();
  await page.goto("/signup");
  await page.getByLabel("Name").fill(name);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByRole("status")).toContainText(`Check your inbox: we sent a link to ${email}`);
  return (await mailTo(email, { subject: /Confirm your email/, since })).links[0]!;
}

/** Opens the emailed confirmation link and confirms with the password to keep; ends on /signin. */
export async function confirmEmail(page: Page, link: string, password = PASSWORD) {
  await page.goto(pathOf(link));
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Confirm my email" }).click();
  await page.waitForURL(/\/signin\?notice=verified/);
}

/** A fresh browser context (its own cookies) with a newly signed-up, confirmed and signed-in user, on /new. */
export async function newPerson(browser: Browser, name: string): Promise<Person> {
  const context = await browser.newContext();
  const page = await context.newPage();
  const email = uniqueEmail(name);
  const link = await signUpForm(page, name, email);
  await confirmEmail(page, link);
  await expect(page.getByRole("status")).toHaveText("Email confirmed, sign in.");
  await signInAs(page, email);
  await page.waitForURL(/\/new$/);
  return { name, email, context, page };
}

export async function createWorkspace(page: Page, name: string): Promise<string> {
  await page.goto("/new");
  await page.getByLabel("Workspace name").fill(name);
  await page.getByRole("button", { name: "Create workspace" }).click();
  await page.waitForURL(/\/w\/[a-z0-9-]+$/);
  return new URL(page.url()).pathname.split("/")[2]!;
}

export async function inviteByEmail(page: Page, slug: string, email: string) {
  await page.goto(`/w/${slug}`);
  await page.getByLabel("Invite by email").fill(email);
  await page.getByRole("button", { name: "Send invite" }).click();
  await expect(page.getByRole("status").filter({ hasText: email })).toBeVisible();
}

/** The person accepts the invitation to `workspaceName` on /invitations, in their own browser, and lands in it. */
export async function acceptInvitation(person: Person, workspaceName: string) {
  await person.page.goto("/invitations");
  await person.page.getByRole("button", { name: `Accept invitation to ${workspaceName}` }).click();
  await person.page.waitForURL(/\/w\/[a-z0-9-]+$/);
}

/** Owner A with a workspace that B (and optionally C) joined by accepting, each in their own context. */
export async function team(browser: Browser, names: string[]) {
  const people = await Promise.all(names.map((name) => newPerson(browser, name)));
  const [owner, ...rest] = people as [Person, ...Person[]];
  const name = `Team ${Date.now().toString(36)}`;
  const slug = await createWorkspace(owner.page, name);
  for (const p of rest) {
    await inviteByEmail(owner.page, slug, p.email);
    await acceptInvitation(p, name);
  }
  return { slug, people };
}

export const connected = (page: Page) =>
  expect(page.getByTestId("connection-indicator")).toHaveAttribute("data-state", "connected");

/** The page's visible error message (Next's empty route announcer also has role=alert). */
export const alertOf = (page: Page) => page.getByRole("alert").and(page.locator(":not(#__next-route-announcer__)"));
export const composer = (page: Page) => page.getByRole("textbox", { name: "Message" });

/** A member's row in the sidebar member list; its data-status is the live status. */
export const memberRow = (page: Page, name: string) =>
  page.getByTestId("member-list").getByRole("listitem").filter({ has: page.getByText(name, { exact: true }) });

export const dmRow = (page: Page, name: string) =>
  page.getByTestId("dm-list").getByRole("listitem").filter({ has: page.getByText(name, { exact: true }) });

export async function memberId(page: Page, name: string): Promise<string> {
  return (await memberRow(page, name).getAttribute("data-member-id"))!;
}

/** Waits until the page's presence snapshot is in (the online count replaces the member count). */
export const presenceLoaded = (page: Page) => expect(page.getByTestId("online-count")).toContainText("online");

/** Picks a mode in the sidebar status menu. */
export async function chooseMode(page: Page, label: "Automatic" | "Away" | "Do not disturb" | "Invisible") {
  await page.getByRole("button", { name: /^Your status:/ }).click();
  if (label === "Do not disturb") {
    // Do not disturb opens a submenu of lengths; this picks the untimed one.
    await page.getByRole("menuitem", { name: /^Do not disturb/ }).click();
    await page.getByRole("menuitem", { name: "Until I turn it off" }).click();
  } else {
    await page.getByRole("menuitemradio", { name: new RegExp(`^${label}`) }).click();
  }
  await expect(page.getByRole("button", { name: new RegExp(`^Your status: ${label}[. ]`) })).toBeVisible();
}

/** Marks a page hidden the way a background tab is (headless pages are always 'visible'). */
export async function setHidden(page: Page, hidden: boolean) {
  await page.evaluate((h) => {
    Object.defineProperty(document, "visibilityState", { configurable: true, get: () => (h ? "hidden" : "visible") });
    Object.defineProperty(document, "hidden", { configurable: true, get: () => h });
    document.dispatchEvent(new Event("visibilitychange"));
  }, hidden);
}

/** Records every status a member row shows on this page, to prove a state never appeared. */
export async function recordStatuses(page: Page, name: string) {
  const row = memberRow(page, name);
  await row.evaluate((el) => {
    const w = window as unknown as { __seen: string[] };
    w.__seen = [el.getAttribute("data-status") ?? ""];
    const li = el;
    const list = li.parentElement!;
    const id = li.getAttribute("data-member-id");
    new MutationObserver(() => {
      const now = list.querySelector(`li[data-member-id="${id}"]`)?.getAttribute("data-status") ?? "";
      if (w.__seen.at(-1) !== now) w.__seen.push(now);
    }).observe(list, { subtree: true, attributes: true, childList: true });
  });
  return () => page.evaluate(() => (window as unknown as { __seen: string[] }).__seen);
}

/** An init script: records every Notification the page constructs (and still shows the real one); read them with `notes`. */
export const RECORD_NOTIFICATIONS = () => {
  const Real = window.Notification;
  const w = window as unknown as { __notes: { title: string; body: string }[] };
  w.__notes = [];
  class Recorded extends Real {
    constructor(title: string, options?: NotificationOptions) {
      w.__notes.push({ title, body: options?.body ?? "" });
      super(title, options);
    }
  }
  Object.defineProperty(Recorded, "permission", { get: () => Real.permission });
  Object.defineProperty(Recorded, "requestPermission", { value: Real.requestPermission.bind(Real) });
  window.Notification = Recorded as unknown as typeof Notification;
};

/** The notifications this page load has shown, as "title: body" lines. */
export const notes = (page: Page) =>
  page.evaluate(() => (window as unknown as { __notes: { title: string; body: string }[] }).__notes.map((n) => `${n.title}: ${n.body}`));
