// Demo data for development: a workspace with a handful of people, two channels and a DM.
// Idempotent: running it again changes nothing. The demo password is for local use only.
import { getDb, closeDb } from "../src/server/db";
import { hashPassword } from "../src/server/password";
import { privateUmask } from "../src/server/private-files";

privateUmask();

export const DEMO_PASSWORD = "roster-demo";
export const DEMO_SLUG = "demo";
const PEOPLE = [
  { name: "Alice Martin", email: "alice@demo.roster", role: "owner", title: "Engineering lead", timeZone: "Europe/London" },
  { name: "Bob Chen", email: "bob@demo.roster", role: "admin", title: "Product designer", timeZone: "America/Los_Angeles" },
  { name: "Carol Diaz", email: "carol@demo.roster", role: "member", title: "Support", timeZone: "America/Mexico_City" },
  { name: "Dave Okafor", email: "dave@demo.roster", role: "member", title: "Backend engineer", timeZone: "Africa/Lagos" },
  { name: "Erin Walsh", email: "erin@demo.roster", role: "member", title: "Marketing", timeZone: "Australia/Sydney" },
] as const;

async function main() {
  const db = getDb();
  if (await db.workspace.findUnique({ where: { slug: DEMO_SLUG } })) {
    console.log("Demo workspace already present.");
    return;
  }
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const users = [];
  for (const p of PEOPLE) {
    users.push(
      await db.user.upsert({ where: { email: p.email }, create: { name: p.name, email: p.email, passwordHash, emailVerifiedAt: new Date(), title: p.title, timeZone: p.timeZone }, update: {} }),
    );
  }
  const workspace = await db.workspace.create({
    data: {
      slug: DEMO_SLUG,
      name: "Acme Demo",
      memberships: { create: users.map((u, i) => ({ userId: u.id, role: PEOPLE[i]!.role })) },
    },
  });
  const [alice, bob] = users as [(typeof users)[0], (typeof users)[0]];
  const dm = await db.conversation.create({
    data: {
      workspaceId: workspace.id,
      directKey: [alice.id, bob.id].sort().join(":"),
      participants: { create: [{ userId: alice.id }, { userId: bob.id }] },
    },
  });
  const lines = [
    [bob, "Morning! Is the release still on for today?"],
    [alice, "Yes, after the 2 pm check. I'll ping you when it's green."],
  ] as const;
  for (const [sender, body] of lines) {
    await db.message.create({ data: { conversationId: dm.id, senderId: sender.id, body } });
  }
  // #general for everyone, #design for some; a mention of Alice in #design.
  const [, , carol, dave] = users as [(typeof users)[0], (typeof users)[0], (typeof users)[0], (typeof users)[0]];
  const channels = [
    { name: "general", topic: "Company-wide news and questions", members: users, lines: [[dave, "The staging database is back up."], [carol, "Thanks Dave! Customers can log in again."]] },
    { name: "design", topic: "Pixels, flows and reviews", members: [alice, bob, carol], lines: [[bob, "New onboarding screens are in Figma."], [bob, "@Alice Martin could you review them before Friday?"]] },
  ] as const;
  for (const c of channels) {
    const channel = await db.conversation.create({
      data: {
        workspaceId: workspace.id,
        isGroup: true,
        channelName: c.name,
        topic: c.topic,
        createdById: alice.id,
        participants: { create: c.members.map((u) => ({ userId: u.id, lastReadAt: new Date() })) },
      },
    });
    for (const [sender, body] of c.lines) {
      const mentions = body.startsWith("@Alice") ? [alice.id] : [];
      await db.message.create({ data: { conversationId: channel.id, senderId: sender.id, body, mentions } });
    }
  }
  console.log(`Seeded workspace "${workspace.name}" (/w/${DEMO_SLUG}); sign in as alice@demo.roster / ${DEMO_PASSWORD}`);
}

main()
  .catch((err) => {
    console.error(err);
    process.exitCode = 1;
  })
  .finally(() => closeDb());
