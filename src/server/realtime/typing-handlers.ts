// Typing indicators: forwarded to the conversation's open pages (its room), never stored or
// written to Redis keys. An invisible sender reaches only the people on their allowlist
// (engine.typingAudience); the sender's own tabs hear nothing. A start is forwarded at most every
// 2 s per socket and conversation, and a socket that closes while typing sends a stop.
import { joinConversationInput } from "@/shared/schemas";
import { TYPING_EXPIRES_MS, TYPING_FORWARD_EVERY_MS } from "@/shared/typing";
import type { PresenceService } from "../presence/service";
import { requireParticipant } from "../services/conversations";
import { event, type EventTable } from "../socket/router";
import { conversationRoom, memberRoom } from "../socket/rooms";
import type { RosterServer, RosterSocket } from "../socket/types";

interface Typing {
  /** A DM's participants; null for a channel (its open pages are its members'). */
  participants: string[] | null;
  /** When the last start was forwarded (0: none since the last stop). */
  startedAt: number;
}

export interface TypingRelay {
  events: EventTable;
  /** The socket closed: a stop for every conversation it was typing in. */
  closed(socket: RosterSocket): void;
}

/** Stands for "anyone who is not on the typer's allowlist" when asking who may see them type in a channel. */
const CHANNEL_VIEWER = "\u0000channel";

export function typingRelay(io: RosterServer, presence: Pick<PresenceService, "typingAudience">, now: () => number = Date.now): TypingRelay {
  const bySocket = new WeakMap<RosterSocket, Map<string, Typing>>();

  async function entry(socket: RosterSocket, conversationId: string): Promise<Typing> {
    let mine = bySocket.get(socket);
    if (!mine) bySocket.set(socket, (mine = new Map()));
    let t = mine.get(conversationId);
    if (!t) {
      // Checked once per socket and conversation (a non-participant learns nothing: not found).
      const c = await requireParticipant(socket.data.userId, conversationId, socket.data.workspaceId);
      mine.set(conversationId, (t = { participants: c.channelName === null ? c.participants.map((p) => p.user.id) : null, startedAt: 0 }));
    }
    return t;
  }

  async function send(socket: RosterSocket, conversationId: string, t: Typing, typing: boolean): Promise<void> {
    const { userId, workspaceId } = socket.data;
    if (!t.participants) {
      // A channel: everyone with it open, unless the typer is invisible (then nobody: the room
      // cannot be narrowed to their allowlist, and an outsider must not see them type).
      const seenBy = await presence.typingAudience(workspaceId, userId, [CHANNEL_VIEWER]);
      if (seenBy.length) io.to(conversationRoom(conversationId)).except(memberRoom(workspaceId, userId)).emit("typing:updated", { conversationId, userId, typing });
      return;
    }
    const audience = new Set(await presence.typingAudience(workspaceId, userId, t.participants));
    const left = t.participants.filter((p) => !audience.has(p));
    // The room holds the open pages of every participant; those not in the audience (and the sender) are left out.
    io.to(conversationRoom(conversationId))
      .except(left.map((p) => memberRoom(workspaceId, p)))
      .emit("typing:updated", { conversationId, userId, typing });
  }

  return {
    events: {
      "typing:start": event(joinConversationInput, async (socket, { conversationId }) => {
        const t = await entry(socket, conversationId);
        const at = now();
        if (t.startedAt && at - t.startedAt < TYPING_FORWARD_EVERY_MS) return { conversationId };
        t.startedAt = at;
        await send(socket, conversationId, t, true);
        return { conversationId };
      }),
      "typing:stop": event(joinConversationInput, async (socket, { conversationId }) => {
        const t = await entry(socket, conversationId);
        if (!t.startedAt) return { conversationId };
        t.startedAt = 0;
        await send(socket, conversationId, t, false);
        return { conversationId };
      }),
    },
    closed(socket) {
      const mine = bySocket.get(socket);
      if (!mine) return;
      const at = now();
      for (const [conversationId, t] of mine) {
        if (t.startedAt && at - t.startedAt < TYPING_EXPIRES_MS) void send(socket, conversationId, t, false).catch(() => undefined);
      }
    },
  };
}
