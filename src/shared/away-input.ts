// The body of PUT /api/me/away: its own module, so pages that only need the away words
// (src/shared/away.ts) load no schema code.
import * as z from "zod/mini";
import "./zod";
import { AWAY_AFTER } from "./away";

export const awayInput = z.strictObject({ awayAfter: z.enum(AWAY_AFTER, { message: "awayAfter must be switch, minute or input." }) });
