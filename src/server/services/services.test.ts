import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { databases, uniqueEmail } from "@/test/databases";
import { setDb, getDb } from "../db";
import { AppError } from "../errors";
import { checkCredentials } from "../auth";
import { signUp } from "./users";
import { createWorkspace, membersOf, requireMembership, workspacesOf } from "./workspaces";
import { acceptInvitation, invite } from "./invites";
import { changeRole, removeMember } from "./membership";
import {
  conversationsOf,
  messagePage,
  openConversation,
  recentMessages,
  requireParticipant,
  sendDirectMessage,
  sendMessage,
} from "./conversations";
import type { PrismaClient } from "@/generated/prisma/client";

const rejectsWith = async (p: Promise<unknown>, status: number, text: RegExp) => {
  const err = await p.then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(AppError);
  expect((err as AppError).status).toBe(status);
  expect((err as AppError).message).toMatch(text);
};

describe.each(databases)("services on $name", (database) => {
  let client: PrismaClient;
  beforeAll(() => {
    client = database.connect();
    setDb(client);
  });
  afterAll(async () => {
    await database.close(client);
    setDb(undefined);
  });

  const person = async (name: string) => signUp({ name, email: uniqueEmail(name.toLowerCase()), password: "correct horse" });

  it("signs up with a hashed password and checks credentials", async () => {
    const email = uniqueEmail("ann");
    const ann = await signUp({ name: "Ann", email, password: "correct horse" });
    const row = await getDb().user.findUniqueOrThrow({ where: { id: ann.id } });
    expect(row.passwordHash).toMatch(/^\$argon2id\$/);
    expect(row.presenceMode).toBe("auto");
    expect(await checkCredentials({ email, password: "correct horse" })).toMatchObject({ id: ann.id });
    expect(await checkCredentials({ email, password: "wrong horse" })).toBeNull();
    expect(await checkCredentials({ email: uniqueEmail("nobody"), password: "correct horse" })).toBeNull();
    await rejectsWith(signUp({ name: "Ann 2", email, password: "another pass" }), 409, /already exists/);
  });

  it("creates workspaces with unique slugs and the creator as owner", async () => {
    const owner = await person("Olga");
    const name = `Team ${Date.now().toString(36)}`;
    const a = await createWorkspace(owner.id, name);
    const b = await createWorkspace(owner.id, name);
    expect(a.slug).not.toBe(b.slug);
    expect(b.slug.startsWith(a.slug)).toBe(true);
    expect((await requireMembership(owner.id, a.slug)).role).toBe("owner");
    expect((await workspacesOf(owner.id)).map((w) => w.slug)).toEqual([a.slug, b.slug]);
  });

  it("refuses non-members with the same 404 as a missing workspace", async () => {
    const owner = await person("Pat");
    const outsider = await person("Quinn");
    const ws = await createWorkspace(owner.id, "Private");
    await rejectsWith(requireMembership(outsider.id, ws.slug), 404, /not found/);
    await rejectsWith(requireMembership(outsider.id, "no-such-workspace"), 404, /not found/);
  });

  /** Invites `userId` and has them accept (their email marked verified, as the emailed link would). */
  const join = async (ownerId: string, slug: string, userId: string, role: "admin" | "member" = "member") => {
    const user = await getDb().user.update({ where: { id: userId }, data: { emailVerifiedAt: new Date() } });
    await invite(ownerId, slug, user.email, role);
    const pending = await getDb().invite.findFirstOrThrow({ where: { email: user.email, workspace: { slug } } });
    await acceptInvitation(userId, pending.id);
  };

  it("invited people join by accepting; only admins may invite; roles follow the rules", async () => {
    const owner = await person("Rita");
    const existing = await person("Sam");
    const tia = await person("Tia");
    const ws = await createWorkspace(owner.id, "Invites");
    await join(owner.id, ws.slug, existing.id);
    await rejectsWith(invite(existing.id, ws.slug, uniqueEmail("x"), "member"), 403, /admins/);
    await join(owner.id, ws.slug, tia.id, "admin");
    expect((await requireMembership(tia.id, ws.slug)).role).toBe("admin");
    expect((await membersOf(ws.id)).map((m) => m.user.name)).toEqual(["Rita", "Sam", "Tia"]);

    await changeRole(tia.id, ws.slug, existing.id, "admin");
    await rejectsWith(changeRole(tia.id, ws.slug, existing.id, "member"), 403, /Only the owner/);
    await rejectsWith(changeRole(tia.id, ws.slug, owner.id, "member"), 403, /owner/);
    await removeMember(owner.id, ws.slug, existing.id);
    await rejectsWith(requireMembership(existing.id, ws.slug), 404, /not found/);
  });

  it("opens one 1:1 DM per pair, group DMs, and refuses outsiders", async () => {
    const a = await person("Uma");
    const b = await person("Vic");
    const c = await person("Wes");
    const outsider = await person("Xan");
    const ws = await createWorkspace(a.id, "DMs");
    await join(a.id, ws.slug, b.id);
    await join(a.id, ws.slug, c.id);

    const first = await openConversation(a.id, ws.id, [b.id]);
    const again = await openConversation(b.id, ws.id, [a.id]);
    expect(first.created).toBe(true);
    expect(again.created).toBe(false);
    expect(again.conversation.id).toBe(first.conversation.id);
    expect(again.conversation.others.map((u) => u.name)).toEqual(["Uma"]);

    const group = await openConversation(a.id, ws.id, [b.id, c.id]);
    expect(group.conversation.isGroup).toBe(true);
    await rejectsWith(openConversation(a.id, ws.id, [outsider.id]), 400, /member/);
    await rejectsWith(openConversation(a.id, ws.id, [a.id]), 400, /other than yourself/);

    const { message, audience } = await sendMessage(b.id, first.conversation.id, "hello");
    expect(message).toMatchObject({ body: "hello", sender: { id: b.id, name: "Vic" } });
    expect(audience.channel).toBe(false);
    expect(audience.participantIds.sort()).toEqual([a.id, b.id].sort());
    expect((await recentMessages(first.conversation.id)).map((m) => m.body)).toEqual(["hello"]);
    await rejectsWith(sendMessage(c.id, first.conversation.id, "sneaky"), 404, /not found/);
    // A participant writing from another workspace of theirs is refused too (a socket names its workspace).
    const elsewhere = await createWorkspace(b.id, "Elsewhere");
    await rejectsWith(sendMessage(b.id, first.conversation.id, "wrong place", elsewhere.id), 404, /not found/);
    expect((await sendMessage(b.id, first.conversation.id, "right place", ws.id)).message.body).toBe("right place");
    await rejectsWith(requireParticipant(outsider.id, group.conversation.id), 404, /not found/);
    expect((await conversationsOf(a.id, ws.id))[0]!.id).toBe(first.conversation.id);
  });

  it("pages a conversation's history by (createdAt, id): every message once, in order, across equal timestamps", async () => {
    const a = await person("Yael");
    const b = await person("Zed");
    const outsider = await person("Abe");
    const ws = await createWorkspace(a.id, "History");
    await join(a.id, ws.slug, b.id);
    const { conversation } = await openConversation(a.id, ws.id, [b.id]);
    // 130 messages over 13 timestamps: ten share each one, so the id breaks every tie.
    const base = Date.UTC(2026, 0, 1);
    await getDb().message.createMany({
      data: Array.from({ length: 130 }, (_, i) => ({
        conversationId: conversation.id,
        senderId: i % 2 ? a.id : b.id,
        body: `m${i}`,
        createdAt: new Date(base + Math.floor(i / 10) * 1000),
      })),
    });
    const expected = await getDb().message.findMany({
      where: { conversationId: conversation.id },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      select: { id: true },
    });

    const seen: string[] = [];
    let before: { createdAt: string; id: string } | undefined;
    const sizes: number[] = [];
    for (;;) {
      const page = await messagePage(b.id, conversation.id, before);
      sizes.push(page.messages.length);
      seen.unshift(...page.messages.map((m) => m.id));
      if (!page.before) break;
      before = page.before;
    }
    expect(sizes).toEqual([50, 50, 30]);
    expect(seen).toEqual(expected.map((m) => m.id));
    expect(new Set(seen).size).toBe(130);

    await rejectsWith(messagePage(outsider.id, conversation.id), 404, /not found/);
    await rejectsWith(messagePage(a.id, conversation.id, { createdAt: "not a date", id: "x" }), 400, /cursor/);
  });

  it("creates a 1:1 DM only with its first message", async () => {
    const a = await person("Cal");
    const b = await person("Dee");
    const outsider = await person("Eli");
    const ws = await createWorkspace(a.id, "Drafts");
    await join(a.id, ws.slug, b.id);
    expect(await conversationsOf(b.id, ws.id)).toEqual([]);
    const first = await sendDirectMessage(a.id, ws.id, b.id, "hi Dee");
    expect(first.created).toBe(true);
    expect(first.conversation.others.map((u) => u.name)).toEqual(["Dee"]);
    expect(first.message).toMatchObject({ body: "hi Dee", sender: { id: a.id, name: "Cal" } });
    const again = await sendDirectMessage(b.id, ws.id, a.id, "hi Cal");
    expect(again.created).toBe(false);
    expect(again.conversation.id).toBe(first.conversation.id);
    expect(again.conversation.others.map((u) => u.name)).toEqual(["Cal"]);
    expect(again.conversation).toMatchObject({ unread: 0, lastMessageAt: again.message.createdAt, lastReadAt: again.message.createdAt });
    expect((await recentMessages(first.conversation.id)).map((m) => m.body)).toEqual(["hi Dee", "hi Cal"]);
    await rejectsWith(sendDirectMessage(a.id, ws.id, outsider.id, "psst"), 400, /member/);
    await rejectsWith(sendDirectMessage(a.id, ws.id, a.id, "me"), 400, /other than yourself/);
  });
});
