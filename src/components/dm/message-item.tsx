"use client";

import { useEffect, useId, useLayoutEffect, useRef, useState, type ButtonHTMLAttributes, type Ref } from "react";
import dynamic from "next/dynamic";
import { MentionText } from "./mention-text";
import { MoreHorizontal, Pencil, SmilePlus, Trash2, type LucideIcon } from "lucide-react";
import { PersonAvatar } from "@/components/people/person-avatar";
import type { MessageView } from "@/shared/types";
import { splitLinks } from "./message-list";
import { QUICK_REACTIONS, reactedByMe, reactionLabel } from "./message-changes";

// The full picker (emoji-mart and its data) loads only when someone asks for more than the quick row.
const EmojiPicker = dynamic(() => import("@/components/presence/emoji-picker").then((m) => m.EmojiPicker));

export interface MessageFormats {
  time: Intl.DateTimeFormat;
  full: Intl.DateTimeFormat;
}

export interface MessageHandlers {
  /** Answers null when saved, or the error to show (the draft stays open). */
  onEdit: (m: MessageView, body: string) => Promise<string | null>;
  onDelete: (m: MessageView) => void;
  /** Adds (or, with add false, removes) my reaction; answers null or an error. */
  onReact: (m: MessageView, emoji: string, add: boolean) => Promise<string | null>;
}

const toolButton =
  "inline-flex h-8 w-8 items-center justify-center rounded text-slate-600 hover:bg-slate-100 hover:text-slate-900 focus-visible:outline focus-visible:outline-2 focus-visible:outline-indigo-500";

const HIGHLIGHT = {
  on: "!bg-amber-100 ring-2 ring-inset ring-amber-300",
  fading: "motion-safe:transition-[background-color,box-shadow] motion-safe:duration-1000",
  off: "",
};

/**
 * One message: avatar, name and time at the head of a group, the body (links as links), "(edited)",
 * reaction chips, and its actions. The actions show while the message is hovered or has keyboard
 * focus (Tab to the message, arrow keys to another, then Tab into them); on phones a "…" button
 * opens them by touch.
 */
