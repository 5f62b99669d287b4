-- PostgreSQL twin of src/db/migrations/060_search_tags.sql: nothing to do. The tags are a
-- column of SQLite's FTS5 index only; the PostgreSQL search (src/search/search_pg.h) filters
-- the scope and the filters in SQL over search_docs, which its triggers keep current, so an
-- assignment there needs no re-index.
SELECT 1;
