// Profiles: name, title, time zone and picture. Services take ids; the routes decide who may ask.
import { randomBytes } from "node:crypto";
import { getDb } from "../db";
import { dndScheduleInput } from "@/shared/dnd-schedule";
import type { AvatarSize, MyProfile, OffHours, PersonProfile } from "@/shared/profile";
import type { ProfileInput } from "@/shared/profile-input";

const PROFILE = { id: true, name: true, title: true, timeZone: true, avatarVersion: true, dndSchedule: true } as const;

/** Working hours from a do-not-disturb schedule: its windows when it is on, else none. */
export function offHoursOf(schedule: unknown): OffHours | null {
  const s = dndScheduleInput.safeParse(schedule);
  if (!s.success || !s.data.enabled) return null;
  const { days, start, end, timeZone } = s.data;
  return { days, start, end, timeZone };
}

type Row = { id: string; name: string; title: string | null; timeZone: string | null; avatarVersion: string | null; dndSchedule: unknown };
const person = (u: Row): PersonProfile => ({
  id: u.id,
  name: u.name,
  title: u.title,
  timeZone: u.timeZone,
  avatar: u.avatarVersion,
  offHours: offHoursOf(u.dndSchedule),
});

export async function myProfile(userId: string): Promise<MyProfile | null> {
  const u = await getDb().user.findUnique({ where: { id: userId }, select: { name: true, title: true, timeZone: true, avatarVersion: true } });
  return u && { name: u.name, title: u.title, timeZone: u.timeZone, avatar: u.avatarVersion };
}

/** Saves the fields given (an empty title clears it); answers the profile as saved. */
export async function saveProfile(userId: string, input: ProfileInput): Promise<MyProfile> {
  const data: { name?: string; title?: string | null; timeZone?: string } = {};
  if (input.name !== undefined) data.name = input.name;
  if (input.title !== undefined) data.title = input.title || null;
  if (input.timeZone !== undefined) data.timeZone = input.timeZone;
  const u = await getDb().user.update({ where: { id: userId }, data, select: { name: true, title: true, timeZone: true, avatarVersion: true } });
  return { name: u.name, title: u.title, timeZone: u.timeZone, avatar: u.avatarVersion };
}

/** The workspaces a user is in: whoever shares one of them hears of a profile change. */
export async function workspaceIdsOf(userId: string): Promise<string[]> {
  const rows = await getDb().membership.findMany({ where: { userId }, select: { workspaceId: true } });
  return rows.map((r) => r.workspaceId);
}

/** Profiles of those of `ids` who are members of the workspace (anyone else is left out). */
export async function peopleIn(workspaceId: string, ids: string[]): Promise<PersonProfile[]> {
  const rows = await getDb().user.findMany({ where: { id: { in: ids }, memberships: { some: { workspaceId } } }, select: PROFILE });
  return rows.map(person);
}

/** Stores a new picture (both sizes, already made) and answers its version. */
export async function saveAvatar(userId: string, images: { large: Buffer; small: Buffer }): Promise<string> {
  const version = randomBytes(6).toString("base64url");
  const data = { large: new Uint8Array(images.large), small: new Uint8Array(images.small), updatedAt: new Date() };
  await getDb().$transaction([
    getDb().avatar.upsert({ where: { userId }, create: { userId, ...data }, update: data }),
    getDb().user.update({ where: { id: userId }, data: { avatarVersion: version } }),
  ]);
  return version;
}

export async function removeAvatar(userId: string): Promise<void> {
  await getDb().$transaction([
    getDb().avatar.deleteMany({ where: { userId } }),
    getDb().user.update({ where: { id: userId }, data: { avatarVersion: null } }),
  ]);
}

/**
 * A user's picture for a viewer who shares a workspace with them (themselves included), or null:
 * no picture, no such user and no shared workspace look the same.
 */
export async function avatarFor(viewerId: string, userId: string, size: AvatarSize): Promise<{ bytes: Uint8Array; version: string } | null> {
  const shared =
    viewerId === userId ||
    (await getDb().membership.findFirst({ where: { userId, workspace: { memberships: { some: { userId: viewerId } } } }, select: { id: true } })) !== null;
  if (!shared) return null;
  const u = await getDb().user.findUnique({
    where: { id: userId },
    select: { avatarVersion: true, avatar: { select: size === 256 ? { large: true } : { small: true } } },
  });
  if (!u?.avatarVersion || !u.avatar) return null;
  const bytes = "large" in u.avatar ? u.avatar.large : (u.avatar as { small: Uint8Array }).small;
  return { bytes, version: u.avatarVersion };
}
