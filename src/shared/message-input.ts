// Payloads of message edit, delete and reactions: their own module, so pages that never send them
// (the browser only sends; the server validates) load no more schema code than before.
import * as z from "zod/mini";
import "./zod";
import { id, messageBody } from "./schemas";
import { isSingleEmoji, MAX_EMOJI_LENGTH } from "./emoji";

/** Edit one's own message: the new body follows the rules of a new message. */
export const editMessageInput = z.object({ messageId: id, body: messageBody });
export const deleteMessageInput = z.object({ messageId: id });
/** A reaction: one emoji (a single grapheme of emoji characters). */
export const reactionEmoji = z.string().check(
  z.minLength(1, "Pick an emoji."),
  z.maxLength(MAX_EMOJI_LENGTH, "A reaction is one emoji."),
  z.refine(isSingleEmoji, "A reaction is one emoji."),
);
export const reactionInput = z.object({ messageId: id, emoji: reactionEmoji });
