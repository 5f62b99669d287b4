-- PostgreSQL twin of src/db/migrations/064_search_pg_windows.sql: every folded vector gains
-- the tags the windowed scan asks the GIN index for (src/search/search_pg_window.c), lexemes
-- without a position as the owning unit's of 063: its window of rowids ("\x01w", rowid / 8192,
-- SEARCH_PG_WINDOW), its block of 16 windows ("\x01b", SEARCH_PG_BLOCK), and the filters'
-- year, month, kind and type (as index.c writes them from now on). Done here in SQL rather than
-- by marking every row dirty as 063 did: re-indexing a million documents through the app took
-- 50 minutes; this rewrites the vectors without reading a text. The two GIN indexes are
-- dropped and built again after the rewrite (a new version of every row would otherwise add
-- each of its keys to both, one by one). Rows still dirty are indexed again by the indexer
-- with the same tags.
DROP INDEX search_fts_exact;
DROP INDEX search_fts_folded;
UPDATE search_fts f SET folded = f.folded || array_to_tsvector(array_remove(ARRAY[
        chr(1) || 'w' || (f.rowid / 8192), chr(1) || 'b' || (f.rowid / 8192 / 16),
        chr(1) || 'y' || d.year,
        chr(1) || 'm' || substr(d.sort_date, 1, 4) || substr(d.sort_date, 6, 2),
        chr(1) || 'k' || d.kind, chr(1) || 't' || replace(d.doc_type, ' ', '_')], NULL))
    FROM search_docs d WHERE d.id = f.rowid;
CREATE INDEX search_fts_exact ON search_fts USING gin (exact);
CREATE INDEX search_fts_folded ON search_fts USING gin (folded);
