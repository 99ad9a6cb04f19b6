import { expect, test } from "@playwright/test";
import { PASSWORD, alertOf, createWorkspace, mailTo, newPerson, pathOf, signInAs, signUpForm, uniqueEmail } from "./helpers";

const shot = (name: string) => `.data/screens/${name}.png`;

test("sign up, confirm the email once, sign in @core", async ({ browser }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const email = uniqueEmail("Cleo");
  const link = await signUpForm(page, "Cleo", email);
  await page.screenshot({ path: shot("sign-up-check-email") });

  // Not confirmed yet: the right password is refused and a new link goes out.
  await page.goto("/signin");
  const since = Date.now();
  await signInAs(page, email);
  await expect(alertOf(page)).toHaveText("Confirm your email first. We've sent you a new link.");
  await mailTo(email, { subject: /Confirm your email/, since });

  await page.goto(pathOf(link));
  await expect(page.getByRole("heading", { name: "Confirm your email" })).toBeVisible();
  await page.screenshot({ path: shot("verify") });
  // The page asks for the password to keep; a weak one is refused without using up the link.
  await page.getByLabel("Password").fill("password");
  await page.getByRole("button", { name: "Confirm my email" }).click();
  await expect(alertOf(page)).toContainText("This password is too easy to guess.");
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Confirm my email" }).click();
  await page.waitForURL(/\/signin\?notice=verified/);
  await expect(page.getByRole("status")).toHaveText("Email confirmed, sign in.");
  await signInAs(page, email);
  await page.waitForURL(/\/new$/);

  // The link worked once.
  await page.goto(pathOf(link));
  await expect(alertOf(page)).toContainText("This link has expired or was already used.");
  await context.close();
});

test("forgot password: reset by email, the old password is refused", async ({ browser }) => {
  const dora = await newPerson(browser, "Dora");
  const other = await browser.newContext();
  const page = await other.newPage();
  await page.goto("/signin");
  await page.getByRole("link", { name: "Forgot password?" }).click();
  await page.waitForURL(/\/forgot$/);
  const since = Date.now();
  await page.getByLabel("Email").fill(dora.email);
  await page.getByRole("button", { name: "Send reset link" }).click();
  await expect(page.getByRole("status")).toContainText(`If ${dora.email} has a Roster account`);
  await page.screenshot({ path: shot("forgot") });
  const mail = await mailTo(dora.email, { subject: /Reset your Roster password/, since });

  await page.goto(pathOf(mail.links[0]!));
  await page.getByLabel("New password").fill("password");
  await page.getByRole("button", { name: "Set new password" }).click();
  await expect(alertOf(page)).toContainText("This password is too easy to guess.");
  await page.screenshot({ path: shot("reset") });
  await page.getByLabel("New password").fill("violet lantern upriver");
  await page.getByRole("button", { name: "Set new password" }).click();
  await page.waitForURL(/\/signin\?notice=reset/);

  await signInAs(page, dora.email, PASSWORD);
  await expect(alertOf(page)).toHaveText("Email or password is incorrect.");
  await signInAs(page, dora.email, "violet lantern upriver");
  await page.waitForURL(/\/new$/);

  // The reset ended Dora's other session.
  await dora.page.goto("/new");
  await dora.page.waitForURL(/\/signin/);
  await dora.context.close();
  await other.close();
});

test("sign-in throttle: the 6th wrong password shows when to try again; the owner's own browser still gets in", async ({ browser }) => {
  const eve = await newPerson(browser, "Eve");
  // Signing in left a device cookie: HttpOnly, SameSite=Lax (Secure only behind an https NEXTAUTH_URL).
  const device = (await eve.context.cookies()).find((c) => c.name === "roster-device");
  expect(device).toMatchObject({ httpOnly: true, sameSite: "Lax" });
  await eve.context.clearCookies();
  const page = eve.page;
  await page.goto("/signin");
  for (let i = 0; i < 5; i++) {
    await signInAs(page, eve.email, `wrong password ${i}`);
    await expect(alertOf(page)).toHaveText("Email or password is incorrect.");
  }
  await signInAs(page, eve.email, "wrong password 6");
  await expect(alertOf(page)).toHaveText(/^Too many attempts, try again in \d+ s\.$/);
  // The right password waits too.
  await signInAs(page, eve.email, PASSWORD);
  await expect(alertOf(page)).toHaveText(/^Too many attempts, try again in \d+ s\.$/);
  await eve.context.close();

  // Eve's browser from before (it holds the device cookie) signs in from the same address meanwhile.
  const home = await browser.newContext();
  await home.addCookies([device!]);
  const mine = await home.newPage();
  await mine.goto("/signin");
  await signInAs(mine, eve.email);
  await mine.waitForURL(/\/new$/);
  await home.close();
});

