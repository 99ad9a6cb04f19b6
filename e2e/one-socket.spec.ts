import { expect, test } from "@playwright/test";
import { composer, connected, memberId, memberRow, presenceLoaded, recordStatuses, setHidden, team } from "./helpers";

// One Socket.IO connection per browser and workspace: three tabs, one socket; the leader tab
// closes and a watcher sees nothing change; hiding every tab makes the user away. Sockets are
// counted as the browser opens them: every WebSocket to /socket.io/ is one socket on the server
// (the client uses the WebSocket transport only). The server's roster_sockets_connected gauge
// cannot be read per user, and the other worker's specs move it meanwhile.
const WITHIN = { timeout: 2_000 };

/** Open /socket.io/ WebSockets of the given tabs, as the browser reports them. */
function socketCounter() {
  const open = new Set<object>();
  const pages = new Map<object, Set<object>>();
  return {
    watch(page: import("@playwright/test").Page) {
      const mine = new Set<object>();
      pages.set(page, mine);
      page.on("websocket", (ws) => {
        if (!ws.url().includes("/socket.io/")) return;
        open.add(ws);
        mine.add(ws);
        ws.on("close", () => open.delete(ws));
      });
      page.on("close", () => mine.forEach((ws) => open.delete(ws)));
    },
    count: () => open.size,
  };
}

test("three tabs share one socket; closing the leader changes nothing for watchers; all hidden is away", async ({ browser }, info) => {
  test.skip(info.project.name !== "services", "one run is enough: the browser side is the same on both servers");
  const { slug, people } = await team(browser, ["Ivy", "Jon"]);
  const [ivy, jon] = people as [(typeof people)[0], (typeof people)[0]];
  await jon.page.goto(`/w/${slug}`);
  await presenceLoaded(jon.page);
  const res = await jon.page.request.post(`/api/workspaces/${slug}/conversations`, { data: { userIds: [await memberId(jon.page, "Ivy")] } });
  const { id } = ((await res.json()) as { data: { id: string } }).data;
  await jon.page.goto(`/w/${slug}/dm/${id}`);
  await connected(jon.page);
  await ivy.page.goto("about:blank");
  const sockets = socketCounter();

  const tabs = [ivy.page, await ivy.context.newPage(), await ivy.context.newPage()];
  tabs.forEach((t) => sockets.watch(t));
  for (const tab of tabs) {
    await tab.goto(`/w/${slug}/dm/${id}`);
    await connected(tab);
  }
  await expect(memberRow(jon.page, "Ivy")).toHaveAttribute("data-status", "active", WITHIN);
  await tabs[0]!.waitForTimeout(1_000);
  expect(sockets.count()).toBe(1);

  // The first tab holds the socket; closing it hands over to another tab.
  const seen = await recordStatuses(jon.page, "Ivy");
  await tabs[0]!.close();
  const [t2, t3] = tabs.slice(1) as [(typeof tabs)[0], (typeof tabs)[0]];
  // The bound is the protocol's: the next tab connects well inside the 5 s grace period, so
  // watchers see nothing (a loaded CI box once took 1.6 s for the handshake).
  await expect(t2.getByTestId("connection-indicator")).toHaveAttribute("data-state", "connected", { timeout: 3_000 });
  await t2.waitForTimeout(3_000); // longer than the grace period
  expect(await seen()).toEqual(["active"]);
  await expect.poll(sockets.count).toBe(1);

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
