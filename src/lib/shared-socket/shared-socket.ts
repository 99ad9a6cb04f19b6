// One Socket.IO connection per browser and workspace. Every tab asks for the workspace's Web
// Lock; the holder (the leader) opens the real socket and keeps the lock for its lifetime. The
// other tabs talk to it over a BroadcastChannel of the same name: they send the events they
// would emit (the leader emits them and relays the acks), and receive every event the socket
// receives. When the leader goes, the next lock holder connects, naming the old socket as the
// one it replaces, so the server hands over without a gap. Browser parts are handed in.
import { Tabs } from "./tabs";
import type { ChannelLike, ConnectionState, LocksLike, RawSocket, RealtimeSocket } from "./types";

/** Tabs restate their activity this often (a silent tab expires: TAB_EXPIRY_MS). */
export const TAB_BEAT_MS = 5_000;
/**
 * A tab that closed keeps counting this long (like the server's grace period for a closing
 * connection): a reloading tab is back before it ends, so its reload never reads as idle.
 */
export const TAB_HOLD_MS = 3_000;

type Msg =
  | { t: "hello"; from: string }
  | { t: "tab"; from: string; idle: boolean }
  | { t: "bye"; from: string; socketId?: string }
  | { t: "conn"; from: string; connected: boolean; socketId?: string; state: ConnectionState; error: string | null }
  | { t: "event"; from: string; event: string; args: unknown[] }
  | { t: "emit"; from: string; id: number; event: string; payload: unknown; timeoutMs?: number; ack: boolean }
  | { t: "ack"; from: string; to: string; id: number; err: string | null; res?: unknown };

export interface SharedSocketDeps {
  name: string;
  tabId: string;
  locks: LocksLike;
  channel: ChannelLike;
  /** Opens the real socket (leader only). `prev`: the connection it replaces; `idle()`: the tabs' union, for the handshake; `report`: the connection's state. */
  open(prev: string | undefined, idle: () => boolean, report: (state: ConnectionState, error: string | null) => void): RawSocket;
  /** Whether this tab is idle now. */
  idle(): boolean;
  /** The connection's state as this tab should show it. */
  onState(state: ConnectionState, error: string | null): void;
  now?: () => number;
  /** TAB_HOLD_MS unless told. */
  holdMs?: number;
  setInterval?: (fn: () => void, ms: number) => unknown;
  clearInterval?: (handle: unknown) => void;
  setTimeout?: (fn: () => void, ms: number) => unknown;
  clearTimeout?: (handle: unknown) => void;
}

type Listener = (...args: any[]) => void;

export class SharedSocket implements RealtimeSocket {
  private listeners = new Map<string, Set<Listener>>();
  private real: RawSocket | null = null;
  private isConnected = false;
  private leaderId: string | null = null;
  /** The last leader's socket: the one a new leader replaces. */
  private lastSocketId: string | undefined;
  private state: { state: ConnectionState; error: string | null } = { state: "connecting", error: null };
  private pending = new Map<number, { cb: Listener; timeout: boolean; timer?: unknown }>();
  private nextId = 1;
  private release: (() => void) | null = null;
  private disposed = false;
  private beat: unknown;
  private readonly tabs: Tabs;
  private readonly now: () => number;

  constructor(private readonly deps: SharedSocketDeps) {
    this.now = deps.now ?? Date.now;
    this.tabs = new Tabs(this.now);
    this.tabs.setIdle(deps.tabId, deps.idle());
    deps.channel.addEventListener("message", (e) => this.receive(e.data as Msg));
    this.post({ t: "hello", from: deps.tabId });
    this.post({ t: "tab", from: deps.tabId, idle: deps.idle() });
    const every = deps.setInterval ?? ((fn, ms) => setInterval(fn, ms));
    this.beat = every(() => this.tick(), TAB_BEAT_MS);
    void deps.locks.request(deps.name, () => {
      if (this.disposed) return Promise.resolve();
      return new Promise<void>((resolve) => {
        this.release = resolve;
        this.lead();
      });
    });
  }

  get connected(): boolean {
    return this.isConnected;
  }

  get leader(): boolean {
    return this.real !== null;
  }

  on(event: string, listener: Listener) {
    const set = this.listeners.get(event) ?? new Set();
    set.add(listener);
    this.listeners.set(event, set);
    return this;
  }

  off(event: string, listener: Listener) {
    this.listeners.get(event)?.delete(listener);
    return this;
  }

  emit(event: string, payload: unknown, ack?: Listener) {
    this.send(event, payload, ack ? (_err: unknown, res: unknown) => ack(res) : undefined);
    return this;
  }

  timeout(ms: number) {
    return { emit: (event: string, payload: unknown, ack: Listener) => void this.send(event, payload, ack, ms) };
  }

  /** This tab's activity changed. */
  setIdle(idle: boolean) {
    this.post({ t: "tab", from: this.deps.tabId, idle });
    this.tabIdle(this.deps.tabId, idle);
  }

  /** The page goes away: tell the others at once (the lock follows when the page is gone). */
  leaving() {
    this.post({ t: "bye", from: this.deps.tabId, socketId: this.real?.id });
  }

  dispose() {
    if (this.disposed) return;
    this.disposed = true;
    this.leaving();
    (this.deps.clearInterval ?? ((h) => clearInterval(h as ReturnType<typeof setInterval>)))(this.beat);
    this.real?.disconnect();
    this.real = null;
    this.release?.();
    this.deps.channel.close();
  }

