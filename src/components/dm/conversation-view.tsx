"use client";

import { Fragment, useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from "react";
import { useRouter, useSearchParams } from "next/navigation";
import dynamic from "next/dynamic";
import { useHydrated } from "@/components/ui/use-hydrated";
import { onceOpened } from "@/components/ui/once-opened";
import { useRealtime } from "@/components/realtime/realtime-provider";
import type { MessageEdit, MessagePage, MessageView, MessageWindow, ReactionChange } from "@/shared/types";
import { canActOnMessage, type ConversationKind } from "@/shared/message-rights";
import type { Role } from "@/shared/roles";
import { plainText } from "@/shared/text";
import { buildList } from "./message-list";
import { ARRIVALS_KEPT, applyDeletion, applyEdit, applyReaction, withArrived } from "./message-changes";
import { MessageItem, type MessageHandlers } from "./message-item";
import { Composer } from "./composer";
import { useOffHoursNotice } from "@/components/people/local-time";
import { firstUnreadId } from "@/lib/unread";
import { useAttention } from "@/components/unread/use-attention";
import { TypingLine, useTyping } from "./typing-line";

// The server renders times in UTC and the browser switches to the viewer's zone once hydrated, so
// hydration never meets text that differs by time zone.
const formats = (timeZone?: string) => ({
  time: new Intl.DateTimeFormat("en", { timeZone, hour: "numeric", minute: "2-digit" }),
  full: new Intl.DateTimeFormat("en", { timeZone, dateStyle: "full", timeStyle: "short" }),
});
const UTC_FORMATS = formats("UTC");
const LOCAL_FORMATS = formats();
// Deleting is rare: its dialog loads when first opened.
const DeleteMessageDialog = onceOpened(dynamic(() => import("./delete-message-dialog").then((m) => m.DeleteMessageDialog)));
/** How close to the top (px) the list must be scrolled before an older page loads (to the bottom: a newer one). */
const LOAD_OLDER_AT = 120;
/** How long a message opened from a search stays marked before its mark fades. */
const HIGHLIGHT_MS = 2_500;

type Cursor = MessagePage["before"];

/**
 * Message history plus live delivery over the conversation's Socket.IO room. Older pages load when
 * the list is scrolled to the top. Opened at a message (`?m=<id>`, from a search hit), it shows the
 * page around it (loaded when older than what is here), scrolled into view, marked for a moment and
 * focused; newer pages then load when scrolled to the bottom, and live messages wait until the newest
 * page is back (sending one, or "Jump to recent messages", goes there). Without a conversation id it is a draft for a 1:1 DM that does not
 * exist yet: the first message creates it.
 */
export function ConversationView({
  conversationId,
  initial,
  initialBefore = null,
  meId,
  draft,
  lastReadAt = null,
  others = [],
  kind = "dm",
  myRole = "member",
  meName,
  closed,
  mentionable,
  memberCount,
}: {
  conversationId: string | null;
  initial: MessageView[];
  initialBefore?: Cursor;
  meId: string;
  /** The reader's read state when the conversation opened: "New messages" goes above the first message after it. */
  lastReadAt?: string | null;
  draft?: { slug: string; userId: string; name: string };
  /** The other participants (names for "… is typing"). */
  others?: { id: string; name: string }[];
  /** What the conversation is and the viewer's workspace role: which messages they may edit or delete. */
  kind?: ConversationKind;
  myRole?: Role;
  /** The viewer's name (their own reactions, before the server's echo arrives). */
  meName?: string;
  /** Why nobody can write here (an archived channel): shown instead of the composer. */
  closed?: string;
  /** A channel's composer suggests these after "@" (with the senders here), asking the server when the workspace has more. */
  mentionable?: { id: string; name: string }[];
  memberCount?: number;
}) {
  const router = useRouter();
  const { socket, state } = useRealtime();
  const [messages, setMessages] = useState(initial);
  const [before, setBefore] = useState<Cursor>(initialBefore);
  /** Set while the list shows an older window (opened at a message): where the next newer page starts. */
  const [after, setAfter] = useState<Cursor>(null);
  const afterRef = useRef<Cursor>(null);
  afterRef.current = after;
  /** The last messages heard live, as they are now: a page read while they were sent lacks them (`withArrived`). */
  const arrived = useRef<MessageView[]>([]);
  /** Counts replacements of the whole list (to the newest page, to a message): a page asked for before one is dropped. */
  const windowGen = useRef(0);
  const [loadingNewer, setLoadingNewer] = useState(false);
  const focusId = useSearchParams()?.get("m") ?? null;
  /** The message to bring into view once rendered; the one marked (and how). */
  const [target, setTarget] = useState<string | null>(null);
  const [highlight, setHighlight] = useState<{ id: string; phase: "on" | "fading" } | null>(null);
  const [jumpNote, setJumpNote] = useState<string | null>(null);
  const jumped = useRef<string | null>(null);
  const [loadingOlder, setLoadingOlder] = useState(false);
  const [historyError, setHistoryError] = useState<string | null>(null);
  const [announcement, setAnnouncement] = useState("");
  const [now, setNow] = useState(() => new Date());
  const scroller = useRef<HTMLDivElement>(null);
  /** Distance from the bottom to keep while older messages are prepended. */
  const keepFromBottom = useRef<number | null>(null);
  const stickToBottom = useRef(true);
  const [deleting, setDeleting] = useState<MessageView | null>(null);
  /** The message Tab reaches in the list (null: the newest). */
  const [currentId, setCurrentId] = useState<string | null>(null);
  const [dividerId, setDividerId] = useState(() => (conversationId ? firstUnreadId(initial, lastReadAt, meId) : null));
  const attentive = useAttention();
  const attentiveRef = useRef(attentive);
  const { typingIds, onTyping } = useTyping(socket, conversationId);
  attentiveRef.current = attentive;
  // A 1:1 with someone outside their working hours: the composer says so before you send.
  const other = draft ? { id: draft.userId, name: draft.name } : others.length === 1 ? others[0]! : null;
  const offHours = useOffHoursNotice(other?.id, other?.name ?? "");

  useEffect(() => {
    const t = setInterval(() => setNow(new Date()), 60_000); // "Today" turns into "Yesterday" at midnight
    return () => clearInterval(t);
  }, []);

  const add = useCallback((m: MessageView) => {
    setMessages((prev) => (prev.some((p) => p.id === m.id) ? prev : [...prev, m]));
  }, []);

  useEffect(() => {
    if (!socket || !conversationId) return;
    const onCreated = (m: MessageView) => {
      if (m.conversationId !== conversationId) return;
      arrived.current = [...arrived.current.slice(1 - ARRIVALS_KEPT), m];
      // Showing an older window: it arrives with the newer pages.
      if (!afterRef.current) add(m);
      if (m.sender.id !== meId) setAnnouncement(`${m.sender.name}: ${m.body.slice(0, 300)}`);
      // Arrived while the reader looked elsewhere: mark where the new ones start.
      if (m.sender.id !== meId && !attentiveRef.current) setDividerId((d) => d ?? m.id);
    };
    // Edits, deletions and reactions change what is on screen, quietly: no divider, no announcement of a new message.
    // The arrivals kept change with them, so merging one later shows it as it is.
    const change = (f: (list: MessageView[]) => MessageView[]) => {
      arrived.current = f(arrived.current);
      setMessages(f);
    };
    const onUpdated = (e: MessageEdit) => e.conversationId === conversationId && change((list) => applyEdit(list, e));
    const onDeleted = (d: { id: string; conversationId: string }) => d.conversationId === conversationId && change((list) => applyDeletion(list, d.id));
    const onReaction = (c: ReactionChange) => c.conversationId === conversationId && change((list) => applyReaction(list, c));
    // Join on every (re)connect: rooms do not survive a reconnect.
    const join = () => socket.emit("conversation:join", { conversationId }, (r) => !r.ok && setHistoryError(r.error));
    socket.on("message:created", onCreated);
    socket.on("message:updated", onUpdated);
    socket.on("message:deleted", onDeleted);
    socket.on("reaction:updated", onReaction);
    socket.on("connect", join);
    if (socket.connected) join();
    return () => {
      socket.off("message:created", onCreated);
      socket.off("message:updated", onUpdated);
      socket.off("message:deleted", onDeleted);
      socket.off("reaction:updated", onReaction);
      socket.off("connect", join);
      if (socket.connected) socket.emit("conversation:leave", { conversationId }, () => {});
    };
  }, [socket, conversationId, meId, add]);

  const loadOlder = useCallback(() => {
    const el = scroller.current;
    if (!socket || !conversationId || !before || loadingOlder || state !== "connected" || !el) return;
    setLoadingOlder(true);
    const gen = windowGen.current;
    socket.timeout(10_000).emit("message:history", { conversationId, before }, (err, res) => {
      setLoadingOlder(false);
      if (gen !== windowGen.current) return;
      if (err) return setHistoryError("Older messages could not be loaded. Scroll up to try again.");
      if (!res.ok) return setHistoryError(res.error);
      setHistoryError(null);
      keepFromBottom.current = el.scrollHeight - el.scrollTop;
      setBefore(res.data.before);
      setMessages((prev) => {
        const known = new Set(prev.map((m) => m.id));
        return [...res.data.messages.filter((m) => !known.has(m.id)), ...prev];
      });
    });
  }, [socket, conversationId, before, loadingOlder, state]);

  const loadNewer = useCallback(() => {
    if (!socket || !conversationId || !after || loadingNewer || state !== "connected") return;
    setLoadingNewer(true);
    const gen = windowGen.current;
    socket.timeout(10_000).emit("message:history", { conversationId, after }, (err, res) => {
      setLoadingNewer(false);
      if (gen !== windowGen.current) return;
      if (err) return setJumpNote("Newer messages could not be loaded. Scroll down to try again.");
      if (!res.ok) return setJumpNote(res.error);
      setJumpNote(null);
      const next = "after" in res.data ? res.data.after : null;
      setAfter(next);
      setMessages((prev) => {
        const known = new Set(prev.map((m) => m.id));
        const list = [...prev, ...res.data.messages.filter((m) => !known.has(m.id))];
        return next ? list : withArrived(list, arrived.current);
      });
    });
  }, [socket, conversationId, after, loadingNewer, state]);

  /** Back to the newest page (from an older window), at the bottom. */
  const toLatest = useCallback(() => {
    if (!socket || !conversationId) return;
    const gen = ++windowGen.current;
    socket.timeout(10_000).emit("message:history", { conversationId }, (err, res) => {
      if (gen !== windowGen.current) return;
      if (err) return setJumpNote("The newest messages could not be loaded. Try again.");
      if (!res.ok) return setJumpNote(res.error);
      setJumpNote(null);
      stickToBottom.current = true;
      setAfter(null);
      setBefore(res.data.before);
      setMessages(withArrived(res.data.messages, arrived.current));
    });
  }, [socket, conversationId]);

  // Opened at a message: bring it here (the page around it when it is not loaded), then into view.
  useEffect(() => {
    if (!focusId || !conversationId || jumped.current === focusId) return;
    if (messages.some((m) => m.id === focusId)) {
      jumped.current = focusId;
      return setTarget(focusId);
    }
    if (!socket || state !== "connected") return;
    jumped.current = focusId;
    const gen = ++windowGen.current;
    socket.timeout(10_000).emit("message:history", { conversationId, around: { id: focusId } }, (err, res) => {
      if (gen !== windowGen.current) return;
      if (err) return setJumpNote("That message could not be loaded.");
      if (!res.ok) return setJumpNote(res.error === "Message not found." ? "That message is no longer here." : res.error);
      const page = res.data as MessageWindow;
      stickToBottom.current = false;
      setBefore(page.before);
      setAfter(page.after);
      setMessages(page.after ? page.messages : withArrived(page.messages, arrived.current));
      setTarget(focusId);
    });
  }, [focusId, conversationId, messages, socket, state]);

  // Scrolled to the message at once (no smooth scroll: a page loading on the way would move it), centred, focused, marked.
  useEffect(() => {
    if (!target) return;
    const el = scroller.current?.querySelector<HTMLElement>(`[data-message-id="${CSS.escape(target)}"]`);
    if (!el) return;
    stickToBottom.current = false;
    el.scrollIntoView({ block: "center" });
    el.focus({ preventScroll: true });
    setCurrentId(target);
    setHighlight({ id: target, phase: "on" });
    setTarget(null);
  }, [target, messages]);

  useEffect(() => {
    if (!highlight) return;
    const t = setTimeout(() => setHighlight(highlight.phase === "on" ? { ...highlight, phase: "fading" } : null), highlight.phase === "on" ? HIGHLIGHT_MS : 1_000);
    return () => clearTimeout(t);
  }, [highlight]);

  // Scroll: keep the view steady when older messages are prepended; follow new ones when at the bottom.
  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) return;
    if (keepFromBottom.current !== null) {
      el.scrollTop = el.scrollHeight - keepFromBottom.current;
      keepFromBottom.current = null;
    } else if (stickToBottom.current) {
      el.scrollTop = el.scrollHeight;
    }
  }, [messages]);

  // Opening with more unread than fits: start at "New messages" rather than at the bottom.
  useEffect(() => {
    const el = scroller.current;
    const divider = el?.querySelector<HTMLElement>('[data-testid="new-messages-divider"]');
    if (focusId || !el || !divider || divider.getBoundingClientRect().top >= el.getBoundingClientRect().top) return;
    stickToBottom.current = false;
    el.scrollTop += divider.getBoundingClientRect().top - el.getBoundingClientRect().top - 8;
    // Once, when the conversation opens (the view is keyed by conversation).
  }, []);

  // The composer growing shrinks the list: stay at the bottom if the reader was there.
  useEffect(() => {
    const el = scroller.current;
    if (!el || typeof ResizeObserver === "undefined") return;
    const ro = new ResizeObserver(() => {
      if (stickToBottom.current) el.scrollTop = el.scrollHeight;
    });
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  // A short history may not fill the view, so no scroll would ever ask for more.
  useEffect(() => {
    const el = scroller.current;
    if (el && before && el.scrollHeight <= el.clientHeight + LOAD_OLDER_AT) loadOlder();
  }, [before, loadOlder, messages.length]);

  function onScroll() {
    const el = scroller.current;
    if (!el) return;
    const fromBottom = el.scrollHeight - el.scrollTop - el.clientHeight;
    // An older window never sticks to the bottom: newer pages load there instead.
    stickToBottom.current = !afterRef.current && fromBottom < 40;
    if (el.scrollTop < LOAD_OLDER_AT) loadOlder();
    if (afterRef.current && fromBottom < LOAD_OLDER_AT) loadNewer();
  }

  const hydrated = useHydrated();
  const timeZone = hydrated ? undefined : "UTC";
  const fmt = hydrated ? LOCAL_FORMATS : UTC_FORMATS;
  const items = useMemo(() => buildList(messages, now, "en", timeZone), [messages, now, timeZone]);

  async function send(body: string): Promise<string | null> {
    if (!socket || state !== "connected") return "Not connected. Your message was kept; try again when connected.";
    stickToBottom.current = true;
    if (!conversationId && draft) {
      return new Promise((resolve) => {
        socket.timeout(10_000).emit("message:sendDirect", { userId: draft.userId, body }, (err, res) => {
          if (err) return resolve("The server did not answer. Your message was kept; try again.");
          if (!res.ok) return resolve(res.error);
          add(res.data.message);
          resolve(null);
          router.replace(`/w/${draft.slug}/dm/${res.data.conversation.id}`);
          router.refresh();
        });
      });
    }
    if (!conversationId) return "This conversation is not available.";
    return new Promise((resolve) => {
      socket.timeout(10_000).emit("message:send", { conversationId, body }, (err, res) => {
        if (err) return resolve("The server did not answer. Your message was kept; try again.");
        if (!res.ok) return resolve(res.error);
        if (afterRef.current) toLatest();
        else add(res.data);
        resolve(null);
      });
    });
  }

  /** One request with an ack; answers the data, or the error to show. */
  const request = useCallback(
    <T,>(send: (ack: (err: Error | null, res: { ok: true; data: T } | { ok: false; error: string }) => void) => void): Promise<{ data?: T; error?: string }> =>
      new Promise((resolve) => {
        if (!socket || state !== "connected") return resolve({ error: "Not connected. Try again when connected." });
        send((err, res) => {
          if (err) return resolve({ error: "The server did not answer. Try again." });
          resolve(res.ok ? { data: res.data } : { error: res.error });
        });
      }),
    [socket, state],
  );

  const handlers = useMemo<MessageHandlers>(
    () => ({
      onEdit: async (m, body) => {
        const r = await request<MessageEdit>((ack) => socket!.timeout(10_000).emit("message:edit", { messageId: m.id, body }, ack));
        if (r.data) setMessages((prev) => applyEdit(prev, r.data!));
        return r.error ?? null;
      },
      onDelete: (m) => setDeleting(m),
      onReact: async (m, emoji, add) => {
        const event = add ? "reaction:add" : "reaction:remove";
        const r = await request((ack) => socket!.timeout(10_000).emit(event, { messageId: m.id, emoji }, ack));
        if (r.error) return r.error;
        // My own change at once (the broadcast that follows changes nothing more).
        setMessages((prev) => applyReaction(prev, { conversationId: m.conversationId, messageId: m.id, emoji, user: { id: meId, name: meName ?? "You" }, added: add }));
        return null;
      },
    }),
    [request, socket, meId, meName],
  );

  async function confirmDelete(): Promise<string | null> {
    const m = deleting;
    if (!m) return null;
    const r = await request((ack) => socket!.timeout(10_000).emit("message:delete", { messageId: m.id }, ack));
    if (r.error) return r.error;
    setMessages((prev) => applyDeletion(prev, m.id));
    setAnnouncement("Message deleted.");
    scroller.current?.focus();
    return null;
  }

  // The list is one Tab stop, as in Slack: arrow keys move between messages, Home and End jump.
  function onListKey(e: React.KeyboardEvent<HTMLOListElement>) {
    const from = e.target as HTMLElement;
    if (from.dataset.testid !== "message" || !["ArrowUp", "ArrowDown", "Home", "End"].includes(e.key)) return;
    const all = [...e.currentTarget.querySelectorAll<HTMLElement>('[data-testid="message"]')];
    const at = all.indexOf(from);
    const next = e.key === "Home" ? 0 : e.key === "End" ? all.length - 1 : e.key === "ArrowUp" ? at - 1 : at + 1;
    const to = all[Math.max(0, Math.min(all.length - 1, next))];
    if (!to) return;
    e.preventDefault();
    to.focus();
    if (e.key === "ArrowUp" && next <= 0) loadOlder();
    if (e.key === "ArrowDown" && next >= all.length - 1) loadNewer();
  }
  const tabbableId = currentId !== null && messages.some((m) => m.id === currentId) ? currentId : (messages.at(-1)?.id ?? null);

  const rights = (m: MessageView) => {
    const actor = { role: myRole, participant: true, author: m.sender.id === meId };
    return { canEdit: canActOnMessage("edit", kind, actor), canDelete: canActOnMessage("delete", kind, actor) };
  };

  return (
    <div className="flex min-h-0 flex-1 flex-col">
      <div
        ref={scroller}
        onScroll={onScroll}
        tabIndex={0}
        role="region"
        aria-label="Message history"
        className="flex-1 overflow-y-auto px-3 py-4 md:px-6 focus-visible:outline focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-indigo-500"
        data-testid="message-scroller"
      >
        <ol aria-label="Messages" data-testid="messages" aria-busy={loadingOlder || undefined} onKeyDown={onListKey}>
          {conversationId && !before && messages.length > 0 && (
            <li className="pb-4 pt-2 text-center text-xs text-slate-500" data-testid="history-start">
              Beginning of the conversation
            </li>
          )}
          {before && (
            <li className="py-2 text-center text-xs text-slate-500" data-testid="history-more">
              {historyError ?? (loadingOlder ? "Loading older messages…" : "Scroll up for older messages")}
            </li>
          )}
          {messages.length === 0 && (
            <li className="py-10 text-center text-sm text-slate-500">
              {draft ? `This is the beginning of your conversation with ${draft.name}. Say hello!` : "No messages yet. Say hello!"}
            </li>
          )}
          {items.map((item) =>
            item.kind === "day" ? (
              <li key={item.key} className="relative my-4 flex items-center" data-testid="day-separator">
                <span aria-hidden className="h-px flex-1 bg-slate-200" />
                <time
                  dateTime={item.date}
                  className="mx-3 rounded-full border border-slate-200 bg-white px-3 py-0.5 text-xs font-medium text-slate-600"
                >
                  {item.label}
                </time>
                <span aria-hidden className="h-px flex-1 bg-slate-200" />
              </li>
            ) : (
              <Fragment key={item.key}>
                {item.message.id === dividerId && (
                  <li className="relative my-3 flex items-center" data-testid="new-messages-divider">
                    <span aria-hidden className="h-px flex-1 bg-rose-500" />
                    <span className="ml-2 text-xs font-semibold uppercase tracking-wide text-rose-700">New messages</span>
                  </li>
                )}
                {conversationId ? (
                  <MessageItem
                    message={item.message}
                    head={item.head || item.message.id === dividerId}
                    fmt={fmt}
                    meId={meId}
                    handlers={handlers}
                    tabbable={item.message.id === tabbableId}
                    onCurrent={setCurrentId}
                    highlight={highlight?.id === item.message.id ? highlight.phase : undefined}
                    {...rights(item.message)}
                  />
                ) : (
                  <MessageItem
                    message={item.message}
                    head={item.head}
                    fmt={fmt}
                    meId={meId}
                    handlers={handlers}
                    canEdit={false}
                    canDelete={false}
                    tabbable={item.message.id === tabbableId}
                    onCurrent={setCurrentId}
                  />
                )}
              </Fragment>
            ),
          )}
          {after && (
            <li className="py-2 text-center text-xs text-slate-500" data-testid="history-newer">
              {loadingNewer ? "Loading newer messages…" : "Scroll down for newer messages"}
            </li>
          )}
          {jumpNote && (
            <li role="status" className="py-2 text-center text-xs text-slate-600" data-testid="jump-note">
              {jumpNote}
            </li>
          )}
        </ol>
      </div>
      {after && (
        // Outside the list, so it stays in place while newer pages load under it.
        <div className="pointer-events-none relative h-0">
          <button
            type="button"
            onClick={toLatest}
            className="pointer-events-auto absolute bottom-3 left-1/2 -translate-x-1/2 rounded-full bg-indigo-600 px-4 py-1.5 text-xs font-medium text-white shadow-lg hover:bg-indigo-500 max-md:min-h-11"
          >
            Jump to recent messages
          </button>
        </div>
      )}
      <p className="sr-only" aria-live="polite" aria-atomic="true">
        {announcement}
      </p>
      <DeleteMessageDialog
        open={deleting !== null}
        onOpenChange={(open) => !open && setDeleting(null)}
        preview={deleting ? plainText(deleting.body, 80) : ""}
        onConfirm={confirmDelete}
      />
      {/* A channel's members are not all on the page: whoever wrote here has a name too. */}
      <TypingLine ids={typingIds} others={kind === "channel" ? [...others, ...messages.map((m) => m.sender)] : others} />
      {closed ? (
        <p className="border-t border-slate-200 bg-slate-50 px-4 py-4 text-center text-sm text-slate-600 md:px-6" data-testid="conversation-closed">
          {closed}
        </p>
      ) : (
        <Composer
          onSend={send}
          onTyping={conversationId ? onTyping : undefined}
          notice={offHours}
          mentionable={mentionable && [...mentionable, ...messages.map((m) => m.sender)]}
          memberCount={memberCount}
        />
      )}
    </div>
  );
}
