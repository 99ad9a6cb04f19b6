import { describe, expect, it, vi } from "vitest";
import { SharedSocket } from "./shared-socket";
import { tabSocket } from "./index";
import type { ChannelLike, LocksLike, RawSocket } from "./types";

/** BroadcastChannel: delivers to every other channel of the name, asynchronously. */
function bus() {
  const all = new Set<{ listeners: ((e: { data: unknown }) => void)[] }>();
  return (): ChannelLike => {
    const me = { listeners: [] as ((e: { data: unknown }) => void)[] };
    all.add(me);
    return {
      postMessage: (data) => {
        const copy = structuredClone(data);
        for (const c of all) if (c !== me) queueMicrotask(() => c.listeners.forEach((l) => l({ data: copy })));
      },
      addEventListener: (_t, l) => void me.listeners.push(l),
      close: () => void all.delete(me),
    };
  };
}

/** Web Locks: one holder per name, the next waiter when its callback's promise settles. */
function locks(): LocksLike {
  const queue: (() => Promise<void>)[] = [];
  let held = false;
  const next = () => {
    const cb = queue.shift();
    if (!cb) return void (held = false);
    held = true;
    void cb().then(next);
  };
  return {
    request: (_name, cb) => {
      queue.push(cb);
      if (!held) next();
      return Promise.resolve();
    },
  };
}

/** A server socket: records emits, answers by `answers`. */
class FakeSocket implements RawSocket {
  static n = 1;
  id = `s${FakeSocket.n++}`;
  connected = false;
  emitted: { event: string; payload: any }[] = [];
  handlers = new Map<string, ((...a: any[]) => void)[]>();
  any: ((event: string, ...args: any[]) => void)[] = [];
  constructor(readonly answers: (event: string, payload: any) => unknown) {}
  on(event: string, l: (...a: any[]) => void) {
    this.handlers.set(event, [...(this.handlers.get(event) ?? []), l]);
  }
  onAny(l: (event: string, ...args: any[]) => void) {
    this.any.push(l);
  }
  emit(event: string, payload: any, ack?: (res: unknown) => void) {
    this.emitted.push({ event, payload });
    ack?.(this.answers(event, payload));
  }
  timeout() {
    return { emit: (event: string, payload: any, ack: (err: Error | null, res: unknown) => void) => this.emit(event, payload, (res) => ack(null, res)) };
  }
  disconnect() {
    this.connected = false;
  }
  up() {
    this.connected = true;
    this.handlers.get("connect")?.forEach((l) => l());
  }
  server(event: string, ...args: unknown[]) {
    this.any.forEach((l) => l(event, ...args));
  }
}

const settle = () => new Promise((r) => setTimeout(r, 0));

function browser(answers: (event: string, payload: any) => unknown = () => ({ ok: true, data: {} })) {
  const channel = bus();
  const lock = locks();
  const sockets: { tab: string; socket: FakeSocket; prev?: string; idle: () => boolean }[] = [];
  const tab = (tabId: string, idle = false) => {
    const state = { idle };
    const s = new SharedSocket({
      name: "roster:socket:w",
      tabId,
      locks: lock,
      channel: channel(),
      idle: () => state.idle,
      onState: () => {},
      open: (prev, unionIdle) => {
        const socket = new FakeSocket(answers);
        sockets.push({ tab: tabId, socket, prev, idle: unionIdle });
        return socket;
      },
      holdMs: 0,
      setInterval: () => 0,
      clearInterval: () => {},
    });
    return Object.assign(s, { activity: state });
  };
  return { tab, sockets };
}

