import { expect, test, type APIRequestContext, type APIResponse } from "@playwright/test";
import sharp from "sharp";
import { newPerson, uniqueEmail, type Person } from "./helpers";

// Every workspace route and /api/me route, driven over HTTP against the production server, for
// each kind of caller. Non-members and pending invitees learn nothing: they get the same 404
// as for a workspace that does not exist.
type Actor = "owner" | "admin" | "member" | "invitee" | "outsider" | "anon";
const ACTORS: Actor[] = ["owner", "admin", "member", "invitee", "outsider", "anon"];

test("authorization matrix of the workspace and /api/me routes", async ({ browser, request: anon }) => {
  test.setTimeout(180_000); // five sign-ups through emailed links, next to another worker's spec on 2 cores
  const people = {
    owner: await newPerson(browser, "Mat Owner"),
    admin: await newPerson(browser, "Mat Admin"),
    member: await newPerson(browser, "Mat Member"),
    invitee: await newPerson(browser, "Mat Invitee"),
    outsider: await newPerson(browser, "Mat Outsider"),
  } satisfies Record<Exclude<Actor, "anon">, Person>;
  const req = (a: Actor): APIRequestContext => (a === "anon" ? anon : people[a].context.request);
  const data = async <T>(res: APIResponse) => ((await res.json()) as { data: T }).data;

  const created = await people.owner.context.request.post("/api/workspaces", { data: { name: "Matrix" } });
  expect(created.status()).toBe(201);
  const { slug } = await data<{ slug: string }>(created);
  const ws = `/api/workspaces/${slug}`;
  const memberIds = async () =>
    (await data<{ members: { userId: string }[] }>(await req("owner").get(`${ws}/presence`))).members.map((m) => m.userId);
  const ids: Partial<Record<Actor, string>> = { owner: (await memberIds())[0] };
  for (const who of ["admin", "member"] as const) {
    const before = await memberIds();
    await req("owner").post(`${ws}/invites`, { data: { email: people[who].email, role: who } });
    const [inv] = (await data<{ invitations: { id: string }[] }>(await req(who).get("/api/me/invitations"))).invitations;
    expect((await req(who).post(`/api/me/invitations/${inv!.id}/accept`)).status()).toBe(200);
    ids[who] = (await memberIds()).find((id) => !before.includes(id));
  }
  await req("owner").post(`${ws}/invites`, { data: { email: people.invitee.email, role: "admin" } });
  const inviteeInvite = (await data<{ invitations: { id: string }[] }>(await req("invitee").get("/api/me/invitations"))).invitations[0]!.id;
  for (let i = 0; i < 2; i++) await req("owner").post(`${ws}/invites`, { data: { email: uniqueEmail(`spare${i}`) } });
  const spare = (await data<{ invites: { id: string; email: string }[] }>(await req("owner").get(`${ws}/invites`))).invites
    .filter((i) => i.email.startsWith("spare"))
    .map((i) => i.id);

  // The owner's picture: for members only (before the matrix, whose last row has admin and member leave).
  const png = await sharp({ create: { width: 8, height: 8, channels: 3, background: "#336699" } }).png().toBuffer();
  expect((await req("owner").post("/api/me/avatar", { headers: { "content-type": "image/png" }, data: png })).status()).toBe(201);
  const pictureSeen: string[] = [];
  for (const a of ACTORS) pictureSeen.push(`${a}: ${(await req(a).get(`/api/avatars/${ids.owner}?size=64`)).status()}`);
  expect(pictureSeen).toEqual(["owner: 200", "admin: 200", "member: 200", "invitee: 404", "outsider: 404", "anon: 401"]);

  // Channels: a public one and a private one of the owner's. A private channel is, to anyone not
  // in it (admins included), exactly a channel that does not exist.
  const ch = async (name: string, isPrivate: boolean) => (await data<{ id: string }>(await req("owner").post(`${ws}/channels`, { data: { name, isPrivate } }))).id;
  const pub = `${ws}/channels/${await ch("matrix-public", false)}`;
  const priv = `${ws}/channels/${await ch("matrix-private", true)}`;

  type Call = (r: APIRequestContext, a: Actor) => Promise<APIResponse>;
  const rows: [string, Call, Record<Actor, number>][] = [
    ["GET presence", (r) => r.get(`${ws}/presence`), { owner: 200, admin: 200, member: 200, invitee: 404, outsider: 404, anon: 401 }],
    ["POST conversations", (r, a) => r.post(`${ws}/conversations`, { data: { userIds: [{ owner: ids.member, admin: ids.owner, member: ids.admin }[a as "owner"] ?? ids.owner] } }), { owner: 201, admin: 201, member: 201, invitee: 404, outsider: 404, anon: 401 }],
    ["GET invites", (r) => r.get(`${ws}/invites`), { owner: 200, admin: 200, member: 403, invitee: 404, outsider: 404, anon: 401 }],
    ["POST invites", (r) => r.post(`${ws}/invites`, { data: { email: uniqueEmail("matrix") } }), { owner: 201, admin: 201, member: 403, invitee: 404, outsider: 404, anon: 401 }],
    ["DELETE invites/:id", (r, a) => r.delete(`${ws}/invites/${a === "admin" ? spare[1] : spare[0]}`), { owner: 200, admin: 200, member: 403, invitee: 404, outsider: 404, anon: 401 }],
    ["GET members (admin table page)", (r) => r.get(`${ws}/members?page=1&size=50&status=all&sort=lastSeen&dir=desc`), { owner: 200, admin: 200, member: 403, invitee: 404, outsider: 404, anon: 401 }],
    ["GET members?size=101", (r) => r.get(`${ws}/members?size=101`), { owner: 400, admin: 400, member: 400, invitee: 400, outsider: 400, anon: 401 }],
    ["PATCH members/:member", (r) => r.patch(`${ws}/members/${ids.member}`, { data: { role: "member" } }), { owner: 200, admin: 200, member: 403, invitee: 404, outsider: 404, anon: 401 }],
    ["PATCH members/:admin", (r) => r.patch(`${ws}/members/${ids.admin}`, { data: { role: "admin" } }), { owner: 200, admin: 403, member: 403, invitee: 404, outsider: 404, anon: 401 }],
    ["DELETE members/:owner", (r) => r.delete(`${ws}/members/${ids.owner}`), { owner: 403, admin: 403, member: 403, invitee: 404, outsider: 404, anon: 401 }],
    ["POST owner (not a member)", (r) => r.post(`${ws}/owner`, { data: { userId: "nosuchmember" } }), { owner: 404, admin: 403, member: 403, invitee: 404, outsider: 404, anon: 401 }],
    ["GET search", (r) => r.get(`${ws}/search?q=hello`), { owner: 200, admin: 200, member: 200, invitee: 404, outsider: 404, anon: 401 }],
    ["GET search?q= (empty)", (r) => r.get(`${ws}/search?q=`), { owner: 400, admin: 400, member: 400, invitee: 400, outsider: 400, anon: 401 }],
    ["GET /api/me/invitations", (r) => r.get("/api/me/invitations"), { owner: 200, admin: 200, member: 200, invitee: 200, outsider: 200, anon: 401 }],
    ["DELETE /api/me/invitations/:id (not yours)", (r) => r.delete(`/api/me/invitations/${inviteeInvite}`), { owner: 404, admin: 404, member: 404, invitee: -1, outsider: 404, anon: 401 }],
    ["POST accept (not yours)", (r) => r.post(`/api/me/invitations/${inviteeInvite}/accept`), { owner: 404, admin: 404, member: 404, invitee: -1, outsider: 404, anon: 401 }],
    ["PUT /api/me/presence", (r) => r.put("/api/me/presence", { data: { mode: "auto" } }), { owner: 200, admin: 200, member: 200, invitee: 200, outsider: 200, anon: 401 }],
    ["GET /api/me/allowlist", (r) => r.get("/api/me/allowlist"), { owner: 200, admin: 200, member: 200, invitee: 200, outsider: 200, anon: 401 }],
    ["PUT /api/me/allowlist", (r) => r.put("/api/me/allowlist", { data: { userIds: [] } }), { owner: 200, admin: 200, member: 200, invitee: 200, outsider: 200, anon: 401 }],
    ["GET /api/me/privacy", (r) => r.get("/api/me/privacy"), { owner: 200, admin: 200, member: 200, invitee: 200, outsider: 200, anon: 401 }],
    ["PUT /api/me/privacy", (r) => r.put("/api/me/privacy", { data: { coarseLastSeen: false } }), { owner: 200, admin: 200, member: 200, invitee: 200, outsider: 200, anon: 401 }],
    ["GET people", (r) => r.get(`${ws}/people?ids=${ids.owner}`), { owner: 200, admin: 200, member: 200, invitee: 404, outsider: 404, anon: 401 }],
    ["GET /api/me/profile", (r) => r.get("/api/me/profile"), { owner: 200, admin: 200, member: 200, invitee: 200, outsider: 200, anon: 401 }],
    ["PUT /api/me/profile", (r) => r.put("/api/me/profile", { data: { title: "Matrix" } }), { owner: 200, admin: 200, member: 200, invitee: 200, outsider: 200, anon: 401 }],
    ["POST /api/me/avatar (not an image)", (r) => r.post("/api/me/avatar", { headers: { "content-type": "text/plain" }, data: "hello" }), { owner: 415, admin: 415, member: 415, invitee: 415, outsider: 415, anon: 415 }],
    ["DELETE /api/me/avatar", (r) => r.delete("/api/me/avatar"), { owner: 200, admin: 200, member: 200, invitee: 200, outsider: 200, anon: 401 }],
    ["GET /api/me/dnd", (r) => r.get("/api/me/dnd"), { owner: 200, admin: 200, member: 200, invitee: 200, outsider: 200, anon: 401 }],
    ["PUT /api/me/theme", (r) => r.put("/api/me/theme", { data: { theme: "system" } }), { owner: 200, admin: 200, member: 200, invitee: 200, outsider: 200, anon: 401 }],
    ["DELETE /api/me/status", (r) => r.delete("/api/me/status"), { owner: 200, admin: 200, member: 200, invitee: 200, outsider: 200, anon: 401 }],
    ["POST /api/workspaces", (r) => r.post("/api/workspaces", { data: { name: "Another" } }), { owner: 201, admin: 201, member: 201, invitee: 201, outsider: 201, anon: 401 }],
    ["GET channels", (r) => r.get(`${ws}/channels`), { owner: 200, admin: 200, member: 200, invitee: 404, outsider: 404, anon: 401 }],
    ["POST channels", (r, a) => r.post(`${ws}/channels`, { data: { name: `made-by-${a}` } }), { owner: 201, admin: 201, member: 201, invitee: 404, outsider: 404, anon: 401 }],
    ["GET channels/:public", (r) => r.get(pub), { owner: 200, admin: 200, member: 200, invitee: 404, outsider: 404, anon: 401 }],
    ["GET channels/:private", (r) => r.get(priv), { owner: 200, admin: 404, member: 404, invitee: 404, outsider: 404, anon: 401 }],
    ["POST channels/:public/join", (r) => r.post(`${pub}/join`), { owner: 200, admin: 200, member: 200, invitee: 404, outsider: 404, anon: 401 }],
    ["POST channels/:private/join", (r) => r.post(`${priv}/join`), { owner: 200, admin: 404, member: 404, invitee: 404, outsider: 404, anon: 401 }],
    ["GET channels/:public/members", (r) => r.get(`${pub}/members`), { owner: 200, admin: 200, member: 200, invitee: 404, outsider: 404, anon: 401 }],
    ["GET channels/:private/members", (r) => r.get(`${priv}/members`), { owner: 200, admin: 404, member: 404, invitee: 404, outsider: 404, anon: 401 }],
    // The owner adds the member; the member, now in it, may add people too; the admin is not in it.
    ["POST channels/:private/members", (r) => r.post(`${priv}/members`, { data: { userIds: [ids.member] } }), { owner: 200, admin: 404, member: 200, invitee: 404, outsider: 404, anon: 401 }],
    ["PUT channels/:public/notify", (r) => r.put(`${pub}/notify`, { data: { notify: "mentions" } }), { owner: 200, admin: 200, member: 200, invitee: 404, outsider: 404, anon: 401 }],
    ["PATCH channels/:public topic", (r) => r.patch(pub, { data: { topic: "Matrix" } }), { owner: 200, admin: 200, member: 200, invitee: 404, outsider: 404, anon: 401 }],
    ["PATCH channels/:private archive", (r) => r.patch(priv, { data: { archived: true } }), { owner: 200, admin: 404, member: 403, invitee: 404, outsider: 404, anon: 401 }],
    ["PATCH channels/:public archive", (r) => r.patch(pub, { data: { archived: true } }), { owner: 200, admin: 200, member: 403, invitee: 404, outsider: 404, anon: 401 }],
    ["POST channels/:public/leave", (r) => r.post(`${pub}/leave`), { owner: 200, admin: 200, member: 200, invitee: 404, outsider: 404, anon: 401 }],
    ["POST leave", (r) => r.post(`${ws}/leave`), { owner: 409, admin: 200, member: 200, invitee: 404, outsider: 404, anon: 401 }],
  ];

  const got: string[] = [];
  const want: string[] = [];
  for (const [name, call, expected] of rows) {
    for (const a of ACTORS) {
      if (expected[a] < 0) continue; // the invitee's own invitation: accepted below
      const res = await call(req(a), a);
      got.push(`${name} as ${a}: ${res.status()}`);
      want.push(`${name} as ${a}: ${expected[a]}`);
      const body = (await res.json()) as { ok: boolean; error?: string };
      expect(body.ok, `${name} as ${a}`).toBe(res.status() < 400);
      if (!body.ok) expect(body.error, `${name} as ${a}`).not.toMatch(/\bat \w+ \(|Error:|prisma/i);
    }
  }
  expect(got).toEqual(want);

  // The invitee accepts and is then a member; the accepted invitation is used up.
  expect((await req("invitee").post(`/api/me/invitations/${inviteeInvite}/accept`)).status()).toBe(200);
  expect((await req("invitee").get(`${ws}/presence`)).status()).toBe(200);
  expect((await req("invitee").post(`/api/me/invitations/${inviteeInvite}/accept`)).status()).toBe(404);

  // Opening the DM page on a GET creates nothing: the POST afterwards is the one that creates it.
  const inviteeId = (await memberIds()).find((id) => id !== ids.owner)!;
  const dmPage = await req("owner").get(`/w/${slug}/dm/with/${inviteeId}`);
  expect(dmPage.status()).toBe(200);
  expect(await dmPage.text()).toContain("This is the beginning of your conversation with Mat Invitee");
  expect((await req("owner").post(`${ws}/conversations`, { data: { userIds: [inviteeId] } })).status()).toBe(201);
  const again = await req("owner").get(`/w/${slug}/dm/with/${inviteeId}`, { maxRedirects: 0 });
  expect(again.status()).toBe(307);

  // A workspace you are not in answers exactly like one that does not exist.
  for (const [method, path] of [["GET", "presence"], ["POST", "leave"], ["GET", "invites"], ["POST", "conversations"], ["GET", "search?q=hello"]] as const) {
    const options = { method, data: method === "POST" ? { userIds: ["someone"] } : undefined };
    const real = await req("outsider").fetch(`${ws}/${path}`, options);
    const missing = await req("outsider").fetch(`/api/workspaces/no-such-workspace-x1/${path}`, options);
    expect([real.status(), await real.text()]).toEqual([missing.status(), await missing.text()]);
  }
  const page = await req("outsider").get(`/w/${slug}`);
  expect(page.status()).toBe(404);
  expect(await page.text()).not.toContain("Matrix");

  // Malformed route parameters are a 400 with a clear message, before any lookup.
  const bad = async (res: APIResponse, message: string) => {
    expect(res.status()).toBe(400);
    expect(await res.json()).toEqual({ ok: false, error: message });
  };
  await bad(await req("owner").get(`/api/workspaces/Bad%20Slug!/presence`), "Invalid workspace address.");
  await bad(await req("owner").delete(`${ws}/invites/not%20an%20id`), "Invalid invite id.");
  await bad(await req("owner").patch(`${ws}/members/x%3By`, { data: { role: "member" } }), "Invalid user id.");
  await bad(await req("owner").post(`/api/me/invitations/${"x".repeat(65)}/accept`), "Invalid invite id.");
  await bad(await req("owner").get(`${ws}/search`), "Type something to search for.");
  await bad(await req("owner").get(`${ws}/search?q=${"x".repeat(201)}`), "Search: at most 200 characters.");
  await bad(await req("owner").get(`${ws}/search?q=x&cursor=7`), "Invalid cursor.");
  await bad(await req("owner").get(`${ws}/channels/bad%20id`), "Invalid channel id.");
  await bad(await req("owner").post(`${ws}/channels`, { data: { name: "a.b" } }), "Channel names use letters, numbers, hyphens and underscores.");

  for (const p of Object.values(people)) await p.context.close();
});
