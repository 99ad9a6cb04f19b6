import { gzipSync } from "node:zlib";
import { expect, test, type Page } from "@playwright/test";
import { connected, memberRow, team } from "./helpers";

// Page weight: every script a page loads until the network is idle, gzipped here (the default
// level) so the figure does not depend on whether the server compresses. The ceilings are the
// README's. The sign-in page is plain HTML (no script at all); on the workspace page React and the
// Next.js runtime alone are about 128 KB, and menus and dialogs load when first opened.
const KB = 1024;
const SIGN_IN_BUDGET = 120 * KB;
const WORKSPACE_BUDGET = 200 * KB;

async function scriptsOf(page: Page, path: string) {
  const bodies = new Map<string, Promise<Buffer>>();
  const onResponse = (response: import("@playwright/test").Response) => {
    if (response.request().resourceType() !== "script" || bodies.has(response.url())) return;
    bodies.set(response.url(), response.body());
  };
  page.on("response", onResponse);
  await page.goto(path, { waitUntil: "networkidle" });
  page.off("response", onResponse);
  const chunks = await Promise.all(
    [...bodies].map(async ([url, body]) => {
      const raw = await body;
      return { name: new URL(url).pathname.split("/").pop()!, raw: raw.length, gzip: gzipSync(raw).length };
    }),
  );
  chunks.sort((a, b) => b.gzip - a.gzip);
  const total = { raw: chunks.reduce((s, c) => s + c.raw, 0), gzip: chunks.reduce((s, c) => s + c.gzip, 0) };
  const kb = (n: number) => `${(n / KB).toFixed(1)} KB`;
  const lines = chunks.map((c) => `${kb(c.gzip).padStart(9)} gz ${kb(c.raw).padStart(9)} raw  ${c.name}`);
  const report = `${path}: ${chunks.length} scripts, ${kb(total.gzip)} gzipped (${kb(total.raw)} raw)\n${lines.join("\n")}`;
  console.log(report);
  test.info().annotations.push({ type: `scripts ${path}`, description: report });
  return { chunks, total };
}

test("the sign-in page loads under its JavaScript budget, gzipped", async ({ page }) => {
  const { total } = await scriptsOf(page, "/signin");
  await expect(page.getByRole("button", { name: "Sign in" })).toBeVisible();
  // Styled: the stylesheet is there without any script.
  await expect(page.getByRole("button", { name: "Sign in" })).toHaveCSS("background-color", "rgb(79, 70, 229)");
  expect(total.gzip).toBeLessThan(SIGN_IN_BUDGET);
});

test("the workspace page loads under its JavaScript budget, gzipped", async ({ browser }) => {
  const { slug, people } = await team(browser, ["Ada", "Bea"]);
  // The owner: admin controls are on the page too.
  const ada = people[0]!;
  await ada.page.goto("about:blank");
  const { chunks, total } = await scriptsOf(ada.page, `/w/${slug}`);
  await connected(ada.page);
  expect(chunks.length).toBeGreaterThan(0);
  expect(total.gzip).toBeLessThan(WORKSPACE_BUDGET);
  // What was lightened still works: a dot's tooltip on hover, above the dot; the status menu and
  // the new-message dialog load when first opened, by pointer and by keyboard.
  const dot = memberRow(ada.page, "Bea").getByTestId("presence-dot");
  await dot.hover();
  const tip = ada.page.getByTestId("hover-tip");
  await expect(tip).toHaveText(/^(Offline|Active|Away)/);
  const [tipBox, dotBox] = [await tip.boundingBox(), await dot.boundingBox()];
  expect(tipBox!.y + tipBox!.height).toBeLessThanOrEqual(dotBox!.y);
  await ada.page.mouse.move(0, 0);
  await expect(tip).toBeHidden();
  await ada.page.getByRole("button", { name: /^Your status:/ }).click();
  await expect(ada.page.getByRole("menuitemradio", { name: /^Away/ })).toBeVisible();
  await ada.page.keyboard.press("Escape");
  await expect(ada.page.getByRole("button", { name: /^Your status:/ })).toBeFocused();
  const switcher = ada.page.getByRole("button", { name: /^Workspace:/ });
  await switcher.focus();
  await ada.page.keyboard.press("Enter");
  await expect(ada.page.getByRole("menuitem").first()).toBeFocused();
  await ada.page.keyboard.press("Escape");
  await expect(switcher).toBeFocused();
  const newMessage = ada.page.getByRole("button", { name: "New message" });
  await newMessage.focus();
  await ada.page.keyboard.press("Enter");
  await expect(ada.page.getByRole("dialog", { name: "New message" })).toBeVisible();
  await ada.page.keyboard.press("Escape");
  await expect(newMessage).toBeFocused();
  for (const p of people) await p.context.close();
});
