import { expect, test } from "@playwright/test";
import { connected, memberRow, presenceLoaded, team } from "./helpers";

// Offline after the grace period (PRESENCE_GRACE_MS=1500 in e2e/serve.ts) plus delivery.
const AFTER_GRACE = { timeout: 6_000 };

test("private last seen: others see 'last seen recently', the admin table too, and the exact time again once turned off", async ({ browser }) => {
  const { slug, people } = await team(browser, ["Ada", "Bea"]);
  const [ada, bea] = people as [(typeof people)[0], (typeof people)[0]];
  // Bea has been online in the workspace, so she has a last seen once she leaves.
  await bea.page.goto(`/w/${slug}`);
  await connected(bea.page);

  await bea.page.goto("/account");
  await bea.page.getByRole("radio", { name: /Only roughly/ }).check();
  await expect(bea.page.getByRole("status").filter({ hasText: "Saved" })).toContainText("only roughly");
  await bea.page.screenshot({ path: "test-results/privacy-account.png", fullPage: true });
  await bea.page.goto("about:blank");

  await ada.page.goto(`/w/${slug}`);
  await presenceLoaded(ada.page);
  const beaDot = memberRow(ada.page, "Bea").getByTestId("presence-dot");
  await expect(beaDot).toHaveAttribute("aria-label", "Offline · last seen recently", AFTER_GRACE);

  await ada.page.goto(`/w/${slug}/admin`);
  const row = ada.page.getByRole("row").filter({ hasText: "Bea" });
  await expect(row).toContainText("Recently");
  await ada.page.screenshot({ path: "test-results/privacy-admin.png", fullPage: true });

  // Bea turns it off (from another tab of hers that then closes): Ada gets the exact time live.
  const tab = await bea.context.newPage();
  await tab.goto("/account");
  await expect(tab.getByRole("radio", { name: /Only roughly/ })).toBeChecked();
  await tab.getByRole("radio", { name: /Exact time/ }).check();
  await expect(tab.getByRole("status").filter({ hasText: "Saved" })).toContainText("exactly");
  await tab.close();
  await ada.page.goto(`/w/${slug}`);
  await expect(memberRow(ada.page, "Bea").getByTestId("presence-dot")).toHaveAttribute("aria-label", /^Offline · last seen (just now|\d+ min ago)$/);
  for (const p of people) await p.context.close();
});
