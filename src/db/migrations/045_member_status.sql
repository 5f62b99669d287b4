-- Member status changes and discipline with history (issue 20, part adma), and the fee
-- category of members working or studying abroad (DOMAIN-2 §7: "separate rates for members
-- abroad"). members/ owns member_status_events and, with awards/, member_disciplines (awards/
-- reads form and decided_on for the badge wait; decision_no is the decision's number).

-- NUOC_NGOAI joins the fee categories. SQLite cannot alter a CHECK constraint, and rebuilding
-- party_members would drop the foreign keys of six tables pointing at it; widening a CHECK
-- through writable_schema is the documented way when every existing row already satisfies
-- the new constraint (https://sqlite.org/lang_altertable.html, "making other kinds of table
-- schema changes"). The replace only touches the fee_category list.
PRAGMA writable_schema = ON;
UPDATE sqlite_schema
   SET sql = replace(sql, '''HOC_SINH_SINH_VIEN'', ''MIEN'')',
                     '''HOC_SINH_SINH_VIEN'', ''MIEN'', ''NUOC_NGOAI'')')
 WHERE type = 'table' AND name = 'party_members';
PRAGMA writable_schema = RESET;

-- The rate abroad is not published in the sources found: 1 % of the income the member
-- declares (converted to đồng), as for members in BHXH, until verified.
INSERT INTO fee_rates (category, basis, rate_bp, fixed_amount, effective_from, source) VALUES
 ('NUOC_NGOAI', 'SALARY_BHXH', 100, 0, '2026-02-01', '01-QĐ/TW [chưa xác minh]');

-- A status change of a member, dated: retirement (the fee basis becomes the pension), study,
-- work or study abroad, return home, transfer out, death, striking off (xóa tên). The row is
-- the history; party_members keeps the current state (status, retired, student,
-- fee_category, fee_basis) which the change sets in the same transaction.
CREATE TABLE member_status_events (
    id INTEGER PRIMARY KEY,
    member_id INTEGER NOT NULL REFERENCES party_members(id),
    kind TEXT NOT NULL CHECK (kind IN ('retired', 'student', 'abroad', 'returned',
                                       'moved_out', 'deceased', 'struck_off')),
    happened_on TEXT NOT NULL,
    decision_no TEXT NOT NULL DEFAULT '',
    fee_basis INTEGER CHECK (fee_basis IS NULL OR (fee_basis >= 0 AND fee_basis <= 10000000000)),
    prev_category TEXT,
    note TEXT NOT NULL DEFAULT '',
    created_by INTEGER REFERENCES users(id),
    created_at TEXT NOT NULL
) STRICT;
CREATE INDEX member_status_events_member ON member_status_events(member_id, happened_on);

-- The number of the discipline decision (the form and date were already there).
ALTER TABLE member_disciplines ADD COLUMN decision_no TEXT NOT NULL DEFAULT '';

-- The chi bộ's monthly report counts its members abroad apart (DOMAIN-2 §7).
ALTER TABLE fee_reports ADD COLUMN abroad_members INTEGER NOT NULL DEFAULT 0;
