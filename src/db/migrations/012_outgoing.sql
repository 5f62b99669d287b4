-- Văn bản đi (src/docs/outgoing.h): documents, their versions, comments, recipients and trace.

CREATE TABLE outgoing (
    id INTEGER PRIMARY KEY,
    register_id INTEGER NOT NULL REFERENCES registers (id),
    unit_id INTEGER NOT NULL,
    doc_type TEXT NOT NULL REFERENCES doc_types (code),
    subject TEXT NOT NULL,
    body TEXT NOT NULL DEFAULT '',
    secrecy INTEGER NOT NULL DEFAULT 0 CHECK (secrecy BETWEEN 0 AND 3),
    urgency INTEGER NOT NULL DEFAULT 0 CHECK (urgency BETWEEN 0 AND 4),
    status TEXT NOT NULL DEFAULT 'draft'
        CHECK (status IN ('draft', 'approved', 'signed', 'issued', 'recalled')),
    version INTEGER NOT NULL DEFAULT 1,
    signer_id INTEGER,            -- designated signer, NULL = any authorised signer
    drafted_by INTEGER NOT NULL,
    approved_by INTEGER,
    approved_at TEXT,
    signed_by INTEGER,
    signed_at TEXT,
    issued_by INTEGER,
    issued_at TEXT,
    issued_date TEXT,             -- "YYYY-MM-DD" printed on the document
    number INTEGER,               -- số; kept forever once issued, also after recall
    notation TEXT,                -- "05-CV/VPTU"
    seq_period TEXT,              -- the sequence key it was numbered in (term:N / year:YYYY)
    replaces_id INTEGER REFERENCES outgoing (id),
    replaced_by_id INTEGER REFERENCES outgoing (id),
    recalled_at TEXT,
    recall_reason TEXT,
    file_copy_to TEXT,            -- Đơn vị/người nhận bản lưu
    copies INTEGER NOT NULL DEFAULT 1, -- Số lượng bản
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
) STRICT;
CREATE INDEX outgoing_unit ON outgoing (unit_id, created_at);
CREATE INDEX outgoing_issued ON outgoing (register_id, issued_date);
-- A number and notation is unique within its register and sequence period, whatever happens.
CREATE UNIQUE INDEX outgoing_number ON outgoing (register_id, seq_period, notation)
    WHERE notation IS NOT NULL;

-- Every saved subject/body; never updated (ND 30 Phụ lục VI: store every draft).
CREATE TABLE outgoing_versions (
    id INTEGER PRIMARY KEY,
    outgoing_id INTEGER NOT NULL REFERENCES outgoing (id),
    version INTEGER NOT NULL,
    subject TEXT NOT NULL,
    body TEXT NOT NULL,
    created_by INTEGER NOT NULL,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    UNIQUE (outgoing_id, version)
) STRICT;

CREATE TABLE outgoing_comments (
    id INTEGER PRIMARY KEY,
    outgoing_id INTEGER NOT NULL REFERENCES outgoing (id),
    version INTEGER NOT NULL,
    body TEXT NOT NULL,
    created_by INTEGER NOT NULL,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
) STRICT;
CREATE INDEX outgoing_comments_doc ON outgoing_comments (outgoing_id);

-- Nơi nhận: a unit of the tree (unit_id) or an outside body (name only). method is decided at
-- issue: electronic (delivered to the unit's incoming queue), paper (Tối mật/Tuyệt mật, or a
-- unit without the system), post (outside bodies, listed in the postal dispatch book).
CREATE TABLE outgoing_recipients (
    id INTEGER PRIMARY KEY,
    outgoing_id INTEGER NOT NULL REFERENCES outgoing (id),
    unit_id INTEGER,
    name TEXT NOT NULL,
    copies INTEGER NOT NULL DEFAULT 1,
    want_electronic INTEGER NOT NULL DEFAULT 0,
    method TEXT CHECK (method IN ('electronic', 'paper', 'post')),
    sent_at TEXT,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
) STRICT;
CREATE INDEX outgoing_recipients_doc ON outgoing_recipients (outgoing_id);

-- The document's trace: who did what, when (shown on its page; audit_log keeps the full
-- before/after in the audit table).
CREATE TABLE outgoing_events (
    id INTEGER PRIMARY KEY,
    outgoing_id INTEGER NOT NULL REFERENCES outgoing (id),
    action TEXT NOT NULL,
    note TEXT,
    created_by INTEGER,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
) STRICT;
CREATE INDEX outgoing_events_doc ON outgoing_events (outgoing_id);
