// Escape in a search box: it clears the text first, and only then closes what holds the box.

/** A search box's keydown: Escape clears the text it holds (and goes no further). */
export const clearOnEscape = (query: string, setQuery: (q: string) => void) => (e: React.KeyboardEvent) => {
  if (e.key !== "Escape" || !query) return;
  e.preventDefault();
  setQuery("");
};

/**
 * For a dialog's `onEscapeKeyDown`: Escape in a search box that holds text clears it (the box's
 * own handler) instead of closing the dialog.
 */
export function escapeClearsSearch(e: KeyboardEvent) {
  const t = e.target;
  if (t instanceof HTMLInputElement && t.hasAttribute("data-escape-clears") && t.value) e.preventDefault();
}
