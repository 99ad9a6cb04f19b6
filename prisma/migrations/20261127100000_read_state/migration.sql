-- Read state per conversation participant (unread counts on every device).

-- AlterTable
ALTER TABLE "ConversationParticipant" ADD COLUMN "lastReadAt" TIMESTAMP(3);

-- Conversations from before read state existed start out read, rather than every old message showing as unread.
UPDATE "ConversationParticipant" AS p SET "lastReadAt" = c."lastMessageAt" FROM "Conversation" AS c WHERE c."id" = p."conversationId";
