import { expect, test } from "@playwright/test";
import { acceptInvitation, alertOf, confirmEmail, connected, createWorkspace, inviteByEmail, newPerson, signInAs, signUpForm, uniqueEmail } from "./helpers";

test("create a workspace, invite a member, and refuse a non-member @core", async ({ browser }) => {
  const [owner, member, outsider] = await Promise.all([
    newPerson(browser, "Olive"),
    newPerson(browser, "Milo"),
    newPerson(browser, "Oscar"),
  ]);
  const slug = await createWorkspace(owner.page, "Launch crew");
  await inviteByEmail(owner.page, slug, member.email);
  await acceptInvitation(member, "Launch crew");

  await member.page.goto("/");
  await member.page.waitForURL(new RegExp(`/w/${slug}$`));
  await expect(member.page.getByRole("heading", { name: "Launch crew" })).toBeVisible();
  await expect(member.page.getByTestId("member-list")).toContainText("Olive");
  await expect(member.page.getByTestId("member-list")).toContainText("Milo");
  // Members cannot invite.
  await expect(member.page.getByLabel("Invite by email")).toHaveCount(0);
  const res = await member.page.request.post(`/api/workspaces/${slug}/invites`, { data: { email: uniqueEmail("x") } });
  expect(res.status()).toBe(403);

  // A non-member sees a 404 page and none of the workspace's data.
  const response = await outsider.page.goto(`/w/${slug}`);
  expect(response?.status()).toBe(404);
  await expect(outsider.page.getByRole("heading", { name: "Nothing here" })).toBeVisible();
  await expect(outsider.page.locator("body")).not.toContainText("Launch crew");
  await expect(outsider.page.locator("body")).not.toContainText("Olive");
  const api = await outsider.page.request.post(`/api/workspaces/${slug}/conversations`, { data: { userIds: ["x"] } });
  expect(api.status()).toBe(404);

  await connected(owner.page);
  for (const p of [owner, member, outsider]) await p.context.close();
});

test("an invite for a new email waits until the new, verified account accepts it", async ({ browser }) => {
  const owner = await newPerson(browser, "Nora");
  const slug = await createWorkspace(owner.page, "Future hires");
  const email = uniqueEmail("newbie");
  await owner.page.goto(`/w/${slug}`);
  await owner.page.getByLabel("Invite by email").fill(email);
  await owner.page.getByRole("button", { name: "Send invite" }).click();
  await expect(owner.page.getByRole("status").filter({ hasText: "once they accept" })).toBeVisible();
  await owner.page.goto(`/w/${slug}/admin`);
  await expect(owner.page.getByTestId("pending-invites")).toContainText(email);
  await owner.page.goto(`/w/${slug}`);

  await owner.page.getByLabel("Invite by email").fill("not an email");
  await owner.page.getByRole("button", { name: "Send invite" }).click();
  await expect(alertOf(owner.page)).toHaveText("Enter a valid email address.");

  const context = await browser.newContext();
  const page = await context.newPage();
  // The newcomer confirms the address and signs in; the invitation waits for them to accept it.
  const link = await signUpForm(page, "Newbie", email);
  await confirmEmail(page, link);
  await signInAs(page, email);
  await page.waitForURL(/\/new$/);
  expect((await page.goto(`/w/${slug}`))?.status()).toBe(404);
  await page.goto("/new");
  await page.getByTestId("invitations-notice").getByRole("link", { name: "See invitations" }).click();
  await page.waitForURL(/\/invitations$/);
  await page.getByRole("button", { name: "Accept invitation to Future hires" }).click();
  await page.waitForURL(new RegExp(`/w/${slug}$`));
  await expect(page.getByRole("heading", { name: "Future hires" })).toBeVisible();
  await owner.page.goto(`/w/${slug}/admin`);
  await expect(owner.page.getByTestId("admin-members-table")).toContainText("Newbie");
  await expect(owner.page.getByTestId("pending-invites")).toHaveCount(0);
  await owner.context.close();
  await context.close();
});
