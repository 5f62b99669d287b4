-- Đảng phí (issue 20, DOMAIN-2 §7, Quy định 01-QĐ/TW): each member's fee category and basis,
-- the rate tables (rates, regional minimum wages, retention ratios) as data with effective
-- dates, exemptions and reductions, monthly dues and payments, the chi bộ's monthly report
-- (which closes the month) and the transfers up the tree. Amounts are integer đồng.
-- partyfees/ owns every table here; members/ owns the three columns added to party_members.

ALTER TABLE party_members ADD COLUMN fee_category TEXT NOT NULL DEFAULT 'BHXH'
    CHECK (fee_category IN ('BHXH', 'OM_DAU_THAI_SAN', 'HUU_TRI', 'NGOAI_BHXH_DUOI_TUOI_HUU',
                            'NGOAI_BHXH_TREN_TUOI_HUU', 'HOC_SINH_SINH_VIEN', 'MIEN'));
-- the amount the rate applies to: BHXH salary, benefit or pension (đồng/month); 0 otherwise
ALTER TABLE party_members ADD COLUMN fee_basis INTEGER NOT NULL DEFAULT 0
    CHECK (fee_basis >= 0 AND fee_basis <= 10000000000);
ALTER TABLE party_members ADD COLUMN wage_region INTEGER NOT NULL DEFAULT 1
    CHECK (wage_region BETWEEN 1 AND 4);

-- The rate of each category in force from a date: rate_bp in basis points of the basis
-- (100 = 1 %), or a fixed amount. Edited by the administrator; a new row closes the old one.
CREATE TABLE fee_rates (
    id INTEGER PRIMARY KEY,
    category TEXT NOT NULL,
    basis TEXT NOT NULL CHECK (basis IN ('SALARY_BHXH', 'BENEFIT', 'PENSION',
                                         'MIN_WAGE_REGION', 'FIXED', 'NONE')),
    rate_bp INTEGER NOT NULL DEFAULT 0 CHECK (rate_bp BETWEEN 0 AND 10000),
    fixed_amount INTEGER NOT NULL DEFAULT 0 CHECK (fixed_amount >= 0),
    effective_from TEXT NOT NULL,
    effective_to TEXT,
    source TEXT NOT NULL DEFAULT '',
    UNIQUE (category, effective_from)
) STRICT;

CREATE TABLE fee_min_wages (
    id INTEGER PRIMARY KEY,
    region INTEGER NOT NULL CHECK (region BETWEEN 1 AND 4),
    amount INTEGER NOT NULL CHECK (amount > 0),
    effective_from TEXT NOT NULL,
    effective_to TEXT,
    source TEXT NOT NULL DEFAULT '',
    UNIQUE (region, effective_from)
) STRICT;

-- The share (%) an organisation keeps of what it collects, by its kind; the rest passes up.
CREATE TABLE fee_retention (
    id INTEGER PRIMARY KEY,
    org_kind TEXT NOT NULL CHECK (org_kind IN ('CHI_BO', 'CO_SO_XA', 'CO_SO_KHAC', 'TREN_CO_SO')),
    keep_pct INTEGER NOT NULL CHECK (keep_pct BETWEEN 0 AND 100),
    effective_from TEXT NOT NULL,
    effective_to TEXT,
    source TEXT NOT NULL DEFAULT '',
    UNIQUE (org_kind, effective_from)
) STRICT;

-- An exemption (100) or reduction (30/50/70 %) for months from_month..to_month (YYYY-MM).
CREATE TABLE fee_exemptions (
    id INTEGER PRIMARY KEY,
    member_id INTEGER NOT NULL REFERENCES party_members(id),
    reduction_pct INTEGER NOT NULL CHECK (reduction_pct IN (30, 50, 70, 100)),
    from_month TEXT NOT NULL,
    to_month TEXT NOT NULL,
    decision TEXT NOT NULL,
    reason TEXT NOT NULL DEFAULT '',
    created_by INTEGER REFERENCES users(id),
    created_at TEXT NOT NULL
) STRICT;
CREATE INDEX fee_exemptions_member ON fee_exemptions(member_id, from_month);

-- A member's month: the due computed when the month was recorded, what was paid, how.
CREATE TABLE fee_dues (
    id INTEGER PRIMARY KEY,
    member_id INTEGER NOT NULL REFERENCES party_members(id),
    unit_id INTEGER NOT NULL REFERENCES units(id),
    month TEXT NOT NULL,
    amount_due INTEGER NOT NULL CHECK (amount_due >= 0),
    reduction_pct INTEGER NOT NULL DEFAULT 0,
    amount_paid INTEGER NOT NULL DEFAULT 0 CHECK (amount_paid >= 0),
    channel TEXT CHECK (channel IS NULL OR channel IN ('DVCQG', 'TIEN_MAT')),
    paid_on TEXT,
    recorded_by INTEGER REFERENCES users(id),
    updated_at TEXT NOT NULL,
    UNIQUE (member_id, month)
) STRICT;
CREATE INDEX fee_dues_unit ON fee_dues(unit_id, month);

