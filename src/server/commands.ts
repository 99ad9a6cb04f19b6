// What the thin route handlers (and next-auth's callbacks) may ask of the running realtime
// server: a small typed command interface, registered once by the composition root (server.ts).
// Routes never touch `io`; services never use this. Next.js loads route bundles separately from
// server.ts, so this module keeps its one slot on globalThis: the only globalThis bridge between
// the two. A route that runs without it fails loudly (a 500 and a logged error), never silently:
// an absent realtime server would otherwise leave the sockets of a revoked session open.
import type { ConversationSummary, MessageView } from "@/shared/types";
import type { MemberCounts, MemberListPage } from "@/shared/member-list";
import type { PresenceSync } from "@/shared/presence";
import type { PresenceService } from "./presence/service";
import type { StatusService } from "./presence/status-service";
import type { DndService } from "./presence/dnd";
import type { SessionsEnded } from "./sessions";
import type { AwayAfter } from "@/shared/away";
import type { ChannelShared } from "@/shared/events";

/** A conversation opened by `creator`, as the conversation service returns it. */
export interface OpenedConversation {
  conversation: ConversationSummary;
  created: boolean;
  participantIds: string[];
  message?: MessageView;
}

/** Every member is a plain function (no `this`): safe to destructure and pass along. */
export interface Commands {
  /** Presence reads (a sync, some members read at a cost in proportion to them, or every member as one viewer may see them) and the changes routes make (allowlist, private last seen). */
  readonly presence: Pick<PresenceService, "sync" | "syncWatched" | "snapshot" | "allowlistChanged" | "privacyChanged">;
  /**
   * A workspace's member counts as this viewer sees them (online, total, ...), from this
   * instance's live member list: the first call builds it (a whole-workspace read), later ones
   * cost nothing; kept for 5 minutes after the last call.
   */
  readonly memberCounts: (workspaceId: string, viewerId: string) => Promise<MemberCounts>;
  /**
   * What a workspace page shows on first paint, as this viewer may see it (the same rules as the
   * socket): the member list's first `rows` rows with the counts, and the presence of the first
   * `watched` of them, of `alsoIds` (the DM list) and of the viewer, as a full sync answer the
   * page continues from.
   */
  readonly firstPaint: (
    workspaceId: string,
    viewerId: string,
    rows: number,
    watched: number,
    alsoIds: readonly string[],
  ) => Promise<{ page: MemberListPage; sync: PresenceSync }>;
  /** Custom statuses: set and clear, and who is told. */
  readonly statuses: Pick<StatusService, "set" | "clear">;
  /** Mode changes with timed and scheduled do-not-disturb. */
  readonly dnd: Pick<DndService, "setMode" | "saveSchedule">;
  /** A workspace's membership changed: every instance drops its cached member list and its pages refresh theirs. */
  readonly membersChanged: (workspaceId: string) => void;
  /** `userId` is no longer a member (removed, or left): their open pages of the workspace are disconnected at once, on every instance; then as membersChanged. */
  readonly memberRemoved: (workspaceId: string, userId: string) => void;
  /** Sessions ended: their open sockets are signed out and disconnected on every instance. */
  readonly sessionsEnded: SessionsEnded;
  /** The user's away setting changed: every open tab and device of theirs applies it (all instances). */
  readonly awaySettingChanged: (userId: string, awayAfter: AwayAfter) => void;
  /** A new conversation shows live in every participant's sidebar (nothing when it already existed). */
  readonly conversationCreated: (workspaceId: string, creator: { id: string; name: string }, opened: OpenedConversation) => void;
  /** People joined a channel or were added: their sockets join its room on every instance, their sidebars show it, its members see the new count. */
  readonly channelJoined: (workspaceId: string, channelId: string, userIds: string[], summary: ConversationSummary, shared: ChannelShared) => void;
  /** Someone left a channel: their sockets leave its rooms, their sidebars drop it. */
  readonly channelLeft: (workspaceId: string, channelId: string, userId: string, shared: ChannelShared) => void;
  /** A channel's topic, archived state or member count changed: its members and open pages are told. */
  readonly channelUpdated: (channelId: string, shared: ChannelShared) => void;
}

const slot = globalThis as unknown as { __rosterCommands?: Commands };

/**
 * Registers the running server's commands, once per process. Returns the function that
 * unregisters them (tests; a shutdown need not call it).
 */
export function registerCommands(c: Commands): () => void {
  if (slot.__rosterCommands && slot.__rosterCommands !== c) {
    throw new Error("Realtime commands are already registered: the app is composed once per process (server.ts).");
  }
  slot.__rosterCommands = c;
  return () => {
    if (slot.__rosterCommands === c) slot.__rosterCommands = undefined;
  };
}

/** The registered commands; throws when none are (the app was not started with server.ts). */
export function commands(): Commands {
  const c = slot.__rosterCommands;
  if (!c) throw new Error("The realtime server is not running: no commands are registered (start the app with server.ts, which registers them).");
  return c;
}
