"use client";

import { createContext, useContext, useEffect, useState, useSyncExternalStore } from "react";
import { useRealtime } from "@/components/realtime/realtime-provider";
import { api } from "@/components/ui/api";
import { PeopleStore } from "@/lib/people";
import type { MyProfile, PersonProfile } from "@/shared/profile";

const PeopleContext = createContext<PeopleStore | null>(null);

/**
 * Profiles of the people the workspace's pages show, loaded in batches as components ask and
 * loaded again when someone's profile changes (workspace:membersChanged). The viewer's own time
 * zone is detected from the browser the first time it is unset.
 */
export function PeopleProvider({ slug, meId, children }: { slug: string; meId: string; children: React.ReactNode }) {
  const [store] = useState(
    () =>
      new PeopleStore(async (ids) => {
        const res = await api<{ people: PersonProfile[] }>(`/api/workspaces/${slug}/people?ids=${ids.map(encodeURIComponent).join(",")}`, "GET");
        return res.ok ? res.data.people : null;
      }),
  );
  useEffect(() => () => store.close(), [store]);

  const { socket } = useRealtime();
  useEffect(() => {
    if (!socket) return;
    // Every member's tab hears it: spread the asks over up to 2 s.
    let later: ReturnType<typeof setTimeout> | undefined;
    const soon = () => {
      clearTimeout(later);
      later = setTimeout(() => store.refresh(), Math.random() * 2_000);
    };
    socket.on("workspace:membersChanged", soon);
    return () => {
      socket.off("workspace:membersChanged", soon);
      clearTimeout(later);
    };
  }, [socket, store]);

  return (
    <PeopleContext.Provider value={store}>
      <DetectTimeZone meId={meId} store={store} />
      {children}
    </PeopleContext.Provider>
  );
}

function DetectTimeZone({ meId, store }: { meId: string; store: PeopleStore }) {
  const me = usePersonFrom(store, meId);
  const unset = me !== undefined && me !== null && me.timeZone === null;
  useEffect(() => {
    if (!unset || !me) return;
    const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (!zone) return;
    void api<MyProfile>("/api/me/profile", "PUT", { timeZone: zone }).then((r) => {
      if (r.ok) store.put({ ...me, timeZone: r.data.timeZone });
    });
    // Once per page: a refused zone is not sent again until the next load.
  }, [unset]);
  return null;
}

const noStore = { subscribe: () => () => {}, peek: () => undefined, want: () => {} } as unknown as PeopleStore;

function usePersonFrom(store: PeopleStore, id: string | null | undefined): PersonProfile | null | undefined {
  useEffect(() => {
    if (id) store.want([id]);
  }, [store, id]);
  return useSyncExternalStore(
    store.subscribe,
    () => (id ? store.peek(id) : undefined),
    () => undefined,
  );
}

/** A person's profile in this workspace: undefined until loaded (or outside a workspace page), null if not a member. */
export function usePerson(id: string | null | undefined): PersonProfile | null | undefined {
  return usePersonFrom(useContext(PeopleContext) ?? noStore, id);
}

/** Our own profile just saved: shown at once on this page. */
export function usePeopleStore(): PeopleStore | null {
  return useContext(PeopleContext);
}

/** Now, moving on at each new minute of the clock (for "9:04 PM local time"). */
export function useMinuteClock(): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout>;
    const next = () => {
      timer = setTimeout(() => {
        setNow(Date.now());
        next();
      }, 60_000 - (Date.now() % 60_000) + 50);
    };
    next();
    return () => clearTimeout(timer);
  }, []);
  return now;
}
