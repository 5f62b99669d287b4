-- PostgreSQL twin of src/db/migrations/063_search_pg_unit_tags.sql: every document is indexed
-- again, so that its folded vector carries its owning unit's tag (chr(1) || 'u' || unit_id, a
-- lexeme without a position). The indexer (search_sync, the search jobs) rebuilds dirty rows in
-- bounded transactions; until none is left the search takes the untagged plan.
UPDATE search_docs SET dirty = 1;
