import { activityInput, setModeInput, syncInput } from "@/shared/schemas";
import { handle, type SocketContext } from "../socket/handle";
import type { RosterSocket } from "../socket/types";
import type { DndService } from "./dnd";
import type { PresenceService } from "./service";
import type { Watchers } from "./watchers";

const NO_ONE: ReadonlySet<string> = new Set();

export function registerPresenceHandlers(presence: PresenceService, dnd: DndService, watchers: Watchers, socket: RosterSocket, ctx: SocketContext) {
  const { userId, workspaceId } = socket.data;

  socket.on(
    "presence:activity",
    handle(ctx, activityInput, async ({ idle }) => {
      await presence.setIdle(socket.id, idle);
      return { idle };
    }),
  );

  socket.on(
    "presence:heartbeat",
    handle(ctx, activityInput, async ({ idle }) => {
      await presence.setIdle(socket.id, idle); // one script; a lost activity event heals here
      return { serverTime: new Date().toISOString() };
    }),
  );

  socket.on(
    "presence:setMode",
    handle(ctx, setModeInput, async ({ mode, until }) => {
      const me = await dnd.setMode(userId, mode, until ? new Date(until) : undefined);
      return me.dndUntil ? { mode, dndUntil: me.dndUntil } : { mode };
    }),
  );

  socket.on(
    "presence:sync",
    handle(ctx, syncInput, (req) => {
      // A socket watching everyone syncs the whole workspace; any other, whom it watches and itself.
      if (socket.data.watchAll) return presence.sync(workspaceId, userId, req, socket.data.joinedAt);
      return presence.syncWatched(workspaceId, userId, req, watchers.watched(socket.id) ?? NO_ONE);
    }),
  );
}
