-- A draft's item may be edited (issue 13): its history records the edit. SQLite cannot widen a
-- CHECK in place, so the events table is rebuilt with the same rows.
CREATE TABLE programme_item_events_new (
    id INTEGER PRIMARY KEY,
    item_id INTEGER NOT NULL REFERENCES programme_items(id),
    at TEXT NOT NULL,
    actor_id INTEGER REFERENCES users(id),
    action TEXT NOT NULL CHECK (action IN ('add', 'pick', 'carry_in', 'carry_out', 'revise',
        'status', 'edit')),
    from_status TEXT,
    to_status TEXT,
    reason TEXT,
    ref_item_id INTEGER REFERENCES programme_items(id)
) STRICT;
INSERT INTO programme_item_events_new (id, item_id, at, actor_id, action, from_status, to_status,
    reason, ref_item_id)
    SELECT id, item_id, at, actor_id, action, from_status, to_status, reason, ref_item_id
    FROM programme_item_events;
DROP TABLE programme_item_events;
ALTER TABLE programme_item_events_new RENAME TO programme_item_events;
CREATE INDEX programme_item_events_item ON programme_item_events(item_id, id);
