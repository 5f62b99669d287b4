-- The windows' and the filters' tags in PostgreSQL's search vectors (issue 16;
-- src/search/search_pg.h, search_pg_window.c). SQLite keeps its tags in the FTS5 table's own
-- column (060_search_tags.sql) and reads its doclists newest first: nothing to do there.
--
-- Both stores: the index of the rows waiting for the indexer holds their ids, in the order the
-- indexer takes them (search.dirty: newest first). On (dirty) it gave no order, and
-- PostgreSQL walked the primary key backwards past every clean row to find the next dirty
-- ones — a re-index of a million documents slowed from 2,000 to 500 a second as the clean
-- rows piled up behind it.
DROP INDEX search_docs_dirty;
CREATE INDEX search_docs_dirty ON search_docs (id) WHERE dirty = 1;
-- The newest and oldest document of a year at once: a search filtered by a year or dates
-- starts its windows at the first and stops at the last (src/search/search_pg_window.c).
CREATE INDEX search_docs_year ON search_docs (year, id);
