-- Routing, issue 12 items 10 and 18 (tasks/ owns what this adds):
--
-- 1. "Nhận để biết": an assignment of kind 'info' gives the document to a unit or person for
--    information. It opens the document to them (the visibility rule reads any assignment
--    that is not cancelled) and asks for no handling: it is written 'done' at once, so no
--    list of work, count or reminder (all of which read status 'open') takes it for a task.
--    SQLite cannot change a CHECK, so the table is rebuilt with the same rows and ids. The
--    trace (incoming_events.assignment_id) and passed-on shares (parent_id) refer to it; the
--    migration runs with foreign keys on inside one transaction, so those references are set
--    aside while the old table goes and put back on the new one.
-- 2. "Trả lại": a leader gives a registered document back to its clerk with a reason before
--    routing it. The record stays 'registered' (its number and register entry do not change)
--    and returned_at/return_reason say it waits for the clerk; routing it or the clerk's
--    re-submission clears them.
-- 3. Ủy quyền: a leader names a deputy who routes the leader's documents from from_date to
--    to_date inclusive (Vietnam dates); ended_at closes it early. Assignments made under it
--    name the leader in on_behalf_of.

CREATE TEMP TABLE ia_event_refs AS
    SELECT id, assignment_id FROM incoming_events WHERE assignment_id IS NOT NULL;
CREATE TEMP TABLE ia_parent_refs AS
    SELECT id, parent_id FROM incoming_assignments WHERE parent_id IS NOT NULL;
UPDATE incoming_events SET assignment_id = NULL WHERE assignment_id IS NOT NULL;

CREATE TABLE incoming_assignments_new (
    id INTEGER PRIMARY KEY,
    incoming_id INTEGER NOT NULL REFERENCES incoming(id),
    parent_id INTEGER REFERENCES incoming_assignments(id),
    kind TEXT NOT NULL CHECK (kind IN ('lead', 'co', 'info')),
    to_unit_id INTEGER REFERENCES units(id),
    to_user_id INTEGER REFERENCES users(id),
    due_date TEXT,
    instruction TEXT,
    status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'passed', 'done', 'cancelled')),
    assigned_by INTEGER NOT NULL REFERENCES users(id),
    assigned_at TEXT NOT NULL,
    done_at TEXT,
    done_by INTEGER REFERENCES users(id),
    on_behalf_of INTEGER REFERENCES users(id),
    CHECK ((to_unit_id IS NULL) <> (to_user_id IS NULL))
) STRICT;
INSERT INTO incoming_assignments_new (id, incoming_id, kind, to_unit_id, to_user_id,
    due_date, instruction, status, assigned_by, assigned_at, done_at, done_by)
    SELECT id, incoming_id, kind, to_unit_id, to_user_id, due_date, instruction,
           status, assigned_by, assigned_at, done_at, done_by FROM incoming_assignments;
UPDATE incoming_assignments SET parent_id = NULL WHERE parent_id IS NOT NULL;
DROP TABLE incoming_assignments;
ALTER TABLE incoming_assignments_new RENAME TO incoming_assignments;
CREATE INDEX incoming_assignments_doc ON incoming_assignments(incoming_id);
CREATE INDEX incoming_assignments_user ON incoming_assignments(to_user_id, status);
CREATE INDEX incoming_assignments_unit ON incoming_assignments(to_unit_id, status);

UPDATE incoming_events SET assignment_id =
    (SELECT r.assignment_id FROM ia_event_refs r WHERE r.id = incoming_events.id)
    WHERE id IN (SELECT id FROM ia_event_refs);
DROP TABLE ia_event_refs;
UPDATE incoming_assignments SET parent_id =
    (SELECT r.parent_id FROM ia_parent_refs r WHERE r.id = incoming_assignments.id)
    WHERE id IN (SELECT id FROM ia_parent_refs);
DROP TABLE ia_parent_refs;

ALTER TABLE incoming ADD COLUMN returned_at TEXT;
ALTER TABLE incoming ADD COLUMN return_reason TEXT;

CREATE TABLE routing_delegations (
    id INTEGER PRIMARY KEY,
    leader_id INTEGER NOT NULL REFERENCES users(id),
    deputy_id INTEGER NOT NULL REFERENCES users(id),
    from_date TEXT NOT NULL,
    to_date TEXT NOT NULL,
    note TEXT,
    created_by INTEGER NOT NULL REFERENCES users(id),
    created_at TEXT NOT NULL,
    ended_at TEXT,
    CHECK (leader_id <> deputy_id),
    CHECK (from_date <= to_date)
) STRICT;
CREATE INDEX routing_delegations_deputy ON routing_delegations(deputy_id, to_date);
CREATE INDEX routing_delegations_leader ON routing_delegations(leader_id, to_date);
