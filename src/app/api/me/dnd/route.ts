import { dndScheduleInput } from "@/shared/dnd-schedule";
import { authed, ok, readBody } from "@/server/http";
import { getDb } from "@/server/db";
import { commands } from "@/server/commands";
import { profileChanged } from "@/server/profile-changed";

/** My do-not-disturb timer (when it ends) and weekly schedule. */
export const GET = authed(async ({ user }) => {
  const row = await getDb().user.findUnique({ where: { id: user.id }, select: { dndUntil: true, dndSchedule: true } });
  const schedule = dndScheduleInput.safeParse(row?.dndSchedule);
  return ok({ dndUntil: row?.dndUntil?.toISOString() ?? null, schedule: schedule.success ? schedule.data : null });
});

/** Saves the weekly schedule; a window already in force starts within a second. */
export const PUT = authed(async ({ req, user }) => {
  const { dnd } = commands();
  const schedule = await readBody(req, dndScheduleInput);
  await dnd.saveSchedule(user.id, schedule);
  // Others see working hours from it (the composer's off-hours line): their pages load it anew.
  await profileChanged(user.id);
  return ok({ schedule });
});
