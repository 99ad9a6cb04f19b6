// The body of PUT /api/me/theme: its own module, so pages that only need the theme words
// (src/shared/theme.ts) load no schema code.
import * as z from "zod/mini";
import "./zod";
import { THEMES } from "./theme";

export const themeInput = z.strictObject({ theme: z.enum(THEMES, { message: "theme must be system, light or dark." }) });
