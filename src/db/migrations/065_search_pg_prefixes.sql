-- Three- and four-character prefix lexemes in PostgreSQL's search vectors (issue 16;
-- src/search/search_pg.h, pg/065_search_pg_prefixes.sql). SQLite's FTS5 answers a prefix from
-- its own prefix indexes (FTS_PREFIX, src/search/index.c: prefix='2 3 4'): nothing to do here.
SELECT 1;
