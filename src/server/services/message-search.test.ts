import { describe, expect, it } from "vitest";
import { databases, seedTeam, useDatabase } from "@/test/databases";
import { splitSnippet } from "@/shared/message-search";
import { sendDirectMessage, sendMessage, openConversation } from "./conversations";
import { createWorkspace } from "./workspaces";
import { invite, acceptInvitation } from "./invites";
import { searchMessages } from "./message-search";

const tick = () => new Promise((r) => setTimeout(r, 3)); // distinct millisecond timestamps
const hitsOf = (snippet: string) => splitSnippet(snippet).filter((p) => p.hit).map((p) => p.text);

describe.each(databases)("message search on $name", (database) => {
  const db = useDatabase(database);

  it("finds words and their other forms, highlighted, with sender and conversation", async () => {
    const { ids, workspaceId } = await seedTeam(["Ann", "Ben"], "Search words");
    const dm = await sendDirectMessage(ids.Ann!, workspaceId, ids.Ben!, "We are deploying the release tonight");
    await tick();
    await sendMessage(ids.Ben!, dm.conversation.id, "Lunch at noon?");
    await tick();
    await sendMessage(ids.Ben!, dm.conversation.id, "The deployment went fine.");

    const page = await searchMessages(ids.Ben!, workspaceId, "deployed");
    expect(page.next).toBeNull();
    expect(page.hits.map((h) => splitSnippet(h.snippet).map((p) => p.text).join(""))).toEqual([
      "The deployment went fine.",
      "We are deploying the release tonight",
    ]);
    expect(page.hits.map((h) => hitsOf(h.snippet))).toEqual([["deployment"], ["deploying"]]);
    const [latest, first] = page.hits;
    expect(first).toMatchObject({
      id: dm.message.id,
      conversationId: dm.conversation.id,
      sender: { id: ids.Ann, name: "Ann" },
      conversation: { isGroup: false, others: [{ id: ids.Ann, name: "Ann" }] },
      createdAt: dm.message.createdAt,
    });
    expect(latest!.sender).toEqual({ id: ids.Ben, name: "Ben" });
    // The other side of the same DM is named after Ben.
    expect((await searchMessages(ids.Ann!, workspaceId, "lunch")).hits.map((h) => [h.sender.name, h.conversation.others])).toEqual([
      ["Ben", [{ id: ids.Ben, name: "Ben" }]],
    ]);
  });

  it("ranks more matching messages first, then the newest", async () => {
    const { ids, workspaceId } = await seedTeam(["Cal", "Dot"], "Search rank");
    const dm = await sendDirectMessage(ids.Cal!, workspaceId, ids.Dot!, "budget meeting moved, budget numbers due, budget review after");
    await tick();
    await sendMessage(ids.Dot!, dm.conversation.id, "the budget is fine");
    await tick();
    await sendMessage(ids.Dot!, dm.conversation.id, "budget ok");
    const texts = (await searchMessages(ids.Cal!, workspaceId, "budget")).hits.map((h) => splitSnippet(h.snippet).map((p) => p.text).join(""));
    // Three mentions first; the two with one mention rank equal, so the newer comes first.
    expect(texts).toEqual(["budget meeting moved, budget numbers due, budget review after", "budget ok", "the budget is fine"]);
  });

  it("pages 20 at a time without repeating or skipping", async () => {
    const { ids, workspaceId } = await seedTeam(["Eli", "Fin"], "Search pages");
    const dm = await sendDirectMessage(ids.Eli!, workspaceId, ids.Fin!, "standup 0");
    for (let i = 1; i < 25; i++) await sendMessage(ids.Eli!, dm.conversation.id, `standup ${i}`);
    const first = await searchMessages(ids.Fin!, workspaceId, "standup");
    expect(first.hits).toHaveLength(20);
    expect(first.next).toBe("20");
    const second = await searchMessages(ids.Fin!, workspaceId, "standup", 20);
    expect(second.hits).toHaveLength(5);
    expect(second.next).toBeNull();
    const seen = [...first.hits, ...second.hits].map((h) => h.id);
    expect(new Set(seen).size).toBe(25);
  });

  it("never shows a message of a conversation the searcher is not in, nor of another workspace", async () => {
    const { ids, emails, workspaceId } = await seedTeam(["Gil", "Hal", "Ida"], "Search scope");
    await sendDirectMessage(ids.Gil!, workspaceId, ids.Hal!, "the secret pineapple plan");
    const group = await openConversation(ids.Gil!, workspaceId, [ids.Hal!, ids.Ida!]);
    await sendMessage(ids.Gil!, group.conversation.id, "pineapple for everyone");
    // Gil and Hal also share another workspace, where Hal writes about pineapples too.
    const other = await createWorkspace(ids.Gil!, "Search elsewhere");
    await invite(ids.Gil!, other.slug, emails.Hal!, "member");
    const pending = await db().invite.findUniqueOrThrow({ where: { workspaceId_email: { workspaceId: other.id, email: emails.Hal! } } });
    await acceptInvitation(ids.Hal!, pending.id);
    await sendDirectMessage(ids.Hal!, other.id, ids.Gil!, "pineapple elsewhere");

    const texts = async (who: string, ws: string) =>
      (await searchMessages(who, ws, "pineapple")).hits.map((h) => splitSnippet(h.snippet).map((p) => p.text).join("")).sort();
    expect(await texts(ids.Gil!, workspaceId)).toEqual(["pineapple for everyone", "the secret pineapple plan"]);
    expect(await texts(ids.Hal!, workspaceId)).toEqual(["pineapple for everyone", "the secret pineapple plan"]);
    expect(await texts(ids.Ida!, workspaceId)).toEqual(["pineapple for everyone"]);
    expect(await texts(ids.Gil!, other.id)).toEqual(["pineapple elsewhere"]);
    // Someone outside both workspaces finds nothing in either.
    const outsider = (await seedTeam(["Jo"], "Search outsider")).ids.Jo!;
    expect(await texts(outsider, workspaceId)).toEqual([]);
    expect(await texts(outsider, other.id)).toEqual([]);
  });

  it("takes any text as words: quotes, operators and markup are safe, and markup stays text", async () => {
    const { ids, workspaceId } = await seedTeam(["Kim", "Lou"], "Search syntax");
    const dm = await sendDirectMessage(ids.Kim!, workspaceId, ids.Lou!, `<script>alert("deploy")</script> and <b>bold</b> deploy`);
    await tick();
    await sendMessage(ids.Kim!, dm.conversation.id, "release tonight, lunch tomorrow");
    await tick();
    await sendMessage(ids.Kim!, dm.conversation.id, "tonight is the release");
    const search = (q: string) => searchMessages(ids.Lou!, workspaceId, q);

    for (const q of ["<script>", '"unterminated', "a & | ! ( ) :* <-> <2>", "' OR 1=1 --", "\\", "%_", "'; DROP TABLE \"Message\"; --"]) {
      await expect(search(q), q).resolves.toMatchObject({ next: null });
    }
    expect(await db().message.count({ where: { conversationId: dm.conversation.id } })).toBe(3);

    // The body comes back as text, markers only around the words found.
    const [markup] = (await search("deploy")).hits;
    const parts = splitSnippet(markup!.snippet);
    expect(parts.filter((p) => p.hit).map((p) => p.text)).toContain("deploy");
    expect(parts.map((p) => p.text).join("")).toBe(`<script>alert("deploy")</script> and <b>bold</b> deploy`);

    // Websearch syntax: a quoted phrase keeps its order, "-" excludes, "or" is either.
    const texts = async (q: string) => (await search(q)).hits.map((h) => splitSnippet(h.snippet).map((p) => p.text).join("")).sort();
    expect(await texts('"release tonight"')).toEqual(["release tonight, lunch tomorrow"]);
    expect(await texts("tonight -lunch")).toEqual(["tonight is the release"]);
    expect(await texts("lunch or bold")).toEqual([`<script>alert("deploy")</script> and <b>bold</b> deploy`, "release tonight, lunch tomorrow"]);
  });

  it("answers an empty page when nothing matches, or only common words are given", async () => {
    const { ids, workspaceId } = await seedTeam(["Max", "Ned"], "Search empty");
    await sendDirectMessage(ids.Max!, workspaceId, ids.Ned!, "the quick brown fox");
    expect(await searchMessages(ids.Ned!, workspaceId, "zebra")).toEqual({ hits: [], next: null });
    expect(await searchMessages(ids.Ned!, workspaceId, "the")).toEqual({ hits: [], next: null });
    expect(await searchMessages(ids.Ned!, workspaceId, "quick", 20)).toEqual({ hits: [], next: null });
  });

  it("cuts a long message around its first match", async () => {
    const { ids, workspaceId } = await seedTeam(["Quin", "Rae"], "Search long");
    const body = `${"filler ".repeat(100)}the mango arrived ${"more ".repeat(100)}`.trim();
    await sendDirectMessage(ids.Quin!, workspaceId, ids.Rae!, body);
    const [hit] = (await searchMessages(ids.Rae!, workspaceId, "mango")).hits;
    const text = splitSnippet(hit!.snippet).map((p) => p.text).join("");
    expect(text.startsWith("…filler")).toBe(true);
    expect(text.endsWith("more…")).toBe(true);
    expect(text.length).toBeLessThan(260);
    expect(hitsOf(hit!.snippet)).toEqual(["mango"]);
  });

  it("never lets a stored body fake a highlight", async () => {
    const { ids, workspaceId } = await seedTeam(["Oli", "Pam"], "Search markers");
    const dm = await sendDirectMessage(ids.Oli!, workspaceId, ids.Pam!, "placeholder");
    // The text rule refuses control characters in new messages; one stored before it must not slip through.
    await db().message.create({ data: { conversationId: dm.conversation.id, senderId: ids.Oli!, body: "\u0002fake\u0003 kiwi" } });
    const [hit] = (await searchMessages(ids.Pam!, workspaceId, "kiwi")).hits;
    expect(splitSnippet(hit!.snippet)).toEqual([
      { text: "fake ", hit: false },
      { text: "kiwi", hit: true },
    ]);
  });
});
