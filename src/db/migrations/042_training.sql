-- Training records of office staff (issue 20): a new table next to org's staff_courses (the
-- short free-text list of the staff form stays as it is); training/ owns these tables.
CREATE TABLE training_records (
    id INTEGER PRIMARY KEY,
    staff_id INTEGER NOT NULL REFERENCES staff(id),
    kind TEXT NOT NULL CHECK (kind IN ('politics', 'state', 'it', 'language', 'other')),
    name TEXT NOT NULL,
    level TEXT NOT NULL DEFAULT '',
    certificate TEXT NOT NULL DEFAULT '',
    started_on TEXT NOT NULL,
    ended_on TEXT NOT NULL,
    provider TEXT NOT NULL DEFAULT '',
    created_by INTEGER REFERENCES users(id),
    created_at TEXT NOT NULL,
    CHECK (ended_on >= started_on)
) STRICT;
CREATE INDEX training_records_staff ON training_records(staff_id, kind);

-- Who is due for which training: a position (as written in staff.position) needs a kind of
-- course; data the administrator edits.
CREATE TABLE training_requirements (
    id INTEGER PRIMARY KEY,
    position TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('politics', 'state', 'it', 'language', 'other')),
    level TEXT NOT NULL DEFAULT '',
    effective_from TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    UNIQUE (position, kind, effective_from)
) STRICT;
