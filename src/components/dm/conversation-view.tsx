"use client";

import { useEffect, useRef, useState } from "react";
import { SendHorizontal } from "lucide-react";
import { Avatar } from "@/components/ui/avatar";
import { useRealtime } from "@/components/realtime/realtime-provider";
import { MAX_MESSAGE_LENGTH } from "@/shared/schemas";
import type { MessageView } from "@/shared/types";

const timeFormat = new Intl.DateTimeFormat("en", { hour: "numeric", minute: "2-digit" });

/** Message history plus live delivery over the conversation's Socket.IO room. */
export function ConversationView({ conversationId, initial }: { conversationId: string; initial: MessageView[] }) {
  const { socket, state } = useRealtime();
  const [messages, setMessages] = useState(initial);
  const [draft, setDraft] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  const bottom = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!socket) return;
    const add = (m: MessageView) => {
      if (m.conversationId !== conversationId) return;
      setMessages((prev) => (prev.some((p) => p.id === m.id) ? prev : [...prev, m]));
    };
    // Join on every (re)connect: rooms do not survive a reconnect.
    const join = () => socket.emit("conversation:join", { conversationId }, (r) => !r.ok && setError(r.error));
    socket.on("message:created", add);
    socket.on("connect", join);
    if (socket.connected) join();
    return () => {
      socket.off("message:created", add);
      socket.off("connect", join);
      if (socket.connected) socket.emit("conversation:leave", { conversationId }, () => {});
    };
  }, [socket, conversationId]);

  useEffect(() => {
    bottom.current?.scrollIntoView({ block: "end" });
  }, [messages.length]);

  function send(e: React.FormEvent) {
    e.preventDefault();
    const body = draft.trim();
    if (!body) return setError("Message is empty.");
    if (body.length > MAX_MESSAGE_LENGTH) return setError(`Message is longer than ${MAX_MESSAGE_LENGTH} characters.`);
    if (!socket || state !== "connected") return setError("Not connected. Your message was kept; try again when connected.");
    setSending(true);
    socket.timeout(10_000).emit("message:send", { conversationId, body }, (err, res) => {
      setSending(false);
      if (err) return setError("The server did not answer. Your message was kept; try again.");
      if (!res.ok) return setError(res.error);
      setError(null);
      setDraft("");
      setMessages((prev) => (prev.some((p) => p.id === res.data.id) ? prev : [...prev, res.data]));
    });
  }

  return (
    <div className="flex min-h-0 flex-1 flex-col">
      <ol className="flex-1 space-y-4 overflow-y-auto px-6 py-4" aria-label="Messages" data-testid="messages">
        {messages.length === 0 && <li className="py-10 text-center text-sm text-slate-500">No messages yet. Say hello!</li>}
        {messages.map((m) => (
          <li key={m.id} className="flex gap-3">
            <Avatar id={m.sender.id} name={m.sender.name} size="lg" />
            <div className="min-w-0">
              <p className="text-sm">
                <span className="font-semibold">{m.sender.name}</span>{" "}
                <time className="text-xs text-slate-400" dateTime={m.createdAt}>
                  {timeFormat.format(new Date(m.createdAt))}
                </time>
              </p>
              <p className="whitespace-pre-wrap break-words text-slate-800">{m.body}</p>
            </div>
          </li>
        ))}
        <div ref={bottom} />
      </ol>
      <form onSubmit={send} className="border-t border-slate-200 px-6 py-3">
        {error && (
          <p role="alert" className="mb-2 text-sm text-red-600">
            {error}
          </p>
        )}
        <div className="flex items-end gap-2 rounded-lg border border-slate-300 px-3 py-2 focus-within:border-indigo-500 focus-within:ring-1 focus-within:ring-indigo-500">
          <textarea
            value={draft}
            onChange={(e) => setDraft(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === "Enter" && !e.shiftKey) {
                e.preventDefault();
                e.currentTarget.form?.requestSubmit();
              }
            }}
            rows={1}
            placeholder="Write a message"
            aria-label="Message"
            className="max-h-40 flex-1 resize-none bg-transparent text-sm outline-none focus-visible:ring-0"
          />
          <button
            type="submit"
            disabled={sending}
            className="rounded-md bg-indigo-600 p-2 text-white hover:bg-indigo-500 disabled:opacity-50"
            aria-label="Send"
          >
            <SendHorizontal className="h-4 w-4" aria-hidden />
          </button>
        </div>
      </form>
    </div>
  );
}
