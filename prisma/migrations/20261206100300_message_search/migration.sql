-- Full-text search of messages. The vector is a column the database keeps itself (generated
-- from the body), indexed with GIN. Queries use the same configuration through raw SQL
-- (src/server/services/message-search.ts).
--
-- Configuration 'english': it stems ("deploying" finds "deployed"), and both PostgreSQL and
-- the embedded PGlite ship it (checked: pg_ts_config on PGlite lists english, and to_tsvector,
-- websearch_to_tsquery, ts_rank, ts_headline, a stored generated tsvector column and a GIN index
-- on it all work there). Its stop words ("the", "and") match nothing on their own.
-- (No semicolon in these comments: the migration runner splits statements on them.)
ALTER TABLE "Message" ADD COLUMN "search" tsvector GENERATED ALWAYS AS (to_tsvector('english', "body")) STORED;

CREATE INDEX "Message_search_idx" ON "Message" USING GIN ("search");
