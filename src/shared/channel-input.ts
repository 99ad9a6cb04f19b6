// Payloads of the channel routes and events: their own module, so pages that never send them load
// no more schema code.
import * as z from "zod/mini";
import "./zod";
import { text } from "./text-schema";
import { id } from "./schemas";
import { channelNameProblem, MAX_CHANNEL_TOPIC, normalizeChannelName } from "./channel";

/** A channel name as typed: normalised ("#Design Team" is "design-team"), then checked. */
export const channelName = text("name", "Channel name").check(
  z.overwrite(normalizeChannelName),
  z.superRefine((s, ctx) => {
    const problem = channelNameProblem(s);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  }),
);
export const channelTopic = text("name", "Topic").check(z.maxLength(MAX_CHANNEL_TOPIC, `Topic: at most ${MAX_CHANNEL_TOPIC} characters.`));

export const createChannelInput = z.strictObject({
  name: channelName,
  topic: z._default(channelTopic, ""),
  isPrivate: z._default(z.boolean({ error: "isPrivate: true or false." }), false),
});
export const updateChannelInput = z.strictObject({
  topic: z.optional(channelTopic),
  archived: z.optional(z.boolean({ error: "archived: true or false." })),
});
export const channelInviteInput = z.strictObject({
  userIds: z.array(id).check(z.minLength(1, "Pick someone to add."), z.maxLength(100, "Add at most 100 people at a time.")),
});
export const channelNotifyInput = z.strictObject({
  notify: z.nullable(z.enum(["all", "mentions"], { error: 'notify: "all", "mentions" or null.' })),
});
export const channelCountsInput = z.object({ conversationId: id });
