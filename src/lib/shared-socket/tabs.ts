// What the leader tab keeps about every tab sharing its socket, so one connection can stand for
// all of them: activity (idle only when every tab is), the people each tab watches (the socket
// watches the union), the member-list rows each shows, the conversations each has open, and the
// presence the socket last received (to answer a tab that watches people another tab already did).
import { MAX_RANGE_ROWS } from "@/shared/member-list";
import type { VisiblePresence } from "@/shared/presence";

/** A tab unheard of this long is gone (it crashed, or its `bye` was lost). */
export const TAB_EXPIRY_MS = 15_000;

/** What to do with a tab's emit: send this payload (and maybe reshape the answer), or answer at once. */
export type Outgoing =
  | { send: unknown; answer?: (res: any) => any }
  | { reply: unknown };

export class Tabs {
  private idle = new Map<string, { idle: boolean; seen: number }>();
  private subs = new Map<string, string[]>();
  private ranges = new Map<string, [number, number]>();
  private joins = new Map<string, Set<string>>();
  private known = new Map<string, VisiblePresence>();

  constructor(private readonly now: () => number) {}

  /** Records a tab's activity; true when the union changed. */
  setIdle(tab: string, idle: boolean): boolean {
    const before = this.unionIdle();
    this.idle.set(tab, { idle, seen: this.now() });
    return before !== this.unionIdle();
  }

  /** A sign of life without news. */
  seen(tab: string) {
    const t = this.idle.get(tab);
    if (t) t.seen = this.now();
  }

  /** Idle only when every tab is (no tabs known: active). */
  unionIdle(): boolean {
    if (!this.idle.size) return false;
    for (const t of this.idle.values()) if (!t.idle) return false;
    return true;
  }

  tabIds(): string[] {
    return [...this.idle.keys()];
  }

  /** Tabs unheard since TAB_EXPIRY_MS (not `keep`, the leader itself). */
  expired(keep: string): string[] {
    const cut = this.now() - TAB_EXPIRY_MS;
    return [...this.idle].filter(([id, t]) => id !== keep && t.seen < cut).map(([id]) => id);
  }

  /** A tab went away: forgets what it showed; answers the conversations nobody has open any more. */
  remove(tab: string): string[] {
    this.subs.delete(tab);
    this.ranges.delete(tab);
    const left: string[] = [];
    for (const [conv, tabs] of this.joins) {
      if (tabs.delete(tab) && !tabs.size) {
        this.joins.delete(conv);
        left.push(conv);
      }
    }
    return left;
  }

  /** Forgets a tab's activity; true when the union changed. */
  removeIdle(tab: string): boolean {
    const before = this.unionIdle();
    this.idle.delete(tab);
    return before !== this.unionIdle();
  }

  /** A new connection: the server holds nothing of the old one (tabs send it all again). */
  reset() {
    this.subs.clear();
    this.ranges.clear();
    this.joins.clear();
    this.known.clear();
  }

  /** Presence the socket received (live updates and answers): the newest version per person. */
  learn(members: readonly VisiblePresence[] | undefined) {
    for (const m of members ?? []) {
      const held = this.known.get(m.userId);
      if (!held || held.version <= m.version) this.known.set(m.userId, m);
    }
  }

  /** How a tab's emit goes out on the shared socket. */
  outgoing(tab: string, event: string, payload: any): Outgoing {
    switch (event) {
      case "presence:activity":
      case "presence:heartbeat":
        this.setIdle(tab, Boolean(payload?.idle));
        return { send: { ...payload, idle: this.unionIdle() } };
      case "presence:subscribe":
        return this.subscribe(tab, payload);
      case "presence:sync":
        // The socket's view is the union of the tabs': a delta's digest would never match one
        // tab's copy, so another tab's share makes it a full snapshot (each tab keeps its people).
        return { send: [...this.subs.keys()].some((t) => t !== tab) ? {} : payload, answer: (res) => this.learned(res) };
      case "members:range":
        return this.range(tab, payload);
      case "conversation:join": {
        const id = String(payload?.conversationId);
        const set = this.joins.get(id) ?? new Set<string>();
        set.add(tab);
        this.joins.set(id, set);
        return { send: payload };
      }
      case "conversation:leave": {
        const id = String(payload?.conversationId);
        const set = this.joins.get(id);
        set?.delete(tab);
        if (set?.size) return { reply: { ok: true, data: { conversationId: id } } };
        this.joins.delete(id);
        return { send: payload };
      }
      default:
        return { send: payload };
    }
  }

  private learned(res: any) {
    if (res?.ok) this.learn(res.data?.members);
    return res;
  }

  private subscribe(tab: string, payload: { userIds: string[]; versions?: number[] }): Outgoing {
    const before = new Set([...this.subs.values()].flat());
    this.subs.set(tab, payload.userIds);
    const union = [...new Set([...this.subs.values()].flat())];
    const mine = new Map(payload.userIds.map((id, i) => [id, payload.versions?.[i] ?? 0]));
    for (const id of this.known.keys()) if (!union.includes(id)) this.known.delete(id);
    const send = { userIds: union, ...(payload.versions ? { versions: union.map((id) => mine.get(id) ?? 0) } : {}) };
    return {
      send,
      // The server answers the people new to the socket; those another tab already watched come from what it received.
      answer: (res) => {
        if (!res?.ok) return res;
        this.learn(res.data.members);
        const members: VisiblePresence[] = res.data.members.filter((m: VisiblePresence) => mine.has(m.userId));
        for (const id of payload.userIds) {
          const m = before.has(id) ? this.known.get(id) : undefined;
          if (m && m.version > (mine.get(id) ?? 0) && !members.some((x) => x.userId === id)) members.push(m);
        }
        return { ok: true, data: { members } };
      },
    };
  }

  private range(tab: string, payload: { start: number; end: number; digest?: string }): Outgoing {
    this.ranges.set(tab, [payload.start, payload.end]);
    const all = [...this.ranges.values()];
    const start = Math.min(...all.map((r) => r[0]));
    const end = Math.max(...all.map((r) => r[1]));
    // One range per socket: the rows of every tab when they fit, else the asking tab's.
    if (end - start > MAX_RANGE_ROWS || (start === payload.start && end === payload.end)) return { send: payload };
    return { send: { start, end } };
  }
}
