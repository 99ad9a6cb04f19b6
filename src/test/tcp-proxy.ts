// A loopback TCP proxy of the test's own, put in front of a real service (PostgreSQL, Redis) to
// cut it off and restore it, and to count what the code under test sends to it. The service
// itself is never stopped: other tests share it.
import net from "node:net";
import type { AddressInfo } from "node:net";

export interface TcpProxy {
  /** Loopback port to connect to instead of the target. */
  readonly port: number;
  /** Bytes received from clients (what the code under test sent to the service), since start. */
  readonly bytesFromClient: number;
  /** Data events from clients: a rough count of messages (a write may be split or merged). */
  readonly chunksFromClient: number;
  /**
   * PostgreSQL only: frontend messages from clients by type ("Q" simple query, "P" parse,
   * "E" execute, "X" terminate, ...), parsed from the wire. Startup and SSL requests are not counted.
   */
  readonly pgMessages: Readonly<Record<string, number>>;
  /** PostgreSQL only: statements run (simple queries + executes). */
  readonly pgQueries: number;
  /** Connections currently open through the proxy. */
  readonly openConnections: number;
  /** Destroys every open connection, and refuses new ones (accepted, then destroyed at once) until restore(). */
  cut(): void;
  restore(): void;
  /**
   * Holds each chunk a client sends for `ms()` milliseconds before passing it on (order kept
   * within a connection, not across them: a statement sent later on another connection may land
   * first). `null` passes chunks on at once again.
   */
  delay(ms: (() => number) | null): void;
  close(): Promise<void>;
}

export async function startTcpProxy(targetHost: string, targetPort: number): Promise<TcpProxy> {
  const pairs = new Set<{ client: net.Socket; upstream: net.Socket }>();
  let isCut = false;
  let delayMs: (() => number) | null = null;
  let bytesFromClient = 0;
  let chunksFromClient = 0;
  const pgMessages: Record<string, number> = {};

  const server = net.createServer((client) => {
    if (isCut) {
      client.destroy();
      return;
    }
    const upstream = net.connect(targetPort, targetHost);
    const pair = { client, upstream };
    const parse = pgFrontendParser((type) => (pgMessages[type] = (pgMessages[type] ?? 0) + 1));
    let sendAt = 0; // when this connection's last held chunk goes out
    pairs.add(pair);
    const end = () => {
      pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on("data", (buf: Buffer) => {
      bytesFromClient += buf.length;
      chunksFromClient += 1;
      parse(buf);
      if (delayMs || sendAt > Date.now()) {
        sendAt = Math.max(sendAt, Date.now() + (delayMs?.() ?? 0));
        setTimeout(() => upstream.destroyed || upstream.write(buf), sendAt - Date.now());
        return;
      }
      if (!upstream.write(buf)) client.pause();
    });
    upstream.on("drain", () => client.resume());
    upstream.on("data", (buf: Buffer) => {
      if (!client.write(buf)) upstream.pause();
    });
    client.on("drain", () => upstream.resume());
    client.on("close", end);
    upstream.on("close", end);
    client.on("error", end);
    upstream.on("error", end);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const cut = () => {
    isCut = true;
    for (const { client, upstream } of [...pairs]) {
      client.destroy();
      upstream.destroy();
    }
    pairs.clear();
  };

  return {
    port,
    get bytesFromClient() {
      return bytesFromClient;
    },
    get chunksFromClient() {
      return chunksFromClient;
    },
    get pgMessages() {
      return { ...pgMessages };
    },
    get pgQueries() {
      return (pgMessages.Q ?? 0) + (pgMessages.E ?? 0);
    },
    get openConnections() {
      return pairs.size;
    },
    cut,
    restore() {
      isCut = false;
    },
    delay(ms) {
      delayMs = ms;
    },
    async close() {
      cut();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * Splits a PostgreSQL client's byte stream into frontend messages and reports each one's type.
 * The stream opens with untyped messages (SSLRequest/GSSENCRequest, then StartupMessage:
 * int32 length + int32 code); every later message is a type byte + int32 length (itself included).
 */
function pgFrontendParser(onMessage: (type: string) => void): (buf: Buffer) => void {
  let pending: Buffer = Buffer.alloc(0);
  let started = false;
  return (buf) => {
    pending = pending.length ? Buffer.concat([pending, buf]) : buf;
    for (;;) {
      if (!started) {
        if (pending.length < 8) return;
        const len = pending.readInt32BE(0);
        if (pending.length < len) return;
        const code = pending.readInt32BE(4);
        if (code === 196608) started = true; // protocol 3.0 StartupMessage; 80877103/80877104: SSL/GSS requests
        pending = pending.subarray(len);
        continue;
      }
      if (pending.length < 5) return;
      const len = pending.readInt32BE(1);
      if (pending.length < 1 + len) return;
      onMessage(String.fromCharCode(pending[0]!));
      pending = pending.subarray(1 + len);
    }
  };
}
