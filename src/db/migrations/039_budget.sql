-- The Party budget (issue 20, DOMAIN-2.md §7 "Budget"): the catalogue of budget lines with
-- effective dates, estimates (dự toán) and settlements (quyết toán) per organisation and year
-- with their versions and amounts by line, and the spending entered against the estimate.
-- Amounts are whole đồng (INTEGER), never floating point. Written only by src/budget/.

-- A line of the catalogue (mục chi). A line applies to a year when its validity overlaps it;
-- a retired line keeps its row so old budgets still read. The seed is [unverified]: the
-- lead's choice from the state budget's "chi thường xuyên" headings and the Party's own.
CREATE TABLE budget_lines (
    id INTEGER PRIMARY KEY,
    code TEXT NOT NULL UNIQUE CHECK (length(code) BETWEEN 1 AND 30),
    name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 300),
    grp TEXT NOT NULL CHECK (grp IN ('THUONG_XUYEN', 'DAC_THU')),
    sort_order INTEGER NOT NULL DEFAULT 0,
    valid_from TEXT NOT NULL,
    valid_to TEXT, -- last day in force; NULL while in force
    source TEXT NOT NULL,
    CHECK (valid_to IS NULL OR valid_to >= valid_from)
) STRICT;

INSERT INTO budget_lines (code, name, grp, sort_order, valid_from, source) VALUES
    ('TX.LUONG', 'Tiền lương', 'THUONG_XUYEN', 10, '2020-01-01', 'Mục lục NSNN (tương tự) [chưa xác minh]'),
    ('TX.PHUCAP', 'Phụ cấp lương', 'THUONG_XUYEN', 20, '2020-01-01', 'Mục lục NSNN (tương tự) [chưa xác minh]'),
    ('TX.DONGGOP', 'Các khoản đóng góp (BHXH, BHYT, KPCĐ)', 'THUONG_XUYEN', 30, '2020-01-01', 'Mục lục NSNN (tương tự) [chưa xác minh]'),
    ('TX.DICHVU', 'Thanh toán dịch vụ công cộng (điện, nước)', 'THUONG_XUYEN', 40, '2020-01-01', 'Mục lục NSNN (tương tự) [chưa xác minh]'),
    ('TX.VATTU', 'Vật tư văn phòng', 'THUONG_XUYEN', 50, '2020-01-01', 'Mục lục NSNN (tương tự) [chưa xác minh]'),
    ('TX.THONGTIN', 'Thông tin, tuyên truyền, liên lạc', 'THUONG_XUYEN', 60, '2020-01-01', 'Mục lục NSNN (tương tự) [chưa xác minh]'),
    ('TX.HOINGHI', 'Hội nghị', 'THUONG_XUYEN', 70, '2020-01-01', 'Mục lục NSNN (tương tự) [chưa xác minh]'),
    ('TX.CONGTAC', 'Công tác phí', 'THUONG_XUYEN', 80, '2020-01-01', 'Mục lục NSNN (tương tự) [chưa xác minh]'),
    ('TX.NGHIEPVU', 'Chi phí nghiệp vụ chuyên môn', 'THUONG_XUYEN', 90, '2020-01-01', 'Mục lục NSNN (tương tự) [chưa xác minh]'),
    ('TX.SUACHUA', 'Sửa chữa, duy tu tài sản', 'THUONG_XUYEN', 100, '2020-01-01', 'Mục lục NSNN (tương tự) [chưa xác minh]'),
    ('TX.MUASAM', 'Mua sắm tài sản', 'THUONG_XUYEN', 110, '2020-01-01', 'Mục lục NSNN (tương tự) [chưa xác minh]'),
    ('TX.KHAC', 'Chi khác', 'THUONG_XUYEN', 120, '2020-01-01', 'Mục lục NSNN (tương tự) [chưa xác minh]'),
    ('DT.DAIHOI', 'Đại hội Đảng', 'DAC_THU', 210, '2020-01-01', 'Chi đặc thù của Đảng (TTLT 216/2004, lựa chọn của nhóm) [chưa xác minh]'),
    ('DT.KHENTHUONG', 'Khen thưởng, tặng Huy hiệu Đảng', 'DAC_THU', 220, '2020-01-01', 'Chi đặc thù của Đảng [chưa xác minh]'),
    ('DT.BAOCHI', 'Mua báo, tạp chí của Đảng', 'DAC_THU', 230, '2020-01-01', 'Chi đặc thù của Đảng [chưa xác minh]'),
    ('DT.TAILIEU', 'Tài liệu học tập, quán triệt nghị quyết', 'DAC_THU', 240, '2020-01-01', 'Chi đặc thù của Đảng [chưa xác minh]'),
    ('DT.THAMHOI', 'Thăm hỏi, trợ cấp khó khăn đảng viên', 'DAC_THU', 250, '2020-01-01', 'Chi đặc thù của Đảng [chưa xác minh]'),
    ('DT.KIEMTRA', 'Công tác kiểm tra, giám sát', 'DAC_THU', 260, '2020-01-01', 'Chi đặc thù của Đảng [chưa xác minh]'),
    ('DT.TOCHUCCOSO', 'Hỗ trợ hoạt động tổ chức cơ sở đảng (99-QĐ/TW)', 'DAC_THU', 270, '2020-01-01', 'QĐ 99-QĐ/TW 2012, HD 21-HD/VPTW 2013 [chưa xác minh]');

