-- Channels: named conversations (public or private, archivable), per-member notification choice, mentions.
ALTER TABLE "Conversation" ADD COLUMN "channelName" TEXT,
  ADD COLUMN "topic" TEXT NOT NULL DEFAULT '',
  ADD COLUMN "isPrivate" BOOLEAN NOT NULL DEFAULT false,
  ADD COLUMN "archivedAt" TIMESTAMP(3),
  ADD COLUMN "createdById" TEXT;

CREATE UNIQUE INDEX "Conversation_workspaceId_channelName_key" ON "Conversation"("workspaceId", "channelName");

ALTER TABLE "ConversationParticipant" ADD COLUMN "notify" TEXT;

ALTER TABLE "Message" ADD COLUMN "mentions" TEXT[] DEFAULT ARRAY[]::TEXT[];
