-- Hội nghị (DOMAIN-2.md §2): study and dissemination of resolutions (học tập, quán triệt,
-- triển khai), reviews (sơ kết, tổng kết), committee and standing-committee meetings. The
-- conference, the documents it studies, its materials with their secrecy, its connection points
-- (điểm cầu), the invited units with their answers and check-in, attendance by category and the
-- units' study-results reports. conferences/ owns these tables; the invitation, minutes and
-- conclusion notice are outgoing documents (outgoing/), linked by id.
CREATE TABLE conferences (
    id INTEGER PRIMARY KEY,
    unit_id INTEGER NOT NULL REFERENCES units(id),
    office_unit_id INTEGER NOT NULL REFERENCES units(id), -- the office that prepares it (VP…)
    title TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('QUAN_TRIET', 'TRIEN_KHAI', 'SO_KET', 'TONG_KET',
                                       'HOI_NGHI_BCH', 'HOI_NGHI_BTV', 'KHAC')),
    mode TEXT NOT NULL DEFAULT 'TRUC_TIEP' CHECK (mode IN ('TRUC_TIEP', 'TRUC_TUYEN', 'KET_HOP')),
    starts_at TEXT NOT NULL,            -- Vietnam local time "YYYY-MM-DD HH:MM"
    ends_at TEXT NOT NULL,
    venue TEXT NOT NULL DEFAULT '',
    participants TEXT NOT NULL DEFAULT '', -- thành phần mời, as the invitation states it
    content TEXT NOT NULL DEFAULT '',      -- nội dung
    prepare TEXT NOT NULL DEFAULT '',      -- what attendees must prepare
    chair_user_id INTEGER REFERENCES users(id),
    programme_item_id INTEGER,          -- another module's item; no reference on purpose
    status TEXT NOT NULL DEFAULT 'DU_KIEN'
        CHECK (status IN ('DU_KIEN', 'DA_MOI', 'DANG_DIEN_RA', 'DA_KET_THUC', 'HUY')),
    invitation_outgoing_id INTEGER REFERENCES outgoing(id),
    invitation_date TEXT,               -- the planned sending date the lead time was counted from
    invite_lead_days INTEGER,           -- working days between that date and the start
    late_invitation_reason TEXT,
    minutes_outgoing_id INTEGER REFERENCES outgoing(id),
    conclusion_outgoing_id INTEGER REFERENCES outgoing(id),
    conclusion_due TEXT,                -- "YYYY-MM-DD": conclusion_days working days after the end
    conclusion_reminded_at TEXT,
    study_report_due TEXT,              -- "YYYY-MM-DD": study_report_days working days after
    created_by INTEGER REFERENCES users(id),
    created_at TEXT NOT NULL,
    CHECK (ends_at >= starts_at)
) STRICT;
CREATE INDEX conferences_unit ON conferences (unit_id, starts_at);
CREATE INDEX conferences_due ON conferences (conclusion_due)
    WHERE conclusion_due IS NOT NULL AND conclusion_outgoing_id IS NULL;

-- The documents a conference studies or reviews (the resolution quán triệt).
CREATE TABLE conference_subjects (
    id INTEGER PRIMARY KEY,
    conference_id INTEGER NOT NULL REFERENCES conferences(id),
    doc_kind TEXT NOT NULL CHECK (doc_kind IN ('in', 'out')),
    doc_id INTEGER NOT NULL,
    added_by INTEGER REFERENCES users(id),
    added_at TEXT NOT NULL,
    UNIQUE (conference_id, doc_kind, doc_id)
) STRICT;

-- Materials (tài liệu hội nghị) with their secrecy: a file (content-addressed blob, files/blob.h)
-- or a document of the system, or both.
CREATE TABLE conference_materials (
    id INTEGER PRIMARY KEY,
    conference_id INTEGER NOT NULL REFERENCES conferences(id),
    title TEXT NOT NULL,
    secrecy INTEGER NOT NULL DEFAULT 0 CHECK (secrecy BETWEEN 0 AND 3),
    sha256 TEXT CHECK (sha256 IS NULL OR length(sha256) = 64),
    filename TEXT,
    mime TEXT,
    size INTEGER,
    added_by INTEGER REFERENCES users(id),
    added_at TEXT NOT NULL
) STRICT;
CREATE INDEX conference_materials_conf ON conference_materials (conference_id);
CREATE INDEX conference_materials_sha ON conference_materials (sha256);