describe("SharedSocket", () => {
  it("elects one leader: only the first tab opens a socket, and every tab sees it connect", async () => {
    const b = browser();
    const [t1, t2, t3] = [b.tab("a"), b.tab("b"), b.tab("c")];
    await settle();
    expect(b.sockets.map((s) => s.tab)).toEqual(["a"]);
    expect([t1.leader, t2.leader, t3.leader]).toEqual([true, false, false]);
    const seen = vi.fn();
    t3.on("connect", seen);
    b.sockets[0]!.socket.up();
    await settle();
    expect(seen).toHaveBeenCalledTimes(1);
    expect([t1.connected, t2.connected, t3.connected]).toEqual([true, true, true]);
  });

  it("relays a follower's emit with its ack, and the socket's events to the followers", async () => {
    const b = browser((event, payload) => ({ ok: true, data: { event, body: payload.body } }));
    const t1 = b.tab("a");
    const t2 = b.tab("b");
    await settle();
    b.sockets[0]!.socket.up();
    await settle();
    const answer = await new Promise((resolve) => t2.timeout(1000).emit("message:send", { conversationId: "c1", body: "hi" }, (err: Error | null, res: unknown) => resolve({ err, res })));
    expect(answer).toEqual({ err: null, res: { ok: true, data: { event: "message:send", body: "hi" } } });
    expect(b.sockets[0]!.socket.emitted).toContainEqual({ event: "message:send", payload: { conversationId: "c1", body: "hi" } });
    const got = vi.fn();
    t2.on("message:created", got);
    const mine = vi.fn();
    t1.on("message:created", mine);
    b.sockets[0]!.socket.server("message:created", { id: "m1" });
    await settle();
    expect(got).toHaveBeenCalledWith({ id: "m1" });
    expect(mine).toHaveBeenCalledWith({ id: "m1" });
  });

  it("reports idle only when every tab is idle", async () => {
    const b = browser();
    const t1 = b.tab("a");
    const t2 = b.tab("b");
    await settle();
    const socket = b.sockets[0]!.socket;
    socket.up();
    await settle();
    const reported = () => socket.emitted.filter((e) => e.event === "presence:activity").map((e) => e.payload.idle);
    t1.setIdle(true);
    await settle();
    expect(reported()).toEqual([]); // tab b is still active
    t2.emit("presence:activity", { idle: true }, () => {});
    await settle();
    expect(reported().at(-1)).toBe(true);
    t2.setIdle(false);
    await settle();
    expect(reported().at(-1)).toBe(false);
    // A follower's heartbeat restates the union, not its own state.
    t1.activity.idle = true;
    t2.activity.idle = true;
    t2.emit("presence:heartbeat", { idle: true }, () => {});
    await settle();
    t1.emit("presence:heartbeat", { idle: true }, () => {});
    await settle();
    expect(socket.emitted.filter((e) => e.event === "presence:heartbeat").map((e) => e.payload.idle)).toEqual([true, true]);
    // An active tab that leaves: the others are idle, so the user is.
    const t3 = b.tab("c");
    await settle();
    expect(reported().at(-1)).toBe(false);
    t3.dispose();
    await settle();
    await settle();
    expect(reported().at(-1)).toBe(true);
  });

  it("hands over when the leader goes: the next tab connects in place of the old socket, idle as the tabs are", async () => {
    const b = browser();
    const t1 = b.tab("a");
    const t2 = b.tab("b", true);
    const t3 = b.tab("c");
    await settle();
    const first = b.sockets[0]!.socket;
    first.up();
    await settle();
    const down = vi.fn();
    const up = vi.fn();
    t3.on("disconnect", down);
    t3.on("connect", up);
    t1.dispose();
    await settle();
    await settle();
    expect(b.sockets.map((s) => s.tab)).toEqual(["a", "b"]);
    expect(b.sockets[1]!.prev).toBe(first.id);
    expect(b.sockets[1]!.idle()).toBe(false); // tab c is active, though b (the new leader) is not
    b.sockets[1]!.socket.up();
    await settle();
    expect(down).toHaveBeenCalledTimes(1);
    expect(up).toHaveBeenCalledTimes(1);
    const answer = await new Promise((resolve) => t3.emit("typing:start", { conversationId: "c1" }, resolve));
    expect(answer).toEqual({ ok: true, data: {} });
    expect(b.sockets[1]!.socket.emitted.map((e) => e.event)).toContain("typing:start");
    expect(t2.leader).toBe(true);
  });

  it("keeps a conversation joined while any tab has it open", async () => {
    const b = browser((_e, p) => ({ ok: true, data: p }));
    const t1 = b.tab("a");
    const t2 = b.tab("b");
    await settle();
    const socket = b.sockets[0]!.socket;
    socket.up();
    await settle();
    t1.emit("conversation:join", { conversationId: "c1" }, () => {});
    t2.emit("conversation:join", { conversationId: "c1" }, () => {});
    await settle();
    const left = await new Promise((resolve) => t2.emit("conversation:leave", { conversationId: "c1" }, resolve));
    expect(left).toEqual({ ok: true, data: { conversationId: "c1" } });
    expect(socket.emitted.filter((e) => e.event === "conversation:leave")).toEqual([]);
    t1.emit("conversation:leave", { conversationId: "c1" }, () => {});
    expect(socket.emitted.filter((e) => e.event === "conversation:leave")).toHaveLength(1);
  });

  it("watches the union of the tabs' people and answers each tab its own", async () => {
    const presence = (userId: string, version: number) => ({ userId, version, status: "active" });
    const b = browser((event, payload) =>
      event === "presence:subscribe" ? { ok: true, data: { members: payload.userIds.filter((id: string) => id !== "me").map((id: string) => presence(id, 5)) } } : { ok: true, data: {} },
    );
    const t1 = b.tab("a");
    const t2 = b.tab("b");
    await settle();
    const socket = b.sockets[0]!.socket;
    socket.up();
    await settle();
    t1.emit("presence:subscribe", { userIds: ["u1", "u2"], versions: [0, 0] }, () => {});
    const answer = await new Promise<any>((resolve) => t2.emit("presence:subscribe", { userIds: ["u2", "u3"], versions: [0, 0] }, resolve));
    expect(socket.emitted.at(-1)).toEqual({ event: "presence:subscribe", payload: { userIds: ["u1", "u2", "u3"], versions: [0, 0, 0] } });
    expect(answer.data.members.map((m: { userId: string }) => m.userId).sort()).toEqual(["u2", "u3"]);
  });
});

describe("tabSocket", () => {
  it("falls back to a socket per tab without Web Locks", () => {
    const real = new FakeSocket(() => undefined);
    const open = vi.fn(() => real);
    const t = tabSocket({ channel: bus() }, { workspace: "w", open, idle: () => false, onState: () => {} });
    expect(open).toHaveBeenCalledTimes(1);
    expect(t.socket).toBe(real);
  });
});
