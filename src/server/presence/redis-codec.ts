// How the Redis presence store's values are written and read back: the script arguments for a
// connection and a seed, and the records the scripts answer (layout in redis-scripts.ts).
import { DEVICE_KINDS, PRESENCE_MODES, PRESENCE_STATUSES, type DeviceKinds } from "@/shared/presence";
import type { CustomStatus, PresenceChange, PresenceMode, PresenceState, PresenceStatus, UserFields } from "./engine";
import { CHANGE_FIELDS } from "./redis-scripts";
import type { ConnectionRecord, UserSeed } from "./store";

export type Arg = string | number;

export function strings(reply: unknown): string[] {
  if (!Array.isArray(reply)) throw new Error("presence store: unexpected Redis reply");
  return reply.map((x: unknown) => (x === null ? "" : String(x)));
}

export const num = (s: string) => (s === "" ? null : Number(s));
export const asMode = (s: string): PresenceMode => ((PRESENCE_MODES as readonly string[]).includes(s) ? (s as PresenceMode) : "auto");
const asStatus = (s: string): PresenceStatus => ((PRESENCE_STATUSES as readonly string[]).includes(s) ? (s as PresenceStatus) : "offline");
const asDevices = (s: string | undefined): DeviceKinds | null => ((DEVICE_KINDS as readonly string[]).includes(s ?? "") ? (s as DeviceKinds) : null);
/** A connection's flag in P conns: activity and device kind (see redis-scripts.ts). */
export const connFlag = (c: ConnectionRecord) => (c.mobile ? (c.idle ? "n" : "m") : c.idle ? "1" : "0");

/** The custom status as stored in P ufx: "<expiry ms>\t<JSON>" ('' = none). */
export function encodeCustom(c: CustomStatus | null): string {
  return c ? `${c.expiresAt ? Date.parse(c.expiresAt) : ""}\t${JSON.stringify([c.emoji, c.text, c.expiresAt])}` : "";
}

/** Shown fields as stored in P ufx: "<dndUntil>\t<custom expiry>\t<custom JSON>" ('' = none). */
export function encodeFields(f: Partial<UserFields>): string {
  if (!f.custom && f.dndUntil == null) return "";
  return `${f.dndUntil ?? ""}\t${f.custom ? encodeCustom(f.custom) : "\t"}`;
}

const NO_FIELDS: UserFields = Object.freeze({ custom: null, dndUntil: null });

export function decodeFields(raw: string): UserFields {
  if (!raw) return NO_FIELDS;
  const [du = "", , body = ""] = raw.split("\t");
  let custom: CustomStatus | null = null;
  if (body) {
    const [emoji, text, expiresAt] = JSON.parse(body) as [string | null, string, string | null];
    custom = { emoji, text, expiresAt };
  }
  return { custom, dndUntil: num(du) };
}

// Built field by field (no object spread): a workspace read builds one per member.
function state(f: string[], i: number, devices: string | undefined, fields: string | undefined): PresenceState {
  const { custom, dndUntil } = decodeFields(fields ?? "");
  return {
    custom,
    dndUntil,
    mode: asMode(f[i]!),
    version: Number(f[i + 1]),
    publicVersion: Number(f[i + 2]),
    status: asStatus(f[i + 3]!),
    lastSeenAt: num(f[i + 4]!),
    publicLastSeenAt: num(f[i + 5]!),
    devices: asDevices(devices),
  };
}

export function changes(reply: unknown): PresenceChange[] {
  const f = strings(reply);
  const out: PresenceChange[] = [];
  for (let i = 0; i + CHANGE_FIELDS <= f.length; i += CHANGE_FIELDS) {
    out.push({ workspaceId: f[i]!, userId: f[i + 1]!, before: state(f, i + 2, f[i + 15], f[i + 17]), after: state(f, i + 8, f[i + 16], f[i + 18]), allowlistVersion: Number(f[i + 14]) });
  }
  return out;
}

/** "version|publicVersion|status|lastSeen|publicLastSeen" as stored in P st:<ws>. */
export function storedState(raw: string, mode: PresenceMode, devices: string, fields: string): PresenceState {
  const [v, pv, status, ls, pls] = raw.split("|");
  const { custom, dndUntil } = decodeFields(fields);
  return {
    custom,
    dndUntil,
    mode,
    version: Number(v),
    publicVersion: Number(pv),
    status: asStatus(status ?? ""),
    lastSeenAt: num(ls ?? ""),
    publicLastSeenAt: num(pls ?? ""),
    devices: asDevices(devices),
  };
}

export const seedArgs = (s: UserSeed): Arg[] => [s.mode, s.lastSeenAt ?? "", s.publicLastSeenAt ?? "", encodeFields(s)];