-- An estimate (DU_TOAN) or settlement (QUYET_TOAN) of one organisation for one year, one row
-- per version: a revision is a new row superseding the approved one, which then stops
-- applying (HET_HIEU_LUC). The approving decision is an outgoing document (outgoing_id).
CREATE TABLE budgets (
    id INTEGER PRIMARY KEY,
    unit_id INTEGER NOT NULL REFERENCES units(id),
    year INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2099),
    kind TEXT NOT NULL CHECK (kind IN ('DU_TOAN', 'QUYET_TOAN')),
    version INTEGER NOT NULL DEFAULT 1,
    status TEXT NOT NULL DEFAULT 'DU_THAO' CHECK (status IN ('DU_THAO', 'TRINH', 'DA_DUYET',
        'HET_HIEU_LUC')),
    supersedes_id INTEGER REFERENCES budgets(id),
    outgoing_id INTEGER REFERENCES outgoing(id),
    note TEXT,
    created_by INTEGER REFERENCES users(id),
    created_at TEXT NOT NULL,
    submitted_by INTEGER REFERENCES users(id),
    submitted_at TEXT,
    approved_by INTEGER REFERENCES users(id),
    approved_at TEXT
) STRICT;
CREATE INDEX budgets_unit ON budgets(unit_id, year, kind, status);
-- One version in progress and one in force per organisation, year and kind.
CREATE UNIQUE INDEX budgets_open ON budgets(unit_id, year, kind)
    WHERE status IN ('DU_THAO', 'TRINH');
CREATE UNIQUE INDEX budgets_live ON budgets(unit_id, year, kind) WHERE status = 'DA_DUYET';

CREATE TABLE budget_amounts (
    budget_id INTEGER NOT NULL REFERENCES budgets(id),
    line_id INTEGER NOT NULL REFERENCES budget_lines(id),
    amount INTEGER NOT NULL CHECK (amount >= 0),
    PRIMARY KEY (budget_id, line_id)
) STRICT, WITHOUT ROWID;

-- A spending entry (khoản chi) of an organisation against its approved estimate.
CREATE TABLE budget_spending (
    id INTEGER PRIMARY KEY,
    unit_id INTEGER NOT NULL REFERENCES units(id),
    year INTEGER NOT NULL,
    spent_on TEXT NOT NULL,
    line_id INTEGER NOT NULL REFERENCES budget_lines(id),
    amount INTEGER NOT NULL CHECK (amount > 0),
    voucher_no TEXT NOT NULL CHECK (length(voucher_no) BETWEEN 1 AND 50),
    note TEXT,
    over_estimate INTEGER NOT NULL DEFAULT 0, -- 1: entered past the line's estimate (warned)
    created_by INTEGER REFERENCES users(id),
    created_at TEXT NOT NULL,
    CHECK (substr(spent_on, 1, 4) = CAST(year AS TEXT))
) STRICT;
-- Covering for the report's sums (unit, year, line → amount).
CREATE INDEX budget_spending_unit ON budget_spending(unit_id, year, line_id, amount);
