"use client";

import { useEffect, useLayoutEffect, useRef, useState } from "react";
import { usePathname } from "next/navigation";
import { Moon, SendHorizontal } from "lucide-react";
import { COMPOSER_FOCUS_EVENT, takeComposerFocus } from "@/lib/composer-focus";
import { MAX_MESSAGE_LENGTH } from "@/shared/words";
import { typingSignal } from "@/shared/typing";
import type { Mentionable } from "@/lib/mention-suggest";
import { MentionList, useMentionSuggest } from "./mention-suggest";

/** The counter shows once a message is this close to the limit. */
const COUNTER_FROM = MAX_MESSAGE_LENGTH - 200;
/** The textarea grows to this many lines, then scrolls. */
const MAX_LINES = 8;
const nf = new Intl.NumberFormat("en");

/**
 * Message composer: an autosizing textarea; Enter sends, Shift+Enter starts a new line. `onSend`
 * answers null when sent, or an error to show (the draft is kept). `onTyping` hears a start at
 * most every 3 s while the draft has text, and a stop when it is sent, emptied or left. With
 * `mentionable`, typing "@" and the start of a name suggests people (arrows, Enter or Tab, Escape).
 */
export function Composer({
  onSend,
  onTyping,
  notice,
  mentionable,
  memberCount,
}: {
  onSend: (body: string) => Promise<string | null>;
  onTyping?: (signal: "start" | "stop") => void;
  /** A line to read before sending (the other person is outside their working hours). */
  notice?: string | null;
  /** People "@" suggests (no suggestions without); when `memberCount` is more, the server is asked too. */
  mentionable?: readonly Mentionable[];
  memberCount?: number;
}) {
  const [draft, setDraft] = useState("");
  /** The caret (null while text is selected) and whether the textarea has focus: where "@…" is read. */
  const [caret, setCaret] = useState<number | null>(null);
  const [focused, setFocused] = useState(false);
  const mentions = useMentionSuggest({ people: mentionable, memberCount, text: draft, caret, focused });
  /** Where the caret goes once a picked name is in the draft. */
  const placeCaret = useRef<number | null>(null);
  /** When the last start went out (null: none since the last stop). */
  const typingSince = useRef<number | null>(null);
  const typing = (next: string) => {
    const signal = typingSignal(next, typingSince.current, Date.now());
    if (!signal || !onTyping) return;
    typingSince.current = signal === "start" ? Date.now() : null;
    onTyping(signal);
  };
  const stopTyping = () => {
    if (typingSince.current === null) return;
    typingSince.current = null;
    onTyping?.("stop");
  };
  // Leaving the conversation (the composer goes away) stops too.
  const stopRef = useRef(stopTyping);
  stopRef.current = stopTyping;
  useEffect(() => () => stopRef.current(), []);
  const [error, setError] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  const area = useRef<HTMLTextAreaElement>(null);
  const length = draft.trim().length;
  const over = length > MAX_MESSAGE_LENGTH;

  // Focus asked for this page (the quick switcher opened it).
  const pathname = usePathname() ?? "";
  useEffect(() => {
    const take = () => {
      if (takeComposerFocus(pathname)) area.current?.focus();
    };
    take();
    window.addEventListener(COMPOSER_FOCUS_EVENT, take);
    return () => window.removeEventListener(COMPOSER_FOCUS_EVENT, take);
  }, [pathname]);

  useLayoutEffect(() => {
    const el = area.current;
    if (!el) return;
    const style = getComputedStyle(el);
    const line = parseFloat(style.lineHeight) || 20;
    const max = line * MAX_LINES + parseFloat(style.paddingTop || "0") + parseFloat(style.paddingBottom || "0");
    el.style.height = "auto";
    el.style.height = `${Math.min(el.scrollHeight, max)}px`;
    el.style.overflowY = el.scrollHeight > max ? "auto" : "hidden";
    if (placeCaret.current !== null) {
      el.setSelectionRange(placeCaret.current, placeCaret.current);
      placeCaret.current = null;
    }
  }, [draft]);

  const readCaret = (el: HTMLTextAreaElement) => setCaret(el.selectionStart === el.selectionEnd ? el.selectionStart : null);
  const pickMention = (i: number) => {
    const next = mentions.pick(i);
    if (!next) return;
    placeCaret.current = next.caret;
    setDraft(next.text);
    setCaret(next.caret);
    typing(next.text);
  };

  async function send(e: React.FormEvent) {
    e.preventDefault();
    if (sending) return;
    const body = draft.trim();
    if (!body) return setError("Message is empty.");
    if (body.length > MAX_MESSAGE_LENGTH) return setError(`Message is longer than ${MAX_MESSAGE_LENGTH} characters.`);
    setSending(true);
    const problem = await onSend(body);
    setSending(false);
    setError(problem);
    if (!problem) {
      stopTyping();
      setDraft("");
      area.current?.focus();
    }
  }

  return (
    <form onSubmit={send} className="border-t border-slate-200 px-3 py-3 md:px-6">
      {notice && (
        <p id="composer-notice" data-testid="off-hours-notice" className="mb-2 flex items-center gap-1.5 text-xs text-slate-600">
          <Moon className="h-3.5 w-3.5 shrink-0 text-slate-500" aria-hidden />
          <span>{notice}</span>
        </p>
      )}
      {error && (
        <p role="alert" className="mb-2 text-sm text-red-600">
          {error}
        </p>
      )}
      {mentionable && (
        <p className="sr-only" role="status">
          {mentions.status}
        </p>
      )}
      <div className="relative flex items-end gap-2 rounded-lg border border-slate-300 px-3 py-2 max-md:py-1 max-md:pr-1 focus-within:border-indigo-500 focus-within:ring-1 focus-within:ring-indigo-500">
        {mentions.open && (
          <MentionList
            id={mentions.listId}
            options={mentions.options}
            active={mentions.active}
            optionId={mentions.optionId}
            onPick={pickMention}
            onHover={mentions.setActive}
          />
        )}
        <textarea
          ref={area}
          value={draft}
          onChange={(e) => {
            setDraft(e.target.value);
            readCaret(e.target);
            typing(e.target.value);
            if (error) setError(null);
          }}
          onSelect={(e) => readCaret(e.currentTarget)}
          onFocus={() => setFocused(true)}
          onBlur={() => {
            setFocused(false);
            stopTyping();
          }}
          onKeyDown={(e) => {
            const used = mentions.keyDown(e);
            if (used) {
              // The list's keys are its own: Enter picks rather than sends, Escape closes no dialog.
              e.preventDefault();
              e.stopPropagation();
              if (used === "pick") pickMention(mentions.active);
              return;
            }
            if (e.key === "Enter" && !e.shiftKey && !e.nativeEvent.isComposing) {
              e.preventDefault();
              e.currentTarget.form?.requestSubmit();
            }
          }}
          rows={1}
          placeholder="Write a message"
          aria-label="Message"
          {...(mentionable ? mentions.comboProps : {})}
          aria-describedby={[notice ? "composer-notice" : "", length >= COUNTER_FROM ? "composer-counter" : ""].filter(Boolean).join(" ") || undefined}
          aria-invalid={over || undefined}
          className="flex-1 resize-none bg-transparent text-sm leading-5 outline-none max-md:min-h-11 max-md:py-2.5 focus-visible:ring-0"
        />
        <button
          type="submit"
          disabled={sending || over}
          className="inline-flex items-center justify-center rounded-md bg-indigo-600 p-2 text-white max-md:min-w-11 hover:bg-indigo-500 disabled:opacity-50"
          aria-label="Send"
        >
          <SendHorizontal className="h-4 w-4" aria-hidden />
        </button>
      </div>
      <div className="mt-1 flex min-h-4 justify-between gap-4 text-xs text-slate-500">
        {/* Phones have no Shift+Enter: the hint is for keyboards only. */}
        <span className="max-md:hidden">
          <kbd className="font-sans">Enter</kbd> to send, <kbd className="font-sans">Shift+Enter</kbd> for a new line
        </span>
        {length >= COUNTER_FROM && (
          <span id="composer-counter" data-testid="composer-counter" className={over ? "font-medium text-red-600" : ""} aria-live="polite">
            {over
              ? `${nf.format(length - MAX_MESSAGE_LENGTH)} characters over the ${nf.format(MAX_MESSAGE_LENGTH)} limit: shorten it to send`
              : `${nf.format(length)} / ${nf.format(MAX_MESSAGE_LENGTH)}`}
          </span>
        )}
      </div>
    </form>
  );
}
