-- Follow-up of conclusions and directives (theo dõi, đôn đốc), issue 13 (DOMAIN-2.md §3).
-- followup/ owns these tables. A task is one clause of a conclusion notice, directive,
-- resolution or programme item given to exactly one lead unit (ND 39/2022: one lead), with
-- coordinating units and a due date (NULL = thường xuyên). Its status is never stored: it is
-- derived from the dates below by followup_status() (followup/followup.c) as of any date.
CREATE TABLE followup_tasks (
    id INTEGER PRIMARY KEY,
    unit_id INTEGER NOT NULL REFERENCES units(id), -- the assigning office's unit
    source_kind TEXT NOT NULL DEFAULT 'none'
        CHECK (source_kind IN ('incoming', 'outgoing', 'programme_item', 'conference', 'none')),
    source_id INTEGER, -- plain id: programme items and conferences belong to other modules
    source_title TEXT NOT NULL DEFAULT '',
    source_clause TEXT NOT NULL DEFAULT '',
    content TEXT NOT NULL CHECK (length(content) BETWEEN 1 AND 4000),
    assigned_by TEXT NOT NULL DEFAULT 'TT' CHECK (assigned_by IN ('BCH', 'BTV', 'TT', 'leader')),
    leader_user_id INTEGER REFERENCES users(id),
    lead_unit_id INTEGER NOT NULL REFERENCES units(id),
    due_date TEXT,     -- the deadline in force now (after approved extensions); NULL = thường xuyên
    original_due TEXT, -- the deadline first given
    priority INTEGER NOT NULL DEFAULT 0 CHECK (priority BETWEEN 0 AND 2),
    secrecy INTEGER NOT NULL DEFAULT 0 CHECK (secrecy BETWEEN 0 AND 3),
    created_by INTEGER NOT NULL REFERENCES users(id),
    created_at TEXT NOT NULL,
    assigned_on TEXT NOT NULL, -- Vietnam date of the assignment (as-of reports start here)
    -- The completion reported by the lead unit: the date of its reply document.
    completed_on TEXT,
    completion_outgoing_id INTEGER REFERENCES outgoing(id),
    completion_sha256 TEXT, completion_filename TEXT, completion_mime TEXT,
    completion_note TEXT,
    reported_by INTEGER REFERENCES users(id),
    reported_at TEXT,
    -- The assigning office's confirmation; only a confirmed completion counts as done.
    confirmed_by INTEGER REFERENCES users(id),
    confirmed_on TEXT,
    cancelled_on TEXT,
    cancel_reason TEXT,
    cancelled_by INTEGER REFERENCES users(id),
    CHECK (original_due IS NULL OR due_date IS NOT NULL),
    CHECK (confirmed_on IS NULL OR completed_on IS NOT NULL)
) STRICT;
-- Everything the report reads (followup_report.c FU_HEAD): the report scans this index only,
-- never the wide rows with their texts (50,000 tasks: a few MB instead of tens).
CREATE INDEX followup_tasks_lead ON followup_tasks (lead_unit_id, assigned_on, due_date,
    original_due, completed_on, confirmed_on, cancelled_on, unit_id, leader_user_id, secrecy,
    created_by);
CREATE INDEX followup_tasks_unit ON followup_tasks (unit_id, assigned_on);
CREATE INDEX followup_tasks_due ON followup_tasks (due_date) WHERE completed_on IS NULL;
CREATE INDEX followup_tasks_source ON followup_tasks (source_kind, source_id);

CREATE TABLE followup_task_units ( -- coordinating units (phối hợp)
    task_id INTEGER NOT NULL REFERENCES followup_tasks(id),
    unit_id INTEGER NOT NULL REFERENCES units(id),
    PRIMARY KEY (task_id, unit_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX followup_task_units_unit ON followup_task_units (unit_id, task_id);

CREATE TABLE followup_progress (
    id INTEGER PRIMARY KEY,
    task_id INTEGER NOT NULL REFERENCES followup_tasks(id),
    unit_id INTEGER NOT NULL REFERENCES units(id),
    user_id INTEGER NOT NULL REFERENCES users(id),
    at TEXT NOT NULL,
    kind TEXT NOT NULL DEFAULT 'progress'
        CHECK (kind IN ('progress', 'completion', 'confirmed', 'returned', 'extension', 'cancelled')),
    note TEXT NOT NULL DEFAULT '',
    sha256 TEXT, filename TEXT, mime TEXT, size INTEGER
) STRICT;
CREATE INDEX followup_progress_task ON followup_progress (task_id, id);

CREATE TABLE followup_extensions (
    id INTEGER PRIMARY KEY,
    task_id INTEGER NOT NULL REFERENCES followup_tasks(id),
    old_due TEXT NOT NULL,
    new_due TEXT NOT NULL,
    reason TEXT NOT NULL,
    requested_by INTEGER NOT NULL REFERENCES users(id),
    requested_at TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'refused')),
    decided_by INTEGER REFERENCES users(id),
    decided_on TEXT,
    note TEXT
) STRICT;
CREATE INDEX followup_extensions_task ON followup_extensions (task_id, status, decided_on);
CREATE INDEX followup_extensions_pending ON followup_extensions (status) WHERE status = 'pending';

-- Reminders sent, so the periodic sweep sends each one once: (task, kind, due date).
CREATE TABLE followup_reminders (
    task_id INTEGER NOT NULL REFERENCES followup_tasks(id),
    kind TEXT NOT NULL CHECK (kind IN ('before', 'on_due', 'overdue')),
    due_date TEXT NOT NULL,
    sent_at TEXT NOT NULL,
    recipients INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (task_id, kind, due_date)
) STRICT, WITHOUT ROWID;
