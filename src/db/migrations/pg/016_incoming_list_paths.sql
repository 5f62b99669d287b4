-- PostgreSQL twin of src/db/migrations/016_incoming_list_paths.sql: the same tables, columns,
-- keys and indexes (the comments below are that file's). What differs, and why:
-- - nothing: the statements are the SQLite text.

-- The incoming register lists start from an index for each filter that narrows the table
-- (src/docs/incoming.c, "the list"): a date range walks only those dates, a scoped reader
-- walks each register of the scope, newest first.
--
-- Both list indexes also carry the columns the visibility rule and the status/urgency filters
-- test first (secrecy, status, urgency), so a count of plain records in scope is answered from
-- the index without reading the rows: counting a ward's 10,000 newest records read 10,000
-- rows of ~1 KB each (11 ms at 1M documents). id is named so the order stays
-- (arrival_date DESC, id DESC) with the extra columns after it. They replace the two
-- single-purpose indexes they extend.
CREATE INDEX incoming_list_date ON incoming (arrival_date, id, unit_id, secrecy, status, urgency);
CREATE INDEX incoming_list_unit ON incoming (unit_id, arrival_date, id, secrecy, status, urgency);
DROP INDEX incoming_arrival;
DROP INDEX incoming_unit_date;

-- What a scoped reader may see from outside the scope comes from the assignments
-- (incoming_assignments_user / _unit, 011) and, for secret documents, from their registrar:
-- without this index that one branch read every row of the table on every page. unit_id lets
-- the list keep only those outside the scope without reading the rows (a ward clerk has
-- registered thousands of secret documents of the ward itself).
CREATE INDEX incoming_secret_registrar ON incoming (registered_by, unit_id) WHERE secrecy > 0;
