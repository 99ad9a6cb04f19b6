"use client";

import { createContext, useContext, useEffect, useMemo, useRef, useState } from "react";
import { usePathname, useRouter } from "next/navigation";
import { useRealtime } from "@/components/realtime/realtime-provider";
import { usePresence } from "@/components/presence/presence-provider";
import { conversationPath, conversationTitle } from "@/shared/format";
import { notifyOf } from "@/shared/channel";
import type { ConversationSummary, MessageView, ReadState } from "@/shared/types";
import { notifySettings } from "@/lib/notify-settings";
import { playTone } from "@/lib/tone";
import {
  applyDeletedMessage,
  applyMessage,
  applySnapshot,
  applySummaries,
  latestOf,
  notificationTitle,
  preview,
  shouldAlert,
  titleWith,
  viewedConversation,
  totalUnread,
  unreadOf,
  type UnreadMap,
} from "@/lib/unread";
import { useAttention } from "./use-attention";

interface UnreadContextValue {
  /** Unread messages in a conversation (0 for the one being read right now). */
  unreadOf(conversationId: string): number;
  total: number;
}

const UnreadContext = createContext<UnreadContextValue>({ unreadOf: () => 0, total: 0 });
export const useUnread = () => useContext(UnreadContext);

/**
 * Unread counts for the sidebar and the page title: the server's read state (from the layout and
 * `conversation:readUpdated`) plus messages heard live. The open conversation is marked read while
 * the tab is visible and focused (and again when it regains focus); other messages raise a desktop
 * notification and an optional sound, except in do-not-disturb.
 */
export function UnreadProvider({
  conversations,
  meId,
  slug,
  children,
}: {
  conversations: ConversationSummary[];
  meId: string;
  slug: string;
  children: React.ReactNode;
}) {
  const { socket, state } = useRealtime();
  const { me, getPresence } = usePresence();
  const router = useRouter();
  const pathname = usePathname() ?? "";
  const attentive = useAttention();
  const [map, setMap] = useState<UnreadMap>(() => applySummaries(new Map(), conversations));

  const viewing = viewedConversation(pathname, slug);

  // What the socket handlers read without re-subscribing.
  const live = useRef({ viewing, attentive, dnd: false, conversations, slug });
  // Do not disturb as chosen here, or as the live status says (set on another device, or by a schedule).
  const dnd = me?.mode === "dnd" || getPresence(meId)?.status === "dnd";
  live.current = { viewing, attentive, dnd, conversations, slug };

  useEffect(() => setMap((m) => applySummaries(m, conversations)), [conversations]);

  useEffect(() => {
    if (!socket) return;
    const alert = (m: MessageView) => {
      const now = live.current;
      const c = now.conversations.find((x) => x.id === m.conversationId);
      const alert = shouldAlert({
        mine: m.sender.id === meId,
        dnd: now.dnd,
        viewingThis: now.viewing === m.conversationId,
        attentive: now.attentive,
        onlyMentions: c?.channel ? notifyOf(c.channel.notify, c.channel.memberCount) === "mentions" : false,
        mentionsMe: m.mentions?.some((u) => u.id === meId) ?? false,
      });
      if (!alert) return;
      const settings = notifySettings.get();
      if (settings.sound) playTone();
      if (!settings.desktop || settings.permission !== "granted") return;
      const title = notificationTitle(m.sender.name, c?.channel ? `#${c.channel.name}` : c?.isGroup ? conversationTitle(c) : null);
      try {
        // The tag folds the same message from several tabs of this browser into one notification.
        const n = new Notification(title, { body: preview(m.body), tag: `roster-message-${m.id}` });
        n.onclick = () => {
          window.focus();
          router.push(conversationPath(now.slug, m.conversationId, Boolean(c?.channel)));
          n.close();
        };
      } catch {
        // some browsers only allow notifications from a service worker: the badge still shows
      }
    };
    const onMessage = (m: MessageView) => {
      setMap((prev) => applyMessage(prev, m, meId));
      alert(m);
    };
    const onRead = (s: ReadState) => setMap((prev) => applySnapshot(prev, s));
    // A deleted message stops counting (edits and reactions never count: they are not listened to here).
    const onDeleted = (d: { id: string; conversationId: string }) => setMap((prev) => applyDeletedMessage(prev, d.conversationId, d.id));
    // Messages missed while disconnected: fetch fresh summaries on reconnect.
    let wasConnected = socket.connected;
    const onConnect = () => {
      if (wasConnected) router.refresh();
      wasConnected = true;
    };
    socket.on("message:created", onMessage);
    socket.on("conversation:readUpdated", onRead);
    socket.on("message:deleted", onDeleted);
    socket.on("connect", onConnect);
    return () => {
      socket.off("message:created", onMessage);
      socket.off("conversation:readUpdated", onRead);
      socket.off("message:deleted", onDeleted);
      socket.off("connect", onConnect);
    };
  }, [socket, meId, router]);

  // Read the open conversation while someone is looking at it.
  const pending = useRef<string | null>(null);
  const entry = viewing ? map.get(viewing) : undefined;
  const upTo = entry && unreadOf(entry) > 0 ? latestOf(entry) : null;
  // Sent once connected: an emit while this tab's shared socket is still being set up (a page just
  // loaded) would not be delivered, and nothing would send it again.
  const online = state === "connected";
  useEffect(() => {
    if (!socket || !online || !viewing || !attentive || !upTo || pending.current === `${viewing}@${upTo}`) return;
    const key = `${viewing}@${upTo}`;
    pending.current = key;
    socket.timeout(10_000).emit("conversation:read", { conversationId: viewing, upTo }, (err, res) => {
      if (pending.current === key) pending.current = null;
      if (!err && res.ok) setMap((prev) => applySnapshot(prev, res.data));
    });
  }, [socket, online, viewing, attentive, upTo]);

  const hidden = attentive ? viewing : null;
  const total = totalUnread(map, hidden);
  useEffect(() => {
    const apply = () => {
      const want = titleWith(total, document.title);
      if (document.title !== want) document.title = want;
    };
    apply();
    // Next sets the page's own title on navigation: put the count back in front of it.
    const observer = new MutationObserver(apply);
    observer.observe(document.head, { subtree: true, childList: true, characterData: true });
    return () => observer.disconnect();
  }, [total]);

  const value = useMemo<UnreadContextValue>(
    () => ({ unreadOf: (id) => (id === hidden ? 0 : unreadOf(map.get(id))), total }),
    [map, hidden, total],
  );
  return <UnreadContext.Provider value={value}>{children}</UnreadContext.Provider>;
}
