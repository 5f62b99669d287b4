-- The working-day calendar (lịch ngày làm việc), issue 13: one calendar for every deadline
-- counted in working days. workdays/ owns both tables.
--
-- workday_weeks: which days of the week are off, by effective dates (inclusive; NULL = open).
-- The five-day week of state and Party bodies dates from QĐ 188/1999/QĐ-TTg (2/10/1999).
-- workday_days: the exceptions, one row a date: 'holiday' (a public holiday, Bộ luật Lao động
-- 2019 Điều 112), 'off' (a compensatory or swapped day off), 'work' (a weekend day worked in a
-- swap). Rows are data an administrator edits; verified = 0 marks a date not yet checked
-- against the announcement of Bộ Nội vụ for that year.
CREATE TABLE workday_weeks (
    id INTEGER PRIMARY KEY,
    effective_from TEXT NOT NULL,
    effective_to TEXT,
    weekend TEXT NOT NULL, -- ISO weekdays off, comma-separated: '6,7' = Saturday, Sunday
    note TEXT NOT NULL DEFAULT ''
) STRICT;
INSERT INTO workday_weeks (effective_from, effective_to, weekend, note) VALUES
    ('1930-01-01', '1999-10-01', '7', 'Tuần làm việc sáu ngày'),
    ('1999-10-02', NULL, '6,7', 'Tuần làm việc năm ngày (Quyết định 188/1999/QĐ-TTg)');

CREATE TABLE workday_days (
    day TEXT PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('holiday', 'off', 'work')),
    name TEXT NOT NULL,
    source TEXT NOT NULL DEFAULT '',
    verified INTEGER NOT NULL DEFAULT 0 CHECK (verified IN (0, 1)),
    updated_by INTEGER REFERENCES users(id),
    updated_at TEXT
) STRICT;

