import type { RosterServer } from "./realtime/types";
import type { PresenceService } from "./presence/service";

// server.ts and the Next.js route bundles load modules separately; the Socket.IO server
// and the presence service they share live on globalThis.
interface Runtime {
  io?: RosterServer;
  presence?: PresenceService;
}
const g = globalThis as unknown as { __roster?: Runtime };
const runtime = (): Runtime => (g.__roster ??= {});

export const setRuntime = (next: Runtime) => {
  g.__roster = next;
};

/** The Socket.IO server, when running under server.ts (absent in plain unit tests). */
export const getIo = (): RosterServer | undefined => runtime().io;

export function getPresence(): PresenceService {
  const presence = runtime().presence;
  if (!presence) throw new Error("The presence service is not running (start the app with server.ts).");
  return presence;
}
