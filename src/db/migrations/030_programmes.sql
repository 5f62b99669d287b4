-- Chương trình công tác (issue 13, DOMAIN-2 §1): which bodies a level of the Party has and the
-- programme kinds each may hold (data, with effective dates), the programmes with their
-- versions, their items with lead and coordinating units, and every item's history.
-- programmes/ owns these tables (src/programmes/programmes.h).

-- Which bodies exist at which level of units (units.level) and the kinds of programme each
-- holds. kinds: comma-separated TOAN_KHOA, NAM, QUY, THANG, TUAN. A body a level lost is closed
-- by effective_to, never deleted (old programmes keep their meaning).
CREATE TABLE programme_bodies (
    id INTEGER PRIMARY KEY,
    level TEXT NOT NULL CHECK (level IN ('TW', 'TINH', 'HUYEN', 'XA', 'CO_SO', 'CHI_BO', 'BAN')),
    body TEXT NOT NULL CHECK (body IN ('BCH', 'BTV', 'TT')),
    name TEXT NOT NULL,
    kinds TEXT NOT NULL,
    effective_from TEXT NOT NULL,
    effective_to TEXT,
    CHECK (effective_to IS NULL OR effective_to >= effective_from)
) STRICT;
CREATE INDEX programme_bodies_level ON programme_bodies(level, body);

-- Điều lệ Đảng Art. 20 (BCH, BTV, Thường trực at provincial, district and commune level);
-- the kinds follow DOMAIN-2 §1 (BCH whole-term and annual; BTV annual, quarterly, monthly;
-- Thường trực weekly). A grassroots committee (đảng ủy cơ sở) keeps a BCH and a standing
-- committee with annual and quarterly programmes; a chi bộ and the advisory bans none.
INSERT INTO programme_bodies (level, body, name, kinds, effective_from) VALUES
    ('TINH', 'BCH', 'Ban Chấp hành', 'TOAN_KHOA,NAM', '1930-02-03'),
    ('TINH', 'BTV', 'Ban Thường vụ', 'NAM,QUY,THANG', '1930-02-03'),
    ('TINH', 'TT', 'Thường trực', 'TUAN', '1930-02-03'),
    ('HUYEN', 'BCH', 'Ban Chấp hành', 'TOAN_KHOA,NAM', '1930-02-03'),
    ('HUYEN', 'BTV', 'Ban Thường vụ', 'NAM,QUY,THANG', '1930-02-03'),
    ('HUYEN', 'TT', 'Thường trực', 'TUAN', '1930-02-03'),
    ('XA', 'BCH', 'Ban Chấp hành', 'TOAN_KHOA,NAM', '1930-02-03'),
    ('XA', 'BTV', 'Ban Thường vụ', 'NAM,QUY,THANG', '1930-02-03'),
    ('XA', 'TT', 'Thường trực', 'TUAN', '1930-02-03'),
    ('CO_SO', 'BCH', 'Ban Chấp hành', 'TOAN_KHOA,NAM', '1930-02-03'),
    ('CO_SO', 'BTV', 'Ban Thường vụ', 'NAM,QUY', '1930-02-03');

-- A programme of one body of one unit for one period, in one version. start_date/end_date are
-- the period's first and last days (derived from kind, year and period when created), so the
-- views compare dates only. A revision is a new row (supersedes_id = the version it revises,
-- version + 1); the revised one becomes HET_HIEU_LUC when its revision is approved.
CREATE TABLE programmes (
    id INTEGER PRIMARY KEY,
    unit_id INTEGER NOT NULL REFERENCES units(id),
    body TEXT NOT NULL CHECK (body IN ('BCH', 'BTV', 'TT')),
    kind TEXT NOT NULL CHECK (kind IN ('TOAN_KHOA', 'NAM', 'QUY', 'THANG', 'TUAN')),
    year INTEGER NOT NULL CHECK (year BETWEEN 1930 AND 2099),
    period INTEGER NOT NULL DEFAULT 0, -- quarter 1–4, month 1–12, ISO week 1–53; 0 for NAM;
                                       -- the term's length in years for TOAN_KHOA
    start_date TEXT NOT NULL,
    end_date TEXT NOT NULL,
    title TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 1000),
    version INTEGER NOT NULL DEFAULT 1,
    status TEXT NOT NULL DEFAULT 'DU_THAO' CHECK (status IN ('DU_THAO', 'TRINH', 'DA_DUYET',
        'BAN_HANH', 'DIEU_CHINH', 'HET_HIEU_LUC')),
    parent_id INTEGER REFERENCES programmes(id),     -- the annual (or quarterly) it was built from
    supersedes_id INTEGER REFERENCES programmes(id), -- the version it revises
    outgoing_id INTEGER REFERENCES outgoing(id),     -- the issuing document (văn bản đi, CTr)
    note TEXT,
    created_by INTEGER REFERENCES users(id),
    created_at TEXT NOT NULL,
    submitted_by INTEGER REFERENCES users(id),
    submitted_at TEXT,
    approved_by INTEGER REFERENCES users(id),
    approved_at TEXT
) STRICT;
CREATE INDEX programmes_unit ON programmes(unit_id, year, body, kind);
CREATE INDEX programmes_parent ON programmes(parent_id) WHERE parent_id IS NOT NULL;
CREATE INDEX programmes_supersedes ON programmes(supersedes_id) WHERE supersedes_id IS NOT NULL;