-- Connection points (điểm cầu) of an online conference: the unit hosting each, the head count
-- expected and present.
CREATE TABLE conference_endpoints (
    id INTEGER PRIMARY KEY,
    conference_id INTEGER NOT NULL REFERENCES conferences(id),
    unit_id INTEGER NOT NULL REFERENCES units(id),
    host TEXT NOT NULL DEFAULT '',      -- the room or the person in charge of the point
    expected INTEGER NOT NULL DEFAULT 0 CHECK (expected >= 0),
    actual INTEGER CHECK (actual IS NULL OR actual >= 0),
    UNIQUE (conference_id, unit_id)
) STRICT;

-- Invited units, their electronic answer and their check-in on the day.
CREATE TABLE conference_invitees (
    id INTEGER PRIMARY KEY,
    conference_id INTEGER NOT NULL REFERENCES conferences(id),
    unit_id INTEGER NOT NULL REFERENCES units(id),
    response TEXT CHECK (response IS NULL OR response IN ('attend', 'decline', 'substitute')),
    reason TEXT,
    substitute_name TEXT,
    responded_by INTEGER REFERENCES users(id),
    responded_at TEXT,
    checked_in_at TEXT,
    checked_in_by INTEGER REFERENCES users(id),
    UNIQUE (conference_id, unit_id)
) STRICT;
CREATE INDEX conference_invitees_unit ON conference_invitees (unit_id);

-- Attendance by category for each invited unit; membership is the unit's Party members on the
-- meeting date, the base of the percentage.
CREATE TABLE conference_attendance (
    conference_id INTEGER NOT NULL REFERENCES conferences(id),
    unit_id INTEGER NOT NULL REFERENCES units(id),
    membership INTEGER NOT NULL DEFAULT 0 CHECK (membership >= 0),
    committee_members INTEGER NOT NULL DEFAULT 0 CHECK (committee_members >= 0),
    party_members INTEGER NOT NULL DEFAULT 0 CHECK (party_members >= 0),
    non_members INTEGER NOT NULL DEFAULT 0 CHECK (non_members >= 0),
    absent_with_reason INTEGER NOT NULL DEFAULT 0 CHECK (absent_with_reason >= 0),
    absent_without_reason INTEGER NOT NULL DEFAULT 0 CHECK (absent_without_reason >= 0),
    recorded_by INTEGER REFERENCES users(id),
    recorded_at TEXT NOT NULL,
    PRIMARY KEY (conference_id, unit_id)
) STRICT;

-- Báo cáo kết quả học tập, quán triệt of each unit (field names [inferred], DOMAIN-2.md §2).
CREATE TABLE conference_study_reports (
    id INTEGER PRIMARY KEY,
    conference_id INTEGER NOT NULL REFERENCES conferences(id),
    unit_id INTEGER NOT NULL REFERENCES units(id),
    members_total INTEGER NOT NULL CHECK (members_total >= 0),
    members_attended INTEGER NOT NULL CHECK (members_attended >= 0),
    pct REAL NOT NULL,
    mass_attendance INTEGER NOT NULL DEFAULT 0 CHECK (mass_attendance >= 0),
    essays INTEGER NOT NULL DEFAULT 0 CHECK (essays >= 0),
    action_plan_kind TEXT CHECK (action_plan_kind IS NULL OR action_plan_kind IN ('in', 'out')),
    action_plan_id INTEGER,
    note TEXT NOT NULL DEFAULT '',
    submitted_by INTEGER REFERENCES users(id),
    submitted_at TEXT NOT NULL,
    UNIQUE (conference_id, unit_id),
    CHECK (members_attended <= members_total)
) STRICT;
