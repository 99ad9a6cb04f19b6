import { afterEach, describe, expect, it } from "vitest";
import { commands, registerCommands, type Commands } from "./commands";

const fake = (told: string[]): Commands => ({
  presence: {} as Commands["presence"],
  statuses: {} as Commands["statuses"],
  dnd: {} as Commands["dnd"],
  membersChanged: (workspaceId) => void told.push(`members ${workspaceId}`),
  memberCounts: async () => ({ active: 0, awayDnd: 0, offline: 0, online: 0, total: 0 }),
  firstPaint: async () => {
    throw new Error("not used here");
  },
  memberRemoved: (workspaceId, userId) => void told.push(`removed ${userId} from ${workspaceId}`),
  sessionsEnded: (userId, ids) => void told.push(`ended ${userId} ${ids?.join(",") ?? "all"}`),
  conversationCreated: (workspaceId) => void told.push(`conversation in ${workspaceId}`),
  awaySettingChanged: (userId, awayAfter) => void told.push(`away setting of ${userId}: ${awayAfter}`),
  channelJoined: (_w, channelId, userIds) => void told.push(`joined ${channelId}: ${userIds.join(",")}`),
  channelLeft: (_w, channelId, userId) => void told.push(`left ${channelId}: ${userId}`),
  channelUpdated: (channelId) => void told.push(`channel ${channelId}`),
});

describe("the routes' command interface", () => {
  let unregister = () => {};
  afterEach(() => unregister());

  it("fails loudly when the realtime server never registered it", () => {
    expect(() => commands()).toThrow("The realtime server is not running: no commands are registered (start the app with server.ts, which registers them).");
  });

  it("hands out what server.ts registered; its members work destructured", () => {
    const told: string[] = [];
    unregister = registerCommands(fake(told));
    const { membersChanged, sessionsEnded } = commands();
    membersChanged("w1");
    sessionsEnded("u1", ["s1", "s2"]);
    commands().sessionsEnded("u2", null);
    expect(told).toEqual(["members w1", "ended u1 s1,s2", "ended u2 all"]);
  });

  it("is registered once per process: a second, different registration is refused; unregistering empties it", () => {
    const first = fake([]);
    unregister = registerCommands(first);
    expect(() => registerCommands(fake([]))).toThrow("Realtime commands are already registered: the app is composed once per process (server.ts).");
    expect(commands()).toBe(first);
    unregister();
    expect(() => commands()).toThrow(/not running/);
  });
});
