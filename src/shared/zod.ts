// zod for code that also runs in the browser. There, zod's fast path for objects first probes
// `Function("")`, which the Content-Security-Policy (no 'unsafe-eval') reports as a violation;
// browsers only parse small forms, so they skip the probe. The server keeps the fast path.
import { z } from "zod";

if (typeof window !== "undefined") z.config({ jitless: true });

export { z };