-- The monthly report of an organisation (its own members); submitting it closes the month.
CREATE TABLE fee_reports (
    id INTEGER PRIMARY KEY,
    unit_id INTEGER NOT NULL REFERENCES units(id),
    month TEXT NOT NULL,
    members INTEGER NOT NULL,
    paid_members INTEGER NOT NULL,
    exempt_members INTEGER NOT NULL,
    amount_due INTEGER NOT NULL,
    amount_paid INTEGER NOT NULL,
    submitted_by INTEGER REFERENCES users(id),
    submitted_at TEXT NOT NULL,
    UNIQUE (unit_id, month)
) STRICT;
CREATE INDEX fee_reports_month ON fee_reports(month, unit_id);

CREATE TABLE fee_transfers (
    id INTEGER PRIMARY KEY,
    from_unit_id INTEGER NOT NULL REFERENCES units(id),
    to_unit_id INTEGER REFERENCES units(id),
    month TEXT NOT NULL,
    collected INTEGER NOT NULL,
    keep_pct INTEGER NOT NULL,
    retained INTEGER NOT NULL,
    passed_up INTEGER NOT NULL,
    channel TEXT NOT NULL CHECK (channel IN ('DVCQG', 'TIEN_MAT', 'CHUYEN_KHOAN')),
    recorded_by INTEGER REFERENCES users(id),
    recorded_at TEXT NOT NULL,
    UNIQUE (from_unit_id, month)
) STRICT;

-- Seeds (DOMAIN-2 §7). Rates of 01-QĐ/TW from 2026-02-01 [effective date unverified].
INSERT INTO fee_rates (category, basis, rate_bp, fixed_amount, effective_from, source) VALUES
 ('BHXH', 'SALARY_BHXH', 100, 0, '2026-02-01', '01-QĐ/TW'),
 ('OM_DAU_THAI_SAN', 'BENEFIT', 100, 0, '2026-02-01', '01-QĐ/TW'),
 ('HUU_TRI', 'PENSION', 50, 0, '2026-02-01', '01-QĐ/TW'),
 ('NGOAI_BHXH_DUOI_TUOI_HUU', 'MIN_WAGE_REGION', 30, 0, '2026-02-01', '01-QĐ/TW [chưa xác minh]'),
 ('NGOAI_BHXH_TREN_TUOI_HUU', 'MIN_WAGE_REGION', 20, 0, '2026-02-01', '01-QĐ/TW [chưa xác minh]'),
 ('HOC_SINH_SINH_VIEN', 'FIXED', 0, 5000, '2026-02-01', '01-QĐ/TW'),
 ('MIEN', 'NONE', 0, 0, '2026-02-01', '01-QĐ/TW');
-- From 2028 the shares of the minimum wage rise (0.5 % and 0.3 %).
UPDATE fee_rates SET effective_to = '2027-12-31' WHERE category LIKE 'NGOAI_BHXH_%';
INSERT INTO fee_rates (category, basis, rate_bp, fixed_amount, effective_from, source) VALUES
 ('NGOAI_BHXH_DUOI_TUOI_HUU', 'MIN_WAGE_REGION', 50, 0, '2028-01-01', '01-QĐ/TW [chưa xác minh]'),
 ('NGOAI_BHXH_TREN_TUOI_HUU', 'MIN_WAGE_REGION', 30, 0, '2028-01-01', '01-QĐ/TW [chưa xác minh]');
INSERT INTO fee_min_wages (region, amount, effective_from, source) VALUES
 (1, 5310000, '2026-01-01', 'NĐ 293/2025/NĐ-CP'),
 (2, 4730000, '2026-01-01', 'NĐ 293/2025/NĐ-CP'),
 (3, 4140000, '2026-01-01', 'NĐ 293/2025/NĐ-CP'),
 (4, 3700000, '2026-01-01', 'NĐ 293/2025/NĐ-CP');
INSERT INTO fee_retention (org_kind, keep_pct, effective_from, source) VALUES
 ('CHI_BO', 30, '2026-01-01', '342-QĐ/TW (30–50 %) [01-QĐ/TW chưa xác minh]'),
 ('CO_SO_XA', 90, '2026-01-01', '342-QĐ/TW [01-QĐ/TW chưa xác minh]'),
 ('CO_SO_KHAC', 70, '2026-01-01', '342-QĐ/TW [01-QĐ/TW chưa xác minh]'),
 ('TREN_CO_SO', 50, '2026-01-01', '342-QĐ/TW [01-QĐ/TW chưa xác minh]');
