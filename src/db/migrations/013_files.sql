-- Attachments (src/docs/attach.h) and work dossiers (src/docs/dossier.h).

-- The bytes live in blobs/ab/cd/<sha256>; the row only references them, and is inserted after
-- the blob is durable. doc_kind 'in' = incoming.id, 'out' = outgoing.id.
CREATE TABLE attachments (
    id INTEGER PRIMARY KEY,
    doc_kind TEXT NOT NULL CHECK (doc_kind IN ('in', 'out')),
    doc_id INTEGER NOT NULL,
    sha256 TEXT NOT NULL CHECK (length(sha256) = 64),
    filename TEXT NOT NULL,
    mime TEXT NOT NULL,
    size INTEGER NOT NULL CHECK (size >= 0),
    created_by INTEGER,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
) STRICT;
CREATE INDEX attachments_doc ON attachments (doc_kind, doc_id);
CREATE INDEX attachments_sha ON attachments (sha256);

-- Danh mục hồ sơ (ND 30 Art. 28, Phụ lục V): a unit's yearly plan of headings. Major headings
-- (parent_id NULL) are numbered in Roman numerals, sub-headings in Arabic numerals.
CREATE TABLE dossier_headings (
    id INTEGER PRIMARY KEY,
    unit_id INTEGER NOT NULL,
    year INTEGER NOT NULL,
    parent_id INTEGER REFERENCES dossier_headings (id),
    ordinal INTEGER NOT NULL,
    title TEXT NOT NULL,
    abbr TEXT NOT NULL,             -- heading abbreviation in dossier numbers: "TH", "TC"
    created_by INTEGER,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
) STRICT;
CREATE INDEX dossier_headings_unit ON dossier_headings (unit_id, year);

-- A plan entry and, once opened, the dossier itself. code = ordinal + "." + heading abbr.
-- retention_years NULL = Vĩnh viễn. handover_due = closed_on + 1 year (ND 30 Art. 30).
CREATE TABLE dossiers (
    id INTEGER PRIMARY KEY,
    unit_id INTEGER NOT NULL,
    year INTEGER NOT NULL,
    heading_id INTEGER NOT NULL REFERENCES dossier_headings (id),
    ordinal INTEGER NOT NULL,
    code TEXT NOT NULL,
    title TEXT NOT NULL,
    retention_years INTEGER CHECK (retention_years IS NULL OR retention_years > 0),
    responsible_id INTEGER,
    status TEXT NOT NULL DEFAULT 'planned' CHECK (status IN ('planned', 'open', 'closed')),
    opened_on TEXT,
    closed_on TEXT,
    handover_due TEXT,
    created_by INTEGER,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    UNIQUE (unit_id, year, code)
) STRICT;
CREATE INDEX dossiers_due ON dossiers (status, handover_due);

CREATE TABLE dossier_docs (
    id INTEGER PRIMARY KEY,
    dossier_id INTEGER NOT NULL REFERENCES dossiers (id),
    doc_kind TEXT NOT NULL CHECK (doc_kind IN ('in', 'out')),
    doc_id INTEGER NOT NULL,
    ordinal INTEGER NOT NULL,
    added_by INTEGER,
    added_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    UNIQUE (dossier_id, doc_kind, doc_id)
) STRICT;
