import type { RosterServer } from "./realtime/types";

// server.ts and the Next.js route bundles load modules separately; the Socket.IO
// server they share lives on globalThis.
const g = globalThis as unknown as { __rosterIo?: RosterServer };

export const setIo = (io: RosterServer | undefined) => {
  g.__rosterIo = io;
};

/** The Socket.IO server, when running under server.ts (absent in plain unit tests). */
export const getIo = (): RosterServer | undefined => g.__rosterIo;
