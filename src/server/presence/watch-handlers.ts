import { MAX_SEARCH_ROWS } from "@/shared/member-list";
import { rangeInput, searchInput, subscribeInput } from "@/shared/schemas";
import { handle, type SocketContext } from "../socket/handle";
import { everyoneRoom } from "../socket/rooms";
import type { RosterSocket } from "../socket/types";
import type { MemberLists } from "./member-lists";
import type { PresenceService } from "./service";
import type { Watchers } from "./watchers";

/** A socket that watches only itself (out of the everyone room; indexed once it subscribes to others). */
export function watchSelf(socket: RosterSocket): void {
  if (socket.data.watchAll) void socket.leave(everyoneRoom(socket.data.workspaceId));
  socket.data.watchAll = false;
}

/** Subscriptions (who this socket shows) and the lazy member list. */
export function registerWatchHandlers(parts: { presence: PresenceService; watchers: Watchers; lists: MemberLists }, socket: RosterSocket, ctx: SocketContext) {
  const { presence, watchers, lists } = parts;
  const { userId, workspaceId } = socket.data;

  socket.on(
    "presence:subscribe",
    handle(ctx, subscribeInput, async ({ userIds, versions }) => {
      // Recorded before any wait, so a presence:sync sent right after covers the new set.
      if (socket.data.watchAll) watchSelf(socket);
      watchers.add(socket.id, workspaceId, userId);
      const added = watchers.set(socket.id, userIds);
      if (!added.length) return { members: [] };
      const members = await presence.watch(workspaceId, userId, added);
      if (!versions) return { members };
      // What the client already holds (a reconnect) is left out.
      const held = new Map(userIds.map((id, i) => [id, versions[i]!]));
      return { members: members.filter((m) => m.version > (held.get(m.userId) ?? 0)) };
    }),
  );

  socket.on(
    "members:range",
    handle(ctx, rangeInput, async ({ start, end, digest }) => {
      return lists.range(workspaceId, socket.id, userId, start, end, digest);
    }),
  );

  socket.on(
    "members:search",
    handle(ctx, searchInput, async ({ q }) => ({ rows: await lists.search(workspaceId, userId, q, MAX_SEARCH_ROWS) })),
  );

  socket.on("disconnect", () => {
    watchers.remove(socket.id);
    lists.drop(socket.id);
  });
}
