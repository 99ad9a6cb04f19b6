-- The away setting: when switching away from Roster shows the user away.
CREATE TYPE "AwayAfter" AS ENUM ('switch', 'minute', 'input');
ALTER TABLE "User" ADD COLUMN "awayAfter" "AwayAfter" NOT NULL DEFAULT 'switch';
