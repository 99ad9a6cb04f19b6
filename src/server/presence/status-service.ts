// Custom statuses: set and clear. The status is part of the user's presence record, so it reaches
// viewers only through the presence funnel, with the record's version and its audience rule
// (while invisible, only the user and their allowlist); the database copy follows (write queue).
import { expiryError, type CustomStatus } from "@/shared/custom-status";
import { AppError } from "../errors";
import type { PresenceService } from "./service";

export interface StatusOptions {
  presence: Pick<PresenceService, "setCustom">;
  now?: () => number;
}

export class StatusService {
  private readonly now: () => number;

  constructor(private readonly opts: StatusOptions) {
    this.now = opts.now ?? Date.now;
  }

  async set(userId: string, status: CustomStatus): Promise<{ custom: CustomStatus | null }> {
    const err = expiryError(status.expiresAt, this.now());
    if (err) throw new AppError(400, err);
    const custom = { ...status, expiresAt: status.expiresAt && new Date(status.expiresAt).toISOString() };
    await this.opts.presence.setCustom(userId, custom);
    return { custom };
  }

  async clear(userId: string): Promise<{ custom: CustomStatus | null }> {
    await this.opts.presence.setCustom(userId, null);
    return { custom: null };
  }
}
