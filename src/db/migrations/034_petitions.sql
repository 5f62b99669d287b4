-- Citizen reception and petitions (tiếp công dân, đơn thư): issue 15, module petitions/.
-- Written only by src/petitions/. Identity columns (ident) hold crypto_secretbox ciphertexts
-- (nonce || box) under a key kept OUTSIDE this file (<data_dir>/keys/petitions.key): a copied
-- database shows pseudonyms, never a name, an address, an ID number or a scan.

-- The deadline rule table (bảng thời hạn): one row per (kind × party × complexity × remote ×
-- stage) with its day count, working or calendar days, and effective dates. '*' matches any;
-- the most specific row in force on the record's date wins. Edited by the administrator.
CREATE TABLE petition_rules (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL DEFAULT '*'
        CHECK (kind IN ('*', 'complaint', 'denunciation', 'recommendation', 'reflection')),
    party TEXT NOT NULL DEFAULT '*' CHECK (party IN ('*', 'yes', 'no')),
    complexity TEXT NOT NULL DEFAULT '*' CHECK (complexity IN ('*', 'normal', 'complex', 'especially')),
    remote TEXT NOT NULL DEFAULT '*' CHECK (remote IN ('*', 'yes', 'no')),
    stage TEXT NOT NULL CHECK (stage IN ('screen', 'accept', 'resolve', 'extend', 'transfer')),
    days INTEGER NOT NULL CHECK (days BETWEEN 0 AND 400),
    day_kind TEXT NOT NULL CHECK (day_kind IN ('working', 'calendar')),
    max_count INTEGER NOT NULL DEFAULT 0 CHECK (max_count BETWEEN 0 AND 5), -- extensions allowed
    effective_from TEXT NOT NULL,
    effective_to TEXT,
    source TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);
CREATE INDEX petition_rules_stage ON petition_rules (stage, effective_from);

INSERT INTO petition_rules (kind, party, complexity, remote, stage, days, day_kind, max_count, effective_from, source) VALUES
 ('*', '*', '*', '*', 'screen', 10, 'working', 0, '2021-10-01', 'TT 05/2021/TT-TTCP (xử lý đơn, 10 ngày — chưa kiểm chứng)'),
 ('denunciation', '*', '*', '*', 'screen', 7, 'working', 0, '2019-01-01', 'Luật Tố cáo 2018, Điều 24'),
 ('complaint', '*', '*', '*', 'accept', 10, 'calendar', 0, '2012-07-01', 'Luật Khiếu nại 2011, Điều 27'),
 ('denunciation', '*', '*', '*', 'accept', 7, 'working', 0, '2019-01-01', 'Luật Tố cáo 2018, Điều 24, 29'),
 ('recommendation', '*', '*', '*', 'accept', 10, 'working', 0, '2021-10-01', 'TT 05/2021/TT-TTCP (chưa kiểm chứng)'),
 ('reflection', '*', '*', '*', 'accept', 10, 'working', 0, '2021-10-01', 'TT 05/2021/TT-TTCP (chưa kiểm chứng)'),
 ('*', '*', '*', '*', 'transfer', 5, 'working', 0, '2019-01-01', 'Luật Tố cáo 2018, Điều 24'),
 ('complaint', '*', 'normal', 'no', 'resolve', 30, 'calendar', 0, '2012-07-01', 'Luật Khiếu nại 2011, Điều 28'),
 ('complaint', '*', 'complex', 'no', 'resolve', 45, 'calendar', 0, '2012-07-01', 'Luật Khiếu nại 2011, Điều 28'),
 ('complaint', '*', 'especially', 'no', 'resolve', 45, 'calendar', 0, '2012-07-01', 'Luật Khiếu nại 2011, Điều 28'),
 ('complaint', '*', 'normal', 'yes', 'resolve', 45, 'calendar', 0, '2012-07-01', 'Luật Khiếu nại 2011, Điều 28 (vùng sâu, vùng xa)'),
 ('complaint', '*', 'complex', 'yes', 'resolve', 60, 'calendar', 0, '2012-07-01', 'Luật Khiếu nại 2011, Điều 28 (vùng sâu, vùng xa)'),
 ('complaint', '*', 'especially', 'yes', 'resolve', 60, 'calendar', 0, '2012-07-01', 'Luật Khiếu nại 2011, Điều 28 (vùng sâu, vùng xa)'),
 ('denunciation', '*', '*', '*', 'resolve', 30, 'calendar', 0, '2019-01-01', 'Luật Tố cáo 2018, Điều 30'),
 ('denunciation', 'yes', '*', '*', 'resolve', 90, 'calendar', 0, '2021-07-28', '22-QĐ/TW (nay 296-QĐ/TW — số ngày chưa kiểm chứng)'),
 ('recommendation', '*', '*', '*', 'resolve', 15, 'working', 0, '2021-10-01', 'TT 05/2021/TT-TTCP (chưa kiểm chứng)'),
 ('reflection', '*', '*', '*', 'resolve', 15, 'working', 0, '2021-10-01', 'TT 05/2021/TT-TTCP (chưa kiểm chứng)'),
 ('denunciation', '*', 'normal', '*', 'extend', 0, 'calendar', 0, '2019-01-01', 'Luật Tố cáo 2018, Điều 30'),
 ('denunciation', '*', 'complex', '*', 'extend', 30, 'calendar', 1, '2019-01-01', 'Luật Tố cáo 2018, Điều 30'),
 ('denunciation', '*', 'especially', '*', 'extend', 30, 'calendar', 2, '2019-01-01', 'Luật Tố cáo 2018, Điều 30'),
 ('denunciation', 'yes', '*', '*', 'extend', 30, 'working', 1, '2021-07-28', 'Sổ tay nghiệp vụ cơ sở (22-QĐ/TW) — chưa kiểm chứng');

