// How names are found by a typed prefix, the same in the server's member search and the browser's
// quick switcher: lower case, no accents, words split on anything but letters and digits.

/**
 * A name or a search prefix folded for search: lower case, no accents, words split on anything
 * but letters and digits, apostrophes dropped (O'Brien is "obrien").
 */
export function searchKey(s: string): string {
  return fold(s.replace(/['’]/g, ""));
}

const fold = (s: string) =>
  s
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .toLocaleLowerCase("en")
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean)
    .join(" ");

/** The keys a name is found by: O'Brien by "obrien", "o" and "brien". */
export function nameKeys(name: string): string[] {
  const joined = searchKey(name);
  const split = fold(name);
  return split === joined ? [joined] : [joined, split];
}

/** Whether a name with these keys is found by the folded prefix `p`: the name or one of its words starts with it. */
export function keysMatch(keys: readonly string[], p: string): boolean {
  const spaced = " " + p;
  return keys.some((k) => k.startsWith(p) || k.includes(spaced));
}

/**
 * A typed query as it finds emails: trimmed, lower case, one word; the address must start with it,
 * so "ann.l" and "Ann.Lee@acme" find ann.lee@acme.test. Null (finds no email) when blank or spaced.
 */
export function emailPrefix(query: string): string | null {
  const q = query.trim().toLocaleLowerCase("en");
  return q && !/\s/.test(q) ? q : null;
}
