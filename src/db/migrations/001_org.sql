-- The office tree (units with validity dates and successor links) and the staff directory
-- (src/org/org.h). Times are UTC ISO-8601 text; dates of validity are "YYYY-MM-DD" (Vietnam
-- calendar dates). created_by/updated_by are users(id) (002_auth.sql; SQLite resolves the
-- reference when a row is checked, so the forward reference is fine); NULL = the operator's CLI.

-- Đơn vị: every committee, office, board and grassroots organisation that ever existed, so old
-- documents keep resolving their issuer after mergers (DOMAIN.md §0, §8). A unit is never
-- deleted: dissolving it sets valid_to and records successor links.
CREATE TABLE units (
    id INTEGER PRIMARY KEY,
    parent_id INTEGER REFERENCES units(id), -- NULL: a root (the committee at the top)
    name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 300),
    abbr TEXT NOT NULL CHECK (length(abbr) BETWEEN 1 AND 30), -- in document numbers: TU, VPTU
    level TEXT NOT NULL CHECK (level IN ('TW', 'TINH', 'HUYEN', 'XA', 'CO_SO', 'CHI_BO', 'BAN')),
    organ_id TEXT CHECK (organ_id IS NULL OR length(organ_id) = 13), -- ND 30 / edXML OrganId
    valid_from TEXT NOT NULL,
    valid_to TEXT, -- last day of existence; NULL while active
    sort_order INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    created_by INTEGER REFERENCES users(id),
    updated_at TEXT NOT NULL,
    updated_by INTEGER REFERENCES users(id),
    CHECK (valid_to IS NULL OR valid_to >= valid_from),
    CHECK (parent_id IS NULL OR parent_id <> id)
) STRICT;
CREATE INDEX units_parent ON units(parent_id, sort_order);
CREATE UNIQUE INDEX units_organ_id ON units(organ_id) WHERE organ_id IS NOT NULL;

-- What became of a dissolved unit: merged into, split into, renamed to, transferred to.
-- A unit split in two has two rows.
CREATE TABLE unit_successors (
    id INTEGER PRIMARY KEY,
    unit_id INTEGER NOT NULL REFERENCES units(id),
    successor_id INTEGER NOT NULL REFERENCES units(id),
    kind TEXT NOT NULL CHECK (kind IN ('merge', 'split', 'rename', 'transfer')),
    effective_date TEXT NOT NULL, -- the successor's first day ("YYYY-MM-DD")
    note TEXT,
    created_at TEXT NOT NULL,
    created_by INTEGER REFERENCES users(id),
    CHECK (unit_id <> successor_id),
    UNIQUE (unit_id, successor_id)
) STRICT;
CREATE INDEX unit_successors_successor ON unit_successors(successor_id);

-- Cán bộ: the people of the office network. active = 0 is the soft delete (moved, retired);
-- the row stays because documents and assignments name them.
CREATE TABLE staff (
    id INTEGER PRIMARY KEY,
    unit_id INTEGER NOT NULL REFERENCES units(id),
    full_name TEXT NOT NULL CHECK (length(full_name) BETWEEN 1 AND 200),
    position TEXT,          -- chức vụ: "Chánh Văn phòng", "Chuyên viên"
    gender TEXT CHECK (gender IS NULL OR gender IN ('nam', 'nu')),
    birth_year INTEGER CHECK (birth_year IS NULL OR birth_year BETWEEN 1900 AND 2100),
    phone TEXT,
    email TEXT,
    degree TEXT,            -- trình độ chuyên môn: "Thạc sĩ Luật"
    political_theory TEXT CHECK (political_theory IS NULL OR political_theory IN
                                 ('Sơ cấp', 'Trung cấp', 'Cao cấp', 'Cử nhân')), -- lý luận chính trị
    active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    created_at TEXT NOT NULL,
    created_by INTEGER REFERENCES users(id),
    updated_at TEXT NOT NULL,
    updated_by INTEGER REFERENCES users(id)
) STRICT;
CREATE INDEX staff_unit ON staff(unit_id, active);

-- Bồi dưỡng: refresher courses and training taken.
CREATE TABLE staff_courses (
    id INTEGER PRIMARY KEY,
    staff_id INTEGER NOT NULL REFERENCES staff(id),
    name TEXT NOT NULL,
    year INTEGER CHECK (year IS NULL OR year BETWEEN 1900 AND 2100),
    place TEXT,
    created_at TEXT NOT NULL,
    created_by INTEGER REFERENCES users(id)
) STRICT;
CREATE INDEX staff_courses_staff ON staff_courses(staff_id);

-- Lĩnh vực phụ trách: the domains a specialist follows ("Tổ chức xây dựng Đảng").
CREATE TABLE staff_domains (
    id INTEGER PRIMARY KEY,
    staff_id INTEGER NOT NULL REFERENCES staff(id),
    domain TEXT NOT NULL,
    created_at TEXT NOT NULL,
    created_by INTEGER REFERENCES users(id),
    UNIQUE (staff_id, domain)
) STRICT;

-- Địa bàn phụ trách: the areas a specialist follows, a unit of the tree or free text.
CREATE TABLE staff_areas (
    id INTEGER PRIMARY KEY,
    staff_id INTEGER NOT NULL REFERENCES staff(id),
    area_unit_id INTEGER REFERENCES units(id),
    area_text TEXT,
    created_at TEXT NOT NULL,
    created_by INTEGER REFERENCES users(id),
    CHECK (area_unit_id IS NOT NULL OR area_text IS NOT NULL)
) STRICT;
CREATE INDEX staff_areas_staff ON staff_areas(staff_id);
CREATE INDEX staff_areas_unit ON staff_areas(area_unit_id);
