import { expect, test } from "@playwright/test";
import { connected, createWorkspace, inviteByEmail, mailTo, memberRow, newPerson, pathOf, presenceLoaded } from "./helpers";

// Membership by consent: an invited person with an account is not in the workspace, and none of
// their presence reaches it, until they accept in their own browser; after leaving, they are gone.
test("an invitee appears with live presence only after accepting, and disappears on leaving @core", async ({ browser }) => {
  const shot = (name: string) => `.data/screens/${name}.png`;
  const [ann, ben] = await Promise.all([newPerson(browser, "Ann Consent"), newPerson(browser, "Ben Invitee")]);
  const slug = await createWorkspace(ann.page, "Consent crew");
  // Ben is online (in a workspace of his own) while the invite is pending.
  await createWorkspace(ben.page, "Ben's corner");
  await connected(ben.page);

  const invitedAt = Date.now();
  await inviteByEmail(ann.page, slug, ben.email);
  const mail = await mailTo(ben.email, { subject: /invited you to join "Consent crew"/, since: invitedAt });
  await ann.page.goto(`/w/${slug}`);
  await presenceLoaded(ann.page);
  await expect(memberRow(ann.page, "Ben Invitee")).toHaveCount(0);
  await expect(ann.page.getByTestId("online-count")).toHaveText("1 of 1 online");
  const before = await ann.page.request.get(`/api/workspaces/${slug}/presence`);
  expect(((await before.json()) as { data: { members: unknown[] } }).data.members).toHaveLength(1);

  await ann.page.setViewportSize({ width: 1280, height: 760 });
  await ann.page.goto(`/w/${slug}/admin`);
  await expect(ann.page.getByTestId("pending-invites")).toContainText(ben.email);
  await expect(ann.page.getByTestId("members-range")).toHaveText("1–1 of 1"); // the page arrived: Ann alone
  await expect(ann.page.getByTestId("admin-members-table")).not.toContainText("Ben Invitee");
  await ann.page.screenshot({ path: shot("admin-pending-invites") });

  // Ben sees the invitation in the sidebar of his own workspace and on /invitations.
  await ben.page.reload();
  await expect(ben.page.getByTestId("invitations-link")).toContainText("1");
  // The mail's one link is the join page (e2e/join.spec.ts); here Ben opens his invitations from the sidebar.
  expect(mail.links).toHaveLength(1);
  expect(pathOf(mail.links[0]!)).toMatch(/^\/join\/[A-Za-z0-9_-]{43}$/);
  await ben.page.getByTestId("invitations-link").click();
  await ben.page.waitForURL(/\/invitations$/);
  await expect(ben.page.getByTestId("invitations")).toContainText("Consent crew");
  await expect(ben.page.getByTestId("invitations")).toContainText("Ann Consent invited you as a member");
  await ben.page.screenshot({ path: shot("invitations") });
  // Ann watches her workspace while Ben accepts: he appears live, without a reload.
  await ann.page.goto(`/w/${slug}`);
  await presenceLoaded(ann.page);
  await ben.page.getByRole("button", { name: "Accept invitation to Consent crew" }).click();
  await ben.page.waitForURL(new RegExp(`/w/${slug}$`));
  await connected(ben.page);
  await expect(memberRow(ann.page, "Ben Invitee")).toHaveAttribute("data-status", "active");
  // Live: Ben switches to do-not-disturb and Ann sees it without a reload.
  await ben.page.getByRole("button", { name: /^Your status:/ }).click();
  await ben.page.getByRole("menuitem", { name: /^Do not disturb/ }).click();
  await ben.page.getByRole("menuitem", { name: "Until I turn it off" }).click();
  await expect(memberRow(ann.page, "Ben Invitee")).toHaveAttribute("data-status", "dnd");

  // Ben leaves through the workspace menu, with confirmation.
  await ben.page.getByRole("button", { name: /^Workspace: Consent crew/ }).click();
  await ben.page.getByRole("menuitem", { name: /Leave Consent crew/ }).click();
  const dialog = ben.page.getByRole("dialog", { name: "Leave Consent crew?" });
  await expect(dialog).toBeVisible();
  await ben.page.screenshot({ path: shot("leave-dialog") });
  await dialog.getByRole("button", { name: "Leave workspace" }).click();
  await ben.page.waitForURL((url) => !url.pathname.startsWith(`/w/${slug}`));
  expect((await ben.page.goto(`/w/${slug}`))?.status()).toBe(404);

  await expect(memberRow(ann.page, "Ben Invitee")).toHaveCount(0); // live, no reload
  const after = await ann.page.request.get(`/api/workspaces/${slug}/presence`);
  expect(((await after.json()) as { data: { members: unknown[] } }).data.members).toHaveLength(1);
  await ann.context.close();
  await ben.context.close();
});

test("the owner cannot leave before transferring ownership; after the transfer they can", async ({ browser }) => {
  const [ann, ben] = await Promise.all([newPerson(browser, "Ada Owner"), newPerson(browser, "Bo Heir")]);
  const slug = await createWorkspace(ann.page, "Handover");
  await inviteByEmail(ann.page, slug, ben.email);
  await ben.page.goto("/invitations");
  await ben.page.getByRole("button", { name: "Accept invitation to Handover" }).click();
  await ben.page.waitForURL(new RegExp(`/w/${slug}$`));

  const leave = await ann.page.request.post(`/api/workspaces/${slug}/leave`);
  expect(leave.status()).toBe(409);
  expect(await leave.json()).toEqual({ ok: false, error: "Transfer ownership to another member before leaving." });

  await ann.page.goto(`/w/${slug}/admin`);
  await ann.page.getByLabel("New owner").selectOption({ label: `Bo Heir (${ben.email})` });
  await ann.page.getByRole("button", { name: "Transfer…" }).click();
  await ann.page.getByRole("dialog").getByRole("button", { name: "Transfer ownership" }).click();
  await expect(ann.page.getByRole("row").filter({ hasText: "Bo Heir" })).toContainText("Owner");
  await expect(ann.page.getByRole("region", { name: "Transfer ownership" })).toHaveCount(0);

  await ann.page.getByRole("button", { name: /^Workspace: Handover/ }).click();
  await ann.page.getByRole("menuitem", { name: /Leave Handover/ }).click();
  await ann.page.getByRole("dialog").getByRole("button", { name: "Leave workspace" }).click();
  await ann.page.waitForURL(/\/new$/);
  await ann.context.close();
  await ben.context.close();
});