-- Petitions (đơn thư). number: the unit's yearly số đơn. pseudonym: what everyone without the
-- right to the identity sees. ident: the sealed JSON {name, address, id_no}. ident_key: a keyed
-- hash (BLAKE2b under the same key) of the folded name and ID number, so repeats are found
-- without revealing who; matter_key the same for the folded matter (vụ việc).
CREATE TABLE petitions (
    id INTEGER PRIMARY KEY,
    unit_id INTEGER NOT NULL REFERENCES units(id),
    year INTEGER NOT NULL,
    number INTEGER NOT NULL,
    received_on TEXT NOT NULL,
    channel TEXT NOT NULL CHECK (channel IN ('direct', 'post', 'transferred', 'electronic')),
    source_org TEXT,
    matter TEXT NOT NULL,
    summary TEXT NOT NULL,
    kind TEXT NOT NULL
        CHECK (kind IN ('complaint', 'denunciation', 'recommendation', 'reflection', 'mixed')),
    party_related INTEGER NOT NULL DEFAULT 0,
    complexity TEXT NOT NULL DEFAULT 'normal' CHECK (complexity IN ('normal', 'complex', 'especially')),
    remote INTEGER NOT NULL DEFAULT 0,
    n_persons INTEGER NOT NULL DEFAULT 1 CHECK (n_persons >= 1),
    pseudonym TEXT NOT NULL,
    ident BLOB,
    ident_key TEXT,
    matter_key TEXT NOT NULL,
    repeat_of INTEGER REFERENCES petitions(id),
    screening TEXT CHECK (screening IS NULL OR screening IN ('eligible', 'anonymous',
        'multiple_signers', 'no_new_evidence', 'outside_competence')),
    screening_reason TEXT,
    screened_on TEXT,
    status TEXT NOT NULL DEFAULT 'received' CHECK (status IN ('received', 'accepted',
        'resolved', 'returned', 'transferred', 'filed', 'closed')),
    handling TEXT CHECK (handling IS NULL OR handling IN ('accept', 'return', 'transfer', 'file')),
    handler_id INTEGER REFERENCES users(id),
    assigned_by INTEGER REFERENCES users(id),
    assigned_at TEXT,
    accepted_on TEXT,
    decision_no TEXT,
    transferred_to TEXT,
    outgoing_id INTEGER,
    guidance TEXT,
    due_screen TEXT,
    due_accept TEXT,
    due_resolve TEXT,
    extensions INTEGER NOT NULL DEFAULT 0,
    result_on TEXT,
    result_doc TEXT,
    result_text TEXT,
    closed_on TEXT,
    reception_entry_id INTEGER,
    created_by INTEGER REFERENCES users(id),
    created_at TEXT NOT NULL,
    UNIQUE (unit_id, year, number)
);
CREATE INDEX petitions_unit ON petitions (unit_id, received_on);
-- The list, newest first: read in order and stop at the page (no sort of every letter).
CREATE INDEX petitions_received ON petitions (received_on, id);
CREATE INDEX petitions_ident ON petitions (ident_key, matter_key);
CREATE INDEX petitions_handler ON petitions (handler_id, status);
CREATE INDEX petitions_status ON petitions (status, due_resolve);

-- Extensions (gia hạn), each a recorded decision; the count is capped by the rule table.
CREATE TABLE petition_extensions (
    id INTEGER PRIMARY KEY,
    petition_id INTEGER NOT NULL REFERENCES petitions(id),
    ordinal INTEGER NOT NULL,
    days INTEGER NOT NULL,
    day_kind TEXT NOT NULL,
    decided_on TEXT NOT NULL,
    decision_no TEXT NOT NULL,
    reason TEXT NOT NULL,
    due_before TEXT NOT NULL,
    due_after TEXT NOT NULL,
    created_by INTEGER REFERENCES users(id),
    created_at TEXT NOT NULL,
    UNIQUE (petition_id, ordinal)
);

