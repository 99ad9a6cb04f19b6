"use client";

import { useState } from "react";
import * as Dialog from "@radix-ui/react-dialog";
import { DialogHeader } from "@/components/ui/dialog-header";
import { Smile } from "lucide-react";
import { useInertShell } from "@/components/ui/use-inert-shell";
import { DialogActions, PRIMARY_BUTTON } from "@/components/ui/form-dialog";
import {
  EXPIRY_CHOICES,
  EXPIRY_LABEL,
  MAX_STATUS_TEXT,
  expiryFor,
  textLength,
  type CustomStatus,
  type ExpiryChoice,
} from "@/shared/custom-status";
import { EmojiPicker } from "./emoji-picker";

const PRESETS: { emoji: string; text: string; expiry: ExpiryChoice }[] = [
  { emoji: "📅", text: "In a meeting", expiry: "1h" },
  { emoji: "🚌", text: "Commuting", expiry: "30m" },
  { emoji: "🤒", text: "Out sick", expiry: "today" },
  { emoji: "🌴", text: "On vacation", expiry: "never" },
];

type Save = (s: { emoji: string | null; text: string; expiresAt: string | null }) => Promise<string | null>;

const localDate = (d: Date) => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;

/** "Set a status": presets, an emoji (picker), a text with a counter, and when it clears. */
export function StatusDialog({
  open,
  onOpenChange,
  current,
  onSave,
  onClear,
  returnFocusTo,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  current: CustomStatus | null;
  onSave: Save;
  onClear: () => Promise<string | null>;
  returnFocusTo: React.RefObject<HTMLButtonElement | null>;
}) {
  const [emoji, setEmoji] = useState<string | null>(null);
  const [text, setText] = useState("");
  const [expiry, setExpiry] = useState<ExpiryChoice>("never");
  const [date, setDate] = useState("");
  const [picking, setPicking] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useInertShell(open);

  // Start each visit from the current status.
  const [seededFor, setSeededFor] = useState(false);
  if (open !== seededFor) {
    setSeededFor(open);
    if (open) {
      setEmoji(current?.emoji ?? null);
      setText(current?.text ?? "");
      setExpiry("never");
      setDate(localDate(new Date()));
      setPicking(false);
      setError(null);
    }
  }

  const length = textLength(text.trim());
  const tooLong = length > MAX_STATUS_TEXT;

  async function run(action: () => Promise<string | null>) {
    setBusy(true);
    setError(null);
    const err = await action();
    setBusy(false);
    if (err) setError(err);
    else onOpenChange(false);
  }

  function save(s: { emoji: string | null; text: string; expiry: ExpiryChoice }) {
    if (!s.emoji && !s.text.trim()) return setError("Type a status or pick an emoji.");
    const at = expiryFor(s.expiry, new Date(), date);
    if (s.expiry === "date" && !at) return setError("Pick a date from today on.");
    void run(() => onSave({ emoji: s.emoji, text: s.text.trim(), expiresAt: at ? at.toISOString() : null }));
  }

  return (
    <Dialog.Root open={open} onOpenChange={onOpenChange}>
      <Dialog.Portal>
        <Dialog.Overlay className="fixed inset-0 z-40 bg-slate-900/40" />
        <Dialog.Content
          onCloseAutoFocus={(e) => {
            e.preventDefault();
            returnFocusTo.current?.focus();
          }}
          onEscapeKeyDown={(e) => {
            // Escape closes the open picker first, then the dialog.
            if (!picking) return;
            e.preventDefault();
            setPicking(false);
          }}
          className="fixed left-1/2 top-1/2 z-50 max-h-[calc(100dvh-2rem)] w-[calc(100%-2rem)] max-w-md -translate-x-1/2 -translate-y-1/2 overflow-y-auto rounded-xl bg-white p-5 text-slate-900 shadow-xl"
        >
          <DialogHeader title="Set a status" description="Shown next to your name. While you are invisible, only the people on your list see it." />

          <form
            className="mt-4"
            onSubmit={(e) => {
              e.preventDefault();
              save({ emoji, text, expiry });
            }}
          >
            <label htmlFor="status-text" className="block text-sm font-medium text-slate-700">
              Status
            </label>
            <div className="mt-1 flex items-stretch gap-2">
              <button
                type="button"
                aria-label={emoji ? `Emoji ${emoji}. Change emoji` : "Choose an emoji"}
                aria-expanded={picking}
                aria-controls="status-emoji-picker"
                onClick={() => setPicking((p) => !p)}
                className="flex h-11 w-11 shrink-0 items-center justify-center rounded-md border border-slate-300 text-xl hover:bg-slate-50"
              >
                {emoji ?? <Smile className="h-5 w-5 text-slate-500" aria-hidden />}
              </button>
              <input
                id="status-text"
                value={text}
                onChange={(e) => setText(e.target.value)}
                placeholder="What's your status?"
                aria-describedby="status-count"
                aria-invalid={tooLong || undefined}
                className="min-w-0 flex-1 rounded-md border border-slate-300 px-3 py-2 text-sm placeholder:text-slate-500 focus:border-indigo-500 focus:outline-none focus:ring-1 focus:ring-indigo-500"
              />
            </div>
            <div className="mt-1 flex items-center justify-between text-xs">
              {emoji ? (
                <button type="button" onClick={() => setEmoji(null)} className="text-indigo-700 underline-offset-2 hover:underline">
                  Remove emoji
                </button>
              ) : (
                <span />
              )}
              <span id="status-count" className={tooLong ? "font-medium text-red-700" : "text-slate-600"}>
                {length}/{MAX_STATUS_TEXT}
                <span className="sr-only"> characters</span>
              </span>
            </div>
            {picking && (
              <EmojiPicker
                id="status-emoji-picker"
                onPick={(native) => {
                  setEmoji(native);
                  setPicking(false);
                }}
                onClose={() => setPicking(false)}
              />
            )}

            <fieldset className="mt-4">
              <legend className="text-sm font-medium text-slate-700">Quick statuses</legend>
              {/* One per line: a preset and its duration never wrap into ragged columns. */}
              <ul className="mt-1 grid gap-1" data-testid="status-presets">
                {PRESETS.map((p) => (
                  <li key={p.text}>
                    <button
                      type="button"
                      disabled={busy}
                      onClick={() => save({ emoji: p.emoji, text: p.text, expiry: p.expiry })}
                      className="flex min-h-11 w-full items-center gap-2 rounded-md px-2 py-1.5 text-left text-sm hover:bg-slate-100 disabled:opacity-50"
                    >
                      <span aria-hidden>{p.emoji}</span>
                      <span className="whitespace-nowrap font-medium">{p.text}</span>
                      <span className="whitespace-nowrap text-slate-600">· {EXPIRY_LABEL[p.expiry].toLowerCase()}</span>
                    </button>
                  </li>
                ))}
              </ul>
            </fieldset>

            <label htmlFor="status-expiry" className="mt-4 block text-sm font-medium text-slate-700">
              Clear after
            </label>
            <select
              id="status-expiry"
              value={expiry}
              onChange={(e) => setExpiry(EXPIRY_CHOICES.find((c) => c === e.target.value) ?? "never")}
              className="mt-1 block min-h-11 w-full rounded-md border border-slate-300 px-3 py-2 text-sm"
            >
              {EXPIRY_CHOICES.map((c) => (
                <option key={c} value={c}>
                  {EXPIRY_LABEL[c]}
                </option>
              ))}
            </select>
            {expiry === "date" && (
              <>
                <label htmlFor="status-date" className="mt-2 block text-sm font-medium text-slate-700">
                  Clear at the end of
                </label>
                <input
                  id="status-date"
                  type="date"
                  value={date}
                  min={localDate(new Date())}
                  onChange={(e) => setDate(e.target.value)}
                  className="mt-1 block min-h-11 w-full rounded-md border border-slate-300 px-3 py-2 text-sm"
                />
              </>
            )}

            {error && (
              <p role="alert" className="mt-3 rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-700">
                {error}
              </p>
            )}
            <DialogActions
              touch
              className="mt-5 flex-wrap"
              leading={
                current && (
                  <button
                    type="button"
                    disabled={busy}
                    onClick={() => void run(onClear)}
                    className="mr-auto min-h-11 rounded-md border border-slate-300 px-4 py-2 text-sm font-medium hover:bg-slate-50 disabled:opacity-50"
                  >
                    Clear status
                  </button>
                )
              }
            >
              <button type="submit" disabled={busy || tooLong} className={`min-h-11 ${PRIMARY_BUTTON}`}>
                {busy ? "Saving…" : "Save"}
              </button>
            </DialogActions>
          </form>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
