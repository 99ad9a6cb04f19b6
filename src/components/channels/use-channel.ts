"use client";

import { useEffect, useState } from "react";
import { useRealtime } from "@/components/realtime/realtime-provider";
import type { ChannelCounts, ChannelShared } from "@/shared/events";

/** How often an open channel asks its "N online" again (its dots are live; the count follows). */
const COUNTS_EVERY_MS = 15_000;
/**
 * Channels up to this size also ask about a second after someone in the workspace came online or
 * went offline (as this viewer sees it: a presence update, or the member list's online count).
 * Activity alone (active, away) never changes the count. Bigger channels keep to the period: in a
 * big workspace every viewer of #general asking on every arrival would cost the server a count
 * per viewer per second.
 */
const LIVE_COUNTS_UP_TO = 1_000;
const SOON_MS = 1_000;

/**
 * A channel's shared info, kept live by `channel:updated`, and (for its members) its "N online"
 * as the server counts it for this viewer: at open, on every (re)connect, after a change, every
 * 15 s while the page is visible, and in channels up to LIVE_COUNTS_UP_TO members about a second
 * after presence moves.
 */
export function useChannel(id: string, initial: ChannelShared, member: boolean) {
  const { socket } = useRealtime();
  const [info, setInfo] = useState(initial);
  const [counts, setCounts] = useState<ChannelCounts | null>(null);
  useEffect(() => setInfo(initial), [initial]);
  const live = info.memberCount <= LIVE_COUNTS_UP_TO;
  useEffect(() => {
    if (!socket) return;
    const ask = () => {
      if (!member || !socket.connected || document.visibilityState === "hidden") return;
      socket.timeout(10_000).emit("channel:counts", { conversationId: id }, (err, res) => {
        if (!err && res.ok) setCounts(res.data);
      });
    };
    const onUpdated = (u: { conversationId: string; channel: ChannelShared }) => {
      if (u.conversationId !== id) return;
      setInfo(u.channel);
      ask();
    };
    // One ask a second at most, after the first arrival or departure of a burst.
    let pending: ReturnType<typeof setTimeout> | null = null;
    const soon = () => {
      pending ??= setTimeout(() => {
        pending = null;
        ask();
      }, SOON_MS);
    };
    const online = new Map<string, boolean>();
    let workspaceOnline = -1;
    const onPresence = ({ updates }: { updates: { userId: string; status: string }[] }) => {
      let moved = false;
      for (const u of updates) {
        const now = u.status !== "offline";
        if (online.get(u.userId) !== now) moved = true;
        online.set(u.userId, now);
      }
      if (moved) soon();
    };
    const onCounts = (c: { online: number }) => {
      if (c.online !== workspaceOnline) soon();
      workspaceOnline = c.online;
    };
    const onOps = ({ counts }: { counts: { online: number } }) => onCounts(counts);
    socket.on("channel:updated", onUpdated);
    socket.on("connect", ask);
    if (live) {
      socket.on("presence:updated", onPresence);
      socket.on("members:counts", onCounts);
      socket.on("members:ops", onOps);
    }
    document.addEventListener("visibilitychange", ask);
    ask();
    const timer = setInterval(ask, COUNTS_EVERY_MS);
    return () => {
      socket.off("channel:updated", onUpdated);
      socket.off("connect", ask);
      socket.off("presence:updated", onPresence);
      socket.off("members:counts", onCounts);
      socket.off("members:ops", onOps);
      document.removeEventListener("visibilitychange", ask);
      clearInterval(timer);
      if (pending) clearTimeout(pending);
    };
  }, [socket, id, member, live]);
  return { info, counts };
}