-- Scans of a letter, sealed like the identity (the handwriting identifies the writer). Kept
-- here rather than in attachments: the attachments table feeds the search index.
CREATE TABLE petition_files (
    id INTEGER PRIMARY KEY,
    petition_id INTEGER NOT NULL REFERENCES petitions(id),
    mime TEXT NOT NULL,
    size INTEGER NOT NULL,
    data BLOB NOT NULL,
    -- The text read from the scan (pdftotext or OCR, by the job "petition_ocr"), sealed like
    -- the scan: it carries the writer's name. text_state: queued, done, none (no text), failed.
    text BLOB,
    text_state TEXT NOT NULL DEFAULT 'queued',
    created_by INTEGER REFERENCES users(id),
    created_at TEXT NOT NULL
);
CREATE INDEX petition_files_pet ON petition_files (petition_id);

-- Reminders already sent (before / on / after the deadline), once per petition, stage, kind.
CREATE TABLE petition_reminders (
    petition_id INTEGER NOT NULL REFERENCES petitions(id),
    stage TEXT NOT NULL,
    due TEXT NOT NULL,
    kind TEXT NOT NULL,
    sent_at TEXT NOT NULL,
    PRIMARY KEY (petition_id, stage, due, kind)
);

-- The heads who receive citizens (người đứng đầu cấp ủy) and their level's quota.
CREATE TABLE reception_heads (
    id INTEGER PRIMARY KEY,
    unit_id INTEGER NOT NULL REFERENCES units(id),
    user_id INTEGER NOT NULL REFERENCES users(id),
    level TEXT NOT NULL CHECK (level IN ('province', 'commune')),
    active INTEGER NOT NULL DEFAULT 1,
    UNIQUE (unit_id, user_id)
);

-- Delegation (ủy quyền tiếp dân) from a head to a deputy or another member, for a period.
CREATE TABLE reception_delegations (
    id INTEGER PRIMARY KEY,
    head_id INTEGER NOT NULL REFERENCES reception_heads(id),
    delegate_id INTEGER NOT NULL REFERENCES users(id),
    date_from TEXT NOT NULL,
    date_to TEXT NOT NULL,
    decision TEXT NOT NULL,
    created_by INTEGER REFERENCES users(id),
    created_at TEXT NOT NULL
);

-- Reception days (buổi tiếp công dân): scheduled (định kỳ), unscheduled (đột xuất), regular
-- (thường xuyên, by the receiving officers).
CREATE TABLE reception_sessions (
    id INTEGER PRIMARY KEY,
    head_id INTEGER NOT NULL REFERENCES reception_heads(id),
    day TEXT NOT NULL,
    session TEXT NOT NULL DEFAULT 'morning' CHECK (session IN ('morning', 'afternoon')),
    kind TEXT NOT NULL CHECK (kind IN ('scheduled', 'unscheduled', 'regular')),
    receiver_id INTEGER NOT NULL REFERENCES users(id),
    delegation_id INTEGER REFERENCES reception_delegations(id),
    venue TEXT NOT NULL DEFAULT '',
    note TEXT NOT NULL DEFAULT '',
    held INTEGER NOT NULL DEFAULT 0,
    created_by INTEGER REFERENCES users(id),
    created_at TEXT NOT NULL
);
CREATE INDEX reception_sessions_day ON reception_sessions (day);

-- The reception register (sổ tiếp công dân). One row per visit; a mass case is one row with
-- its count of people and a representative (whose identity is the sealed one).
CREATE TABLE reception_entries (
    id INTEGER PRIMARY KEY,
    unit_id INTEGER NOT NULL REFERENCES units(id),
    year INTEGER NOT NULL,
    stt INTEGER NOT NULL,
    session_id INTEGER REFERENCES reception_sessions(id),
    day TEXT NOT NULL,
    reception_kind TEXT NOT NULL CHECK (reception_kind IN ('regular', 'scheduled', 'unscheduled')),
    pseudonym TEXT NOT NULL,
    ident BLOB,
    content TEXT NOT NULL,
    kind TEXT NOT NULL
        CHECK (kind IN ('complaint', 'denunciation', 'recommendation', 'reflection', 'mixed')),
    n_people INTEGER NOT NULL DEFAULT 1 CHECK (n_people >= 1),
    prior_agency TEXT NOT NULL DEFAULT '',
    handling TEXT NOT NULL CHECK (handling IN ('accept', 'return', 'transfer')),
    follow_up TEXT NOT NULL DEFAULT '',
    note TEXT NOT NULL DEFAULT '',
    source TEXT NOT NULL DEFAULT '',
    receiver_id INTEGER NOT NULL REFERENCES users(id),
    petition_id INTEGER REFERENCES petitions(id),
    created_by INTEGER REFERENCES users(id),
    created_at TEXT NOT NULL,
    UNIQUE (unit_id, year, stt)
);
CREATE INDEX reception_entries_day ON reception_entries (unit_id, day);
