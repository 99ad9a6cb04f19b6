import { devices, expect, test } from "@playwright/test";
import { chooseMode, connected, dmRow, memberId, memberRow, presenceLoaded, signInAs, team } from "./helpers";

// Per-device presence: each connection's kind comes from its user agent. Offline after the
// grace period (PRESENCE_GRACE_MS=1500 in e2e/serve.ts) plus delivery.
const AFTER_GRACE = { timeout: 6_000 };
const { defaultBrowserType: _, ...PHONE } = devices["Pixel 7"];

test("a viewer sees 'on mobile' and 'on desktop and mobile', never for an invisible user", async ({ browser }) => {
  const { slug, people } = await team(browser, ["Ada", "Bea"]);
  const [ada, bea] = people as [(typeof people)[0], (typeof people)[0]];
  await bea.page.goto(`/w/${slug}`);
  await presenceLoaded(bea.page);
  const adaId = await memberId(bea.page, "Ada");
  const res = await bea.page.request.post(`/api/workspaces/${slug}/conversations`, { data: { userIds: [adaId] } });
  expect(res.ok()).toBe(true);

  // Ada on her desktop browser.
  await ada.page.goto(`/w/${slug}`);
  await connected(ada.page);
  const adaDot = memberRow(bea.page, "Ada").getByTestId("presence-dot");
  await expect(adaDot).toHaveAttribute("aria-label", "Active");

  // ... and on her phone.
  const phone = await browser.newContext(PHONE);
  const phonePage = await phone.newPage();
  await phonePage.goto("/signin");
  await signInAs(phonePage, ada.email);
  await phonePage.waitForURL((u) => !u.pathname.startsWith("/signin"));
  await phonePage.goto(`/w/${slug}`);
  await expect(adaDot).toHaveAttribute("aria-label", "Active on desktop and mobile");
  await expect(dmRow(bea.page, "Ada").getByTestId("presence-dot")).toHaveAttribute("aria-label", "Active on desktop and mobile");

  // Desktop closed: only the phone is left.
  await ada.page.goto("about:blank");
  await expect(adaDot).toHaveAttribute("aria-label", "Active on mobile", AFTER_GRACE);
  await dmRow(bea.page, "Ada").getByRole("link").click();
  // The presence words, then (once her time zone is known) her local time.
  await expect(bea.page.getByTestId("conversation-presence")).toHaveText(/^Active on mobile( · \d{1,2}:\d{2}\s?[AP]M local time)?$/);

  // Invisible on the phone: Bea sees plain offline, with nothing about the device.
  await ada.page.goto(`/w/${slug}`);
  await chooseMode(ada.page, "Invisible");
  await expect(adaDot).toHaveAttribute("data-status", "offline");
  await expect(adaDot).toHaveAttribute("aria-label", /^Offline/);
  await expect(bea.page.getByTestId("conversation-presence")).not.toContainText("mobile");
  await expect(bea.page.getByTestId("conversation-presence")).not.toContainText("desktop");
  await phone.close();
  for (const p of people) await p.context.close();
});
