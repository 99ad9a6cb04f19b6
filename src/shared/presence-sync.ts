// Pure merge of presence snapshots and updates, shared by the server (digests) and the client.
// Rule: per user, the highest version wins, so a late batch or an older snapshot never
// overwrites a newer state, whatever order they arrive in. The record is whole: status, last
// seen, devices, custom status and do-not-disturb end move together under one version.
// One exception: an entry marked `replace` (sent to a viewer just taken off an allowlist, who
// held private versions outsiders never get) replaces what is held.
import type { PresenceSync, VisiblePresence } from "./presence";

export type PresenceMap = ReadonlyMap<string, VisiblePresence>;

/** Applies live updates; returns the same map object when nothing was newer. */
export function applyUpdates(map: PresenceMap, updates: readonly VisiblePresence[]): PresenceMap {
  let next: Map<string, VisiblePresence> | null = null;
  for (const u of updates) {
    const cur = (next ?? map).get(u.userId);
    if (cur && cur.version >= u.version && !u.replace) continue;
    next ??= new Map(map);
    const { replace: _, ...entry } = u;
    next.set(u.userId, entry);
  }
  return next ?? map;
}

/**
 * Applies a sync answer. A full snapshot replaces the map (members it lacks are gone), except
 * where the map already holds a newer version than the snapshot; a delta is applied as updates.
 */
export function applySync(map: PresenceMap, sync: Pick<PresenceSync, "full" | "members">): PresenceMap {
  if (!sync.full) return applyUpdates(map, sync.members);
  const next = new Map<string, VisiblePresence>();
  for (const s of sync.members) {
    const cur = map.get(s.userId);
    next.set(s.userId, cur && cur.version > s.version ? cur : s);
  }
  return next;
}

/** The highest version held: what a reconnecting client sends as `since`. */
export function highestVersion(map: PresenceMap): number {
  let max = 0;
  for (const p of map.values()) if (p.version > max) max = p.version;
  return max;
}

/** FNV-1a, 32 bits. */
function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Hash of one entry; XOR-ing these gives the digest, so it can be adjusted entry by entry. */
export function entryHash(userId: string, version: number): number {
  return fnv1a(`${userId}:${version}`);
}

export function digestHex(xor: number): string {
  return (xor >>> 0).toString(16).padStart(8, "0");
}

/** Order-independent digest of (userId, version) pairs: equal digests mean equal views. */
export function presenceDigest(entries: Iterable<Pick<VisiblePresence, "userId" | "version">>): string {
  let x = 0;
  for (const e of entries) x ^= entryHash(e.userId, e.version);
  return digestHex(x);
}
