-- PostgreSQL twin of src/db/migrations/065_search_pg_prefixes.sql: every folded vector gains,
-- after chr(2) (SEARCH_PG_PREFIX_MARK), the first three and the first four characters of each
-- of its keys, beside the first two of 064 (src/search/search_pg.c builds all three for the
-- rows it indexes). A lone prefix of three or four characters ("thủy*") is then one GIN entry:
-- as a partial match ('thủy':*) the GIN index unions the entries of every word it starts into
-- a bitmap of the whole office, again for each window of the windowed scan (at 1M documents
-- the leader's "thủy*" took 47–107 ms where "kế hoạch" took 15). As in 064, the vectors are
-- rewritten in SQL from their own lexemes (no text is read) with both GIN indexes dropped and
-- built again after. A tag (chr(1)) or a prefix lexeme (chr(2)) gains nothing.
DROP INDEX search_fts_exact;
DROP INDEX search_fts_folded;
UPDATE search_fts f SET folded = f.folded || array_to_tsvector(ARRAY(
        SELECT DISTINCT chr(2) || left(l, n.n)
        FROM unnest(tsvector_to_array(f.folded)) l, (VALUES (3), (4)) n(n)
        WHERE left(l, 1) NOT IN (chr(1), chr(2)) AND char_length(l) >= n.n));
CREATE INDEX search_fts_exact ON search_fts USING gin (exact);
CREATE INDEX search_fts_folded ON search_fts USING gin (folded);
