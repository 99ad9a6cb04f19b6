-- Custom status: an emoji and a short text, with an optional expiry.
ALTER TABLE "User" ADD COLUMN "statusEmoji" TEXT;
ALTER TABLE "User" ADD COLUMN "statusText" TEXT;
ALTER TABLE "User" ADD COLUMN "statusExpiresAt" TIMESTAMP(3);
