-- Văn bản đến (src/docs/incoming.h): the incoming register, its routing (chủ trì / phối hợp
-- with deadlines), the document's trace, the units' electronic queues (inbox.h) and in-app
-- notifications (notify.h). Times are UTC ISO-8601 text; dates "YYYY-MM-DD" in Vietnam time.

-- Số đến: gap-free per receiving unit per year, shared by paper and electronic documents.
-- The counter row is bumped inside the registration's own write transaction (BEGIN
-- IMMEDIATE serialises writers), so a rolled-back registration consumes no number.
CREATE TABLE arrival_counters (
    unit_id INTEGER NOT NULL REFERENCES units(id),
    year INTEGER NOT NULL,
    last_number INTEGER NOT NULL CHECK (last_number >= 0),
    PRIMARY KEY (unit_id, year)
) STRICT, WITHOUT ROWID;

CREATE TABLE incoming (
    id INTEGER PRIMARY KEY,
    unit_id INTEGER NOT NULL REFERENCES units(id), -- the receiving unit (whose register)
    year INTEGER NOT NULL,                          -- of the arrival, Vietnam time
    arrival_number INTEGER NOT NULL CHECK (arrival_number >= 1), -- số đến
    arrival_date TEXT NOT NULL,                     -- ngày đến
    arrived_at TEXT NOT NULL,
    channel TEXT NOT NULL CHECK (channel IN ('paper', 'electronic')),
    inbox_id INTEGER,                               -- the queue row it was registered from
    issuer_unit_id INTEGER REFERENCES units(id),    -- tác giả in the tree, or NULL
    issuer_name TEXT NOT NULL,                      -- tác giả as shown (outside body as text)
    code TEXT NOT NULL,                             -- số, ký hiệu as printed
    code_norm TEXT NOT NULL,                        -- normalised by docno_parse (duplicates)
    doc_type TEXT NOT NULL,                         -- doc_types.code
    issued_date TEXT NOT NULL,                      -- ngày tháng văn bản
    subject TEXT NOT NULL,                          -- trích yếu
    signer TEXT,
    pages INTEGER CHECK (pages IS NULL OR pages BETWEEN 1 AND 999),
    secrecy INTEGER NOT NULL DEFAULT 0 CHECK (secrecy BETWEEN 0 AND 3),
    urgency INTEGER NOT NULL DEFAULT 0 CHECK (urgency BETWEEN 0 AND 4),
    due_date TEXT,                                  -- a deadline set by the document itself
    notes TEXT,                                     -- ghi chú
    duplicate_of INTEGER REFERENCES incoming(id),   -- registered despite the warning
    duplicate_reason TEXT,
    status TEXT NOT NULL DEFAULT 'registered'
        CHECK (status IN ('registered', 'assigned', 'done', 'recalled')),
    -- The current lead handler and deadline, kept in step with incoming_assignments by the
    -- routing service so registers, follow-up and dashboard read one row per document.
    lead_unit_id INTEGER REFERENCES units(id),
    lead_user_id INTEGER REFERENCES users(id),
    deadline TEXT,                                  -- thời hạn giải quyết
    routed_at TEXT,                                 -- ngày chuyển (first routing)
    done_at TEXT,
    reply_code TEXT,                                -- số ký hiệu văn bản trả lời
    progress TEXT,                                  -- tiến độ giải quyết, latest note
    registered_by INTEGER NOT NULL REFERENCES users(id),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (unit_id, year, arrival_number)
) STRICT;
CREATE INDEX incoming_unit_date ON incoming(unit_id, arrival_date);
CREATE INDEX incoming_dup ON incoming(unit_id, code_norm, issued_date);
CREATE INDEX incoming_status ON incoming(status, deadline);
CREATE INDEX incoming_lead_user ON incoming(lead_user_id);
CREATE INDEX incoming_lead_unit ON incoming(lead_unit_id);

-- Routing (DOMAIN.md §2.2 step 3): a leader gives the document to a lead handler (chủ trì) and
-- co-handlers (phối hợp), each a unit or a person, with a deadline; a unit leader passes the
-- unit's share on to a person (parent_id = the unit's assignment, which becomes 'passed').
CREATE TABLE incoming_assignments (
    id INTEGER PRIMARY KEY,
    incoming_id INTEGER NOT NULL REFERENCES incoming(id),
    parent_id INTEGER REFERENCES incoming_assignments(id),
    kind TEXT NOT NULL CHECK (kind IN ('lead', 'co')),
    to_unit_id INTEGER REFERENCES units(id),
    to_user_id INTEGER REFERENCES users(id),
    due_date TEXT,
    instruction TEXT,
    status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'passed', 'done', 'cancelled')),
    assigned_by INTEGER NOT NULL REFERENCES users(id),
    assigned_at TEXT NOT NULL,
    done_at TEXT,
    done_by INTEGER REFERENCES users(id),
    CHECK ((to_unit_id IS NULL) <> (to_user_id IS NULL))
) STRICT;
CREATE INDEX incoming_assignments_doc ON incoming_assignments(incoming_id);
CREATE INDEX incoming_assignments_user ON incoming_assignments(to_user_id, status);
CREATE INDEX incoming_assignments_unit ON incoming_assignments(to_unit_id, status);

-- The document's trace (TraceHeaderList): every step, never rewritten.
CREATE TABLE incoming_events (
    id INTEGER PRIMARY KEY,
    incoming_id INTEGER NOT NULL REFERENCES incoming(id),
    at TEXT NOT NULL,
    actor_id INTEGER REFERENCES users(id),
    kind TEXT NOT NULL, -- register, assign, pass, progress, extend, done, recall
    assignment_id INTEGER REFERENCES incoming_assignments(id),
    text TEXT,
    old_due TEXT,
    new_due TEXT
) STRICT;
CREATE INDEX incoming_events_doc ON incoming_events(incoming_id, id);

-- Hàng chờ điện tử: outgoing documents issued to a unit in the tree, awaiting registration.
-- status: edXML code while unregistered ('01' arrived, '02' refused, '13' recalled); after
-- registration the status follows the incoming record.
CREATE TABLE inbox (
    id INTEGER PRIMARY KEY,
    outgoing_id INTEGER NOT NULL,
    to_unit_id INTEGER NOT NULL REFERENCES units(id),
    from_unit_id INTEGER REFERENCES units(id),
    code TEXT NOT NULL,
    subject TEXT NOT NULL,
    doc_type TEXT NOT NULL,
    issued_date TEXT NOT NULL,
    secrecy INTEGER NOT NULL DEFAULT 0,
    urgency INTEGER NOT NULL DEFAULT 0,
    status TEXT NOT NULL DEFAULT '01' CHECK (status IN ('01', '02', '13')),
    incoming_id INTEGER REFERENCES incoming(id),
    arrived_at TEXT NOT NULL,
    refused_reason TEXT,
    UNIQUE (outgoing_id, to_unit_id)
) STRICT;
CREATE INDEX inbox_unit ON inbox(to_unit_id, status);

CREATE TABLE notifications (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id),
    kind TEXT NOT NULL,
    doc_kind TEXT CHECK (doc_kind IS NULL OR doc_kind IN ('in', 'out')),
    doc_id INTEGER NOT NULL DEFAULT 0,
    text TEXT NOT NULL,
    ref TEXT, -- de-duplication key for time-based notifications ("a:12:overdue")
    created_at TEXT NOT NULL,
    read_at TEXT
) STRICT;
CREATE INDEX notifications_user ON notifications(user_id, id);
CREATE UNIQUE INDEX notifications_ref ON notifications(user_id, ref) WHERE ref IS NOT NULL;
