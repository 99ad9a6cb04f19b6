import { expect, test } from "@playwright/test";
import { PASSWORD, alertOf, newPerson, uniqueEmail } from "./helpers";

test("sign up, sign out and sign in again @core", async ({ browser }) => {
  const ann = await newPerson(browser, "Ann");
  await expect(ann.page.getByRole("heading", { name: "Create a workspace" })).toBeVisible();

  await ann.page.goto("/new");
  const name = `Ann's team ${Date.now().toString(36)}`;
  await ann.page.getByLabel("Workspace name").fill(name);
  await ann.page.getByRole("button", { name: "Create workspace" }).click();
  await expect(ann.page.getByRole("heading", { name })).toBeVisible();
  await ann.page.getByRole("button", { name: "Sign out" }).click();
  await ann.page.waitForURL(/\/signin/);

  // Signed out: workspace pages send you to sign in.
  await ann.page.goto("/");
  await ann.page.waitForURL(/\/signin/);

  await ann.page.getByLabel("Email").fill(ann.email);
  await ann.page.getByLabel("Password").fill(PASSWORD);
  await ann.page.getByRole("button", { name: "Sign in" }).click();
  await expect(ann.page.getByRole("heading", { name })).toBeVisible();
  await expect(ann.page.getByTestId("me-name")).toHaveText("Ann");
  await ann.context.close();
});

test("bad credentials and bad sign-up input get clear messages", async ({ browser }) => {
  const ben = await newPerson(browser, "Ben");
  await ben.context.clearCookies();
  const page = ben.page;

  await page.goto("/signin");
  await page.getByLabel("Email").fill(ben.email);
  await page.getByLabel("Password").fill("wrong password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(alertOf(page)).toHaveText("Email or password is incorrect.");

  await page.getByLabel("Email").fill(uniqueEmail("nobody"));
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(alertOf(page)).toHaveText("Email or password is incorrect.");

  await page.getByLabel("Email").fill("");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(alertOf(page)).toHaveText("Enter a valid email address.");

  // A known email gets the same answer as a new one (the owner is told by email).
  await page.goto("/signup");
  await page.getByLabel("Name").fill("Ben again");
  await page.getByLabel("Email").fill(ben.email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByRole("status")).toContainText(`Check your inbox: we sent a link to ${ben.email}`);
  await page.getByRole("button", { name: "try again" }).click();
  await page.getByLabel("Name").fill("Ben again");

  await page.getByLabel("Email").fill(uniqueEmail("weak"));
  await page.getByLabel("Password").fill("short");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(alertOf(page)).toHaveText("Password must be at least 8 characters.");

  await page.getByLabel("Name").fill("   ");
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(alertOf(page)).toHaveText("Enter your name.");

  // The API gives the same clear answer to a client that skips the form.
  const res = await page.request.post("/api/signup", { data: { name: "X", email: "not-an-email", password: PASSWORD } });
  expect(res.status()).toBe(400);
  expect(await res.json()).toEqual({ ok: false, error: "Enter a valid email address." });
  await ben.context.close();
});
