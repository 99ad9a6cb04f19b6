import { text } from "./text-schema";
import { MAX_MESSAGE_LENGTH } from "./words";
import * as z from "zod/mini";
import "./zod";
import { MAX_RANGE_ROWS, MAX_WATCHED } from "./member-list";

// Request and event payload schemas shared by the server (validation) and the client (forms).
export const email = z.string().check(z.trim(), z.toLowerCase(), z.email("Enter a valid email address."), z.maxLength(254));
export const password = text("secret", "Password").check(
  z.minLength(8, "Password must be at least 8 characters."),
  z.maxLength(200, "Password must be at most 200 characters."),
);
// Free text follows the one text rule (src/shared/text.ts): names take no control or bidi characters.
export const displayName = text("name", "Name").check(z.minLength(1, "Enter your name."), z.maxLength(80, "Name must be at most 80 characters."));

export const signUpInput = z.object({ name: displayName, email, password });
export { SIGN_IN_FAILED, MAX_MESSAGE_LENGTH } from "./words";

export const signInInput = z.object({ email, password: z.string().check(z.minLength(1, "Enter your password."), z.maxLength(200)) });

export const workspaceName = text("name", "Workspace name").check(z.minLength(2, "Workspace name must be at least 2 characters."), z.maxLength(60));
export const createWorkspaceInput = z.object({ name: workspaceName });

export const role = z.enum(["owner", "admin", "member"]);
export const inviteInput = z.object({ email, role: z._default(z.enum(["admin", "member"]), "member") });
export const changeRoleInput = z.object({ role: z.enum(["admin", "member"]) });

export const id = z.string().check(z.minLength(1), z.maxLength(64), z.regex(/^[A-Za-z0-9_-]+$/, "Invalid id."));
export const createConversationInput = z.object({
  userIds: z.array(id).check(z.minLength(1, "Pick at least one person."), z.maxLength(20, "A group DM holds at most 21 people.")),
});

export const messageBody = text("message", "Message").check(
  z.minLength(1, "Message is empty."),
  z.maxLength(MAX_MESSAGE_LENGTH, `Message is longer than ${MAX_MESSAGE_LENGTH} characters.`),
);
export const sendMessageInput = z.object({ conversationId: id, body: messageBody });
export const joinConversationInput = z.object({ conversationId: id });
/** Where a page of older messages starts: the oldest message already shown (ordered by createdAt, then id). */
export const messageCursor = z.object({ createdAt: z.iso.datetime({ message: "Invalid cursor." }), id });
export const MESSAGE_PAGE_SIZE = 50;
/**
 * A page of history: older than `before`, the newest without a cursor, the page `around` one message
 * (a search hit opened at that message), or newer than `after` (paging down from such a page). One at most.
 */
export const messageHistoryInput = z
  .object({ conversationId: id, before: z.optional(messageCursor), around: z.optional(z.object({ id })), after: z.optional(messageCursor) })
  .check(z.refine((h) => [h.before, h.around, h.after].filter(Boolean).length <= 1, "Give one of before, around and after."));
/** Marks a conversation read up to a time (the newest message the reader has seen). */
export const readInput = z.object({ conversationId: id, upTo: z.iso.datetime({ message: "upTo: an ISO time." }) });
/** The first message of a 1:1 DM that does not exist yet: it creates the conversation. */
export const sendDirectInput = z.object({ userId: id, body: messageBody });

/** First zod issue as one readable sentence. */
export function firstError(error: z.core.$ZodError): string {
  const issue = error.issues[0];
  if (!issue) return "Invalid input.";
  if (issue.code === "invalid_type" && issue.path.length) return `${issue.path.join(".")}: ${issue.message}`;
  return issue.message;
}

