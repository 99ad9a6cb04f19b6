// The custom status schemas (request and socket payloads, the emoji field): their own module,
// so pages that only show statuses (src/shared/custom-status.ts) load no schema code.
import * as z from "zod/mini";
import "./zod";
import { text } from "./text-schema";
import { MAX_STATUS_TEXT, textLength } from "./custom-status";

import { isEmojiText, MAX_EMOJI_LENGTH } from "./emoji";

export const statusEmoji = z.string().check(
  z.maxLength(MAX_EMOJI_LENGTH, "Pick one emoji."),
  z.refine(isEmojiText, "Pick one emoji."),
);

// The one text rule (src/shared/text.ts): no control characters, bidi overrides or isolates, or
// line separators; zero-width joiners stay (emoji sequences).
export const statusText = text("status", "The status").check(
  z.refine((s) => textLength(s) <= MAX_STATUS_TEXT, `A status is at most ${MAX_STATUS_TEXT} characters.`),
);

export const setStatusInput = z
  .object({
    emoji: z._default(z.nullable(statusEmoji), null),
    text: z._default(statusText, ""),
    expiresAt: z._default(z.nullable(z.iso.datetime({ offset: true, message: "Invalid expiry time." })), null),
  })
  .check(z.refine((s) => s.emoji !== null || s.text !== "", "Type a status or pick an emoji."));
