import { expect, test } from "@playwright/test";
import { composer, connected, memberId, memberRow, presenceLoaded, recordStatuses, setHidden, team } from "./helpers";

// One Socket.IO connection per browser and workspace: three tabs, one socket on the server
// (roster_sockets_connected on the private metrics port, E2E services server only); the leader
// tab closes and a watcher sees nothing change; hiding every tab makes the user away.
const WITHIN = { timeout: 2_000 };

test("three tabs share one socket; closing the leader changes nothing for watchers; all hidden is away", async ({ browser }, info) => {
  test.skip(info.project.name !== "services", "reads the services server's metrics");
  const metricsPort = Number(new URL(info.project.use.baseURL!).port) + 1000;
  const sockets = async () => {
    const text = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
    return Number(/^roster_sockets_connected (\d+)/m.exec(text)![1]);
  };
  const { slug, people } = await team(browser, ["Ivy", "Jon"]);
  const [ivy, jon] = people as [(typeof people)[0], (typeof people)[0]];
  await jon.page.goto(`/w/${slug}`);
  await presenceLoaded(jon.page);
  const res = await jon.page.request.post(`/api/workspaces/${slug}/conversations`, { data: { userIds: [await memberId(jon.page, "Ivy")] } });
  const { id } = ((await res.json()) as { data: { id: string } }).data;
  await jon.page.goto(`/w/${slug}/dm/${id}`);
  await connected(jon.page);
  await ivy.page.goto("about:blank");
  await expect.poll(sockets).toBeGreaterThan(0);
  const before = await sockets();

  const tabs = [ivy.page, await ivy.context.newPage(), await ivy.context.newPage()];
  for (const tab of tabs) {
    await tab.goto(`/w/${slug}/dm/${id}`);
    await connected(tab);
  }
  await expect(memberRow(jon.page, "Ivy")).toHaveAttribute("data-status", "active", WITHIN);
  await tabs[0]!.waitForTimeout(1_000);
  expect(await sockets()).toBe(before + 1);

  // The first tab holds the socket; closing it hands over to another tab.
  const seen = await recordStatuses(jon.page, "Ivy");
  await tabs[0]!.close();
  const [t2, t3] = tabs.slice(1) as [(typeof tabs)[0], (typeof tabs)[0]];
  await expect(t2.getByTestId("connection-indicator")).toHaveAttribute("data-state", "connected", { timeout: 1_500 });
  await t2.waitForTimeout(3_000); // longer than the grace period
  expect(await seen()).toEqual(["active"]);
  expect(await sockets()).toBe(before + 1);

  // The remaining tabs still get live updates and can still send.
  await composer(jon.page).fill("still there?");
  await composer(jon.page).press("Enter");
  await expect(t2.getByTestId("message").getByText("still there?")).toBeVisible();
  await expect(t3.getByTestId("message").getByText("still there?")).toBeVisible();
  await composer(t3).pressSequentially("yes");
  await expect(jon.page.getByTestId("typing")).toHaveText("Ivy is typing…");
  await composer(t3).press("Enter");
  await expect(jon.page.getByTestId("message").getByText("yes", { exact: true })).toBeVisible();
  await expect(t2.getByTestId("message").getByText("yes", { exact: true })).toBeVisible();

  // Activity is the union of the tabs: away only once every tab is hidden.
  await setHidden(t2, true);
  await t2.waitForTimeout(1_000);
  await expect(memberRow(jon.page, "Ivy")).toHaveAttribute("data-status", "active");
  await setHidden(t3, true);
  await expect(memberRow(jon.page, "Ivy")).toHaveAttribute("data-status", "away", WITHIN);
  await setHidden(t2, false);
  await expect(memberRow(jon.page, "Ivy")).toHaveAttribute("data-status", "active", WITHIN);
  for (const p of people) await p.context.close();
});