export const presenceMode = z.enum(["auto", "away", "dnd", "invisible"]);
export const activityInput = z.object({ idle: z.boolean() });
/** A timed do-not-disturb ends at most this far ahead. */
export const MAX_DND_MS = 7 * 86_400_000;
export const setModeInput = z
  .object({
    mode: presenceMode,
    /** Only with dnd: when the previous mode comes back by itself (ISO time, in the next 7 days). */
    until: z.optional(z.iso.datetime({ offset: true, message: "until: an ISO date and time." })),
  })
  .check(
    z.refine((v) => v.until === undefined || v.mode === "dnd", "until: only do not disturb can be timed."),
    z.refine((v) => v.until === undefined || Date.parse(v.until) > Date.now(), "until: must be in the future."),
    z.refine((v) => v.until === undefined || Date.parse(v.until) <= Date.now() + MAX_DND_MS, "until: at most 7 days ahead."),
  );
export const privacyInput = z.strictObject({ coarseLastSeen: z.boolean({ error: "coarseLastSeen: true or false." }) });
export const allowlistInput = z.object({ userIds: z.array(id).check(z.maxLength(500, "An allowlist holds at most 500 people.")) });
export const syncInput = z.object({
  since: z.optional(
    z.number().check(
      z.int("since: a version is a whole number."),
      z.gte(0, "since: a version is at least 0."),
      z.lte(Number.MAX_SAFE_INTEGER, "since: version too large."),
    ),
  ),
  digest: z.optional(z.string().check(z.regex(/^[0-9a-f]{8}$/, "Invalid digest."))),
});

export const subscribeInput = z
  .object({
    userIds: z.array(id).check(z.maxLength(MAX_WATCHED, `Watch at most ${MAX_WATCHED} people at once.`)),
    /** The version the client holds of each (0: none): the answer leaves out what it already has. */
    versions: z.optional(z.array(z.number().check(z.int(), z.gte(0), z.lte(Number.MAX_SAFE_INTEGER))).check(z.maxLength(MAX_WATCHED))),
  })
  .check(z.refine((s) => !s.versions || s.versions.length === s.userIds.length, "versions: one per user id."));
export const rangeInput = z
  .object({
    start: z.number().check(z.int("start: a whole number."), z.gte(0, "start: at least 0."), z.lte(10_000_000)),
    end: z.number().check(z.int("end: a whole number."), z.gte(0, "end: at least 0."), z.lte(10_000_000)),
    /** Digest of the rows the client holds for exactly this range (rowsDigest): answered `unchanged` when equal. */
    digest: z.optional(z.string().check(z.regex(/^[0-9a-f]{8}$/, "Invalid digest."))),
  })
  .check(
    z.refine((r) => r.end >= r.start, "end: at least start."),
    z.refine((r) => r.end - r.start <= MAX_RANGE_ROWS, `Ask for at most ${MAX_RANGE_ROWS} rows at once.`),
  );
export const searchInput = z.object({ q: text("name", "Search").check(z.maxLength(80, "Search: at most 80 characters.")) });

export const tokenInput = z.object({ token: z.string().check(z.minLength(10, "This link is incomplete."), z.maxLength(200, "This link is invalid.")) });
export const forgotInput = z.object({ email });
export const resetInput = z.object({ token: tokenInput.shape.token, password });
/** Sign-up on an invitation's join page: the email is the invited one, taken from the link on the server. */
export const joinSignUpInput = z.object({ token: tokenInput.shape.token, name: displayName, password });
export const changePasswordInput = z.object({
  current: z.string().check(z.minLength(1, "Enter your current password."), z.maxLength(200)),
  password,
});
/** A workspace address as slugify makes it. */
export const slug = z.string().check(z.minLength(1, "Invalid workspace address."), z.maxLength(64, "Invalid workspace address."), z.regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "Invalid workspace address."));
const idOf = (what: string) => z.string().check(z.minLength(1, `Invalid ${what} id.`), z.maxLength(64, `Invalid ${what} id.`), z.regex(/^[A-Za-z0-9_-]+$/, `Invalid ${what} id.`));
export const userIdParam = idOf("user");
export const inviteIdParam = idOf("invite");
export const channelIdParam = idOf("channel");
export const transferOwnerInput = z.object({ userId: userIdParam });
