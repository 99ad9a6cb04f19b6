// zod for code that also runs in the browser: zod/mini (tree-shakable functions instead of methods),
// so the browser bundle carries only the checks in use. The server validates with these same
// schemas; its own modules may use full zod (both share zod's core and its configuration).
// English messages as full zod words them (zod/mini loads no locale by itself).
// In the browser, zod's fast path for objects first probes `Function("")`, which the
// Content-Security-Policy (no 'unsafe-eval') reports as a violation; browsers only parse small
// forms, so they skip the probe. The server keeps the fast path.
import * as z from "zod/mini";
import en from "zod/v4/locales/en.js";

z.config(en());
if (typeof window !== "undefined") z.config({ jitless: true });

export { z };
