-- Profiles: a title, a time zone and a picture (cropped and resized on upload, stored as WebP).
ALTER TABLE "User" ADD COLUMN "title" TEXT,
ADD COLUMN "timeZone" TEXT,
ADD COLUMN "avatarVersion" TEXT;

CREATE TABLE "Avatar" (
    "userId" TEXT NOT NULL,
    "large" BYTEA NOT NULL,
    "small" BYTEA NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Avatar_pkey" PRIMARY KEY ("userId")
);

ALTER TABLE "Avatar" ADD CONSTRAINT "Avatar_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;
