// The client's copy of the profiles (picture, title, time zone, working hours) of the people a page
// shows: components ask for ids, the store asks the server in batches (at most MAX_PEOPLE_IDS per
// request, a few ms after the first ask), and asks again for everyone it knows when a profile
// changes in the workspace (workspace:membersChanged), keeping what it has until the answer is in.
import { MAX_PEOPLE_IDS, type PersonProfile } from "@/shared/profile";

export type FetchPeople = (ids: string[]) => Promise<PersonProfile[] | null>;

export class PeopleStore {
  /** null: asked, and not a member (or not answered yet after a failure). */
  private readonly known = new Map<string, PersonProfile | null>();
  private readonly pending = new Set<string>();
  private readonly listeners = new Set<() => void>();
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly fetchPeople: FetchPeople,
    private readonly delayMs = 20,
    private readonly retryMs = 5_000,
  ) {}

  /** The profile if known; undefined while not (yet) answered. */
  peek(id: string): PersonProfile | null | undefined {
    return this.known.get(id);
  }

  /** Asks for these people unless they are known or asked already. */
  want(ids: readonly string[]): void {
    let added = false;
    for (const id of ids) {
      if (this.known.has(id) || this.pending.has(id)) continue;
      this.pending.add(id);
      added = true;
    }
    if (added) this.schedule(this.delayMs);
  }

  /** Profiles changed somewhere: asks again for everyone known (what is known stays shown until then). */
  refresh(): void {
    for (const id of this.known.keys()) this.pending.add(id);
    if (this.pending.size) this.schedule(this.delayMs);
  }

  /** Our own change, known at once (before the server's notice comes back). */
  put(profile: PersonProfile): void {
    this.known.set(profile.id, profile);
    this.emit();
  }

  subscribe = (fn: () => void): (() => void) => {
    this.listeners.add(fn);
    return () => void this.listeners.delete(fn);
  };

  close(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.listeners.clear();
  }

  private schedule(ms: number) {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.flush();
    }, ms);
  }

  private async flush(): Promise<void> {
    const ids = [...this.pending].slice(0, MAX_PEOPLE_IDS);
    for (const id of ids) this.pending.delete(id);
    if (this.pending.size) this.schedule(0);
    const people = await this.fetchPeople(ids).catch(() => null);
    if (!people) {
      // Not answered (offline, restarting): ask again later.
      for (const id of ids) this.pending.add(id);
      this.schedule(this.retryMs);
      return;
    }
    const byId = new Map(people.map((p) => [p.id, p]));
    let changed = false;
    for (const id of ids) {
      const next = byId.get(id) ?? null;
      const prev = this.known.get(id);
      if (prev !== undefined && JSON.stringify(prev) === JSON.stringify(next)) continue;
      this.known.set(id, next);
      changed = true;
    }
    if (changed) this.emit();
  }

  private emit() {
    for (const fn of this.listeners) fn();
  }
}
