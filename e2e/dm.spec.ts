import { expect, test } from "@playwright/test";
import { alertOf, composer, connected, team } from "./helpers";

test("a DM sent in one browser arrives live in the other @core", async ({ browser }) => {
  const { slug, people } = await team(browser, ["Ada", "Bea"]);
  const [ada, bea] = people as [(typeof people)[0], (typeof people)[0]];

  await bea.page.goto(`/w/${slug}`);
  await connected(bea.page);

  // Ada opens the DM from the member list; it appears live in Bea's sidebar.
  await ada.page.goto(`/w/${slug}`);
  await connected(ada.page); // hydrated: a click opens the DM by a POST
  await ada.page.getByTestId("member-list").getByRole("link", { name: "Bea" }).click();
  await ada.page.waitForURL(/\/dm\/(?!with\/)/);
  const conversationUrl = ada.page.url();
  await expect(bea.page.getByTestId("dm-list")).toContainText("Ada");

  await bea.page.getByTestId("dm-list").getByRole("link", { name: "Ada" }).click();
  await expect(bea.page).toHaveURL(conversationUrl);
  await connected(bea.page);
  await connected(ada.page);

  await composer(ada.page).fill("Hello Bea, are you there?");
  await composer(ada.page).press("Enter");
  await expect(bea.page.getByTestId("messages")).toContainText("Hello Bea, are you there?");

  await composer(bea.page).fill("Right here.");
  await bea.page.getByRole("button", { name: "Send" }).click();
  await expect(ada.page.getByTestId("messages")).toContainText("Right here.");

  // History survives a reload.
  await bea.page.reload();
  await expect(bea.page.getByTestId("messages")).toContainText("Hello Bea, are you there?");

  for (const p of people) await p.context.close();
});

test("group DMs deliver to everyone, and empty or oversized messages are refused", async ({ browser }) => {
  const { slug, people } = await team(browser, ["Cy", "Di", "Ed"]);
  const [cy, di, ed] = people as [(typeof people)[0], (typeof people)[0], (typeof people)[0]];

  await cy.page.goto(`/w/${slug}`);
  await cy.page.getByRole("button", { name: "New message" }).click();
  const dialog = cy.page.getByRole("dialog");
  await dialog.getByLabel(/Di/).check();
  await dialog.getByLabel(/Ed/).check();
  await dialog.getByRole("button", { name: /Start group message/ }).click();
  await cy.page.waitForURL(/\/dm\//);
  const url = cy.page.url();
  await expect(cy.page.getByRole("heading", { name: "Di, Ed" })).toBeVisible();

  for (const p of [di, ed]) {
    await p.page.goto(url);
    await connected(p.page);
  }
  await connected(cy.page);
  await composer(cy.page).fill("Standup in 5");
  await composer(cy.page).press("Enter");
  await expect(di.page.getByTestId("messages")).toContainText("Standup in 5");
  await expect(ed.page.getByTestId("messages")).toContainText("Standup in 5");

  await composer(cy.page).fill("   ");
  await composer(cy.page).press("Enter");
  await expect(alertOf(cy.page)).toHaveText("Message is empty.");

  await composer(cy.page).fill("x".repeat(4001));
  await composer(cy.page).press("Enter");
  await expect(alertOf(cy.page)).toHaveText("Message is longer than 4000 characters.");
  await expect(di.page.getByTestId("messages")).not.toContainText("xxxx");

  for (const p of people) await p.context.close();
});
