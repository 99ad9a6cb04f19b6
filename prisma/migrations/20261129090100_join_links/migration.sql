-- Join in one flow: the invitation mail links to /join/<secret> (its SHA-256 on the invite), and
-- a confirmation sent from that page names the invite that confirming accepts.
ALTER TABLE "Invite" ADD COLUMN "tokenHash" TEXT;
CREATE UNIQUE INDEX "Invite_tokenHash_key" ON "Invite"("tokenHash");
ALTER TABLE "AuthToken" ADD COLUMN "inviteId" TEXT;
