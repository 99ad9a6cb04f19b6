import { expect, test, type Browser, type Page } from "@playwright/test";
import { expectNoSeriousViolations } from "./axe";
import { PASSWORD, connected, createWorkspace, inviteByEmail, mailTo, memberRow, newPerson, pathOf, presenceLoaded, uniqueEmail } from "./helpers";

// Joining by invitation in one flow: the mail's one link opens the join page; a new person signs
// up there and the confirmation click lands them in the workspace (three screens), an existing
// account signs in there and lands (two screens). The inviter sees the new member appear live.

const DEVICES = {
  desktop: { viewport: { width: 1280, height: 800 } },
  phone: { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true },
} as const;
const shot = (name: string) => `.data/screens/${name}.png`;

/**
 * Every screen the person sees: each page the main frame shows (a load or a client-side
 * navigation; the router's own history update of the same path is the same screen), plus
 * screens swapped in place (noted by the test).
 */
function screensOf(page: Page) {
  const seen: string[] = [];
  page.on("framenavigated", (frame) => {
    const path = new URL(frame.url()).pathname;
    if (frame === page.mainFrame() && seen.at(-1) !== path) seen.push(path);
  });
  return seen;
}

async function noSidewaysScroll(page: Page) {
  const width = await page.evaluate(() => [window.innerWidth, document.documentElement.scrollWidth]);
  expect(width[1]).toBeLessThanOrEqual(width[0]!);
}

/** Ann owns a workspace and watches its member list; she invites `email`. Returns the invitation mail's one link. */
async function annInvites(browser: Browser, workspace: string, email: string) {
  const ann = await newPerson(browser, "Ann Inviter");
  const slug = await createWorkspace(ann.page, workspace);
  const since = Date.now();
  await inviteByEmail(ann.page, slug, email);
  const mail = await mailTo(email, { subject: new RegExp(`Ann Inviter invited you to join "${workspace}"`), since });
  expect(mail.links).toHaveLength(1);
  const link = pathOf(mail.links[0]!);
  expect(link).toMatch(/^\/join\/[A-Za-z0-9_-]{43}$/);
  await ann.page.goto(`/w/${slug}`);
  await presenceLoaded(ann.page);
  return { ann, slug, link };
}