test("sign out everywhere also signs out the other browser; changing the password keeps this one", async ({ browser }) => {
  const finn = await newPerson(browser, "Finn");
  const second = await browser.newContext();
  const b = await second.newPage();
  await b.goto("/signin");
  await signInAs(b, finn.email);
  await b.waitForURL(/\/new$/);

  const a = finn.page;
  await a.goto("/account");
  await a.getByLabel("Current password").fill(PASSWORD);
  await a.getByLabel("New password").fill("violet lantern upriver");
  await a.getByRole("button", { name: "Change password" }).click();
  await expect(a.getByRole("status")).toHaveText("Password changed. Your other sessions were signed out.");
  await a.screenshot({ path: shot("account") });
  await b.goto("/new");
  await b.waitForURL(/\/signin/);
  await a.goto("/new");
  await expect(a).toHaveURL(/\/new$/);

  await signInAs(b, finn.email, "violet lantern upriver");
  await b.waitForURL(/\/new$/);
  await a.goto("/account");
  await a.getByRole("button", { name: "Sign out everywhere" }).click();
  await a.waitForURL(/\/signin\?notice=ended/);
  await b.goto("/new");
  await b.waitForURL(/\/signin/);
  await finn.context.close();
  await second.close();
});

test("sign-in never redirects off-site, and malformed auth requests get a 400", async ({ browser }) => {
  const gus = await newPerson(browser, "Gus");
  await gus.context.clearCookies();
  const page = gus.page;
  for (const evil of ["//evil.example/x", "/\\evil.example", "https://evil.example/"]) {
    await page.goto(`/signin?callbackUrl=${encodeURIComponent(evil)}`);
    await signInAs(page, gus.email);
    await page.waitForURL((url) => url.host === new URL(page.url()).host && !url.pathname.startsWith("/signin"));
    expect(new URL(page.url()).hostname).toBe("localhost");
    await gus.context.clearCookies();
  }

  // next-auth takes form posts only (the request guard answers before next-auth runs).
  const bad = await page.request.post("/api/auth/callback/credentials", { headers: { "content-type": "application/json" }, data: "{not json" });
  expect(bad.status()).toBe(415);
  expect(await bad.json()).toMatchObject({ ok: false });
  const get = await page.request.get("/api/auth/callback/credentials");
  expect(get.status()).toBe(405);
  expect(await get.json()).toEqual({ ok: false, error: "Method not allowed." });
  await gus.context.close();
});

test("signing out ends the session on the server: a copied cookie no longer works", async ({ browser }) => {
  const hal = await newPerson(browser, "Hal");
  await createWorkspace(hal.page, `Hal's team ${Date.now().toString(36)}`);
  const cookies = await hal.context.cookies();
  await hal.page.getByRole("link", { name: "Account settings" }).click();
  await hal.page.waitForURL(/\/account$/);
  await hal.page.goBack();
  await hal.page.getByRole("button", { name: "Sign out" }).click();
  await hal.page.waitForURL(/\/signin/);

  const replay = await browser.newContext();
  await replay.addCookies(cookies);
  const page = await replay.newPage();
  await page.goto("/new");
  await page.waitForURL(/\/signin/);
  const api = await page.request.post("/api/me/sessions/end-all");
  expect(api.status()).toBe(401);

  // The development outbox does not exist in production.
  expect((await page.request.get("/dev/outbox")).status()).toBe(404);
  await replay.close();
  await hal.context.close();
});
