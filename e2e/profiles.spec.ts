import sharp from "sharp";
import { expect, test, type Page } from "@playwright/test";
import { expectNoSeriousViolations } from "./axe";
import { head, rawRequest } from "./raw-http";
import { composer, connected, memberId, memberRow, presenceLoaded, team } from "./helpers";

// Profiles: Pia changes her name, title and time zone and uploads a picture on the Account page;
// Omar, in the same workspace, sees the new name and picture live, her title and "… local time"
// next to her presence, and, while her do-not-disturb schedule says she is off, a line above the
// composer before he writes to her. Screenshots of the Account page and the DM, desktop and phone.
const shot = (name: string) => `.data/screens/${name}.png`;
const ZONE = "Asia/Tokyo";

/** The wall clock in a zone at now and a minute on (the minute may turn during the check). */
const clockNow = (zone: string) =>
  [0, 60_000].map((d) => new Intl.DateTimeFormat("en-US", { timeZone: zone, hour: "numeric", minute: "2-digit" }).format(Date.now() + d).replace(/\u202f/g, " "));
const localTimeIn = (zone: string) => new RegExp(`(${clockNow(zone).join("|")}) local time`);
const hhmm = (zone: string, offsetMs: number) =>
  new Intl.DateTimeFormat("en-GB", { timeZone: zone, hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(Date.now() + offsetMs);

/** "13:05" as the notice writes it: "1:05 PM". */
const ampm = (t: string) => {
  const [h, m] = t.split(":").map(Number) as [number, number];
  return `${h % 12 || 12}:${String(m).padStart(2, "0")} ${h < 12 ? "AM" : "PM"}`;
};

/** A 300 x 200 picture: a white band either side of a teal square. */
const picture = () =>
  sharp({ create: { width: 300, height: 200, channels: 3, background: "#ffffff" } })
    .composite([{ input: { create: { width: 200, height: 200, channels: 3, background: "#0f766e" } }, left: 50, top: 0 }])
    .png()
    .toBuffer();

const loadedPicture = (page: Page, scope = page.locator("body")) =>
  expect
    .poll(() => scope.getByTestId("avatar-picture").first().evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0).catch(() => false))
    .toBe(true);

test("name, title, zone and picture reach the workspace; local time and off hours in the DM", async ({ browser }) => {
  test.setTimeout(120_000);
  const { slug, people } = await team(browser, ["Pia Profile", "Omar Viewer"]);
  const [pia, omar] = people as [(typeof people)[0], (typeof people)[0]];

  // Pia's first visit to the workspace stored the zone her browser reports.
  await pia.page.goto(`/w/${slug}`);
  await connected(pia.page);
  const detected = await pia.page.evaluate(() => Intl.DateTimeFormat().resolvedOptions().timeZone);
  await expect.poll(async () => ((await (await pia.page.request.get("/api/me/profile")).json()) as { data: { timeZone: string | null } }).data.timeZone).toBe(detected);

  await omar.page.goto(`/w/${slug}`);
  await presenceLoaded(omar.page);
  await expect(memberRow(omar.page, "Pia Profile")).toBeVisible();

  // The Account page: name, title, zone.
  await pia.page.goto("/account");
  const form = pia.page.getByRole("form", { name: "Profile" });
  await expect(form.getByLabel("Time zone")).toHaveValue(detected);
  await form.getByLabel("Display name").fill("Pia Renamed");
  await form.getByLabel("Title").fill("Designer");
  await form.getByLabel("Time zone").selectOption(ZONE);
  await form.getByRole("button", { name: "Save profile" }).click();
  await expect(pia.page.getByText("Saved. People in your workspaces see it now.")).toBeVisible();
  // A title over 80 characters cannot be typed; the server refuses it too (route tests).
  await expect(form.getByLabel("Title")).toHaveAttribute("maxlength", "80");

  // A text file is refused with a message; a real PNG becomes the picture.
  await pia.page.getByTestId("avatar-input").setInputFiles({ name: "notes.png", mimeType: "image/png", buffer: Buffer.from("not a picture at all\n") });
  await expect(pia.page.getByRole("alert").filter({ hasText: "PNG, JPEG, WebP or GIF" })).toBeVisible();
  await pia.page.getByTestId("avatar-input").setInputFiles({ name: "me.png", mimeType: "image/png", buffer: await picture() });
  await expect(pia.page.getByText("Picture saved.")).toBeVisible();
  await loadedPicture(pia.page);
  for (const [width, height, name] of [[1280, 900, "account-desktop"], [390, 844, "account-phone"]] as const) {
    await pia.page.setViewportSize({ width, height });
    await pia.page.screenshot({ path: shot(name), fullPage: true });
  }
  await pia.page.setViewportSize({ width: 1280, height: 800 });
  await expectNoSeriousViolations(pia.page, "account page");

  // Omar's open page: the new name and the picture arrive live.
  const row = memberRow(omar.page, "Pia Renamed");
  await expect(row).toBeVisible({ timeout: 10_000 });
  await loadedPicture(omar.page, row);
  const src = await row.getByTestId("avatar-picture").getAttribute("src");
  const served = await omar.page.request.get(src!);
  expect(served.status()).toBe(200);
  expect(served.headers()["content-type"]).toBe("image/webp");
  expect((await sharp(await served.body()).metadata()).width).toBe(64);
  // The workspace home's people cards: her title, picture and local time.
  const homeCard = omar.page.getByRole("region", { name: "People" }).getByRole("listitem").filter({ hasText: "Pia Renamed" });
  await expect(homeCard.getByTestId("person-title")).toHaveText("Designer");
  await expect(homeCard.getByTestId("local-time")).toHaveText(new RegExp(` · ${localTimeIn(ZONE).source}`));
  await loadedPicture(omar.page, homeCard);
  await omar.page.screenshot({ path: shot("home-people-desktop") });

  // The DM: "Active · 9:04 PM local time" in her zone (Pia is back in the workspace), her title in the profile card.
  await pia.page.goto(`/w/${slug}`);
  await connected(pia.page);
  await row.getByRole("link").click();
  await omar.page.waitForURL(/\/dm\/with\//);
  await connected(omar.page);
  const presence = omar.page.getByTestId("conversation-presence");
  await expect(presence).toContainText(/^Active · /);
  await expect(presence.getByTestId("local-time")).toHaveText(new RegExp(` · ${localTimeIn(ZONE).source}`));
  await expect(omar.page.getByTestId("off-hours-notice")).toHaveCount(0); // no schedule: nothing said
  await omar.page.getByTestId("profile-card-trigger").click();
  const card = omar.page.getByTestId("profile-card");
  await expect(card).toContainText("Pia Renamed");
  await expect(card.getByTestId("person-title")).toHaveText("Designer");
  await expect(card.getByTestId("local-time")).toHaveText(localTimeIn(ZONE));
  await loadedPicture(omar.page, card);
  await expectNoSeriousViolations(omar.page, "DM with the profile card open");
  await omar.page.screenshot({ path: shot("dm-profile-card-desktop") });
  await omar.page.keyboard.press("Escape");
  await expect(card).toHaveCount(0);

  // Pia's do-not-disturb schedule says she is off now (every day, from an hour ago to two hours on,
  // in her zone): the composer says so, live.
  const end = hhmm(ZONE, 2 * 3_600_000);
  const off = await pia.page.request.put("/api/me/dnd", {
    data: { enabled: true, days: [0, 1, 2, 3, 4, 5, 6], start: hhmm(ZONE, -3_600_000), end, timeZone: ZONE },
  });
  expect(off.status()).toBe(200);
  const notice = omar.page.getByTestId("off-hours-notice");
  await expect(notice).toHaveText(new RegExp(`^It's (${clockNow(ZONE).join("|")}) for Pia; they may not see this until ${ampm(end)}\\.$`), { timeout: 10_000 });
  await expect(composer(omar.page)).toHaveAttribute("aria-describedby", /composer-notice/);
  await expect(presence).toHaveAttribute("data-status", "dnd");
  for (const [width, height, name] of [[1280, 800, "dm-local-time-desktop"], [390, 844, "dm-local-time-phone"]] as const) {
    await omar.page.setViewportSize({ width, height });
    await omar.page.screenshot({ path: shot(name) });
  }
  await omar.page.setViewportSize({ width: 1280, height: 800 });

  // A window that is not now: within working hours, nothing is said.
  const on = await pia.page.request.put("/api/me/dnd", {
    data: { enabled: true, days: [0, 1, 2, 3, 4, 5, 6], start: hhmm(ZONE, 3 * 3_600_000), end: hhmm(ZONE, 4 * 3_600_000), timeZone: ZONE },
  });
  expect(on.status()).toBe(200);
  await expect(notice).toHaveCount(0, { timeout: 10_000 });

  // Removing the picture: initials again, for Omar too.
  await pia.page.goto("/account");
  await pia.page.getByRole("button", { name: "Remove" }).click();
  await expect(pia.page.getByText("Picture removed.")).toBeVisible();
  await expect(memberRow(omar.page, "Pia Renamed").getByTestId("avatar-picture")).toHaveCount(0, { timeout: 10_000 });
  expect((await omar.page.request.get(src!)).status()).toBe(404);
});

test("a picture is not served to someone outside the workspace, nor are profiles @core", async ({ browser }) => {
  const { slug, people } = await team(browser, ["Ida Inside"]);
  const [ida] = people as [(typeof people)[0]];
  const { people: others } = await team(browser, ["Otto Outside"]);
  const [otto] = others as [(typeof others)[0]];
  const up = await ida.page.request.post("/api/me/avatar", { headers: { "content-type": "image/png" }, data: await picture() });
  expect(up.status()).toBe(201);
  const version = ((await up.json()) as { data: { avatar: string } }).data.avatar;
  await ida.page.goto(`/w/${slug}`);
  const idaId = await memberId(ida.page, "Ida Inside");
  const url = `/api/avatars/${idaId}?size=256&v=${version}`;
  const mine = await ida.page.request.get(url);
  expect(mine.status()).toBe(200);
  expect(mine.headers()["cache-control"]).toBe("private, max-age=31536000, immutable");
  const theirs = await otto.page.request.get(url);
  const missing = await otto.page.request.get(`/api/avatars/nosuchuser?size=256`);
  expect([theirs.status(), await theirs.json()]).toEqual([404, { ok: false, error: "No picture." }]);
  expect([missing.status(), await missing.json()]).toEqual([404, { ok: false, error: "No picture." }]);
  expect((await otto.page.request.get(`/api/workspaces/${slug}/people?ids=${idaId}`)).status()).toBe(404);
  // Over 5 MB: 413 from the server whatever the declared type; a declared non-image: 415.
  // Sent raw, the head alone: the server answers 413 from the declared length, before any of the
  // body (a client still writing 5 MB would see the closed connection before the answer).
  const cookie = (await ida.context.cookies()).map((c) => `${c.name}=${c.value}`).join("; ");
  const port = Number(new URL(ida.page.url()).port);
  const big = await rawRequest(
    port,
    head("POST", "/api/me/avatar", { Host: `localhost:${port}`, Origin: `http://localhost:${port}`, Cookie: cookie, "Content-Type": "image/png", "Content-Length": 5 * 1024 * 1024 + 1 }),
  );
  expect(big.status).toBe(413);
  const text = await ida.page.request.post("/api/me/avatar", { headers: { "content-type": "text/plain" }, data: "hello" });
  expect(text.status()).toBe(415);
});
