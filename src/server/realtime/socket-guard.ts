import { ownOrigins } from "../http-guard/checks";

/**
 * Open sockets per user and per client address on this instance. A tab holds one socket, so
 * the per-user cap is far above real use; it stops one account (or one script) from making
 * the server hold and check thousands of connections.
 */
export class SocketCaps {
  private readonly byUser = new Map<string, number>();
  private readonly byIp = new Map<string, number>();

  constructor(
    private readonly perUser: number,
    private readonly perIp: number,
  ) {}

  /** Counts the socket in, or says why not (nothing is counted then). */
  admit(userId: string, ip: string): string | null {
    if ((this.byIp.get(ip) ?? 0) >= this.perIp) return "Too many connections from your network; close some tabs and retry.";
    if ((this.byUser.get(userId) ?? 0) >= this.perUser) return "Too many open tabs or devices; close some and retry.";
    bump(this.byUser, userId, 1);
    bump(this.byIp, ip, 1);
    return null;
  }

  release(userId: string, ip: string): void {
    bump(this.byUser, userId, -1);
    bump(this.byIp, ip, -1);
  }
}

function bump(map: Map<string, number>, key: string, by: number) {
  const n = (map.get(key) ?? 0) + by;
  if (n > 0) map.set(key, n);
  else map.delete(key);
}

/**
 * A browser's WebSocket handshake always carries Origin; it must be this app's. Clients with
 * no Origin (the load generator, native tools) pass: a cross-site page cannot omit it.
 */
export function socketOriginAllowed(origin: string | undefined, host: string | undefined, publicUrl: string | undefined): boolean {
  return !origin || ownOrigins(publicUrl, host).includes(origin.toLowerCase());
}
