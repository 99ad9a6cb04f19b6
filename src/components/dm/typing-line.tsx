"use client";

import { useCallback, useEffect, useState } from "react";
import type { ClientSocket } from "@/components/realtime/realtime-provider";
import { onTyping, typingNow, typingText, type TypingState } from "@/shared/typing";

/**
 * Who is typing in the open conversation: `typing:updated` signals, each expiring 6 s after the
 * last one; a message from someone ends their typing at once. Also the sender's side: `onTyping`
 * for the composer.
 */
export function useTyping(socket: ClientSocket | null, conversationId: string | null) {
  const [state, setState] = useState<TypingState>(() => new Map());
  const [now, setNow] = useState(() => Date.now());

  useEffect(() => {
    setState(new Map());
    if (!socket || !conversationId) return;
    const onSignal = (p: { conversationId: string; userId: string; typing: boolean }) => {
      if (p.conversationId !== conversationId) return;
      const at = Date.now();
      setNow(at);
      setState((s) => onTyping(s, p.userId, p.typing, at));
    };
    const onMessage = (m: { conversationId: string; sender: { id: string } }) => {
      if (m.conversationId === conversationId) setState((s) => onTyping(s, m.sender.id, false, Date.now()));
    };
    socket.on("typing:updated", onSignal);
    socket.on("message:created", onMessage);
    return () => {
      socket.off("typing:updated", onSignal);
      socket.off("message:created", onMessage);
    };
  }, [socket, conversationId]);

  // Re-render when the next signal expires.
  const ids = typingNow(state, now);
  const key = ids.join(",");
  useEffect(() => {
    if (!key) return;
    const next = Math.min(...key.split(",").map((id) => state.get(id) ?? 0)) - Date.now();
    const t = setTimeout(() => setNow(Date.now()), Math.max(0, next) + 10);
    return () => clearTimeout(t);
  }, [state, now, key]);

  const send = useCallback(
    (signal: "start" | "stop") => {
      if (socket?.connected && conversationId) socket.emit(signal === "start" ? "typing:start" : "typing:stop", { conversationId }, () => {});
    },
    [socket, conversationId],
  );
  return { typingIds: ids, onTyping: send };
}

/** "Ada is typing…" under the messages; the line keeps its height, so nothing jumps. */
export function TypingLine({ ids, others }: { ids: readonly string[]; others: readonly { id: string; name: string }[] }) {
  const names = ids.map((id) => others.find((o) => o.id === id)?.name).filter((n): n is string => Boolean(n));
  const text = typingText(names);
  return (
    <p className="min-h-5 truncate px-4 text-xs italic text-slate-500 md:px-7" aria-live="polite" data-testid="typing">
      {text}
    </p>
  );
}
