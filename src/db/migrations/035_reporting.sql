-- The reporting regime (chế độ thông tin, báo cáo; DOMAIN-2.md §4): report types with their
-- forms as data, one instance per obligated unit and period, its values and its history.
-- Written only by src/reporting/.

-- A report type: who reports what, on which cycle, by when, to whom.
CREATE TABLE report_types (
    id INTEGER PRIMARY KEY,
    code TEXT NOT NULL UNIQUE CHECK (length(code) BETWEEN 1 AND 40),
    name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 300),
    legal_basis TEXT NOT NULL DEFAULT '',
    -- JSON array of cycles: month, quarter, q1, half, nine, year, thematic, adhoc
    cycles TEXT NOT NULL,
    cutoff_day INTEGER NOT NULL CHECK (cutoff_day BETWEEN 1 AND 28), -- data to the 14th
    due_kind TEXT NOT NULL CHECK (due_kind IN ('day', 'workdays')),
    due_value INTEGER NOT NULL,   -- day of the period's last month, or working days after cut-off
    due_by_level TEXT NOT NULL DEFAULT '{}', -- JSON {"XA": 18}: an earlier due per level
    levels TEXT NOT NULL,         -- JSON array of unit levels that must report: ["XA"]
    recipient_unit_id INTEGER NOT NULL REFERENCES units(id), -- the office that receives
    effective_from TEXT NOT NULL,
    effective_to TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    CHECK (effective_to IS NULL OR effective_to >= effective_from)
) STRICT;

-- The form of a type, versioned: a version applies from its first period on; old periods keep
-- the version they were opened with (report_instances.form_id).
CREATE TABLE report_forms (
    id INTEGER PRIMARY KEY,
    type_id INTEGER NOT NULL REFERENCES report_types(id),
    version INTEGER NOT NULL,
    from_period TEXT NOT NULL, -- "YYYY-MM": the first month whose periods use it
    definition TEXT NOT NULL,  -- JSON {indicators:[…], sections:[…], rules:[…]}
    created_at TEXT NOT NULL,
    UNIQUE (type_id, version)
) STRICT;

-- Indicator codes of a type, numbered once so values are stored by a small integer; the same
-- code keeps its id across form versions.
CREATE TABLE report_indicators (
    id INTEGER PRIMARY KEY,
    type_id INTEGER NOT NULL REFERENCES report_types(id),
    code TEXT NOT NULL,
    UNIQUE (type_id, code)
) STRICT;

-- One report owed by one unit for one period. Statuses: open (not due / waiting, from the
-- date), submitted, returned, accepted, included. On time / late derive from first_submitted_at
-- and due_date, never stored.
CREATE TABLE report_instances (
    id INTEGER PRIMARY KEY,
    type_id INTEGER NOT NULL REFERENCES report_types(id),
    form_id INTEGER NOT NULL REFERENCES report_forms(id),
    period TEXT NOT NULL,       -- "2026-11", "2026-Q3", "2026-H1", "2026-N9", "2026", "2026-CD1"
    data_from TEXT NOT NULL,    -- the data window (15th → 14th)
    cutoff TEXT NOT NULL,
    due_date TEXT NOT NULL,
    unit_id INTEGER NOT NULL REFERENCES units(id),
    status TEXT NOT NULL DEFAULT 'open'
        CHECK (status IN ('open', 'submitted', 'returned', 'accepted', 'included')),
    first_submitted_at TEXT,
    submitted_at TEXT,
    submitted_by INTEGER REFERENCES users(id),
    doc_code TEXT,              -- số, ký hiệu of the signed report
    doc_date TEXT,
    file_sha256 TEXT, file_name TEXT, file_mime TEXT, file_size INTEGER,
    reviewed_at TEXT,
    reviewed_by INTEGER REFERENCES users(id),
    review_comment TEXT,
    incoming_id INTEGER,        -- the record registered at the receiving unit on acceptance
    -- The numeric values again, packed (int64 indicator id, double value)… in native order, written
    -- with report_values in the same transaction: the live aggregate reads one row a report
    -- instead of one a value (600,000 values within the 200 ms budget). report_values stays the
    -- record every other read uses.
    num_pack BLOB,
    created_at TEXT NOT NULL,
    UNIQUE (type_id, period, unit_id)
) STRICT;
CREATE INDEX report_instances_unit ON report_instances(unit_id, type_id);
CREATE INDEX report_instances_period ON report_instances(type_id, period);

CREATE TABLE report_values (
    instance_id INTEGER NOT NULL REFERENCES report_instances(id),
    indicator_id INTEGER NOT NULL REFERENCES report_indicators(id),
    num REAL,
    txt TEXT,
    PRIMARY KEY (instance_id, indicator_id)
) STRICT, WITHOUT ROWID;

-- The history of an instance: saved, submitted, returned (with the comment), accepted,
-- reminded, included in a synthesis.
CREATE TABLE report_events (
    id INTEGER PRIMARY KEY,
    instance_id INTEGER NOT NULL REFERENCES report_instances(id),
    at TEXT NOT NULL,
    actor_id INTEGER REFERENCES users(id),
    kind TEXT NOT NULL,
    note TEXT
) STRICT;
CREATE INDEX report_events_instance ON report_events(instance_id, id);

-- Reminders sent (one per instance and kind: before, on the day, late), so the daily tick
-- never repeats one.
CREATE TABLE report_reminders (
    instance_id INTEGER NOT NULL REFERENCES report_instances(id),
    kind TEXT NOT NULL,
    sent_at TEXT NOT NULL,
    PRIMARY KEY (instance_id, kind)
) STRICT, WITHOUT ROWID;
