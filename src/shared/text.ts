// One rule for every string a user types (names, workspace names, status text, messages,
// passwords), used by the forms, the routes and the socket handlers alike; and the helpers that
// show user text where it cannot be isolated (notifications, mail). No I/O.

/**
 * What may be in a text:
 * - `name`: display and workspace names. One line; no control or bidi characters (a name sits next
 *   to other text everywhere and must not reorder it).
 * - `status`: custom status text. One line; no control characters, no bidi embeddings, overrides
 *   or isolates (marks LRM/RLM/ALM stay: they only steer the characters around them).
 * - `message`: messages. Line breaks and tabs stay; bidi characters stay (pages show a message in
 *   its own paragraph, notifications strip them).
 * - `secret`: passwords. Only well-formed Unicode.
 * Everywhere: well-formed UTF-16 (no lone surrogate) and no NUL, which the database cannot store.
 * Zero-width joiners stay everywhere, so emoji sequences (👩‍💻, 🏳️‍🌈) are valid.
 */
export type TextKind = "name" | "status" | "message" | "secret";

/** Why a text is refused: "nul", "invalid" (a lone surrogate), "control" or "bidi". */
export type TextProblem = "nul" | "invalid" | "control" | "bidi";

const LONE_SURROGATE = /\p{Cs}/u; // with the u flag a valid pair is one code point, never Cs
const CONTROL = /[\p{Cc}\u2028\u2029]/u; // C0, DEL, C1, line and paragraph separators
const MESSAGE_CONTROL = /[\0-\x08\x0B-\x1F\x7F-\x9F]/; // all but tab and line feed
const BIDI_SCOPED = /[\u202A-\u202E\u2066-\u2069]/; // embeddings, overrides (LRE…RLO, PDF) and isolates (LRI…PDI)
const BIDI_ANY = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/; // the above and the marks ALM, LRM, RLM

/** The first problem of a text for its kind, or null when it passes. */
export function textProblem(s: string, kind: TextKind): TextProblem | null {
  if (s.includes("\0")) return "nul";
  if (LONE_SURROGATE.test(s)) return "invalid";
  if (kind === "secret") return null;
  if (kind === "message" ? MESSAGE_CONTROL.test(s) : CONTROL.test(s)) return "control";
  if (kind === "name" && BIDI_ANY.test(s)) return "bidi";
  if (kind === "status" && BIDI_SCOPED.test(s)) return "bidi";
  return null;
}

/** The refusal naming the field: "Name contains an invalid character." */
export function textError(label: string, problem: TextProblem): string {
  if (problem === "nul") return `${label} must not contain NUL characters.`;
  if (problem === "invalid") return `${label} contains an invalid character.`;
  if (problem === "control") return `${label} cannot contain control characters.`;
  return `${label} cannot contain text direction characters.`;
}

/** Line breaks as typed on any system (CRLF, CR, U+2028/2029) become LF. */
export const normalizeBreaks = (s: string) => s.replace(/\r\n?|[\u2028\u2029]/g, "\n");

/**
 * The last line behind the schemas: the first string (key or value) anywhere in a parsed JSON
 * value that no text may hold (a NUL or a lone surrogate), as the refusal naming its field
 * ("Name contains an invalid character."), or null.
 */
export function unstorableText(value: unknown): string | null {
  const stack: { v: unknown; key: string | null }[] = [{ v: value, key: null }];
  while (stack.length) {
    const { v, key } = stack.pop()!;
    if (typeof v === "string") {
      const problem = textProblem(v, "secret");
      if (problem) return textError(fieldLabel(key), problem);
    } else if (Array.isArray(v)) {
      for (const x of v) stack.push({ v: x, key });
    } else if (v !== null && typeof v === "object") {
      for (const [k, x] of Object.entries(v)) {
        const problem = textProblem(k, "secret");
        if (problem) return textError("Text", problem);
        stack.push({ v: x, key: k });
      }
    }
  }
  return null;
}

/** A JSON key as a label: "name" → "Name"; only plain keys are echoed. */
const fieldLabel = (key: string | null) => (key && /^[A-Za-z][A-Za-z0-9]{0,39}$/.test(key) ? key[0]!.toUpperCase() + key.slice(1) : "Text");

const STRIP = /[\p{Cc}\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069\u2028\u2029]|\p{Cs}/gu;

/**
 * User text for places that cannot isolate it (notification titles and bodies, mail): one line,
 * control and bidi characters and lone surrogates removed, whitespace collapsed, at most `max`
 * code points (never a half pair).
 */
export function plainText(s: string, max = Infinity): string {
  const line = s.replace(/\s+/g, " ").replace(STRIP, "").replace(/ {2,}/g, " ").trim();
  const points = Array.from(line);
  return points.length > max ? `${points.slice(0, max - 1).join("")}…` : line;
}
