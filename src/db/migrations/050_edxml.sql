-- edXML packages (QCVN 102:2016, DOMAIN.md §4): what came in and went out, for duplicate and
-- replay detection and the trace; the outside organs this office exchanges with; the
-- business requests (recall/update/replace) a receiving clerk answers (15/16).

-- Every package seen, in either direction, one row each. A refused incoming package keeps its
-- row (status '02', reason) and nothing else is written: "never half-registered".
CREATE TABLE edxml_packages (
    id INTEGER PRIMARY KEY,
    direction TEXT NOT NULL CHECK (direction IN ('in', 'out')),
    kind TEXT NOT NULL CHECK (kind IN ('document', 'status')),
    document_id TEXT NOT NULL,            -- DocumentId (a status: the document it answers)
    from_organ TEXT NOT NULL,
    to_organ TEXT NOT NULL,
    business INTEGER NOT NULL DEFAULT 0 CHECK (business BETWEEN 0 AND 3),
    ref_document_id TEXT,                 -- Business: the DocumentId it recalls/updates/replaces
    status TEXT NOT NULL,                 -- edXML StatusCode: given (in) or last heard (out, '' none yet)
    reason TEXT,                          -- why refused, in Vietnamese
    sha256 TEXT NOT NULL CHECK (length(sha256) = 64),
    outgoing_id INTEGER REFERENCES outgoing (id), -- out: the issued document it carried
    inbox_id INTEGER REFERENCES inbox (id),       -- in: the queue row it landed in
    channel TEXT NOT NULL DEFAULT 'file' CHECK (channel IN ('file', 'peer')),
    user_id INTEGER REFERENCES users (id),        -- who uploaded/downloaded it; NULL: transport
    at TEXT NOT NULL
) STRICT;
CREATE INDEX edxml_packages_doc ON edxml_packages (document_id, direction);
CREATE INDEX edxml_packages_inbox ON edxml_packages (inbox_id) WHERE inbox_id IS NOT NULL;
CREATE INDEX edxml_packages_out ON edxml_packages (outgoing_id) WHERE outgoing_id IS NOT NULL;
-- One accepted incoming document package per sender, DocumentId and business: a second one
-- is a duplicate or a replay, refused.
CREATE UNIQUE INDEX edxml_packages_once ON edxml_packages (from_organ, document_id, business)
    WHERE direction = 'in' AND kind = 'document' AND status <> '02';

-- Outside organs (other installations, other systems) this office knows: a package from an
-- organ neither here nor among the units' organ_id is refused. encrypted: the channel to it is
-- configured as encrypted (a Mật document may go to it electronically, DOMAIN.md §3).
CREATE TABLE edxml_organs (
    organ_id TEXT PRIMARY KEY CHECK (length(organ_id) BETWEEN 1 AND 64),
    name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 300),
    encrypted INTEGER NOT NULL DEFAULT 0 CHECK (encrypted IN (0, 1)),
    created_at TEXT NOT NULL
) STRICT;

-- A recall/update/replace of a document the receiver had already registered: the clerk agrees
-- (15) or refuses (16); the answer is a status package for the sender.
CREATE TABLE edxml_requests (
    id INTEGER PRIMARY KEY,
    package_id INTEGER NOT NULL REFERENCES edxml_packages (id),
    inbox_id INTEGER NOT NULL REFERENCES inbox (id), -- the queue row of the target document
    business INTEGER NOT NULL CHECK (business BETWEEN 1 AND 3),
    reason TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'agreed', 'refused')),
    decided_by INTEGER REFERENCES users (id),
    decided_at TEXT,
    note TEXT
) STRICT;
CREATE INDEX edxml_requests_pending ON edxml_requests (inbox_id) WHERE status = 'pending';

-- The queue row of a package from outside the tree: the sender's name as carried (no unit),
-- and the reply deadline it set. inbox.outgoing_id of such a row is -edxml_packages.id (no
-- outgoing document here; the pair stays unique).
ALTER TABLE inbox ADD COLUMN from_name TEXT;
ALTER TABLE inbox ADD COLUMN due_date TEXT;
