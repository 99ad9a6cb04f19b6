"use client";

import { useEffect, useRef, useState } from "react";
import { statusEmoji } from "@/shared/custom-status-input";
import { pageScheme } from "@/lib/theme";

/**
 * emoji-mart's picker, loaded on first use (its code and data are large) and mounted into a div.
 * Keyboard: focus starts in its search field; arrow keys move, Enter picks. A plain text field
 * below takes a typed or pasted emoji, and is what remains if the picker cannot load.
 */
export function EmojiPicker({ id, onPick, onClose }: { id: string; onPick: (native: string) => void; onClose: () => void }) {
  const host = useRef<HTMLDivElement>(null);
  const pick = useRef(onPick);
  const close = useRef(onClose);
  const [state, setState] = useState<"loading" | "ready" | "failed">("loading");
  const [typed, setTyped] = useState("");
  const [typedError, setTypedError] = useState<string | null>(null);

  useEffect(() => {
    pick.current = onPick;
    close.current = onClose;
  });

  useEffect(() => {
    let gone = false;
    let el: Node | null = null;
    Promise.all([import("emoji-mart"), import("@emoji-mart/data")])
      .then(([{ Picker }, data]) => {
        if (gone || !host.current) return;
        el = new Picker({
          data: data.default,
          onEmojiSelect: (e: { native: string }) => pick.current(e.native),
          autoFocus: true,
          theme: pageScheme(),
          previewPosition: "none",
          skinTonePosition: "search",
          dynamicWidth: true,
          maxFrequentRows: 1,
        }) as unknown as Node;
        host.current.appendChild(el);
        setState("ready");
      })
      .catch(() => !gone && setState("failed"));
    return () => {
      gone = true;
      if (el && el.parentNode) el.parentNode.removeChild(el);
    };
  }, []);

  function takeTyped() {
    const value = typed.trim();
    if (!statusEmoji.safeParse(value).success) return setTypedError("That is not one emoji.");
    setTypedError(null);
    pick.current(value);
  }

  return (
    <div id={id} role="group" aria-label="Emoji picker" className="mt-2 rounded-lg border border-slate-200 p-2">
      {state === "loading" && <p className="p-2 text-sm text-slate-600">Loading emoji…</p>}
      {state === "failed" && <p className="p-2 text-sm text-slate-600">The emoji picker could not load; type an emoji below.</p>}
      <div ref={host} data-testid="emoji-mart-host" className="[&>em-emoji-picker]:h-[300px] [&>em-emoji-picker]:w-full" />
      <div className="mt-2 flex items-center gap-2">
        <label htmlFor={`${id}-typed`} className="shrink-0 text-xs text-slate-700">
          Or type an emoji
        </label>
        <input
          id={`${id}-typed`}
          value={typed}
          onChange={(e) => setTyped(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === "Enter") {
              e.preventDefault();
              takeTyped();
            }
          }}
          className="h-9 w-16 rounded-md border border-slate-300 px-2 text-center"
        />
        <button type="button" onClick={takeTyped} className="h-9 rounded-md border border-slate-300 px-3 text-xs font-medium hover:bg-slate-50">
          Use
        </button>
        <button type="button" onClick={() => close.current()} className="ml-auto h-9 rounded-md px-3 text-xs font-medium text-slate-700 hover:bg-slate-100">
          Close picker
        </button>
      </div>
      {typedError && (
        <p role="alert" className="mt-1 text-xs text-red-700">
          {typedError}
        </p>
      )}
    </div>
  );
}
