import type { Realtime } from "./realtime/server";

// server.ts and the Next.js route bundles load modules separately; the realtime server that
// server.ts composed reaches the (thin) route handlers through this one bridge. Services never
// use it.
interface Runtime {
  realtime?: Realtime;
}
const g = globalThis as unknown as { __roster?: Runtime };

export const setRuntime = (next: Runtime) => {
  g.__roster = next;
};

/** The realtime server, when running under server.ts (absent in plain unit tests). */
export const getRealtime = (): Realtime | undefined => g.__roster?.realtime;

export function getPresence() {
  const presence = g.__roster?.realtime?.presence;
  if (!presence) throw new Error("The presence service is not running (start the app with server.ts).");
  return presence;
}

export function getStatuses() {
  const statuses = g.__roster?.realtime?.statuses;
  if (!statuses) throw new Error("The status service is not running (start the app with server.ts).");
  return statuses;
}

export function getDnd() {
  const dnd = g.__roster?.realtime?.dnd;
  if (!dnd) throw new Error("The presence service is not running (start the app with server.ts).");
  return dnd;
}
