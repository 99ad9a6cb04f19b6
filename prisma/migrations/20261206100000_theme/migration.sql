-- The colour theme: follow the system (the default), or always light or dark.
CREATE TYPE "Theme" AS ENUM ('system', 'light', 'dark');
ALTER TABLE "User" ADD COLUMN "theme" "Theme" NOT NULL DEFAULT 'system';