for (const [device, options] of Object.entries(DEVICES)) {
  test(`a new person joins in three screens: join page, check your mail, the workspace (${device})`, async ({ browser }) => {
    const workspace = `Acme ${device}`;
    const email = uniqueEmail(`Nadia ${device}`);
    const { ann, slug, link } = await annInvites(browser, workspace, email);

    // Someone signed in with another address learns only that the link is not theirs.
    const annTab = await ann.context.newPage();
    await annTab.goto(link);
    await expect(annTab.getByRole("heading", { level: 1 })).toHaveText("This invitation is for another email");
    await expect(annTab.locator("main")).not.toContainText(workspace);
    await expect(annTab.locator("main")).toContainText(`You are signed in as ${ann.email}`);
    await annTab.close();

    const context = await browser.newContext(options);
    const page = await context.newPage();
    const screens = screensOf(page);
    await page.goto(link);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Join ${workspace}`);
    await expect(page.getByText("Ann Inviter invited you to join as a member.")).toBeVisible();
    await expect(page.getByLabel("Email")).toHaveValue(email);
    await expect(page.getByLabel("Email")).toHaveAttribute("readonly", "");
    await expect(page.getByText(`Confirming your email accepts Ann Inviter's invitation to ${workspace}.`)).toBeVisible();
    await expectNoSeriousViolations(page, `join page, sign-up (${device})`);
    await noSidewaysScroll(page);
    await page.screenshot({ path: shot(`join-sign-up-${device}`) });

    const since = Date.now();
    await page.getByLabel("Your name").fill(`Nadia ${device}`);
    await page.getByLabel("Password").fill(PASSWORD);
    await page.getByRole("button", { name: "Create account and join" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Check your mail");
    screens.push("check your mail");
    await expect(page.getByRole("status")).toContainText(`We sent a link to ${email}. Opening it confirms your email, accepts Ann Inviter's invitation`);
    await expectNoSeriousViolations(page, `join page, check your mail (${device})`);
    await page.screenshot({ path: shot(`join-check-mail-${device}`) });
    // Nothing joined before the click.
    await expect(memberRow(ann.page, `Nadia ${device}`)).toHaveCount(0);

    const confirm = await mailTo(email, { subject: new RegExp(`Confirm your email to join "${workspace}"`), since });
    expect(confirm.text).toContain("Confirming accepts Ann Inviter's invitation");
    expect(confirm.links).toHaveLength(1);
    await page.goto(pathOf(confirm.links[0]!));
    await page.waitForURL(new RegExp(`/w/${slug}$`));
    await connected(page);
    expect(screens).toEqual([link, "check your mail", `/w/${slug}`]);

    // Ann sees her live, without a reload; the invitation is used up.
    await expect(memberRow(ann.page, `Nadia ${device}`)).toHaveAttribute("data-status", "active");
    await ann.page.goto(`/w/${slug}/admin`);
    await expect(ann.page.getByTestId("admin-members-table")).toContainText(`Nadia ${device}`);
    await expect(ann.page.getByTestId("pending-invites")).toHaveCount(0); // Ann had no other invites
    // The link has done its work.
    await page.goto(link);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("This invitation link cannot be used");
    await context.close();
    await ann.context.close();
  });

  test(`an existing account joins in two screens: join page, the workspace (${device})`, async ({ browser }) => {
    const workspace = `Bolt ${device}`;
    const ben = await newPerson(browser, `Ben ${device}`);
    const { ann, slug, link } = await annInvites(browser, workspace, ben.email);

    // Ben opens the mail on another device, signed out.
    const context = await browser.newContext(options);
    const page = await context.newPage();
    const screens = screensOf(page);
    await page.goto(link);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Join ${workspace}`);
    await expect(page.getByLabel("Email")).toHaveValue(ben.email);
    await expect(page.getByLabel("Email")).toHaveAttribute("readonly", "");
    await expect(page.getByText(`Signing in here accepts Ann Inviter's invitation to ${workspace}.`)).toBeVisible();
    await expectNoSeriousViolations(page, `join page, sign-in (${device})`);
    await noSidewaysScroll(page);
    await page.screenshot({ path: shot(`join-sign-in-${device}`) });

    await page.getByLabel("Password").fill("not my password at all");
    await page.getByRole("button", { name: "Sign in and join" }).click();
    await expect(page.getByRole("alert").filter({ hasText: "Email or password is incorrect." })).toBeVisible();
    await page.getByLabel("Password").fill(PASSWORD);
    await page.getByRole("button", { name: "Sign in and join" }).click();
    await page.waitForURL(new RegExp(`/w/${slug}$`));
    await connected(page);
    expect(screens).toEqual([link, `/w/${slug}`]);
    await expect(memberRow(ann.page, `Ben ${device}`)).toHaveAttribute("data-status", "active");
    await context.close();
    await ben.context.close();
    await ann.context.close();
  });
}

test("a confirmation link opened in another browser asks for the password, then joins and signs in", async ({ browser }) => {
  const email = uniqueEmail("Cleo Elsewhere");
  const { ann, slug, link } = await annInvites(browser, "Elsewhere", email);
  const laptop = await browser.newContext();
  const page = await laptop.newPage();
  await page.goto(link);
  const since = Date.now();
  await page.getByLabel("Your name").fill("Cleo Elsewhere");
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Create account and join" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Check your mail");
  const confirm = await mailTo(email, { subject: /Confirm your email to join "Elsewhere"/, since });

  const phone = await browser.newContext(DEVICES.phone);
  const other = await phone.newPage();
  await other.goto(pathOf(confirm.links[0]!));
  await expect(other.getByRole("heading", { level: 1 })).toHaveText("Confirm your email to join Elsewhere");
  await expect(other.getByText("Confirming your email accepts Ann Inviter's invitation to Elsewhere.")).toBeVisible();
  await expect(memberRow(ann.page, "Cleo Elsewhere")).toHaveCount(0);
  await other.getByLabel("Password").fill(PASSWORD);
  await other.getByRole("button", { name: "Confirm and join" }).click();
  await other.waitForURL(new RegExp(`/w/${slug}$`));
  await expect(memberRow(ann.page, "Cleo Elsewhere")).toBeVisible();
  await laptop.close();
  await phone.close();
  await ann.context.close();
});
