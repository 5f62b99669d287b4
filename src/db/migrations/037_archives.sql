-- Lưu trữ (src/archives/archives.h; DOMAIN-2.md §6): the retention catalogue, hand-over batches
-- to the agency (hiện hành) and historical (lịch sử) archives, what the archive holds, legal
-- holds, disposal cases with their council and decision, tombstones of what was destroyed,
-- reading-room access grants and the approvals to scan secret documents.

-- The retention catalogue (bảng thời hạn bảo quản) as data: years NULL = Vĩnh viễn.
CREATE TABLE retention_schedule (
    id INTEGER PRIMARY KEY,
    scheme TEXT NOT NULL,
    code TEXT NOT NULL,
    heading TEXT NOT NULL,
    years INTEGER CHECK (years IS NULL OR years > 0),
    effective_from TEXT NOT NULL,
    effective_to TEXT,
    created_by INTEGER,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    UNIQUE (scheme, code, effective_from)
) STRICT;

-- The pattern of TT 09/2011 (now TT 10/2022) that DOMAIN-2.md §6 quotes; the Party table
-- (35-HD/VPTW) rows were not retrieved: an office edits these.
INSERT INTO retention_schedule (scheme, code, heading, years, effective_from) VALUES
 ('35-HD/VPTW-tinh', '1.1', 'Kế hoạch, báo cáo năm của cơ quan', NULL, '2010-10-18'),
 ('35-HD/VPTW-tinh', '1.2', 'Kế hoạch, báo cáo năm của đơn vị trực thuộc', 10, '2010-10-18'),
 ('35-HD/VPTW-tinh', '1.3', 'Kế hoạch, báo cáo quý, 6 tháng của cơ quan', 20, '2010-10-18'),
 ('35-HD/VPTW-tinh', '1.4', 'Kế hoạch, báo cáo quý, 6 tháng của đơn vị khác', 5, '2010-10-18'),
 ('35-HD/VPTW-tinh', '1.5', 'Kế hoạch, báo cáo tuần, tháng', 10, '2010-10-18'),
 ('35-HD/VPTW-tinh', '1.6', 'Báo cáo chuyên đề, đột xuất', 10, '2010-10-18'),
 ('35-HD/VPTW-tinh', '1.7', 'Văn bản gửi để biết', 5, '2010-10-18'),
 ('35-HD/VPTW-tinh', '2.1', 'Hồ sơ đại hội, hội nghị Ban Chấp hành', NULL, '2010-10-18');

-- Each dossier heading points to a retention code (the dossier's own retention_years stays the
-- number the plan fixed; the code says which catalogue row it came from).
ALTER TABLE dossier_headings ADD COLUMN retention_code TEXT;

-- A hand-over batch: from a unit to the agency archive ('current') or from the agency archive
-- to the historical archive ('historical'). The list and the biên bản giao nhận are documents
-- (attachments on the batch are generated: list_sha256 / minutes_sha256 in the blob store), in
-- `copies` copies each (ND 30: two).
CREATE TABLE archive_batches (
    id INTEGER PRIMARY KEY,
    unit_id INTEGER NOT NULL,
    to_archive TEXT NOT NULL CHECK (to_archive IN ('current', 'historical')),
    status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'accepted')),
    copies INTEGER NOT NULL DEFAULT 2,
    note TEXT NOT NULL DEFAULT '',
    minutes TEXT NOT NULL DEFAULT '',
    created_by INTEGER NOT NULL,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    accepted_by INTEGER,
    accepted_on TEXT
) STRICT;

CREATE TABLE archive_batch_dossiers (
    batch_id INTEGER NOT NULL REFERENCES archive_batches (id),
    dossier_id INTEGER NOT NULL REFERENCES dossiers (id),
    PRIMARY KEY (batch_id, dossier_id)
) STRICT;
CREATE INDEX archive_batch_dossiers_dossier ON archive_batch_dossiers (dossier_id);

