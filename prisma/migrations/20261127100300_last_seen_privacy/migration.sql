-- Private last seen: a per-user choice to show others only a rough last seen.
ALTER TABLE "User" ADD COLUMN "coarseLastSeen" BOOLEAN NOT NULL DEFAULT false;