-- An item (nội dung) of a programme. due_date = planned_date, else the last day of
-- planned_month in the programme's year, else the programme's end: the overdue view and the
-- lead unit's view read it. origin_item_id with origin_kind: the item it was picked from (a
-- quarter built from the annual), carried over from (not done in its period) or copied from
-- (a revision); carried_to_item_id: where an undone item went.
CREATE TABLE programme_items (
    id INTEGER PRIMARY KEY,
    programme_id INTEGER NOT NULL REFERENCES programmes(id),
    seq INTEGER NOT NULL,
    title TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 2000),
    doc_form TEXT NOT NULL CHECK (doc_form IN ('NQ', 'CT', 'KL', 'QD', 'QDI', 'DA', 'BC', 'TB',
        'KH', 'HD', 'TTR', 'KHAC')),
    deciding_body TEXT NOT NULL CHECK (deciding_body IN ('BCH', 'BTV', 'TT')),
    lead_unit_id INTEGER NOT NULL REFERENCES units(id),
    preparer_user_id INTEGER REFERENCES users(id),
    planned_month INTEGER CHECK (planned_month IS NULL OR planned_month BETWEEN 1 AND 12),
    planned_date TEXT,
    due_date TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'KE_HOACH' CHECK (status IN ('KE_HOACH', 'DANG_CHUAN_BI',
        'DA_TRINH', 'DA_THONG_QUA', 'HOAN', 'HUY')),
    status_reason TEXT,
    result_outgoing_id INTEGER REFERENCES outgoing(id),
    origin_item_id INTEGER REFERENCES programme_items(id),
    origin_kind TEXT CHECK (origin_kind IS NULL OR origin_kind IN ('pick', 'carry', 'revise')),
    carried_to_item_id INTEGER REFERENCES programme_items(id),
    note TEXT,
    created_by INTEGER REFERENCES users(id),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (programme_id, seq),
    CHECK (status NOT IN ('HOAN', 'HUY') OR length(status_reason) > 0)
) STRICT;
CREATE INDEX programme_items_lead ON programme_items(lead_unit_id, due_date);
CREATE INDEX programme_items_due ON programme_items(due_date)
    WHERE status NOT IN ('DA_THONG_QUA', 'HUY') AND carried_to_item_id IS NULL;
CREATE INDEX programme_items_origin ON programme_items(origin_item_id)
    WHERE origin_item_id IS NOT NULL;

-- Đơn vị phối hợp: the coordinating units of an item.
CREATE TABLE programme_item_units (
    item_id INTEGER NOT NULL REFERENCES programme_items(id),
    unit_id INTEGER NOT NULL REFERENCES units(id),
    PRIMARY KEY (item_id, unit_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX programme_item_units_unit ON programme_item_units(unit_id, item_id);

-- An item's history: added, picked, carried, each status change with its reason.
CREATE TABLE programme_item_events (
    id INTEGER PRIMARY KEY,
    item_id INTEGER NOT NULL REFERENCES programme_items(id),
    at TEXT NOT NULL,
    actor_id INTEGER REFERENCES users(id),
    action TEXT NOT NULL CHECK (action IN ('add', 'pick', 'carry_in', 'carry_out', 'revise',
        'status')),
    from_status TEXT,
    to_status TEXT,
    reason TEXT,
    ref_item_id INTEGER REFERENCES programme_items(id)
) STRICT;
CREATE INDEX programme_item_events_item ON programme_item_events(item_id, id);
