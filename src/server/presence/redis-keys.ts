// Key names of the Redis presence store (layout in redis-scripts.ts). A user's keys carry their
// bucket's hash tag, so every script of one user runs in one slot of a Redis Cluster; the
// instances' liveness lives under {g}.
import { BUCKETS } from "./redis-scripts";

/** The user's bucket: FNV-1a of the id, mod BUCKETS (stable across processes and versions). */
export function bucketOf(userId: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < userId.length; i++) {
    h ^= userId.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h % BUCKETS;
}

export class PresenceKeys {
  constructor(private readonly p: string) {
    if (/[{}]/.test(p)) throw new Error("presence store: the key prefix must not contain '{' or '}' (hash tags follow it)");
  }
  private tag(k: number): string {
    return `${this.p}{b${k}}`;
  }
  /** A bucket's keys in script order: modes, ufx, alv, epoch, ix. */
  bucket(k: number): string[] {
    const t = this.tag(k);
    return [`${t}modes`, `${t}ufx`, `${t}alv`, `${t}epoch`, `${t}ix`];
  }
  /** One user's keys in one workspace, in script order: uws, st, dev, conns. */
  item(userId: string, workspaceId: string): string[] {
    const t = this.tag(bucketOf(userId));
    return [`${t}uws:${userId}`, `${t}st:${workspaceId}`, `${t}dev:${workspaceId}`, `${t}conns:${workspaceId}:${userId}`];
  }
  /** A bucket's keys for a read, in script order: st, dev, modes, alv, ufx, epoch. */
  read(k: number, workspaceId: string): string[] {
    const t = this.tag(k);
    return [`${t}st:${workspaceId}`, `${t}dev:${workspaceId}`, `${t}modes`, `${t}alv`, `${t}ufx`, `${t}epoch`];
  }
  uws(userId: string): string {
    return `${this.tag(bucketOf(userId))}uws:${userId}`;
  }
  modes(userId: string): string {
    return `${this.tag(bucketOf(userId))}modes`;
  }
  ix(k: number): string {
    return `${this.tag(k)}ix`;
  }
  get instances(): string {
    return `${this.p}{g}instances`;
  }
  get beats(): string {
    return `${this.p}{g}beats`;
  }
  get reaping(): string {
    return `${this.p}{g}reaping`;
  }
  instanceBuckets(instanceId: string): string {
    return `${this.p}{g}ib:${instanceId}`;
  }
}
