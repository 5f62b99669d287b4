-- Catalogues of the documents module (src/docs/catalog.h): document types with their Party and
-- state abbreviations, committee terms, outgoing number registers. Editable at /admin/catalog.

-- Thể loại văn bản (DOMAIN.md §1.1) and their abbreviations (§1.2). abbr_state NULL: the state
-- form carries no type (state công văn: "12/UBND").
CREATE TABLE doc_types (
    code TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    abbr_party TEXT NOT NULL,
    abbr_state TEXT,
    sort_order INTEGER NOT NULL DEFAULT 0
) STRICT;

-- Abbreviations observed in real documents (DOMAIN.md §1.2 table) unless marked; the rows marked
-- [unverified] follow the ND 30 state table or usage and must be checked against 399-QĐ/TW.
INSERT INTO doc_types (code, name, abbr_party, abbr_state, sort_order) VALUES
    ('nghi_quyet',   'Nghị quyết',   'NQ',  'NQ',  10),
    ('quyet_dinh',   'Quyết định',   'QĐ',  'QĐ',  20),
    ('chi_thi',      'Chỉ thị',      'CT',  'CT',  30),
    ('ket_luan',     'Kết luận',     'KL',  'KL',  40),
    ('quy_che',      'Quy chế',      'QC',  'QC',  50),
    ('quy_dinh',     'Quy định',     'QĐ',  'QyĐ', 60),  -- Party also uses QĐi [unverified rule]
    ('thong_tri',    'Thông tri',    'TT',  'TT',  70),  -- [unverified]
    ('huong_dan',    'Hướng dẫn',    'HD',  'HD',  80),
    ('thong_bao',    'Thông báo',    'TB',  'TB',  90),
    ('thong_cao',    'Thông cáo',    'TC',  'TC',  100), -- [unverified]
    ('bao_cao',      'Báo cáo',      'BC',  'BC',  110),
    ('ke_hoach',     'Kế hoạch',     'KH',  'KH',  120),
    ('quy_hoach',    'Quy hoạch',    'QH',  'QH',  125), -- [unverified]
    ('chuong_trinh', 'Chương trình', 'CTr', 'CTr', 130),
    ('de_an',        'Đề án',        'ĐA',  'ĐA',  140),
    ('phuong_an',    'Phương án',    'PA',  'PA',  150), -- [unverified]
    ('du_an',        'Dự án',        'DA',  'DA',  160), -- [unverified]
    ('to_trinh',     'Tờ trình',     'TTr', 'TTr', 170),
    ('cong_van',     'Công văn',     'CV',  NULL,  180),
    ('bien_ban',     'Biên bản',     'BB',  'BB',  190), -- [unverified]
    ('giay_moi',     'Giấy mời',     'GM',  'GM',  200), -- [unverified for Party use]
    ('giay_gioi_thieu', 'Giấy giới thiệu', 'GGT', 'GGT', 210), -- [unverified for Party use]
    ('ban_sao',      'Bản sao',      'BS',  'BS',  220);

-- Nhiệm kỳ cấp ủy: Party numbers restart at 01 for each type in each term (36-HD/VPTW §II.1.3).
-- Dates are inclusive; ends_on NULL while the term runs.
CREATE TABLE terms (
    id INTEGER PRIMARY KEY,
    unit_id INTEGER NOT NULL,
    name TEXT NOT NULL,
    starts_on TEXT NOT NULL,
    ends_on TEXT,
    created_by INTEGER,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    CHECK (ends_on IS NULL OR ends_on >= starts_on)
) STRICT;
CREATE INDEX terms_unit ON terms (unit_id, starts_on);

-- Sổ văn bản đi: a unit's number register and its policy (numbering.h).
CREATE TABLE registers (
    id INTEGER PRIMARY KEY,
    unit_id INTEGER NOT NULL,
    term_unit_id INTEGER NOT NULL,
    name TEXT NOT NULL,
    policy TEXT NOT NULL CHECK (policy IN ('party', 'state')),
    issuer_abbr TEXT NOT NULL,
    signer_role TEXT NOT NULL DEFAULT 'committee-leader'
        CHECK (signer_role IN ('committee-leader', 'office-leader')),
    active INTEGER NOT NULL DEFAULT 1,
    created_by INTEGER,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
) STRICT;
CREATE INDEX registers_unit ON registers (unit_id);

-- The legal sequences (numbering.h): last number taken per key; bumped inside the issuing
-- transaction, so a rollback gives the number back and a commit makes it permanent.
CREATE TABLE number_seq (
    register_id INTEGER NOT NULL REFERENCES registers (id),
    doc_type TEXT NOT NULL,
    period TEXT NOT NULL,
    lane INTEGER NOT NULL,
    last_number INTEGER NOT NULL,
    PRIMARY KEY (register_id, doc_type, period, lane)
) STRICT, WITHOUT ROWID;
