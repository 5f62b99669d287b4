-- PostgreSQL twin of src/db/migrations/052_programme_item_edit.sql. What differs, and why: SQLite
-- cannot widen a CHECK in place and rebuilds the table with the same rows; PostgreSQL drops and
-- adds the named constraint (pg/030_programmes.sql names it programme_item_events_action_check).
-- Same table, same ids, no copy.
-- A draft's item may be edited (issue 13): its history records the edit.
ALTER TABLE programme_item_events DROP CONSTRAINT programme_item_events_action_check;
ALTER TABLE programme_item_events ADD CONSTRAINT programme_item_events_action_check
    CHECK (action IN ('add', 'pick', 'carry_in', 'carry_out', 'revise', 'status', 'edit'));
