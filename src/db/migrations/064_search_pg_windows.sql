-- The windows' and the filters' tags in PostgreSQL's search vectors (issue 16;
-- src/search/search_pg.h, search_pg_window.c). SQLite keeps its tags in the FTS5 table's own
-- column (060_search_tags.sql) and reads its doclists newest first: nothing to do here.
SELECT 1;
