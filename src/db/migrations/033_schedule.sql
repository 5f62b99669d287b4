-- The leaders' weekly calendar (lịch công tác tuần), issue 13; schedule/ owns these tables.
-- An event sits on one unit's calendar (the committee whose leaders it is about); the week it
-- falls in is published as a numbered, frozen snapshot (schedule_weeks, version 1), and every
-- later change to a published week adds the next version with its amendment note. Programme
-- items and conferences belong to other modules: their ids are plain integers, no REFERENCES.

-- Meeting rooms (phòng họp): minimal; the facilities issue will extend the table.
CREATE TABLE rooms (
    id INTEGER PRIMARY KEY,
    unit_id INTEGER NOT NULL REFERENCES units(id),
    name TEXT NOT NULL,
    capacity INTEGER,
    active INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    UNIQUE (unit_id, name)
);

CREATE TABLE schedule_events (
    id INTEGER PRIMARY KEY,
    unit_id INTEGER NOT NULL REFERENCES units(id),
    day TEXT NOT NULL,                                      -- YYYY-MM-DD, Vietnam
    iso_year INTEGER NOT NULL,                              -- the ISO week the day falls in
    iso_week INTEGER NOT NULL,
    session TEXT NOT NULL CHECK (session IN ('sang', 'chieu', 'toi')),
    start_time TEXT,                                        -- HH:MM, Vietnam
    end_time TEXT,
    content TEXT NOT NULL,
    chair_user_id INTEGER REFERENCES users(id),
    participants TEXT,                                      -- as the office writes it
    room_id INTEGER REFERENCES rooms(id),
    venue TEXT,
    preparing_unit_id INTEGER REFERENCES units(id),
    programme_item_id INTEGER,                              -- programmes/ (no FK: another room)
    conference_id INTEGER,                                  -- conferences/ (no FK)
    visibility TEXT NOT NULL DEFAULT 'internal'
        CHECK (visibility IN ('public', 'internal', 'private')),
    status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'cancelled')),
    revision INTEGER NOT NULL DEFAULT 0,                    -- iCalendar SEQUENCE
    amended INTEGER NOT NULL DEFAULT 0,                     -- changed after publication
    uid TEXT NOT NULL UNIQUE,                               -- stable across versions
    created_by INTEGER NOT NULL REFERENCES users(id),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX schedule_events_week ON schedule_events (unit_id, iso_year, iso_week, day);
CREATE INDEX schedule_events_day ON schedule_events (day);
CREATE INDEX schedule_events_chair ON schedule_events (chair_user_id, day);
CREATE INDEX schedule_events_room ON schedule_events (room_id, day);

-- The people taking part (besides the chair), for the per-leader view, clashes and notices.
CREATE TABLE schedule_event_people (
    event_id INTEGER NOT NULL REFERENCES schedule_events(id),
    user_id INTEGER NOT NULL REFERENCES users(id),
    PRIMARY KEY (event_id, user_id)
);
CREATE INDEX schedule_event_people_user ON schedule_event_people (user_id);

CREATE TABLE schedule_weeks (
    id INTEGER PRIMARY KEY,
    unit_id INTEGER NOT NULL REFERENCES units(id),
    iso_year INTEGER NOT NULL,
    iso_week INTEGER NOT NULL,
    version INTEGER NOT NULL,                               -- 1 = the publication
    published_at TEXT NOT NULL,
    published_by INTEGER NOT NULL REFERENCES users(id),
    snapshot TEXT NOT NULL,                                 -- JSON: the week's events as sent
    note TEXT,                                              -- the amendment (điều chỉnh)
    UNIQUE (unit_id, iso_year, iso_week, version)
);

-- Calendar subscriptions: the token is the credential; only its SHA-256 is kept.
CREATE TABLE schedule_feeds (
    id INTEGER PRIMARY KEY,
    token_hash TEXT NOT NULL UNIQUE,
    user_id INTEGER NOT NULL REFERENCES users(id),          -- whose permissions the feed has
    unit_id INTEGER NOT NULL REFERENCES units(id),          -- the calendar
    kind TEXT NOT NULL CHECK (kind IN ('person', 'unit', 'public')),
    created_at TEXT NOT NULL,
    revoked_at TEXT
);
CREATE INDEX schedule_feeds_user ON schedule_feeds (user_id);
