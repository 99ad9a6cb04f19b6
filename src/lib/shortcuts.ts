// The workspace's keyboard shortcuts, as pure functions of a key press and where it happened.
// No React; the DOM only through the small shapes below.

export type Shortcut = "switcher" | "help" | "previous" | "next";

/** What a key press carries (a KeyboardEvent has all of it). */
export interface KeyPress {
  key: string;
  code: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  shiftKey: boolean;
  isComposing?: boolean;
}

/** Whether the platform's command key is ⌘ (macOS, iOS) rather than Ctrl. */
export function isApple(platform: string): boolean {
  return /mac|iphone|ipad|ipod/i.test(platform);
}

/** The element a key press went to, as far as shortcuts care. */
export interface KeyTarget {
  tagName: string;
  type?: string;
  isContentEditable?: boolean;
  readOnly?: boolean;
}

/** Input types that take no typed text: a key press there is not typing. */
const NOT_TYPED = new Set(["button", "submit", "reset", "checkbox", "radio", "range", "color", "file", "image", "hidden"]);

/** Whether keys pressed in `el` are typing (a text field, a text area, a select, editable content). */
export function isTyping(el: KeyTarget | null): boolean {
  if (!el) return false;
  if (el.isContentEditable) return true;
  const tag = el.tagName.toUpperCase();
  if (tag === "TEXTAREA" || tag === "SELECT") return true;
  return tag === "INPUT" && !NOT_TYPED.has((el.type ?? "text").toLowerCase());
}

/** The letter of a key press: its key, or on a non-Latin layout the key at that place on a US keyboard. */
function letterOf(e: KeyPress): string {
  const k = e.key.toLowerCase();
  if (/^[a-z]$/.test(k)) return k;
  const m = /^Key([A-Z])$/.exec(e.code);
  return m && k.length === 1 ? m[1]!.toLowerCase() : k;
}

/**
 * The shortcut a key press stands for, or null (the key is left to the page and the browser).
 * Ctrl+K (⌘K on Apple) works everywhere, in text fields too; `?` and Alt+↑/↓ only when not typing.
 * The other platform's modifier is left alone (Ctrl+K in a macOS text field deletes to the line's end).
 */
export function shortcutOf(e: KeyPress, { apple, typing }: { apple: boolean; typing: boolean }): Shortcut | null {
  if (e.isComposing) return null;
  const command = apple ? e.metaKey && !e.ctrlKey : e.ctrlKey && !e.metaKey;
  if (command && !e.altKey && !e.shiftKey && letterOf(e) === "k") return "switcher";
  if (typing) return null;
  if (e.key === "?" && !e.ctrlKey && !e.metaKey && !e.altKey) return "help";
  if (e.altKey && !e.ctrlKey && !e.metaKey && !e.shiftKey) {
    if (e.key === "ArrowUp") return "previous";
    if (e.key === "ArrowDown") return "next";
  }
  return null;
}

/**
 * The conversation `delta` steps from `current` in the sidebar's order (`ids`), not wrapping;
 * from no conversation (or one not listed), down starts at the first and up at the last.
 * Null when there is nowhere to go.
 */
export function adjacentConversation(ids: readonly string[], current: string | null, delta: 1 | -1): string | null {
  if (ids.length === 0) return null;
  const at = current === null ? -1 : ids.indexOf(current);
  if (at < 0) return delta > 0 ? ids[0]! : ids[ids.length - 1]!;
  return ids[at + delta] ?? null;
}
