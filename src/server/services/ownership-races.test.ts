// Membership changes racing each other. On PostgreSQL two requests run in real concurrent
// transactions; each trial starts both at once and checks the workspace afterwards.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { databases, uniqueEmail, useDatabase } from "@/test/databases";
import { getDb } from "../db";
import { AppError } from "../errors";
import { changeRole, leaveWorkspace, removeMember, transferOwnership } from "./membership";
import type { Role } from "@/shared/roles";

const TRIALS = 20;

/** "ok", or the message the call was refused with. Anything but an AppError (a 500) fails the test. */
const outcome = (p: Promise<unknown>): Promise<string> =>
  p.then(
    () => "ok",
    (err: unknown) => {
      if (err instanceof AppError) return err.message;
      throw err;
    },
  );

let n = 0;
/** A workspace whose members hold `roles`, in order; returns their ids. */
async function team(...roles: Role[]) {
  const db = getDb();
  const slug = `race-${process.pid}-${Date.now().toString(36)}-${n++}`;
  const ws = await db.workspace.create({ data: { name: "Race", slug } });
  const ids: string[] = [];
  for (const role of roles) {
    const user = await db.user.create({ data: { name: role, email: uniqueEmail(role), passwordHash: "-", emailVerifiedAt: new Date() } });
    await db.membership.create({ data: { workspaceId: ws.id, userId: user.id, role } });
    ids.push(user.id);
  }
  return { slug, workspaceId: ws.id, ids };
}

async function rolesIn(workspaceId: string): Promise<Record<string, Role>> {
  const rows = await getDb().membership.findMany({ where: { workspaceId } });
  return Object.fromEntries(rows.map((m) => [m.userId, m.role]));
}

const ownersOf = (roles: Record<string, Role>) => Object.keys(roles).filter((id) => roles[id] === "owner");

describe.each(databases)("membership races on $name", (database) => {
  useDatabase(database);

  it("two transfers at once to different members leave exactly one owner", async () => {
    for (let trial = 0; trial < TRIALS; trial++) {
      const { slug, workspaceId, ids } = await team("owner", "member", "member");
      const [ann, bob, cy] = ids as [string, string, string];
      const [toBob, toCy] = await Promise.all([outcome(transferOwnership(ann, slug, bob)), outcome(transferOwnership(ann, slug, cy))]);

      const roles = await rolesIn(workspaceId);
      expect(ownersOf(roles), `trial ${trial}`).toHaveLength(1);
      expect([toBob, toCy].sort()).toEqual(["Only the owner can transfer ownership.", "ok"]);
      const winner = toBob === "ok" ? bob : cy;
      const loser = winner === bob ? cy : bob;
      expect(roles).toEqual({ [ann]: "admin", [winner]: "owner", [loser]: "member" });
    }
  }, 120_000);

  it("a transfer racing the new owner's leave leaves exactly one owner, who is a member", async () => {
    for (let trial = 0; trial < TRIALS; trial++) {
      const { slug, workspaceId, ids } = await team("owner", "member");
      const [ann, bob] = ids as [string, string];
      const [transfer, leave] = await Promise.all([outcome(transferOwnership(ann, slug, bob)), outcome(leaveWorkspace(bob, slug))]);

      const roles = await rolesIn(workspaceId);
      expect(ownersOf(roles), `trial ${trial}`).toHaveLength(1);
      if (transfer === "ok") {
        expect(leave).toBe("Transfer ownership to another member before leaving.");
        expect(roles).toEqual({ [ann]: "admin", [bob]: "owner" });
      } else {
        expect(transfer).toBe("Member not found.");
        expect(leave).toBe("ok");
        expect(roles).toEqual({ [ann]: "owner" });
      }
    }
  }, 120_000);

  it("an admin's demotion racing their removal and their leaving ends with them gone and no errors", async () => {
    for (let trial = 0; trial < TRIALS; trial++) {
      const { slug, workspaceId, ids } = await team("owner", "admin");
      const [ann, dee] = ids as [string, string];
      const [demote, remove, leave] = await Promise.all([
        outcome(changeRole(ann, slug, dee, "member")),
        outcome(removeMember(ann, slug, dee)),
        outcome(leaveWorkspace(dee, slug)),
      ]);

      expect(await rolesIn(workspaceId), `trial ${trial}`).toEqual({ [ann]: "owner" });
      expect(["ok", "Member not found."]).toContain(demote);
      // Exactly one of the two takes her out; the other finds her gone.
      expect([remove, leave].filter((r) => r === "ok")).toHaveLength(1);
      if (remove !== "ok") expect(remove).toBe("Member not found.");
      if (leave !== "ok") expect(leave).toBe("Workspace not found.");
    }
  }, 120_000);
});
