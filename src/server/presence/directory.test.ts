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
});