export function MessageItem({
  message: m,
  head,
  fmt,
  meId,
  canEdit,
  canDelete,
  handlers,
  tabbable,
  onCurrent,
  highlight,
}: {
  message: MessageView;
  head: boolean;
  fmt: MessageFormats;
  meId: string;
  canEdit: boolean;
  canDelete: boolean;
  handlers: MessageHandlers;
  /** The one message the Tab key reaches (the list is one stop; arrow keys move between messages). */
  tabbable: boolean;
  /** This message got focus: it becomes the one Tab reaches. */
  onCurrent: (id: string) => void;
  /** Opened at this message (a search hit): marked, then the mark fades (at once with reduced motion). */
  highlight?: "on" | "fading";
}) {
  const [pinned, setPinned] = useState(false);
  const [reacting, setReacting] = useState<"quick" | "picker" | null>(null);
  const [editing, setEditing] = useState(false);
  const [error, setError] = useState<string | null>(null);
  /** Keyboard focus is in this message: its chips join the Tab order (else the list stays one stop). */
  const [inside, setInside] = useState(false);
  const item = useRef<HTMLLIElement>(null);
  const reactButton = useRef<HTMLButtonElement>(null);
  const mentionsMe = m.mentions?.some((u) => u.id === meId) ?? false;
  const at = new Date(m.createdAt);
  const full = fmt.full.format(at);
  const time = (
    <time dateTime={m.createdAt} title={full}>
      {fmt.time.format(at)}
      <span className="sr-only">, {full}</span>
    </time>
  );
  const edited = m.editedAt ? `Edited ${fmt.full.format(new Date(m.editedAt))}` : null;
  const open = pinned || reacting !== null;
  // Shown on hover too, but in the Tab order only with keyboard focus here (the list stays one stop).
  const toolTab = inside || open ? 0 : -1;

  // Clicking or tapping elsewhere closes what was opened by click or touch.
  useEffect(() => {
    if (!open) return;
    const away = (e: PointerEvent) => {
      if (item.current && !item.current.contains(e.target as Node)) {
        setPinned(false);
        setReacting(null);
      }
    };
    document.addEventListener("pointerdown", away);
    return () => document.removeEventListener("pointerdown", away);
  }, [open]);

  // Focus can leave without a blur here (the focused picker closed and went away): watch where it goes.
  useEffect(() => {
    if (!inside) return;
    const moved = (e: FocusEvent) => {
      if (item.current && !item.current.contains(e.target as Node)) setInside(false);
    };
    document.addEventListener("focusin", moved);
    return () => document.removeEventListener("focusin", moved);
  }, [inside]);

  function closeActions() {
    setPinned(false);
    setReacting(null);
  }

  async function react(emoji: string, add: boolean) {
    closeActions();
    setError(await handlers.onReact(m, emoji, add));
  }

  function closeReacting() {
    setReacting(null);
    reactButton.current?.focus();
  }

  return (
    <li
      ref={item}
      tabIndex={tabbable ? 0 : -1}
      onFocus={(e) => {
        setInside(true);
        if (e.target === e.currentTarget) onCurrent(m.id);
      }}
      onBlur={(e) => !e.currentTarget.contains(e.relatedTarget as Node | null) && setInside(false)}
      onKeyDown={(e) => {
        if (e.key === "Escape" && open) {
          e.stopPropagation();
          setReacting(null);
          setPinned(false);
          item.current?.focus();
        }
      }}
      className={`group relative flex gap-3 rounded-md px-2 hover:bg-slate-50 focus-within:bg-slate-50 focus-visible:outline focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-indigo-500 ${head ? "mt-3 pt-1" : "mt-0.5"} ${open || editing ? "bg-slate-50" : ""} ${mentionsMe ? "border-l-2 border-amber-400 bg-amber-50/60" : ""} ${HIGHLIGHT[highlight ?? "off"]}`}
      data-testid="message"
      data-mentions-me={mentionsMe || undefined}
      data-highlight={highlight}
      data-head={head}
      data-message-id={m.id}
    >
      {head ? (
        <PersonAvatar id={m.sender.id} name={m.sender.name} size="lg" />
      ) : (
        <span className="flex w-10 shrink-0 justify-end whitespace-nowrap pt-0.5 text-[10px] leading-5 text-slate-500 opacity-0 group-hover:opacity-100 group-focus-within:opacity-100">
          {time}
        </span>
      )}
      <div className={`min-w-0 flex-1 md:pr-0 ${editing ? "" : "pr-8"}`}>
        {head ? (
          <p className="text-sm">
            <span dir="auto" className="font-semibold">
              {m.sender.name}
            </span>{" "}
            <span className="text-xs text-slate-500">{time}</span>
          </p>
        ) : (
          <span className="sr-only">{m.sender.name}</span>
        )}
        {editing ? (
          <EditBox
            initial={m.body}
            onCancel={() => {
              setEditing(false);
              item.current?.focus();
            }}
            onSave={async (body) => {
              const failed = body === m.body ? null : await handlers.onEdit(m, body);
              if (failed) return failed;
              setEditing(false);
              item.current?.focus();
              return null;
            }}
          />
        ) : (
          <p dir="auto" className="whitespace-pre-wrap break-words text-slate-800" data-testid="message-body">
            {splitLinks(m.body).map((part, i) =>
              part.kind === "link" ? (
                <a
                  key={i}
                  href={part.href}
                  target="_blank"
                  rel="noopener noreferrer nofollow"
                  className="text-indigo-700 underline underline-offset-2 hover:text-indigo-900"
                >
                  {part.text}
                </a>
              ) : (
                <MentionText key={i} text={part.text} mentions={m.mentions} meId={meId} />
              ),
            )}
            {edited && (
              <span className="ml-1 text-xs text-slate-500" title={edited} data-testid="edited">
                (edited)<span className="sr-only">, {edited}</span>
              </span>
            )}
          </p>
        )}
        {m.reactions.length > 0 && (
          <ul className="mt-1 flex flex-wrap gap-1" aria-label="Reactions" data-testid="reactions">
            {m.reactions.map((r) => {
              const mine = reactedByMe(r, meId);
              const label = reactionLabel(r, meId);
              return (
                <li key={r.emoji}>
                  <button
                    type="button"
                    aria-pressed={mine}
                    tabIndex={inside ? 0 : -1}
                    title={label}
                    onClick={() => void react(r.emoji, !mine)}
                    data-testid="reaction-chip"
                    className={`inline-flex h-7 min-w-[3rem] items-center justify-center gap-1 rounded-full border px-2 text-sm max-md:px-3 focus-visible:outline focus-visible:outline-2 focus-visible:outline-indigo-500 ${
                      mine ? "border-indigo-400 bg-indigo-50 text-indigo-900" : "border-slate-200 bg-white text-slate-700 hover:border-slate-400"
                    }`}
                  >
                    {/* Named by who reacted (the visible emoji and count are what it sums up). */}
                    <span aria-hidden data-testid="reaction-summary" className="inline-flex items-center gap-1">
                      {r.emoji}
                      <span className="text-xs font-semibold tabular-nums">{r.users.length}</span>
                    </span>
                    <span className="sr-only">{label}</span>
                  </button>
                </li>
              );
            })}
          </ul>
        )}
        {error && (
          <p role="alert" className="mt-1 text-xs text-red-700">
            {error}
          </p>
        )}
        {reacting === "picker" && (
          <EmojiPicker id={`react-picker-${m.id}`} onPick={(emoji) => void react(emoji, true)} onClose={closeReacting} />
        )}
      </div>

      {/* Phones have no hover: a visible button opens the actions by touch. */}
      {!editing && (
        <button
          type="button"
          aria-label="Message actions"
          aria-expanded={open}
          onClick={() => {
            setPinned((p) => !p);
            setReacting(null);
          }}
          className={`absolute right-1 top-1 md:hidden ${toolButton}`}
          data-testid="message-more"
        >
          <MoreHorizontal aria-hidden className="h-4 w-4" />
        </button>
      )}

      {!editing && (
        <div
          role="toolbar"
          aria-label="Message actions"
          className={`absolute -top-4 right-2 z-10 items-center gap-0.5 rounded-lg border border-slate-200 bg-white p-0.5 shadow-sm ${
            open ? "flex max-md:right-10" : "hidden md:group-hover:flex md:group-focus-within:flex"
          }`}
          data-testid="message-actions"
        >
          {reacting === "quick" && (
            <div role="group" aria-label="Quick reactions" className="flex items-center border-r border-slate-200 pr-0.5">
              {QUICK_REACTIONS.map((emoji, i) => {
                const mine = m.reactions.some((r) => r.emoji === emoji && reactedByMe(r, meId));
                return (
                  <button
                    key={emoji}
                    type="button"
                    autoFocus={i === 0}
                    aria-label={mine ? `Remove your ${emoji} reaction` : `React with ${emoji}`}
                    title={mine ? `Remove your ${emoji} reaction` : `React with ${emoji}`}
                    aria-pressed={mine}
                    onClick={() => void react(emoji, !mine)}
                    className={`${toolButton} text-lg ${mine ? "bg-indigo-50" : ""}`}
                  >
                    <span aria-hidden>{emoji}</span>
                  </button>
                );
              })}
              <button type="button" onClick={() => setReacting("picker")} className={`${toolButton} w-auto px-2 text-xs font-medium`} title="More emoji">
                More…
              </button>
            </div>
          )}
          <ActionButton
            ref={reactButton}
            label="Add reaction"
            icon={SmilePlus}
            tabIndex={toolTab}
            aria-expanded={reacting !== null}
            onClick={() => setReacting((r) => (r ? null : "quick"))}
          />
          {canEdit && (
            <ActionButton
              label="Edit message"
              icon={Pencil}
              tabIndex={toolTab}
              onClick={() => {
                closeActions();
                setError(null);
                setEditing(true);
              }}
            />
          )}
          {canDelete && (
            <ActionButton
              label="Delete message"
              icon={Trash2}
              tabIndex={toolTab}
              onClick={() => {
                closeActions();
                handlers.onDelete(m);
              }}
              className="hover:bg-red-50 hover:text-red-700"
            />
          )}
        </div>
      )}
    </li>
  );
}

