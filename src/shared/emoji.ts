// What counts as one emoji (a custom status's emoji, a reaction): only emoji characters and their
// components (skin tones, joiners, variation selectors, keycaps, flags' letters, tags), with at
// least one real emoji among them.
const EMOJI_CHARS = /^[\p{Extended_Pictographic}\p{Emoji_Component}]+$/u;
const EMOJI_CORE = /[\p{Extended_Pictographic}\p{Regional_Indicator}\u20E3]/u;

/** The longest emoji sequence taken, in UTF-16 units (a family with skin tones is about 25). */
export const MAX_EMOJI_LENGTH = 32;

/** Emoji characters only (one or more), at most MAX_EMOJI_LENGTH units. */
export const isEmojiText = (s: string): boolean => s.length <= MAX_EMOJI_LENGTH && EMOJI_CHARS.test(s) && EMOJI_CORE.test(s);

let segmenter: Intl.Segmenter | undefined;
/** User-perceived characters (grapheme clusters): "👩‍💻" and "🇫🇷" are one each. */
export function graphemeCount(s: string): number {
  segmenter ??= new Intl.Segmenter("en", { granularity: "grapheme" });
  let n = 0;
  for (const _ of segmenter.segment(s)) n++;
  return n;
}

/** Exactly one emoji: what a reaction holds. */
export const isSingleEmoji = (s: string): boolean => isEmojiText(s) && graphemeCount(s) === 1;
