// Channels on the sockets: every socket of a channel's members is in the channel's room (joined at
// connect and when they join; left when they leave), which carries its messages, edits, reactions
// and updates. "N online" is counted by this instance's live member list under its audience rule.
import { channelCountsInput } from "@/shared/channel-input";
import type { ChannelCounts, ChannelShared } from "@/shared/events";
import type { ConversationSummary } from "@/shared/types";
import { channelIdsOfMany, channelMemberIds, requireChannelMember } from "../services/channels";
import type { MemberLists } from "../presence/member-lists";
import { event, type EventTable } from "../socket/router";
import { CHANNEL_ROOM_PREFIX, channelRoom, conversationRoom, memberRoom } from "../socket/rooms";
import type { RosterServer, RosterSocket } from "../socket/types";

/** Sockets connecting within this long of each other have their channels read by one query. */
const JOIN_BATCH_MS = 20;
/** A new socket's channels are read at most this many times after connect (one when nothing raced). */
const SETTLE_ROUNDS = 4;
/** A failed read of them is tried again after 1, 2, 4 … (at most 5) seconds, 30 times (about 2.5 minutes). */
const RETRY_MS = 1_000;
const RETRY_MAX_MS = 5_000;
const RETRIES = 30;
/** A channel's member ids are read again after this long (joins and leaves here drop them at once). */
const MEMBER_IDS_MS = 10_000;

export function channelEvents(io: RosterServer, lists: MemberLists, now: () => number = Date.now) {
  // One read per channel at a time: every member's page asking at once shares it.
  const memberIds = new Map<string, { ids: Promise<string[]>; at: number }>();
  const idsOf = (channelId: string) => {
    const held = memberIds.get(channelId);
    if (held && now() - held.at < MEMBER_IDS_MS) return held.ids;
    const ids = channelMemberIds(channelId);
    memberIds.set(channelId, { ids, at: now() });
    ids.catch(() => memberIds.get(channelId)?.ids === ids && memberIds.delete(channelId));
    if (memberIds.size > 1_000) memberIds.delete(memberIds.keys().next().value!);
    return ids;
  };

  let pending: { userId: string; workspaceId: string; resolve: (ids: string[]) => void; reject: (err: unknown) => void }[] = [];
  let batchTimer: NodeJS.Timeout | null = null;
  function flush() {
    const batch = pending;
    pending = [];
    batchTimer = null;
    const byWorkspace = new Map<string, typeof batch>();
    for (const p of batch) {
      const waiting = byWorkspace.get(p.workspaceId);
      if (waiting) waiting.push(p);
      else byWorkspace.set(p.workspaceId, [p]);
    }
    // Workspaces are read at once: a handshake never waits on another workspace's query.
    for (const [workspaceId, waiting] of byWorkspace) {
      channelIdsOfMany([...new Set(waiting.map((p) => p.userId))], workspaceId).then(
        (channels) => waiting.forEach((p) => p.resolve(channels.get(p.userId) ?? [])),
        (err: unknown) => waiting.forEach((p) => p.reject(err)),
      );
    }
  }
  /**
   * The user's channels in a workspace. Sockets arriving together (a restart, 9:00) are looked
   * up together: one query per workspace per batch, not one per socket, so a connect storm costs
   * the database a few reads. With `timeoutMs`, a read that takes longer is given up.
   */
  function channelsOf(userId: string, workspaceId: string, timeoutMs?: number): Promise<string[]> {
    return new Promise((resolve, reject) => {
      // The deadline's timer goes as soon as the read answers (one per handshake in a storm).
      const deadline = timeoutMs === undefined ? undefined : setTimeout(() => reject(new Error(`channels not read within ${timeoutMs} ms`)), timeoutMs).unref();
      const settle = () => clearTimeout(deadline);
      pending.push({
        userId,
        workspaceId,
        resolve: (ids) => (settle(), resolve(ids)),
        reject: (err) => (settle(), reject(err)),
      });
      batchTimer ??= setTimeout(flush, JOIN_BATCH_MS);
    });
  }

  const events: EventTable = {
    "channel:counts": event(channelCountsInput, async (socket, { conversationId }): Promise<ChannelCounts> => {
      const { userId, workspaceId } = socket.data;
      await requireChannelMember(userId, workspaceId, conversationId);
      const ids = await idsOf(conversationId);
      return { online: await lists.onlineAmong(workspaceId, userId, ids), total: ids.length };
    }),
  };

  return {
    events,
    channelsOf,
    /**
     * A new socket joins its channels' rooms. With the ids read during the handshake the join is
     * done before the client hears it is connected, so nothing sent after that can miss it.
     * Then its channels are read again until a read matches its rooms: a join or leave committed
     * between the handshake's read and the connection was told to the user's sockets before this
     * one was among them. Reading after each change of rooms means any later join or leave
     * reaches this socket through `joined`/`left`. A failed read (the database is down) is tried
     * again later, backing off, while the socket stays connected.
     */
    async connected(socket: RosterSocket, ids: string[] | undefined): Promise<void> {
      if (ids?.length) void socket.join(ids.map(channelRoom));
      for (let round = 0, failures = 0; round < SETTLE_ROUNDS; ) {
        const found = await channelsOf(socket.data.userId, socket.data.workspaceId).catch((err: unknown) => {
          if (++failures > RETRIES) throw err;
          return null;
        });
        if (!socket.connected) return;
        if (!found) {
          await new Promise((r) => setTimeout(r, Math.min(RETRY_MS * 2 ** (failures - 1), RETRY_MAX_MS)).unref());
          continue;
        }
        round++;
        const want = new Set(found.map(channelRoom));
        const held = [...socket.rooms].filter((room) => room.startsWith(CHANNEL_ROOM_PREFIX));
        const drop = held.filter((room) => !want.has(room));
        const add = [...want].filter((room) => !socket.rooms.has(room));
        if (!drop.length && !add.length) return;
        for (const room of drop) {
          void socket.leave(room);
          void socket.leave(conversationRoom(room.slice(CHANNEL_ROOM_PREFIX.length)));
        }
        if (add.length) void socket.join(add);
      }
    },
    /** People joined or were added: their sockets (every instance) join the room, their sidebars show it, its members see the new count. */
    joined(workspaceId: string, channelId: string, userIds: string[], summary: ConversationSummary, shared: ChannelShared): void {
      memberIds.delete(channelId);
      for (const id of userIds) {
        io.in(memberRoom(workspaceId, id)).socketsJoin(channelRoom(channelId));
        io.to(memberRoom(workspaceId, id)).emit("conversation:created", summary);
      }
      updated(channelId, shared);
    },
    /** Someone left: their sockets leave its rooms and their sidebars drop it; the members see the new count. */
    left(workspaceId: string, channelId: string, userId: string, shared: ChannelShared): void {
      memberIds.delete(channelId);
      io.in(memberRoom(workspaceId, userId)).socketsLeave([channelRoom(channelId), conversationRoom(channelId)]);
      io.to(memberRoom(workspaceId, userId)).emit("conversation:removed", { conversationId: channelId });
      updated(channelId, shared);
    },
    updated,
  };

  /** To its members and to sockets that have it open (someone reading a public channel before joining). */
  function updated(channelId: string, channel: ChannelShared): void {
    io.to([channelRoom(channelId), conversationRoom(channelId)]).emit("channel:updated", { conversationId: channelId, channel });
  }
}

export type ChannelRealtime = ReturnType<typeof channelEvents>;
