import { describe, expect, it } from "vitest";
import type { MessageView, ReadState } from "@/shared/types";
import {
  applyDeletedMessage,
  applyMessage,
  applySnapshot,
  applySummaries,
  firstUnreadId,
  latestOf,
  notificationTitle,
  preview,
  shouldAlert,
  titleWith,
  viewedConversation,
  totalUnread,
  unreadOf,
  type UnreadMap,
} from "./unread";

const T = (s: number) => `2026-11-27T10:00:${String(s).padStart(2, "0")}.000Z`;
const msg = (id: string, at: number, sender = "ann", conversationId = "c1"): MessageView => ({
  id,
  conversationId,
  body: id,
  createdAt: T(at),
  sender: { id: sender, name: sender },
  editedAt: null,
  reactions: [],
});
const snap = (unread: number, lastReadAt: number | null, lastMessageAt: number, conversationId = "c1"): ReadState => ({
  conversationId,
  unread,
  lastReadAt: lastReadAt === null ? null : T(lastReadAt),
  lastMessageAt: T(lastMessageAt),
});
const empty: UnreadMap = new Map();

describe("unread counts", () => {
  it("adds live messages from others after the snapshot, once each, and never your own", () => {
    let m = applySnapshot(empty, snap(2, 5, 10));
    expect(unreadOf(m.get("c1"))).toBe(2);
    m = applyMessage(m, msg("old", 9), "bob"); // already in the snapshot
    m = applyMessage(m, msg("a", 11), "bob");
    m = applyMessage(m, msg("a", 11), "bob"); // heard twice (room and sidebar)
    m = applyMessage(m, msg("mine", 12, "bob"), "bob");
    expect(unreadOf(m.get("c1"))).toBe(3);
    expect(latestOf(m.get("c1")!)).toBe(T(11));
  });

  it("a read snapshot clears the count, and keeps a message that arrived after what it covers", () => {
    let m = applySnapshot(empty, snap(1, 5, 10));
    m = applyMessage(m, msg("a", 11), "bob");
    m = applyMessage(m, msg("b", 13), "bob");
    expect(unreadOf(m.get("c1"))).toBe(3);
    m = applySnapshot(m, snap(0, 11, 11)); // read on another device up to "a"; "b" was not counted yet
    expect(unreadOf(m.get("c1"))).toBe(1);
    m = applySnapshot(m, snap(0, 13, 13));
    expect(unreadOf(m.get("c1"))).toBe(0);
  });

  it("a deleted message stops counting: at once if heard live, by the server's new read state if the snapshot covered it", () => {
    let m = applySnapshot(empty, snap(2, 5, 10));
    m = applyMessage(m, msg("a", 11), "bob");
    expect(unreadOf(m.get("c1"))).toBe(3);
    m = applyDeletedMessage(m, "c1", "a");
    expect(unreadOf(m.get("c1"))).toBe(2);
    expect(applyDeletedMessage(m, "c1", "a")).toBe(m);
    // One of the two the snapshot counted is deleted: the server counts again (its lastMessageAt never moves back).
    m = applySnapshot(m, snap(1, 5, 11));
    expect(unreadOf(m.get("c1"))).toBe(1);
  });

  it("ignores an older snapshot (a late page render after a read)", () => {
    let m = applySnapshot(empty, snap(0, 20, 20));
    m = applySnapshot(m, snap(4, 5, 20));
    expect(unreadOf(m.get("c1"))).toBe(0);
    m = applySnapshot(m, snap(0, 20, 18)); // same read state, covers less
    expect(m.get("c1")!.snap.lastMessageAt).toBe(T(20));
  });

  it("a message for a conversation not yet in the sidebar counts, and its summary does not count it twice", () => {
    let m = applyMessage(empty, msg("first", 30, "ann", "c2"), "bob");
    expect(unreadOf(m.get("c2"))).toBe(1);
    m = applySummaries(m, [
      { id: "c2", isGroup: false, others: [{ id: "ann", name: "Ann" }], lastMessageAt: T(30), unread: 1, lastReadAt: null },
    ]);
    expect(unreadOf(m.get("c2"))).toBe(1);
  });

  it("totals all conversations except the one being read", () => {
    let m = applySnapshot(empty, snap(2, 1, 2, "c1"));
    m = applySnapshot(m, snap(3, 1, 2, "c2"));
    expect(totalUnread(m)).toBe(5);
    expect(totalUnread(m, "c2")).toBe(2);
  });
});

