// Custom statuses: set, clear, and who is told. The database holds the status; every change and
// every visibility change (mode, allowlist) is one `announce` to each of the user's workspaces:
// everyone while the user is visible; while invisible, only the user and their allowlist get it,
// and everyone else gets null. Versions are server time taken after the last read, so of two
// racing announcements the later one, which read the newer state, wins on every client.
import { expiryError, type CustomStatus, type StatusUpdate } from "@/shared/custom-status";
import { AppError } from "../errors";
import { warnThrottled } from "../logger";
import { memberRoom, workspaceRoom } from "../socket/rooms";
import type { RosterServer } from "../socket/types";
import type { PresenceMode } from "./engine";
import type { PresenceStore } from "./store";
import { loadUserStatus, writeStatus } from "./statuses";
import { loadAllowlists, loadUser } from "./users";

/** Where status updates go: the service decides the audiences, this only delivers. */
export interface StatusEmitter {
  toWorkspace(workspaceId: string, u: StatusUpdate): void;
  toMembers(workspaceId: string, userIds: readonly string[], u: StatusUpdate): void;
  toWorkspaceExcept(workspaceId: string, exceptUserIds: readonly string[], u: StatusUpdate): void;
}

export class SocketStatusEmitter implements StatusEmitter {
  constructor(private readonly io: RosterServer) {}
  toWorkspace(workspaceId: string, u: StatusUpdate) {
    this.io.to(workspaceRoom(workspaceId)).emit("status:updated", u);
  }
  toMembers(workspaceId: string, userIds: readonly string[], u: StatusUpdate) {
    if (userIds.length) this.io.to(userIds.map((id) => memberRoom(workspaceId, id))).emit("status:updated", u);
  }
  toWorkspaceExcept(workspaceId: string, exceptUserIds: readonly string[], u: StatusUpdate) {
    this.io.to(workspaceRoom(workspaceId)).except(exceptUserIds.map((id) => memberRoom(workspaceId, id))).emit("status:updated", u);
  }
}

export class StatusService {
  private readonly now: () => number;

  constructor(
    private readonly opts: { store: PresenceStore; emitter: StatusEmitter; now?: () => number },
  ) {
    this.now = opts.now ?? Date.now;
  }

  async set(userId: string, status: CustomStatus): Promise<StatusUpdate> {
    const err = expiryError(status.expiresAt, this.now());
    if (err) throw new AppError(400, err);
    const expiresAt = status.expiresAt && new Date(status.expiresAt).toISOString();
    await writeStatus(userId, { ...status, expiresAt });
    return this.announce(userId);
  }

  async clear(userId: string): Promise<StatusUpdate> {
    await writeStatus(userId, null);
    return this.announce(userId);
  }

  /** The user's mode or allowlist changed: each viewer gets the status they may now see. */
  visibilityChanged(userId: string): void {
    this.announce(userId).catch((err: unknown) => warnThrottled({ err: String(err), userId }, "status announcement failed"));
  }

  /** Reads the stored status, the mode and the allowlist, and tells each audience; returns the user's own view. */
  private async announce(userId: string): Promise<StatusUpdate> {
    const found = await loadUserStatus(userId, this.now());
    if (!found) throw new AppError(404, "User not found.");
    const { status, workspaceIds } = found;
    const invisible = (await this.modeOf(userId, workspaceIds)) === "invisible";
    // Read fresh (not from a cache): a viewer just taken off the list must not get the status.
    const allow = invisible ? ((await loadAllowlists([userId])).get(userId) ?? []) : [];
    const version = this.now();
    const update: StatusUpdate = { userId, status, version };
    for (const ws of workspaceIds) {
      if (!invisible) this.opts.emitter.toWorkspace(ws, update);
      else {
        const insiders = [userId, ...allow];
        this.opts.emitter.toMembers(ws, insiders, update);
        this.opts.emitter.toWorkspaceExcept(ws, insiders, { userId, status: null, version });
      }
    }
    return update;
  }

  /** The mode as the store holds it (it is written there first); the database's if unknown; invisible if unreadable. */
  private async modeOf(userId: string, workspaceIds: string[]): Promise<PresenceMode> {
    try {
      const mode = workspaceIds.length ? await this.opts.store.modeOf(userId) : undefined;
      return mode ?? (await loadUser(userId))?.seed.mode ?? "invisible";
    } catch {
      return "invisible"; // fail closed: only the user and their allowlist are told
    }
  }
}
