import net from "node:net";

// The client's address for throttles and logs.

const plain = (ip: string) => (ip.startsWith("::ffff:") && net.isIPv4(ip.slice(7)) ? ip.slice(7) : ip);

/** Loopback, private and link-local addresses: hops of our own network (proxies), never a remote client. */
export function isInternal(ip: string): boolean {
  const a = plain(ip);
  if (net.isIPv4(a)) {
    const [x, y] = a.split(".").map(Number) as [number, number];
    return x === 10 || x === 127 || (x === 172 && y >= 16 && y <= 31) || (x === 192 && y === 168) || (x === 169 && y === 254);
  }
  const l = a.toLowerCase();
  return l === "::1" || l.startsWith("fc") || l.startsWith("fd") || l.startsWith("fe80:");
}

/**
 * The socket's address; with TRUST_PROXY, the X-Forwarded-For hop added by our proxies: read from
 * the right (the part our proxies wrote), skipping internal hops, the first external address.
 * Hops to its left were written by the client and are never believed. All internal: the right-most.
 */
export function clientAddress(remote: string | undefined, forwardedFor: string | string[] | undefined, trustProxy: boolean): string {
  const socket = remote ? plain(remote) : "unknown";
  if (!trustProxy || !forwardedFor) return socket;
  const hops = (Array.isArray(forwardedFor) ? forwardedFor.join(",") : forwardedFor)
    .split(",")
    .map((h) => plain(h.trim()));
  let rightmost: string | undefined;
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = hops[i]!;
    if (!net.isIP(hop)) break; // a malformed hop ends what we can trust
    rightmost ??= hop;
    if (!isInternal(hop)) return hop;
  }
  return rightmost ?? socket;
}
