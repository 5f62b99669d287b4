-- PostgreSQL twin of src/db/migrations/064_search_pg_windows.sql: every folded vector gains
-- the tags the windowed scan asks the GIN index for (src/search/search_pg_window.c), lexemes
-- without a position as the owning unit's of 063:
--   search_tags_of(d): the tags of SQLite's search_tags.h — the owning unit and every unit a
--     live assignment sends the document to ("u"), every user a live assignment sends it to,
--     who registered it, who drafted, approved, signed or issued it ("p"), its year, month,
--     kind and type ("y", "m", "k", "t") — so that a caller of a few units is answered by her
--     units' and her own tags alone, as on SQLite; index.c reads it for every row it indexes.
--     Who registered a document is a tag only when it is secret: that is the only branch of
--     the rule where it counts (search_sql.h), and a clerk registers most of her units'
--     documents — the tag doubled the GIN index's work for her searches (incoming secrecy is
--     set at registration and never changed; were it raised later, the document would be
--     missing from her search until re-indexed, never shown to anyone else);
--   its window of rowids ("w", rowid / 8192: SEARCH_PG_WINDOW) and block of 16 windows ("b",
--     SEARCH_PG_BLOCK), which index.c adds itself.
-- And, after chr(2), the first two characters of each of its keys (SEARCH_PG_PREFIX_MARK): a
-- lone two-character prefix ("th*") is then one GIN entry, not a union of every word it
-- starts (search_pg.c).
-- An assignment now changes a document's tags: the triggers of SQLite's 060_search_tags.sql
-- mark it dirty here too. Existing rows are tagged in SQL rather than by marking every row
-- dirty as 063 did (re-indexing a million documents through the app took 50 minutes; this
-- reads no text). The two GIN indexes are dropped and built again after the rewrite (a new
-- version of every row would otherwise add each of its keys to both, one by one). Rows still
-- dirty are indexed again by the indexer with the same tags.
-- As in the SQLite file: the waiting rows' index holds their ids, in the indexer's order.
DROP INDEX search_docs_dirty;
CREATE INDEX search_docs_dirty ON search_docs (id) WHERE dirty = 1;
-- The newest and oldest document of a year at once: a search filtered by a year or dates
-- starts its windows at the first and stops at the last (src/search/search_pg_window.c).
CREATE INDEX search_docs_year ON search_docs (year, id);

CREATE FUNCTION search_tags_of(d search_docs) RETURNS text LANGUAGE sql STABLE AS $$
SELECT chr(1) || 'u' || d.unit_id || ' ' || chr(1) || 'y' || d.year
    || ' ' || chr(1) || 'm' || substr(d.sort_date, 1, 4) || substr(d.sort_date, 6, 2)
    || ' ' || chr(1) || 'k' || d.kind || ' ' || chr(1) || 't' || replace(d.doc_type, ' ', '_')
    || coalesce((SELECT string_agg(' ' || chr(1) || 'u' || va.to_unit_id, '')
        FROM incoming_assignments va WHERE d.kind = 'in' AND va.incoming_id = d.doc_id
        AND va.status <> 'cancelled' AND va.to_unit_id IS NOT NULL), '')
    || coalesce((SELECT string_agg(' ' || chr(1) || 'p' || va.to_user_id, '')
        FROM incoming_assignments va WHERE d.kind = 'in' AND va.incoming_id = d.doc_id
        AND va.status <> 'cancelled' AND va.to_user_id IS NOT NULL), '')
    || coalesce((SELECT ' ' || chr(1) || 'p' || i.registered_by FROM incoming i
        WHERE d.kind = 'in' AND i.id = d.doc_id AND i.secrecy > 0), '')
    || coalesce((SELECT coalesce(' ' || chr(1) || 'p' || o.drafted_by, '')
        || coalesce(' ' || chr(1) || 'p' || o.approved_by, '')
        || coalesce(' ' || chr(1) || 'p' || o.signed_by, '')
        || coalesce(' ' || chr(1) || 'p' || o.signer_id, '')
        || coalesce(' ' || chr(1) || 'p' || o.issued_by, '')
        FROM outgoing o WHERE d.kind = 'out' AND o.id = d.doc_id), '')
$$;

CREATE FUNCTION search_assignment_dirty() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        UPDATE search_docs SET dirty = 1 WHERE kind = 'in' AND doc_id = NEW.incoming_id;
    ELSIF TG_OP = 'DELETE' THEN
        UPDATE search_docs SET dirty = 1 WHERE kind = 'in' AND doc_id = OLD.incoming_id;
    ELSIF (OLD.status = 'cancelled') <> (NEW.status = 'cancelled')
        OR OLD.to_unit_id IS DISTINCT FROM NEW.to_unit_id
        OR OLD.to_user_id IS DISTINCT FROM NEW.to_user_id
        OR OLD.incoming_id IS DISTINCT FROM NEW.incoming_id THEN
        UPDATE search_docs SET dirty = 1
            WHERE kind = 'in' AND doc_id IN (OLD.incoming_id, NEW.incoming_id);
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER search_assignment_ins AFTER INSERT ON incoming_assignments
    FOR EACH ROW EXECUTE FUNCTION search_assignment_dirty();
CREATE TRIGGER search_assignment_upd AFTER UPDATE ON incoming_assignments
    FOR EACH ROW EXECUTE FUNCTION search_assignment_dirty();
CREATE TRIGGER search_assignment_del AFTER DELETE ON incoming_assignments
    FOR EACH ROW EXECUTE FUNCTION search_assignment_dirty();

DROP INDEX search_fts_exact;
DROP INDEX search_fts_folded;
UPDATE search_fts f SET folded = f.folded || array_to_tsvector(string_to_array(
        search_tags_of(d) || ' ' || chr(1) || 'w' || (f.rowid / 8192)
        || ' ' || chr(1) || 'b' || (f.rowid / 8192 / 16), ' '))
        || array_to_tsvector(ARRAY(SELECT DISTINCT chr(2) || left(l, 2)
            FROM unnest(tsvector_to_array(f.folded)) l
            WHERE left(l, 1) <> chr(1) AND char_length(l) >= 2))
    FROM search_docs d WHERE d.id = f.rowid;
CREATE INDEX search_fts_exact ON search_fts USING gin (exact);
CREATE INDEX search_fts_folded ON search_fts USING gin (folded);