/** One of a message's hover actions: an icon button named (and titled) by its label. */
function ActionButton({
  label,
  icon: Icon,
  className = "",
  ...rest
}: ButtonHTMLAttributes<HTMLButtonElement> & { label: string; icon: LucideIcon; ref?: Ref<HTMLButtonElement> }) {
  return (
    <button type="button" aria-label={label} title={label} {...rest} className={`${toolButton} ${className}`}>
      <Icon aria-hidden className="h-4 w-4" />
    </button>
  );
}

/** Inline editing: Enter saves, Shift+Enter starts a new line, Escape cancels. */
function EditBox({ initial, onSave, onCancel }: { initial: string; onSave: (body: string) => Promise<string | null>; onCancel: () => void }) {
  const [draft, setDraft] = useState(initial);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const area = useRef<HTMLTextAreaElement>(null);
  const hintId = useId();

  useLayoutEffect(() => {
    const el = area.current;
    if (!el) return;
    el.style.height = "auto";
    el.style.height = `${Math.min(el.scrollHeight + 2, 240)}px`;
  }, [draft]);

  useEffect(() => {
    const el = area.current;
    if (!el) return;
    el.focus();
    el.setSelectionRange(el.value.length, el.value.length);
  }, []);

  async function save() {
    if (saving) return;
    if (!draft.trim()) return setError("A message cannot be empty. To remove it, delete it instead.");
    setSaving(true);
    const failed = await onSave(draft);
    setSaving(false);
    setError(failed);
  }

  return (
    <div className="mt-1" data-testid="edit-box">
      <textarea
        ref={area}
        value={draft}
        aria-label="Edit message"
        aria-describedby={hintId}
        onChange={(e) => setDraft(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === "Escape") {
            e.preventDefault();
            e.stopPropagation();
            onCancel();
          } else if (e.key === "Enter" && !e.shiftKey && !e.nativeEvent.isComposing) {
            e.preventDefault();
            void save();
          }
        }}
        rows={1}
        className="block w-full resize-none rounded-md border border-slate-300 bg-white px-3 py-2 text-slate-900 focus:border-indigo-500 focus:outline-none focus:ring-2 focus:ring-indigo-500/30"
      />
      <div className="mt-1 flex flex-wrap items-center gap-2 text-xs text-slate-600">
        <span id={hintId}>Escape to cancel · Enter to save</span>
        <span className="ml-auto flex gap-2">
          <button type="button" onClick={onCancel} className="rounded-md border border-slate-300 bg-white px-3 py-1 font-medium hover:bg-slate-50">
            Cancel
          </button>
          <button
            type="button"
            onClick={() => void save()}
            disabled={saving}
            className="rounded-md bg-indigo-600 px-3 py-1 font-medium text-white hover:bg-indigo-700 disabled:opacity-60"
          >
            Save
          </button>
        </span>
      </div>
      {error && (
        <p role="alert" className="mt-1 text-xs text-red-700">
          {error}
        </p>
      )}
    </div>
  );
}
