import { describe, expect, it } from "vitest";
import { databases, seedTeam, useDatabase } from "@/test/databases";
import { DbDirectory } from "./directory";

const pglite = databases.find((d) => d.name === "pglite")!;

describe("DbDirectory member lists (PGlite)", () => {
  const db = useDatabase(pglite);

  it("serves the cached list while a due re-read runs, then the new one; a membership change is read at once", async () => {
    const team = await seedTeam(["Ida", "Jon"], "Directory");
    const extra = await seedTeam(["Kim"], "Elsewhere");
    let now = 1_000_000;
    const directory = new DbDirectory(10_000, () => now);
    expect((await directory.members(team.workspaceId)).length).toBe(2);
    await db().membership.create({ data: { workspaceId: team.workspaceId, userId: extra.ids.Kim! } });
    now += 5_000;
    expect((await directory.members(team.workspaceId)).length).toBe(2); // within the period
    now += 6_000;
    expect((await directory.members(team.workspaceId)).length).toBe(2); // due: the cached list answers at once
    let fresh = 2;
    for (let i = 0; i < 100 && fresh === 2; i++) {
      await new Promise((r) => setTimeout(r, 20));
      fresh = (await directory.members(team.workspaceId)).length;
    }
    expect(fresh).toBe(3);
    await db().membership.deleteMany({ where: { workspaceId: team.workspaceId, userId: extra.ids.Kim! } });
    directory.forgetMembers(team.workspaceId);
    expect((await directory.members(team.workspaceId)).length).toBe(2);
  });

  it("a connect storm before the workspace is known keeps the cached list; a member it lacks has it read anew", async () => {
    const team = await seedTeam(["Lea", "Max", "Ned", "Ova"], "Storm");
    const directory = new DbDirectory(10_000);
    const first = await directory.members(team.workspaceId);
    const found = await Promise.all(Object.values(team.ids).flatMap((id) => [1, 2, 3].map(() => directory.lookupConnect(id!, team.slug))));
    expect(found.every((f) => f?.workspaceId === team.workspaceId)).toBe(true);
    expect(await directory.members(team.workspaceId)).toBe(first); // the same list: not read again
    const late = await seedTeam(["Pia"], "Late");
    await db().membership.create({ data: { workspaceId: team.workspaceId, userId: late.ids.Pia! } });
    expect(await directory.lookupConnect(late.ids.Pia!, team.slug)).toMatchObject({ workspaceId: team.workspaceId });
    const now = await directory.members(team.workspaceId);
    expect(now).not.toBe(first);
    expect(now.map((r) => r.userId)).toContain(late.ids.Pia);
  });
});
