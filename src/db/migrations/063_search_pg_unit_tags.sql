-- The owning unit's tag in PostgreSQL's search vectors (issue 16; src/search/search_pg.h). On
-- PostgreSQL every document is re-indexed once so its folded vector gains the tag; the tagged
-- scan (src/search/search_pg.c) is used only while no row is dirty, so a search during that
-- re-index takes the untagged plan and finds the same rows. SQLite keeps its tags in the FTS5
-- table's own column (060_search_tags.sql): nothing to do here.
SELECT 1;