describe("title, divider, alerts", () => {
  it("puts the count in the title and replaces an earlier one", () => {
    expect(titleWith(3, "Ann · Acme")).toBe("(3) Ann · Acme");
    expect(titleWith(4, "(3) Ann · Acme")).toBe("(4) Ann · Acme");
    expect(titleWith(0, "(3) Ann · Acme")).toBe("Ann · Acme");
    expect(titleWith(150, "Acme")).toBe("(99+) Acme");
    expect(titleWith(2, "(99+) Acme")).toBe("(2) Acme");
  });

  it("puts the divider above the first message from someone else after the read state", () => {
    const list = [msg("m1", 1), msg("m2", 2, "bob"), msg("m3", 3, "bob"), msg("m4", 4)];
    expect(firstUnreadId(list, T(1), "bob")).toBe("m4");
    expect(firstUnreadId(list, null, "bob")).toBe("m1");
    expect(firstUnreadId(list, T(4), "bob")).toBeNull();
  });

  it("alerts only for others' messages, outside do-not-disturb, not for the conversation in front of you", () => {
    const base = { mine: false, dnd: false, viewingThis: false, attentive: true };
    expect(shouldAlert(base)).toBe(true);
    expect(shouldAlert({ ...base, mine: true })).toBe(false);
    expect(shouldAlert({ ...base, dnd: true })).toBe(false);
    expect(shouldAlert({ ...base, viewingThis: true })).toBe(false);
    expect(shouldAlert({ ...base, viewingThis: true, attentive: false })).toBe(true);
  });

  it("in a channel that notifies only of mentions, alerts only for a message naming you (and never in do-not-disturb)", () => {
    const base = { mine: false, dnd: false, viewingThis: false, attentive: true, onlyMentions: true };
    expect(shouldAlert({ ...base, mentionsMe: false })).toBe(false);
    expect(shouldAlert({ ...base, mentionsMe: true })).toBe(true);
    expect(shouldAlert({ ...base, mentionsMe: true, dnd: true })).toBe(false);
    expect(shouldAlert({ ...base, onlyMentions: false, mentionsMe: false })).toBe(true);
  });

  it("knows which conversation a page shows: a DM or a channel of this workspace", () => {
    expect(viewedConversation("/w/acme/dm/c1", "acme")).toBe("c1");
    expect(viewedConversation("/w/acme/c/ch1", "acme")).toBe("ch1");
    expect(viewedConversation("/w/acme/dm/with/u1", "acme")).toBeNull();
    expect(viewedConversation("/w/other/c/ch1", "acme")).toBeNull();
    expect(viewedConversation("/w/acme/channels", "acme")).toBeNull();
    expect(viewedConversation("/w/acme", "acme")).toBeNull();
  });

  it("previews a message on one line", () => {
    expect(preview("hello\n  there")).toBe("hello there");
    expect(preview("x".repeat(10), 5)).toBe("xxxx…");
  });

  it("drops control and bidi characters from notifications and never cuts an emoji in half", () => {
    expect(preview("invoice\u202efdp.exe")).toBe("invoicefdp.exe");
    expect(preview("\u2066a\u2069 \u0007b\u200f")).toBe("a b");
    expect(preview("ab😀😀", 3)).toBe("ab…");
    expect(preview("👩‍💻 done")).toBe("👩‍💻 done");
    expect(notificationTitle("Admin\u202e (nimda)", null)).toBe("Admin (nimda)");
    expect(notificationTitle("Ada", "Bo\u202e, Cy")).toBe("Ada in Bo, Cy");
  });
});
