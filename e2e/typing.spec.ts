import { devices, expect, test } from "@playwright/test";
import { chooseMode, composer, connected, memberId, signInAs, team } from "./helpers";

// Typing indicators in a group DM of three browser contexts: names, two at once, cleared by the
// message itself or an emptied draft, expiry 6 s after the last signal, and an invisible typist
// shows nothing to people off their allowlist.
const { defaultBrowserType: _, ...PHONE } = devices["Pixel 7"];

test("'Ada is typing…', 'Ada and Cy are typing…', cleared by the message, the draft or 6 s; invisible shows nothing", async ({ browser }) => {
  const { slug, people } = await team(browser, ["Ada", "Bea", "Cy"]);
  const [ada, bea, cy] = people as [(typeof people)[0], (typeof people)[0], (typeof people)[0]];
  await ada.page.goto(`/w/${slug}`);
  await connected(ada.page);
  const ids = [await memberId(ada.page, "Bea"), await memberId(ada.page, "Cy")];
  const res = await ada.page.request.post(`/api/workspaces/${slug}/conversations`, { data: { userIds: ids } });
  expect(res.ok()).toBe(true);
  const { id } = ((await res.json()) as { data: { id: string } }).data;
  for (const p of people) {
    await p.page.goto(`/w/${slug}/dm/${id}`);
    await connected(p.page);
  }
  const line = (p: (typeof people)[0]) => p.page.getByTestId("typing");

  await composer(ada.page).pressSequentially("hel");
  await expect(line(bea)).toHaveText("Ada is typing…");
  await expect(line(cy)).toHaveText("Ada is typing…");
  await expect(line(ada)).toHaveText(""); // never yourself

  await composer(cy.page).pressSequentially("one sec");
  await expect(line(bea)).toHaveText(/^(Ada and Cy|Cy and Ada) are typing…$/);
  await ada.page.screenshot({ path: ".data/screens/typing-desktop.png" });

  // Ada sends: her line goes with the message; Cy empties her draft: hers goes at once.
  await composer(ada.page).pressSequentially("lo");
  await composer(ada.page).press("Enter");
  await expect(bea.page.getByTestId("message").filter({ hasText: "hello" })).toBeVisible();
  await expect(line(bea)).toHaveText("Cy is typing…");
  await composer(cy.page).fill("");
  await composer(cy.page).press("Backspace"); // an input event on the emptied draft
  await expect(line(bea)).toHaveText("");

  // One keystroke, then nothing: gone 6 s after it.
  await composer(bea.page).pressSequentially("h");
  await expect(line(ada)).toHaveText("Bea is typing…");
  const shownAt = Date.now();
  await expect(line(ada)).toHaveText("", { timeout: 9_000 });
  expect(Date.now() - shownAt).toBeGreaterThan(4_000);

  // Invisible Ada (nobody on her allowlist) types: nothing, while Cy's typing still shows.
  await chooseMode(ada.page, "Invisible");
  await composer(ada.page).pressSequentially("secret");
  await composer(cy.page).pressSequentially("x");
  await expect(line(bea)).toHaveText("Cy is typing…");
  await bea.page.waitForTimeout(1_500);
  await expect(line(bea)).toHaveText("Cy is typing…");
  await chooseMode(ada.page, "Automatic");

  // The phone: the line under the messages, no keyboard hint in the composer.
  const phone = await browser.newContext(PHONE);
  const phonePage = await phone.newPage();
  await phonePage.goto("/signin");
  await signInAs(phonePage, bea.email);
  await phonePage.waitForURL((u) => !u.pathname.startsWith("/signin"));
  await phonePage.goto(`/w/${slug}/dm/${id}`);
  await connected(phonePage);
  await composer(cy.page).pressSequentially("y");
  await expect(phonePage.getByTestId("typing")).toHaveText("Cy is typing…");
  await expect(phonePage.getByText("Shift+Enter")).toBeHidden();
  await phonePage.screenshot({ path: ".data/screens/typing-phone.png" });
  await phone.close();
  for (const p of people) await p.context.close();
});
