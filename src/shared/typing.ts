// Typing indicators: the sender's pace, the receivers' expiry and the words shown. Nothing of it
// is stored; the server forwards each signal to the conversation's open pages (a room broadcast).

/** While typing, a page sends a start at most this often. */
export const TYPING_SEND_EVERY_MS = 3_000;
/** A receiver drops someone's typing this long after their last signal. */
export const TYPING_EXPIRES_MS = 6_000;
/** The server forwards one start per socket and conversation at most this often (a page sends every 3 s). */
export const TYPING_FORWARD_EVERY_MS = 2_000;

/** "Ada is typing…", "Ada and Ben are typing…", "Several people are typing…"; "" for nobody. */
export function typingText(names: readonly string[]): string {
  if (names.length === 0) return "";
  if (names.length === 1) return `${names[0]} is typing…`;
  if (names.length === 2) return `${names[0]} and ${names[1]} are typing…`;
  return "Several people are typing…";
}

/** Who is typing, by user id, with when each signal expires (ms). */
export type TypingState = ReadonlyMap<string, number>;

/** A receiver's state after a signal at `now`. */
export function onTyping(state: TypingState, userId: string, typing: boolean, now: number): TypingState {
  const next = new Map(state);
  if (typing) next.set(userId, now + TYPING_EXPIRES_MS);
  else next.delete(userId);
  return next;
}

/** The ids still typing at `now`, in the order they started. */
export function typingNow(state: TypingState, now: number): string[] {
  return [...state].filter(([, until]) => until > now).map(([id]) => id);
}

/**
 * The sender's side: whether an edit of the draft at `now` should send a start (the draft is not
 * empty and the last start is at least TYPING_SEND_EVERY_MS old) or a stop (it became empty after
 * a start).
 */
export function typingSignal(draft: string, lastStart: number | null, now: number): "start" | "stop" | null {
  if (!draft.trim()) return lastStart !== null ? "stop" : null;
  return lastStart === null || now - lastStart >= TYPING_SEND_EVERY_MS ? "start" : null;
}
