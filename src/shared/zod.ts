// Configures zod/mini, the zod of code that also runs in the browser: modules there import
// `* as z from "zod/mini"` (tree-shakable functions, so the bundle carries only the checks in
// use) and this module beside it. The server validates with those same schemas; its own modules
// may use full zod (both share zod's core and this configuration).
// English messages as full zod words them (zod/mini loads no locale by itself).
// In the browser, zod's fast path for objects first probes `Function("")`, which the
// Content-Security-Policy (no 'unsafe-eval') reports as a violation; browsers only parse small
// forms, so they skip the probe. The server keeps the fast path.
import { config } from "zod/mini";
import en from "zod/v4/locales/en.js";

config(en());
if (typeof window !== "undefined") config({ jitless: true });
