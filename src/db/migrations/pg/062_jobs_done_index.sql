-- PostgreSQL twin of src/db/migrations/062_jobs_done_index.sql: the same partial index (the
-- comments there say why).
CREATE INDEX jobs_done ON jobs (updated_at) WHERE state = 'done';
