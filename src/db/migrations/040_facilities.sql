-- Facilities (issue 20, facilities/): assets (equipment, vehicles, furniture…) with their
-- hand-overs, and bookings of meeting rooms (schedule's `rooms`, the one list of rooms) and
-- of vehicles (assets of kind 'vehicle'). Amounts are integer đồng. Written only by
-- facilities/.
CREATE TABLE facility_assets (
    id INTEGER PRIMARY KEY,
    unit_id INTEGER NOT NULL REFERENCES units(id),       -- the owning committee (scope anchor)
    code TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('equipment', 'vehicle', 'furniture', 'it', 'other')),
    location TEXT NOT NULL DEFAULT '',
    responsible_user_id INTEGER REFERENCES users(id),
    unit_of_measure TEXT NOT NULL DEFAULT '',
    quantity INTEGER NOT NULL DEFAULT 1 CHECK (quantity >= 1),
    value INTEGER NOT NULL DEFAULT 0 CHECK (value >= 0),  -- đồng
    purchase_date TEXT,
    plate TEXT NOT NULL DEFAULT '',                        -- vehicles: biển số
    seats INTEGER NOT NULL DEFAULT 0,
    status TEXT NOT NULL DEFAULT 'in_use'
        CHECK (status IN ('in_use', 'in_store', 'repair', 'disposed')),
    disposal_date TEXT,
    disposal_reason TEXT,
    created_by INTEGER NOT NULL REFERENCES users(id),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX facility_assets_unit ON facility_assets (unit_id, kind, status);

-- Biên bản bàn giao: who hands over to whom, when, in what condition.
CREATE TABLE facility_handovers (
    id INTEGER PRIMARY KEY,
    asset_id INTEGER NOT NULL REFERENCES facility_assets(id),
    from_user_id INTEGER REFERENCES users(id),
    to_user_id INTEGER NOT NULL REFERENCES users(id),
    handed_on TEXT NOT NULL,
    condition TEXT NOT NULL,
    location TEXT NOT NULL DEFAULT '',
    note TEXT NOT NULL DEFAULT '',
    created_by INTEGER NOT NULL REFERENCES users(id),
    created_at TEXT NOT NULL
);
CREATE INDEX facility_handovers_asset ON facility_handovers (asset_id, handed_on);

-- A booking holds one room or one vehicle from starts_at to ends_at (Vietnam local time
-- "YYYY-MM-DD HH:MM"). Overlapping active bookings of one resource are refused by the service
-- (which also checks the calendar events holding the room).
CREATE TABLE facility_bookings (
    id INTEGER PRIMARY KEY,
    unit_id INTEGER NOT NULL REFERENCES units(id),
    room_id INTEGER REFERENCES rooms(id),
    vehicle_id INTEGER REFERENCES facility_assets(id),
    starts_at TEXT NOT NULL,
    ends_at TEXT NOT NULL,
    purpose TEXT NOT NULL,
    driver TEXT NOT NULL DEFAULT '',
    destination TEXT NOT NULL DEFAULT '',
    event_id INTEGER,                                   -- schedule/ (no FK: another room)
    conference_id INTEGER,                              -- conferences/ (no FK)
    status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'cancelled')),
    booked_by INTEGER NOT NULL REFERENCES users(id),
    created_at TEXT NOT NULL,
    cancelled_at TEXT,
    CHECK ((room_id IS NULL) <> (vehicle_id IS NULL)),
    CHECK (ends_at > starts_at)
);
CREATE INDEX facility_bookings_room ON facility_bookings (room_id, starts_at);
CREATE INDEX facility_bookings_vehicle ON facility_bookings (vehicle_id, starts_at);
CREATE INDEX facility_bookings_unit ON facility_bookings (unit_id, starts_at);
