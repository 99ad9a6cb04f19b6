import { describe, expect, it } from "vitest";
import { canActOnMessage, type ConversationKind, type MessageAction } from "./message-rights";
import type { Role } from "./roles";

const kinds: ConversationKind[] = ["dm", "group", "channel"];
const roles: Role[] = ["owner", "admin", "member"];
const actions: MessageAction[] = ["edit", "delete", "react"];

describe("canActOnMessage", () => {
  it("refuses everything to someone outside the conversation, whatever their role", () => {
    for (const kind of kinds)
      for (const role of roles)
        for (const action of actions)
          for (const author of [true, false]) expect(canActOnMessage(action, kind, { role, participant: false, author })).toBe(false);
  });

  it("lets authors edit and delete their own messages, and every participant react", () => {
    for (const kind of kinds)
      for (const role of roles) {
        expect(canActOnMessage("edit", kind, { role, participant: true, author: true })).toBe(true);
        expect(canActOnMessage("delete", kind, { role, participant: true, author: true })).toBe(true);
        expect(canActOnMessage("react", kind, { role, participant: true, author: true })).toBe(true);
        expect(canActOnMessage("react", kind, { role, participant: true, author: false })).toBe(true);
      }
  });

  it("in DMs and group DMs nobody edits or deletes another's message, admins and owner included", () => {
    for (const kind of ["dm", "group"] as const)
      for (const role of roles) {
        expect(canActOnMessage("edit", kind, { role, participant: true, author: false })).toBe(false);
        expect(canActOnMessage("delete", kind, { role, participant: true, author: false })).toBe(false);
      }
  });

  it("in channels workspace admins and the owner delete anyone's message, members do not; nobody edits another's", () => {
    const other = (role: Role) => ({ role, participant: true, author: false });
    expect(canActOnMessage("delete", "channel", other("owner"))).toBe(true);
    expect(canActOnMessage("delete", "channel", other("admin"))).toBe(true);
    expect(canActOnMessage("delete", "channel", other("member"))).toBe(false);
    for (const role of roles) expect(canActOnMessage("edit", "channel", other(role))).toBe(false);
  });
});
