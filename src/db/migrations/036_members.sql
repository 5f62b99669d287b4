-- Party members (đảng viên), issue 20: as much of each member as đảng phí and the Party badge
-- need. members/ owns these tables (other modules — partyfees, awards — read them by these
-- column names). unit_id is the Party organisation the member belongs to (a chi bộ, or a
-- grassroots đảng bộ's unit), in the office tree; a move between chi bộ is a row of
-- party_member_moves and a new unit_id, never an edit of history.
CREATE TABLE party_members (
    id INTEGER PRIMARY KEY,
    unit_id INTEGER NOT NULL REFERENCES units(id),
    full_name TEXT NOT NULL,
    birth_date TEXT,
    gender TEXT CHECK (gender IS NULL OR gender IN ('nam', 'nu')),
    id_number TEXT,                 -- CCCD, 12 digits when known
    admitted_on TEXT NOT NULL,      -- ngày vào Đảng (the date in the admission decision)
    official_on TEXT,               -- ngày chính thức
    party_card_no TEXT,
    status TEXT NOT NULL DEFAULT 'active'
        CHECK (status IN ('active', 'moved_out', 'deceased', 'expelled', 'removed')),
    status_on TEXT,                 -- the date of the status (death, moving out…)
    retired INTEGER NOT NULL DEFAULT 0 CHECK (retired IN (0, 1)),
    student INTEGER NOT NULL DEFAULT 0 CHECK (student IN (0, 1)),
    note TEXT NOT NULL DEFAULT '',
    created_by INTEGER REFERENCES users(id),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
) STRICT;
CREATE INDEX party_members_unit ON party_members(unit_id, status);
CREATE INDEX party_members_admitted ON party_members(admitted_on);

CREATE TABLE party_member_moves (
    id INTEGER PRIMARY KEY,
    member_id INTEGER NOT NULL REFERENCES party_members(id),
    from_unit_id INTEGER REFERENCES units(id),
    to_unit_id INTEGER NOT NULL REFERENCES units(id),
    moved_on TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    created_by INTEGER REFERENCES users(id),
    created_at TEXT NOT NULL
) STRICT;
CREATE INDEX party_member_moves_member ON party_member_moves(member_id, moved_on);
