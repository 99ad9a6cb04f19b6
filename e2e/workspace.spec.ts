import { expect, test } from "@playwright/test";
import { alertOf, connected, createWorkspace, inviteByEmail, newPerson, pathOf, signInAs, signUpForm, uniqueEmail } from "./helpers";

test("create a workspace, invite a member, and refuse a non-member @core", async ({ browser }) => {
  const [owner, member, outsider] = await Promise.all([
    newPerson(browser, "Olive"),
    newPerson(browser, "Milo"),
    newPerson(browser, "Oscar"),
  ]);
  const slug = await createWorkspace(owner.page, "Launch crew");
  await inviteByEmail(owner.page, slug, member.email);

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

test("an invite for a new email becomes a membership on sign-up", async ({ browser }) => {
  const owner = await newPerson(browser, "Nora");
  const slug = await createWorkspace(owner.page, "Future hires");
  const email = uniqueEmail("newbie");
  await owner.page.goto(`/w/${slug}`);
  await owner.page.getByLabel("Invite by email").fill(email);
  await owner.page.getByRole("button", { name: "Send invite" }).click();
  await expect(owner.page.getByRole("status").filter({ hasText: "joins when they sign up" })).toBeVisible();
  await owner.page.goto(`/w/${slug}/admin`);
  await expect(owner.page.getByTestId("pending-invites")).toContainText(email);
  await owner.page.goto(`/w/${slug}`);

  await owner.page.getByLabel("Invite by email").fill("not an email");
  await owner.page.getByRole("button", { name: "Send invite" }).click();
  await expect(alertOf(owner.page)).toHaveText("Enter a valid email address.");

  const context = await browser.newContext();
  const page = await context.newPage();
  // The invite is claimed once the newcomer confirms the address.
  const link = await signUpForm(page, "Newbie", email);
  await page.goto(pathOf(link));
  await page.getByRole("button", { name: "Confirm my email" }).click();
  await page.waitForURL(/\/signin\?notice=verified/);
  await signInAs(page, email);
  await page.waitForURL(new RegExp(`/w/${slug}$`));
  await expect(page.getByRole("heading", { name: "Future hires" })).toBeVisible();
  await owner.page.goto(`/w/${slug}/admin`);
  await expect(owner.page.getByTestId("admin-members-table")).toContainText("Newbie");
  await expect(owner.page.getByTestId("pending-invites")).toHaveCount(0);
  await owner.context.close();
  await context.close();
});
