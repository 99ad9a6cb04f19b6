// The bodies and queries of the profile routes: PUT /api/me/profile and GET /api/workspaces/:slug/people.
import * as z from "zod/mini";
import "./zod";
import { text } from "./text-schema";
import { displayName } from "./schemas";
import { isKnownTimeZone, MAX_PEOPLE_IDS, MAX_TITLE_LENGTH } from "./profile";

export const titleInput = text("name", "Title").check(z.maxLength(MAX_TITLE_LENGTH, `Title must be at most ${MAX_TITLE_LENGTH} characters.`));
export const timeZoneInput = z.string().check(z.maxLength(64, "Unknown time zone."), z.refine(isKnownTimeZone, "Unknown time zone."));

/**
 * PUT /api/me/profile: the fields to change (at least one). An empty title clears it. A browser's
 * first visit sends only the time zone it detects.
 */
export const profileInput = z
  .strictObject({
    name: z.optional(displayName),
    title: z.optional(titleInput),
    timeZone: z.optional(timeZoneInput),
  })
  .check(z.refine((p) => p.name !== undefined || p.title !== undefined || p.timeZone !== undefined, "Send a name, a title or a time zone."));
export type ProfileInput = z.output<typeof profileInput>;

/** GET /api/workspaces/:slug/people?ids=a,b */
export const peopleQuery = z.object({
  ids: z.pipe(
    z.string().check(z.maxLength(MAX_PEOPLE_IDS * 40)),
    z.transform((s: string) => [...new Set(s.split(",").filter(Boolean))]),
  ).check(z.refine((ids: string[]) => ids.length > 0 && ids.length <= MAX_PEOPLE_IDS && ids.every((id) => /^[A-Za-z0-9_-]{1,40}$/.test(id)), `ids: 1 to ${MAX_PEOPLE_IDS} user ids.`)),
});
