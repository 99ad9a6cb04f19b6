// The query of GET /api/workspaces/:slug/presence: its own module, so pages that only need
// presence words and types (src/shared/presence.ts) load no schema code.
import * as z from "zod/mini";
import "./zod";
import { PRESENCE_IDS_MAX, PRESENCE_PAGE_LIMIT, presenceCursor, presenceId } from "./presence";

/** The query string of GET /api/workspaces/:slug/presence (every field optional). */
export const workspacePresenceQuery = z
  .object({
    ids: z.pipe(
      z.optional(z.string()),
      z.transform((s: string | undefined, ctx) => {
        if (s === undefined) return undefined;
        const ids = s.split(",");
        if (ids.length > PRESENCE_IDS_MAX) {
          ctx.issues.push({ code: "custom", message: `Ask for at most ${PRESENCE_IDS_MAX} ids at once.`, input: s });
          return z.NEVER;
        }
        if (!ids.every((id) => presenceId.test(id))) {
          ctx.issues.push({ code: "custom", message: "ids: user ids separated by commas.", input: s });
          return z.NEVER;
        }
        return [...new Set(ids)];
      }),
    ),
    cursor: z.pipe(
      z.optional(z.string()),
      z.transform((s: string | undefined, ctx) => {
        if (s === undefined) return undefined;
        const after = presenceCursor.decode(s);
        if (after === null) {
          ctx.issues.push({ code: "custom", message: "Invalid cursor.", input: s });
          return z.NEVER;
        }
        return after;
      }),
    ),
    limit: z.pipe(
      z.optional(z.string()),
      z.transform((s: string | undefined, ctx) => {
        if (s === undefined) return undefined;
        const n = Number(s);
        if (!/^\d+$/.test(s) || n < 1 || n > PRESENCE_PAGE_LIMIT) {
          ctx.issues.push({ code: "custom", message: `Limit must be a whole number from 1 to ${PRESENCE_PAGE_LIMIT}.`, input: s });
          return z.NEVER;
        }
        return n;
      }),
    ),
  })
  .check(z.refine((q) => q.ids === undefined || (q.cursor === undefined && q.limit === undefined), "ids: not with cursor or limit (ids answer in one page)."));
export type WorkspacePresenceQuery = z.infer<typeof workspacePresenceQuery>;
