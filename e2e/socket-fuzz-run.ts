import { io, type Socket } from "socket.io-client";
import { INTERNALS, prng } from "./fuzz-run";

// The seeded fuzz of socket events (fuzz.spec.ts): every client event with payloads full of lone
// surrogates, NUL, control and bidi characters, sent by a signed-in member who has a DM. Each
// acknowledgement is judged: always an answer, never "Something went wrong", never internals.

const SOCKETS = 3; // one user's tabs; each keeps under its per-socket budget (20 events a second)
const GAP_MS = 60;

/** The characters themselves (socket.io-client sends them JSON-escaped, as a browser would). */
export const SOCKET_BAD_TEXTS = [
  "\u0000",
  "a\u0000b",
  "\ud800",
  "\udfff",
  "ab\ud800",
  "\ud83d",
  "\udfff\ud800",
  "x\udc00y",
  "Admin\u202e (nimda)\u0007\b",
  "\u202ecod.exe",
  "\u2066x\u2069",
  "\u200fa\u200e",
  "\u0007",
  "\u001b[31m",
  "\u0085",
];
const PLAIN = ["", " ", "a", "x\r\ny", "x".repeat(4001), "😀", "👩\u200d💻 at work", "שלום", "<img src=x onerror=alert(1)>", "https://x.example"];

type Rand = ReturnType<typeof prng>;

export interface SocketTargets {
  conversationId: string;
  peerId: string;
}

export interface SocketCase {
  event: string;
  payload: unknown;
}

export function makeSocketCase(r: Rand, t: SocketTargets): SocketCase {
  const text = () => (r.chance(0.6) ? r.pick(SOCKET_BAD_TEXTS) : r.pick(PLAIN));
  const id = () => (r.chance(0.7) ? r.pick([t.conversationId, t.peerId]) : r.chance(0.5) ? r.pick(SOCKET_BAD_TEXTS) : "x".repeat(65));
  const iso = () => r.pick([new Date(Date.now() + 3600_000).toISOString(), new Date().toISOString(), "2020-01-01T00:00:00.000Z", text()]);
  const maybe = <T>(v: () => T) => (r.chance(0.5) ? v() : undefined);
  const cases: (() => SocketCase)[] = [
    () => ({ event: "message:send", payload: { conversationId: r.chance(0.8) ? t.conversationId : id(), body: text() } }),
    () => ({ event: "message:send", payload: { conversationId: t.conversationId, body: `${r.pick(PLAIN)}${r.pick(SOCKET_BAD_TEXTS)}${r.pick(PLAIN)}` } }),
    () => ({ event: "message:sendDirect", payload: { userId: r.chance(0.8) ? t.peerId : id(), body: text() } }),
    () => ({ event: "status:set", payload: { text: text(), emoji: r.pick([null, undefined, "😀", "\ud83d", text()]), expiresAt: r.pick([null, undefined, iso()]) } }),
    () => ({ event: "status:set", payload: { text: `${r.pick(PLAIN).slice(0, 20)}${r.pick(SOCKET_BAD_TEXTS)}` } }),
    () => ({ event: "status:clear", payload: r.pick([{}, { x: text() }]) }),
    () => ({ event: "message:edit", payload: { messageId: id(), body: text() } }),
    () => ({ event: "message:delete", payload: { messageId: id() } }),
    () => ({ event: r.pick(["reaction:add", "reaction:remove"]), payload: { messageId: id(), emoji: r.pick(["👍", "👍👍", "\ud83d", text()]) } }),
    () => ({ event: "conversation:join", payload: { conversationId: id() } }),
    () => ({ event: "conversation:leave", payload: { conversationId: id() } }),
    () => ({ event: "message:history", payload: { conversationId: id(), before: maybe(() => ({ createdAt: iso(), id: id() })) } }),
    () => ({ event: "conversation:read", payload: { conversationId: id(), upTo: iso() } }),
    () => ({ event: "presence:setMode", payload: { mode: r.pick(["auto", "away", "dnd", text()]), until: maybe(iso) } }),
    () => ({ event: "presence:activity", payload: { idle: r.pick([true, false, text()]) } }),
    () => ({ event: "presence:sync", payload: { since: r.pick([undefined, 0, -1, 1e20]), digest: maybe(text) } }),
    () => ({ event: r.pick(["message:send", "status:set", "presence:sync"]), payload: r.pick([text(), null, [text()], { [r.pick(SOCKET_BAD_TEXTS)]: text() }]) }),
  ];
  return r.pick(cases)();
}

export interface SocketFuzzResult {
  failures: string[];
  summary: string;
  seconds: number;
}

function open(url: string, cookie: string, slug: string): Promise<Socket> {
  const socket = io(url, { transports: ["websocket"], extraHeaders: { cookie }, auth: { workspace: slug }, reconnection: false, forceNew: true });
  return new Promise((resolve, reject) => {
    socket.once("connect", () => resolve(socket));
    socket.once("connect_error", (err) => reject(err));
  });
}

export async function runSocketFuzz(opts: { url: string; cookie: string; slug: string; seed: number; count: number; targets: SocketTargets }): Promise<SocketFuzzResult> {
  const r = prng(opts.seed);
  const cases = Array.from({ length: opts.count }, () => makeSocketCase(r, opts.targets));
  const sockets = await Promise.all(Array.from({ length: SOCKETS }, () => open(opts.url, opts.cookie, opts.slug)));
  const failures: string[] = [];
  const tally = new Map<string, number>();
  const count = (k: string) => tally.set(k, (tally.get(k) ?? 0) + 1);
  let i = 0;
  const started = Date.now();
  try {
    await Promise.all(
      sockets.map(async (socket) => {
        while (i < cases.length) {
          const n = i++;
          const c = cases[n]!;
          const what = `#${n} ${c.event} ${JSON.stringify(c.payload)?.slice(0, 120)}`;
          if (!socket.connected) {
            failures.push(`socket closed before ${what}`);
            return;
          }
          let answer: unknown;
          try {
            answer = await socket.timeout(10_000).emitWithAck(c.event, c.payload);
          } catch {
            failures.push(`no answer in 10 s: ${what}`);
            count("none");
            continue;
          }
          const a = answer as { ok?: unknown; error?: unknown } | null;
          count(a?.ok === true ? "ok" : "refused");
          const error = typeof a?.error === "string" ? a.error : "";
          if (a?.ok !== true && !error) failures.push(`answer without an error: ${what} -> ${JSON.stringify(answer)?.slice(0, 200)}`);
          if (/Something went wrong/i.test(error)) failures.push(`"Something went wrong": ${what}`);
          if (INTERNALS.test(error)) failures.push(`internals: ${what} -> ${error.slice(0, 200)}`);
          await new Promise((res) => setTimeout(res, GAP_MS));
        }
      }),
    );
  } finally {
    for (const s of sockets) s.close();
  }
  const summary = [...tally].map(([k, v]) => `${k}:${v}`).join(" ");
  return { failures, summary, seconds: (Date.now() - started) / 1000 };
}