-- What the archive holds: one row per dossier accepted. state: in the agency archive,
-- transferred on to the historical archive, or destroyed (a tombstone row then says how).
CREATE TABLE archive_records (
    dossier_id INTEGER PRIMARY KEY REFERENCES dossiers (id),
    batch_id INTEGER NOT NULL REFERENCES archive_batches (id),
    deposited_on TEXT NOT NULL,
    state TEXT NOT NULL DEFAULT 'current' CHECK (state IN ('current', 'historical', 'destroyed')),
    access_level TEXT NOT NULL DEFAULT 'restricted' CHECK (access_level IN ('open', 'restricted')),
    physical_state TEXT NOT NULL DEFAULT 'Tốt',
    keywords TEXT NOT NULL DEFAULT '',
    paper_code TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX archive_records_state ON archive_records (state, deposited_on);

CREATE TABLE legal_holds (
    id INTEGER PRIMARY KEY,
    dossier_id INTEGER NOT NULL REFERENCES dossiers (id),
    reason TEXT NOT NULL,
    placed_by INTEGER NOT NULL,
    placed_at TEXT NOT NULL,
    lifted_by INTEGER,
    lifted_at TEXT,
    lift_reason TEXT
) STRICT;
CREATE INDEX legal_holds_active ON legal_holds (dossier_id) WHERE lifted_at IS NULL;

-- A disposal case: proposed by the archive with the valuation council (members as a JSON list
-- of names and positions), the head decides on the decision document, secret dossiers need the
-- extra approval, then it is executed (files destroyed, tombstones written, minutes kept).
CREATE TABLE destruction_cases (
    id INTEGER PRIMARY KEY,
    status TEXT NOT NULL DEFAULT 'proposed'
        CHECK (status IN ('proposed', 'approved', 'rejected', 'executed')),
    council TEXT NOT NULL,
    proposal_doc_id INTEGER,
    decision_doc_id INTEGER,
    has_secret INTEGER NOT NULL DEFAULT 0,
    secret_approved_by INTEGER,
    secret_approved_at TEXT,
    created_by INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    decided_by INTEGER,
    decided_at TEXT,
    executed_by INTEGER,
    executed_at TEXT,
    minutes TEXT NOT NULL DEFAULT ''
) STRICT;

CREATE TABLE destruction_case_dossiers (
    case_id INTEGER NOT NULL REFERENCES destruction_cases (id),
    dossier_id INTEGER NOT NULL REFERENCES dossiers (id),
    PRIMARY KEY (case_id, dossier_id)
) STRICT;
CREATE INDEX destruction_case_dossiers_dossier ON destruction_case_dossiers (dossier_id);

CREATE TABLE archive_tombstones (
    id INTEGER PRIMARY KEY,
    dossier_id INTEGER NOT NULL UNIQUE,
    unit_id INTEGER NOT NULL,
    code TEXT NOT NULL,
    title TEXT NOT NULL,
    year INTEGER NOT NULL,
    retention_years INTEGER,
    case_id INTEGER NOT NULL REFERENCES destruction_cases (id),
    decision_doc_id INTEGER,
    files TEXT NOT NULL,                -- JSON: [{doc_kind, doc_id, sha256, filename}]
    blobs_removed INTEGER NOT NULL DEFAULT 0,
    destroyed_by INTEGER NOT NULL,
    destroyed_at TEXT NOT NULL
) STRICT;

CREATE TABLE archive_access (
    id INTEGER PRIMARY KEY,
    dossier_id INTEGER NOT NULL REFERENCES dossiers (id),
    user_id INTEGER NOT NULL,
    reason TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'requested' CHECK (status IN ('requested', 'granted', 'refused')),
    requested_at TEXT NOT NULL,
    decided_by INTEGER,
    decided_at TEXT,
    until TEXT
) STRICT;
CREATE INDEX archive_access_user ON archive_access (user_id, dossier_id);

-- Approval to scan a Mật / Tối mật document into the system (40-HD/VPTW, CV 14748-CV/VPTW).
CREATE TABLE scan_approvals (
    doc_kind TEXT NOT NULL CHECK (doc_kind IN ('in', 'out')),
    doc_id INTEGER NOT NULL,
    approved_by INTEGER NOT NULL,
    approved_at TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (doc_kind, doc_id)
) STRICT;
