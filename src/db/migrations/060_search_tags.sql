-- The search index's tags (src/search/search_tags.h): each FTS5 row carries, beside the text,
-- its document's owning unit, the units and people it is assigned to, and the people who
-- played a part in it, so a clerk of one ward is answered by FTS5 intersecting doclists
-- instead of reading the rows of every other unit's matches. The tags are written when the row
-- is (re)indexed, so a change of an assignment marks the document dirty here, in the same
-- transaction: the search re-indexes it before it next runs (search_sync). The FTS5 table
-- itself gains its tags column in search_schema_ensure (a migration cannot create it: see
-- 020_search.sql).

CREATE TRIGGER search_assignment_ins AFTER INSERT ON incoming_assignments BEGIN
    UPDATE search_docs SET dirty = 1 WHERE kind = 'in' AND doc_id = NEW.incoming_id;
END;

-- Routing moves status open → passed → done often: only a change that adds or removes a tag
-- (cancelled or not, to whom) re-indexes.
CREATE TRIGGER search_assignment_upd AFTER UPDATE ON incoming_assignments
WHEN (OLD.status = 'cancelled') <> (NEW.status = 'cancelled')
    OR OLD.to_unit_id IS NOT NEW.to_unit_id OR OLD.to_user_id IS NOT NEW.to_user_id
    OR OLD.incoming_id IS NOT NEW.incoming_id BEGIN
    UPDATE search_docs SET dirty = 1 WHERE kind = 'in' AND doc_id IN (OLD.incoming_id, NEW.incoming_id);
END;

CREATE TRIGGER search_assignment_del AFTER DELETE ON incoming_assignments BEGIN
    UPDATE search_docs SET dirty = 1 WHERE kind = 'in' AND doc_id = OLD.incoming_id;
END;
