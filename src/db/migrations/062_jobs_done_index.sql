-- The job workers purge finished jobs older than JOBS_KEEP_DONE_S once an hour and at start-up
-- (src/jobs/jobs.c purge_done). The only index with the state, jobs_ready, has no updated_at:
-- the purge read the row of every finished job to find the old ones — after an import of a
-- million documents, 295,000 rows at every start to delete none, which also filled the page
-- cache of a server that had not yet answered a request (RSS idle 29 → 56 MB, make bench).
-- The finished jobs by age, and only those.
CREATE INDEX jobs_done ON jobs (updated_at) WHERE state = 'done';
