-- Awards (issue 20, DOMAIN-2 §8): Huy hiệu Đảng cases and Party commendations. awards/ owns
-- these tables; members are read from party_members (036), never written here.

-- One badge case: a member reaching a milestone (or a reissue, a posthumous award), from the
-- job's candidate list through the chi bộ review, the proposal list (Mẫu 4/4A/4B-HHĐ), the
-- decision of the provincial BTV, to the ceremony. Money in integer đồng; the multiple in
-- tenths, as in force on the decision date (rules awards.gift_tenths_NN).
CREATE TABLE badge_cases (
    id INTEGER PRIMARY KEY,
    member_id INTEGER NOT NULL REFERENCES party_members(id),
    unit_id INTEGER NOT NULL REFERENCES units(id),
    milestone_years INTEGER NOT NULL CHECK (milestone_years BETWEEN 1 AND 100),
    due_date TEXT NOT NULL,          -- admitted_on + N years
    kind TEXT NOT NULL CHECK (kind IN ('award', 'reissue', 'posthumous')),
    early TEXT NOT NULL DEFAULT 'none' CHECK (early IN ('none', 'illness', 'posthumous')),
    early_reason TEXT NOT NULL DEFAULT '',
    occasion_date TEXT NOT NULL,     -- 3/2, 19/5, 2/9, 7/11 of a year, or another date
    status TEXT NOT NULL DEFAULT 'candidate'
        CHECK (status IN ('candidate', 'reviewed', 'proposed', 'decided', 'presented')),
    review_on TEXT,
    review_note TEXT NOT NULL DEFAULT '',
    list_form TEXT CHECK (list_form IS NULL OR list_form IN ('4', '4A', '4B')),
    proposed_on TEXT,
    decision_no TEXT,
    decision_on TEXT,
    decision_outgoing_id INTEGER REFERENCES outgoing(id), -- the issued decision, when the office issued it
    decided_by TEXT,
    badge_no TEXT,
    gift_tenths INTEGER,             -- NULL: the multiple is not entered for this milestone
    base_salary INTEGER,
    gift_amount INTEGER,
    ceremony_on TEXT,
    created_by INTEGER REFERENCES users(id),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
) STRICT;
CREATE UNIQUE INDEX badge_cases_once ON badge_cases(member_id, milestone_years) WHERE kind <> 'reissue';
CREATE INDEX badge_cases_occasion ON badge_cases(occasion_date, status);

-- Discipline that delays a badge (cảnh cáo: awards.wait_months_warning, cách chức:
-- awards.wait_months_dismissal after decided_on).
CREATE TABLE member_disciplines (
    id INTEGER PRIMARY KEY,
    member_id INTEGER NOT NULL REFERENCES party_members(id),
    form TEXT NOT NULL CHECK (form IN ('reprimand', 'warning', 'dismissal')),
    decided_on TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    created_by INTEGER REFERENCES users(id),
    created_at TEXT NOT NULL
) STRICT;
CREATE INDEX member_disciplines_member ON member_disciplines(member_id, decided_on);

-- Commendations (khen thưởng) of an organisation (unit) or a member, by level and form.
CREATE TABLE commendations (
    id INTEGER PRIMARY KEY,
    target TEXT NOT NULL CHECK (target IN ('unit', 'member')),
    unit_id INTEGER NOT NULL REFERENCES units(id),   -- the organisation, or the member's unit
    member_id INTEGER REFERENCES party_members(id),
    form TEXT NOT NULL CHECK (form IN ('praise', 'certificate', 'merit', 'flag')),
    basis TEXT NOT NULL CHECK (basis IN ('yearly', 'five_years', 'outstanding', 'thematic')),
    year INTEGER NOT NULL CHECK (year BETWEEN 1930 AND 2100),
    reason TEXT NOT NULL,
    proposal_no TEXT NOT NULL DEFAULT '',
    decision_no TEXT NOT NULL DEFAULT '',
    decision_on TEXT,
    decided_by TEXT NOT NULL DEFAULT '',
    created_by INTEGER REFERENCES users(id),
    created_at TEXT NOT NULL,
    CHECK ((target = 'member') = (member_id IS NOT NULL))
) STRICT;
CREATE INDEX commendations_year ON commendations(year, unit_id);