-- 2025 (announced; Công văn 7393/LĐTBXH and the Prime Minister's decision on Tết 2025).
INSERT INTO workday_days (day, kind, name, source, verified) VALUES
    ('2025-01-01', 'holiday', 'Tết Dương lịch', 'Bộ luật Lao động 2019 Điều 112', 1),
    ('2025-01-25', 'off', 'Nghỉ Tết Nguyên đán Ất Tỵ', 'Thông báo nghỉ Tết Ất Tỵ 2025', 1),
    ('2025-01-26', 'off', 'Nghỉ Tết Nguyên đán Ất Tỵ', 'Thông báo nghỉ Tết Ất Tỵ 2025', 1),
    ('2025-01-27', 'off', 'Nghỉ Tết Nguyên đán Ất Tỵ', 'Thông báo nghỉ Tết Ất Tỵ 2025', 1),
    ('2025-01-28', 'holiday', 'Tết Nguyên đán Ất Tỵ', 'Bộ luật Lao động 2019 Điều 112', 1),
    ('2025-01-29', 'holiday', 'Tết Nguyên đán Ất Tỵ', 'Bộ luật Lao động 2019 Điều 112', 1),
    ('2025-01-30', 'holiday', 'Tết Nguyên đán Ất Tỵ', 'Bộ luật Lao động 2019 Điều 112', 1),
    ('2025-01-31', 'holiday', 'Tết Nguyên đán Ất Tỵ', 'Bộ luật Lao động 2019 Điều 112', 1),
    ('2025-02-01', 'off', 'Nghỉ Tết Nguyên đán Ất Tỵ', 'Thông báo nghỉ Tết Ất Tỵ 2025', 1),
    ('2025-02-02', 'off', 'Nghỉ Tết Nguyên đán Ất Tỵ', 'Thông báo nghỉ Tết Ất Tỵ 2025', 1),
    ('2025-04-07', 'holiday', 'Giỗ Tổ Hùng Vương (10/3 âm lịch)', 'Bộ luật Lao động 2019 Điều 112', 1),
    ('2025-04-26', 'work', 'Làm bù cho ngày 02/5/2025', 'Thông báo hoán đổi ngày làm việc 2025', 1),
    ('2025-04-30', 'holiday', 'Ngày Chiến thắng', 'Bộ luật Lao động 2019 Điều 112', 1),
    ('2025-05-01', 'holiday', 'Ngày Quốc tế lao động', 'Bộ luật Lao động 2019 Điều 112', 1),
    ('2025-05-02', 'off', 'Nghỉ hoán đổi (làm bù thứ Bảy 26/4/2025)', 'Thông báo hoán đổi ngày làm việc 2025', 1),
    ('2025-09-01', 'holiday', 'Quốc khánh (ngày liền kề)', 'Bộ luật Lao động 2019 Điều 112', 1),
    ('2025-09-02', 'holiday', 'Quốc khánh', 'Bộ luật Lao động 2019 Điều 112', 1);

-- 2026: the dates the law fixes; Tết as announced for Bính Ngọ. To be checked (verified 0).
INSERT INTO workday_days (day, kind, name, source, verified) VALUES
    ('2026-01-01', 'holiday', 'Tết Dương lịch', 'Bộ luật Lao động 2019 Điều 112', 1),
    ('2026-02-14', 'off', 'Nghỉ Tết Nguyên đán Bính Ngọ', 'Thông báo nghỉ Tết Bính Ngọ 2026', 0),
    ('2026-02-15', 'off', 'Nghỉ Tết Nguyên đán Bính Ngọ', 'Thông báo nghỉ Tết Bính Ngọ 2026', 0),
    ('2026-02-16', 'holiday', 'Tết Nguyên đán Bính Ngọ', 'Bộ luật Lao động 2019 Điều 112', 0),
    ('2026-02-17', 'holiday', 'Tết Nguyên đán Bính Ngọ', 'Bộ luật Lao động 2019 Điều 112', 0),
    ('2026-02-18', 'holiday', 'Tết Nguyên đán Bính Ngọ', 'Bộ luật Lao động 2019 Điều 112', 0),
    ('2026-02-19', 'holiday', 'Tết Nguyên đán Bính Ngọ', 'Bộ luật Lao động 2019 Điều 112', 0),
    ('2026-02-20', 'holiday', 'Tết Nguyên đán Bính Ngọ', 'Bộ luật Lao động 2019 Điều 112', 0),
    ('2026-02-21', 'off', 'Nghỉ Tết Nguyên đán Bính Ngọ', 'Thông báo nghỉ Tết Bính Ngọ 2026', 0),
    ('2026-02-22', 'off', 'Nghỉ Tết Nguyên đán Bính Ngọ', 'Thông báo nghỉ Tết Bính Ngọ 2026', 0),
    ('2026-04-26', 'holiday', 'Giỗ Tổ Hùng Vương (10/3 âm lịch)', 'Bộ luật Lao động 2019 Điều 112', 1),
    ('2026-04-27', 'off', 'Nghỉ bù Giỗ Tổ Hùng Vương (trùng Chủ nhật)', 'Bộ luật Lao động 2019 Điều 112', 1),
    ('2026-04-30', 'holiday', 'Ngày Chiến thắng', 'Bộ luật Lao động 2019 Điều 112', 1),
    ('2026-05-01', 'holiday', 'Ngày Quốc tế lao động', 'Bộ luật Lao động 2019 Điều 112', 1),
    ('2026-09-01', 'holiday', 'Quốc khánh (ngày liền kề)', 'Bộ luật Lao động 2019 Điều 112', 0),
    ('2026-09-02', 'holiday', 'Quốc khánh', 'Bộ luật Lao động 2019 Điều 112', 1);

-- 2027, the coming year: the dates the law fixes, Tết and Giỗ Tổ from the lunar calendar and
-- the usual compensation of days falling on a weekend. Dự kiến until Bộ Nội vụ announces.
INSERT INTO workday_days (day, kind, name, source, verified) VALUES
    ('2027-01-01', 'holiday', 'Tết Dương lịch', 'Bộ luật Lao động 2019 Điều 112', 1),
    ('2027-02-05', 'holiday', 'Tết Nguyên đán Đinh Mùi', 'Bộ luật Lao động 2019 Điều 112 (dự kiến)', 0),
    ('2027-02-06', 'holiday', 'Tết Nguyên đán Đinh Mùi', 'Bộ luật Lao động 2019 Điều 112 (dự kiến)', 0),
    ('2027-02-07', 'holiday', 'Tết Nguyên đán Đinh Mùi', 'Bộ luật Lao động 2019 Điều 112 (dự kiến)', 0),
    ('2027-02-08', 'holiday', 'Tết Nguyên đán Đinh Mùi', 'Bộ luật Lao động 2019 Điều 112 (dự kiến)', 0),
    ('2027-02-09', 'holiday', 'Tết Nguyên đán Đinh Mùi', 'Bộ luật Lao động 2019 Điều 112 (dự kiến)', 0),
    ('2027-02-10', 'off', 'Nghỉ bù Tết Nguyên đán (trùng thứ Bảy)', 'Bộ luật Lao động 2019 Điều 112 (dự kiến)', 0),
    ('2027-02-11', 'off', 'Nghỉ bù Tết Nguyên đán (trùng Chủ nhật)', 'Bộ luật Lao động 2019 Điều 112 (dự kiến)', 0),
    ('2027-04-16', 'holiday', 'Giỗ Tổ Hùng Vương (10/3 âm lịch)', 'Bộ luật Lao động 2019 Điều 112 (dự kiến)', 0),
    ('2027-04-30', 'holiday', 'Ngày Chiến thắng', 'Bộ luật Lao động 2019 Điều 112', 1),
    ('2027-05-01', 'holiday', 'Ngày Quốc tế lao động', 'Bộ luật Lao động 2019 Điều 112', 1),
    ('2027-05-03', 'off', 'Nghỉ bù Quốc tế lao động (trùng thứ Bảy)', 'Bộ luật Lao động 2019 Điều 112', 1),
    ('2027-09-02', 'holiday', 'Quốc khánh', 'Bộ luật Lao động 2019 Điều 112', 1),
    ('2027-09-03', 'holiday', 'Quốc khánh (ngày liền kề)', 'Bộ luật Lao động 2019 Điều 112 (dự kiến)', 0);
