// The Socket.IO event contract, declared once for the server and the client.
// Client requests are verbs (`message:send`); server broadcasts are past tense (`message:created`).
import type { ConversationSummary, MessageEdit, MessagePage, MessageView, MessageWindow, ReactionChange, ReactionView, ReadState } from "./types";
import type { MyPresence, PresenceMode, PresenceSync, PresenceSyncRequest, VisiblePresence } from "./presence";
import type { CustomStatus } from "./custom-status";
import type { AwayAfter } from "./away";
import type { MemberCounts, MemberListPage, MemberListRow, RangeOp } from "./member-list";
import type { ChannelInfo } from "./channel";

/** A channel as all its members see it alike (each one's notify choice is their own). */
export type ChannelShared = Omit<ChannelInfo, "notify">;
/** "N online" of a channel, as one viewer may see it. */
export interface ChannelCounts {
  online: number;
  total: number;
}

/** Error of presence requests while the presence store (Redis) is unreachable. */
export const PRESENCE_UNAVAILABLE = "Presence is temporarily unavailable.";
/** Handshake refusals a client retries with backoff, maybe reaching another instance. */
export const REFUSED_RESTARTING = "Server is restarting; reconnecting elsewhere.";
export const REFUSED_UNAVAILABLE = "Temporarily unavailable: the database cannot be reached; retrying.";
/** The handshake's session is missing or ended: the client goes to the sign-in page. */
export const SIGNED_OUT_REFUSAL = "Unauthorized: sign in first.";
export const RETRYABLE_REFUSALS: readonly string[] = [REFUSED_RESTARTING, REFUSED_UNAVAILABLE];

export type AckResult<T> = { ok: true; data: T } | { ok: false; error: string };
export type Ack<T> = (result: AckResult<T>) => void;

export interface ClientToServerEvents {
  "conversation:join": (payload: { conversationId: string }, ack: Ack<{ conversationId: string }>) => void;
  "conversation:leave": (payload: { conversationId: string }, ack: Ack<{ conversationId: string }>) => void;
  "message:send": (payload: { conversationId: string; body: string }, ack: Ack<MessageView>) => void;
  /**
   * Older messages: a page before the cursor (the newest page without one); or, with `around`, the
   * page around that message, and with `after` the page newer than the cursor (both with an `after`
   * cursor). Participants only.
   */
  "message:history": (
    payload: { conversationId: string; before?: { createdAt: string; id: string }; around?: { id: string }; after?: { createdAt: string; id: string } },
    ack: Ack<MessagePage | MessageWindow>,
  ) => void;
  /** First message to a member with no 1:1 DM yet: creates the DM and the message together. */
  "message:sendDirect": (payload: { userId: string; body: string }, ack: Ack<{ conversation: ConversationSummary; message: MessageView }>) => void;
  /** Edit my own message (participants only; the body follows the rules of a new message). */
  "message:edit": (payload: { messageId: string; body: string }, ack: Ack<MessageEdit>) => void;
  /** Delete my own message: it disappears for everyone. */
  "message:delete": (payload: { messageId: string }, ack: Ack<{ id: string; conversationId: string }>) => void;
  /** Add my reaction (one emoji) to a message; adding it again changes nothing. Answers the message's reactions. */
  "reaction:add": (payload: { messageId: string; emoji: string }, ack: Ack<{ reactions: ReactionView[] }>) => void;
  /** Remove my reaction; removing one I do not have changes nothing. */
  "reaction:remove": (payload: { messageId: string; emoji: string }, ack: Ack<{ reactions: ReactionView[] }>) => void;
  /** Read state: marks the conversation read up to `upTo` (ISO time; only moves forward), participants only. */
  "conversation:read": (payload: { conversationId: string; upTo: string }, ack: Ack<ReadState>) => void;
  /** How many of a channel's members are online as I may see them (invisible members count as offline), members of the channel only. */
  "channel:counts": (payload: { conversationId: string }, ack: Ack<ChannelCounts>) => void;
  /** This connection became active or idle (hidden, blurred, or no input for the idle timeout). */
  "presence:activity": (payload: { idle: boolean }, ack: Ack<{ idle: boolean }>) => void;
  /** Periodic re-statement of this connection's activity; heals a lost activity event. */
  "presence:heartbeat": (payload: { idle: boolean }, ack: Ack<{ serverTime: string }>) => void;
  /** With `until` (dnd only): a timed do-not-disturb; the previous mode comes back by itself then. */
  "presence:setMode": (payload: { mode: PresenceMode; until?: string }, ack: Ack<{ mode: PresenceMode; dndUntil?: string }>) => void;
  /** Snapshot, delta since a version, or an anti-entropy check (digest): see PresenceSyncRequest. */
  "presence:sync": (payload: PresenceSyncRequest, ack: Ack<PresenceSync>) => void;
  /**
   * The people this socket shows (member list rows, DM list, open conversation, admin page):
   * it receives live presence for them (and itself) only, and `presence:sync` covers them only.
   * Replaces the previous set; at most MAX_WATCHED ids. Answers the presence of the ids it adds
   * (members of this workspace only; others are left out). With `versions` (the version held of
   * each id, 0 for none), it leaves out what the client already holds (a reconnect costs nothing).
   */
  "presence:subscribe": (payload: { userIds: string[]; versions?: number[] }, ack: Ack<{ members: VisiblePresence[] }>) => void;
  /**
   * Rows [start, end) of the member list (at most MAX_RANGE_ROWS); this socket then gets
   * `members:ops` for them. With the digest of the rows held for this range: `unchanged` if equal.
   */
  "members:range": (payload: { start: number; end: number; digest?: string }, ack: Ack<MemberListPage>) => void;
  /** Members whose name has a word starting with `q`, in list order (at most MAX_SEARCH_ROWS); not live. */
  "members:search": (payload: { q: string }, ack: Ack<{ rows: MemberListRow[] }>) => void;
  /** Custom status: set (emoji and/or text, optional expiry) or clear; answers what is stored (viewers get it in `presence:updated`). */
  /** I am typing in this conversation (sent at most every 3 s while typing). */
  "typing:start": (payload: { conversationId: string }, ack: Ack<{ conversationId: string }>) => void;
  /** I stopped (sent, emptied the draft, or left the composer). */
  "typing:stop": (payload: { conversationId: string }, ack: Ack<{ conversationId: string }>) => void;
  "status:set": (payload: { emoji?: string | null; text?: string; expiresAt?: string | null }, ack: Ack<{ custom: CustomStatus | null }>) => void;
  "status:clear": (payload: Record<string, never>, ack: Ack<{ custom: CustomStatus | null }>) => void;
}

