import { MAX_SEARCH_ROWS } from "@/shared/member-list";
import { rangeInput, searchInput, subscribeInput } from "@/shared/schemas";
import { event, type EventTable } from "../socket/router";
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
export function watchEvents(parts: { presence: PresenceService; watchers: Watchers; lists: MemberLists }): EventTable {
  const { presence, watchers, lists } = parts;
  return {
    "presence:subscribe": event(subscribeInput, async (socket, { userIds, versions }) => {
      const { userId, workspaceId } = socket.data;
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
    "members:range": event(rangeInput, (socket, { start, end, digest }) =>
      lists.range(socket.data.workspaceId, socket.id, socket.data.userId, start, end, digest),
    ),
    "members:search": event(searchInput, async (socket, { q }) => ({
      rows: await lists.search(socket.data.workspaceId, socket.data.userId, q, MAX_SEARCH_ROWS),
    })),
  };
}

/** What a closing socket leaves in the subscriptions and the member lists. */
export function unwatch(parts: { watchers: Watchers; lists: MemberLists }, socketId: string): void {
  parts.watchers.remove(socketId);
  parts.lists.drop(socketId);
}
