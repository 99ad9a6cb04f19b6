import { expect, type Browser, type BrowserContext, type Page } from "@playwright/test";

let n = 0;
export const uniqueEmail = (who: string) => `${who.toLowerCase()}-${Date.now().toString(36)}-${process.pid}-${n++}@e2e.roster`;
export const PASSWORD = "correct horse battery";

export interface Person {
  name: string;
  email: string;
  context: BrowserContext;
  page: Page;
}

/** A fresh browser context (its own cookies) with a newly signed-up user. */
export async function newPerson(browser: Browser, name: string): Promise<Person> {
  const context = await browser.newContext();
  const page = await context.newPage();
  const email = uniqueEmail(name);
  await page.goto("/signup");
  await page.getByLabel("Name").fill(name);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Create account" }).click();
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

/** Owner A with a workspace that B (and optionally C) belong to, each in their own context. */
export async function team(browser: Browser, names: string[]) {
  const people = await Promise.all(names.map((name) => newPerson(browser, name)));
  const [owner, ...rest] = people as [Person, ...Person[]];
  const slug = await createWorkspace(owner.page, `Team ${Date.now().toString(36)}`);
  for (const p of rest) await inviteByEmail(owner.page, slug, p.email);
  return { slug, people };
}

export const connected = (page: Page) =>
  expect(page.getByTestId("connection-indicator")).toHaveAttribute("data-state", "connected");

/** The page's visible error message (Next's empty route announcer also has role=alert). */
export const alertOf = (page: Page) => page.getByRole("alert").filter({ hasText: /\S/ });
export const composer = (page: Page) => page.getByRole("textbox", { name: "Message" });