export interface ServerToClientEvents {
  "message:created": (message: MessageView) => void;
  /** A message was edited: its new body and edit time (to participants, like a new message; never unread, never a notification). */
  "message:updated": (edit: MessageEdit) => void;
  /** A message was deleted: it disappears. Participants who had not read it also get their new read state. */
  "message:deleted": (payload: { id: string; conversationId: string }) => void;
  /** A reaction was added or removed (to participants; never unread, never a notification). */
  "reaction:updated": (change: ReactionChange) => void;
  /** A conversation entered my sidebar: a new DM, or a channel I created, joined or was added to. */
  "conversation:created": (conversation: ConversationSummary) => void;
  /** I left a channel (on some device): it leaves my sidebar. */
  "conversation:removed": (payload: { conversationId: string }) => void;
  /** A channel's name, topic, archived state or member count changed: to its members and to sockets that have it open. */
  "channel:updated": (payload: { conversationId: string; channel: ChannelShared }) => void;
  /** The user's read state of a conversation changed (read on some device, or they sent a message): to all their sockets. */
  "conversation:readUpdated": (state: ReadState) => void;
  /** Presence changes, already filtered for this viewer; batched per tick, highest version per user. */
  "presence:updated": (payload: { updates: VisiblePresence[] }) => void;
  /** The server may have missed changes (the presence store came back after an outage): sync now. */
  "presence:resync": () => void;
  /** My own mode changed (another tab, a timed do-not-disturb ended or a scheduled one began). */
  "presence:me": (payload: MyPresence) => void;
  /** My away setting changed (on the Account page, in any tab or device): every tab applies it at once. */
  "presence:awayUpdated": (payload: { awayAfter: AwayAfter }) => void;
  /** The subscribed range of the member list changed: apply the ops in order; counts are the list's now. */
  "members:ops": (payload: { ops: RangeOp[]; counts: MemberCounts }) => void;
  /** The list's counts changed (sent at most about once a second, to every socket with a range). */
  "members:counts": (counts: MemberCounts) => void;
  /** The list was rebuilt (members joined or left, or the server lost track): ask for the range again. */
  "members:invalidated": () => void;
  /** Someone in an open conversation started or stopped typing (a start expires after 6 s without another). */
  "typing:updated": (payload: { conversationId: string; userId: string; typing: boolean }) => void;
  /** The server is shutting down; reconnect (to another instance) right away. */
  "server:draining": () => void;
  /** Someone joined or left this workspace (or a role changed): reload the member list. */
  "workspace:membersChanged": () => void;
  /** This socket's session ended (signed out here or everywhere, password changed): go to the sign-in page. */
  "auth:signedOut": () => void;
}

/** Between server instances (through the Socket.IO adapter). */
export interface InterServerEvents {
  /** A workspace's member list changed: drop cached copies. */
  "presence:membersChanged": (workspaceId: string) => void;
  /** Presence deliveries of one workspace, for each instance to fan out to its own watchers. */
  "presence:deliver": (workspaceId: string, deliveries: PresenceDelivery[]) => void;
  /** Sessions ended (sign-out, sign out everywhere, password change): disconnect their sockets. Null ids: all of the user's. */
  "auth:sessionsEnded": (userId: string, sessionIds: string[] | null) => void;
}

/** One presence update and who of its watchers receive it (all, only some members, or all but some). */
export interface PresenceDelivery {
  update: VisiblePresence;
  only?: string[];
  except?: string[];
}

export interface SocketData {
  userId: string;
  /** The server-side session (Session row) the socket was opened with; ending it disconnects the socket. */
  sessionId?: string;
  /** Client address counted against the per-address socket cap. */
  ip: string;
  /** Workspace this socket is scoped to, checked against the database at connect time. */
  workspaceId: string;
  /** Activity reported in the handshake, so a hidden tab never flashes active. */
  idle: boolean;
  /** When the socket joined its workspace room (ms); a snapshot read before this may miss updates. */
  joinedAt: number;
  /** The user's presence fields from the database at connect (seed the store if it has none). */
  seed: { mode: PresenceMode; lastSeenAt: number | null; publicLastSeenAt: number | null };
  /** The same tab's previous connection, replaced by this one. */
  prev?: string;
  /** Its channels in the workspace, read during the handshake (used once, at connect). */
  channelIds?: string[];
  /** Watches every member until it subscribes (a small workspace); else only itself. */
  watchAll?: boolean;
}

/**
 * Handshake `auth`: the workspace slug, whether the tab is idle, and the id of this tab's
 * previous connection (kept in sessionStorage), which the new one replaces at once, so a
 * reload or reconnect costs no broadcast and leaves no ghost connection behind.
 */
export interface HandshakeAuth {
  workspace: string;
  idle?: boolean;
  prev?: string;
}
