// Asks the message box of a page to take focus once that page shows: the quick switcher opens a
// conversation and the next key goes to its composer. One request at a time; the composer of the
// page at that path takes it, whether it is already shown (the event) or mounts later.

export const COMPOSER_FOCUS_EVENT = "roster:composer-focus";

let pending: string | null = null;

/** Asks the composer of the page at `path` to take focus (now if it is shown, else when it mounts). */
export function focusComposerAt(path: string): void {
  pending = path;
  window.dispatchEvent(new Event(COMPOSER_FOCUS_EVENT));
}

/** Whether the composer of the page at `path` should take focus now; the request is then used up. */
export function takeComposerFocus(path: string): boolean {
  if (pending !== path) return false;
  pending = null;
  return true;
}
