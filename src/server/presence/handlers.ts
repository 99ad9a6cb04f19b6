import { activityInput, setModeInput, syncInput } from "@/shared/schemas";
import { event, type EventTable } from "../socket/router";
import type { DndService } from "./dnd";
import type { PresenceService } from "./service";
import type { Watchers } from "./watchers";

const NO_ONE: ReadonlySet<string> = new Set();

export function presenceEvents(presence: PresenceService, dnd: DndService, watchers: Watchers): EventTable {
  return {
    "presence:activity": event(activityInput, async (socket, { idle }) => {
      await presence.setIdle(socket.id, idle);
      return { idle };
    }),
    "presence:heartbeat": event(activityInput, async (socket, { idle }) => {
      await presence.setIdle(socket.id, idle); // one script; a lost activity event heals here
      return { serverTime: new Date().toISOString() };
    }),
    "presence:setMode": event(setModeInput, async (socket, { mode, until }) => {
      const me = await dnd.setMode(socket.data.userId, mode, until ? new Date(until) : undefined);
      return me.dndUntil ? { mode, dndUntil: me.dndUntil } : { mode };
    }),
    "presence:sync": event(syncInput, (socket, req) => {
      // A socket watching everyone syncs the whole workspace; any other, whom it watches and itself.
      const { workspaceId, userId } = socket.data;
      if (socket.data.watchAll) return presence.sync(workspaceId, userId, req, socket.data.joinedAt);
      return presence.syncWatched(workspaceId, userId, req, watchers.watched(socket.id) ?? NO_ONE);
    }),
  };
}