  private lead() {
    this.leaderId = this.deps.tabId;
    if (this.isConnected) this.setConnected(false, "transport close");
    const real = this.deps.open(this.lastSocketId, () => this.tabs.unionIdle(), (state, error) => {
      this.state = { state, error };
      this.deps.onState(state, error);
      this.announce();
    });
    this.real = real;
    real.on("connect", () => {
      this.tabs.reset();
      this.lastSocketId = real.id;
      this.setConnected(true, "");
      this.announce();
    });
    real.on("disconnect", (reason: string) => {
      this.setConnected(false, reason);
      this.announce();
    });
    real.onAny((event: string, ...args: unknown[]) => {
      if (event === "presence:updated") this.tabs.learn((args[0] as { updates?: [] })?.updates);
      this.dispatch(event, args);
      this.post({ t: "event", from: this.deps.tabId, event, args });
    });
  }

  private announce() {
    if (!this.real) return;
    this.post({ t: "conn", from: this.deps.tabId, connected: this.real.connected, socketId: this.real.id, ...this.state });
  }

  private send(event: string, payload: unknown, cb?: Listener, timeoutMs?: number) {
    if (this.real) return this.relay(this.deps.tabId, event, payload, cb, timeoutMs);
    const id = this.nextId++;
    if (cb) {
      const entry: { cb: Listener; timeout: boolean; timer?: unknown } = { cb, timeout: timeoutMs !== undefined };
      if (timeoutMs !== undefined) {
        entry.timer = (this.deps.setTimeout ?? setTimeout)(() => {
          this.pending.delete(id);
          cb(new Error("operation has timed out"));
        }, timeoutMs);
      }
      this.pending.set(id, entry);
    }
    this.post({ t: "emit", from: this.deps.tabId, id, event, payload, timeoutMs, ack: Boolean(cb) });
  }

  /** Leader: emits a tab's event on the real socket; `cb(err, res)` gets the answer. */
  private relay(from: string, event: string, payload: unknown, cb?: Listener, timeoutMs?: number) {
    const real = this.real!;
    const out = this.tabs.outgoing(from, event, payload);
    if ("reply" in out) return cb?.(null, out.reply);
    const shape = out.answer ?? ((r: unknown) => r);
    if (!cb) return void real.emit(event, out.send, () => {});
    if (timeoutMs === undefined) return void real.emit(event, out.send, (res: unknown) => cb(null, shape(res)));
    real.timeout(timeoutMs).emit(event, out.send, (err: Error | null, res: unknown) => (err ? cb(err) : cb(null, shape(res))));
  }

  private receive(msg: Msg) {
    if (this.disposed || !msg || typeof msg !== "object" || msg.from === this.deps.tabId) return;
    switch (msg.t) {
      case "hello":
        this.post({ t: "tab", from: this.deps.tabId, idle: this.deps.idle() });
        return this.announce();
      case "tab":
        return this.tabIdle(msg.from, msg.idle);
      case "bye":
        if (msg.from === this.leaderId && !this.real) {
          this.lastSocketId = msg.socketId ?? this.lastSocketId;
          this.leaderId = null;
          if (this.isConnected) this.setConnected(false, "transport close");
          this.deps.onState("reconnecting", null);
        }
        return this.forget(msg.from);
      case "conn":
        if (this.real) return; // a leader that lost its lock is gone; never two
        this.leaderId = msg.from;
        this.lastSocketId = msg.socketId ?? this.lastSocketId;
        this.deps.onState(msg.state, msg.error);
        if (msg.connected !== this.isConnected) this.setConnected(msg.connected, "transport close");
        return;
      case "event":
        if (!this.real && msg.from === this.leaderId) this.dispatch(msg.event, msg.args);
        return;
      case "emit":
        if (!this.real) return;
        this.tabs.seen(msg.from);
        return this.relay(msg.from, msg.event, msg.payload, msg.ack
          ? (err: Error | null, res?: unknown) => this.post({ t: "ack", from: this.deps.tabId, to: msg.from, id: msg.id, err: err ? err.message : null, res })
          : undefined, msg.timeoutMs);
      case "ack": {
        if (msg.to !== this.deps.tabId) return;
        const entry = this.pending.get(msg.id);
        if (!entry) return;
        this.pending.delete(msg.id);
        if (entry.timer !== undefined) (this.deps.clearTimeout ?? ((h) => clearTimeout(h as ReturnType<typeof setTimeout>)))(entry.timer);
        return msg.err ? entry.cb(new Error(msg.err)) : entry.cb(null, msg.res);
      }
    }
  }

  private tabIdle(tab: string, idle: boolean) {
    if (this.tabs.setIdle(tab, idle)) this.reportIdle();
  }

  private forget(tab: string, hold = true) {
    const left = this.tabs.remove(tab);
    if (this.real?.connected) for (const conversationId of left) this.real.emit("conversation:leave", { conversationId }, () => {});
    const go = () => {
      if (this.tabs.removeIdle(tab)) this.reportIdle();
    };
    if (hold) (this.deps.setTimeout ?? setTimeout)(go, this.deps.holdMs ?? TAB_HOLD_MS);
    else go();
  }

  private reportIdle() {
    if (this.real?.connected) this.real.emit("presence:activity", { idle: this.tabs.unionIdle() }, () => {});
  }

  private tick() {
    this.post({ t: "tab", from: this.deps.tabId, idle: this.deps.idle() });
    this.tabIdle(this.deps.tabId, this.deps.idle());
    if (this.real) for (const tab of this.tabs.expired(this.deps.tabId)) this.forget(tab, false);
  }

  private setConnected(connected: boolean, reason: string) {
    this.isConnected = connected;
    this.dispatch(connected ? "connect" : "disconnect", connected ? [] : [reason]);
  }

  private dispatch(event: string, args: unknown[]) {
    for (const l of [...(this.listeners.get(event) ?? [])]) l(...args);
  }

  private post(msg: Msg) {
    if (!this.disposed || msg.t === "bye") this.deps.channel.postMessage(msg);
  }
}
