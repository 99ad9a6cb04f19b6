-- Timed and scheduled do-not-disturb.

-- AlterTable
ALTER TABLE "User" ADD COLUMN "dndUntil" TIMESTAMP(3),
ADD COLUMN "dndRestoreMode" "PresenceMode",
ADD COLUMN "dndSchedule" JSONB,
ADD COLUMN "dndNextStart" TIMESTAMP(3);

-- CreateIndex
CREATE INDEX "User_dndUntil_idx" ON "User"("dndUntil");

-- CreateIndex
CREATE INDEX "User_dndNextStart_idx" ON "User"("dndNextStart");
