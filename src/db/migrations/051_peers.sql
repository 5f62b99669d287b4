-- Issue 18: the transport between installations (src/peers/). The installation's own organ id
-- (its key pair lives in <data>/keys/peer.key, never in the database), the configured peers,
-- the durable outbox and the inbox that makes delivery idempotent.
CREATE TABLE peers_self (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    organ_id TEXT NOT NULL DEFAULT '',
    updated_at TEXT NOT NULL DEFAULT ''
);
INSERT INTO peers_self (id, organ_id)
    SELECT 1, COALESCE((SELECT organ_id FROM units WHERE parent_id IS NULL AND organ_id IS NOT NULL
                        ORDER BY id LIMIT 1), '');

CREATE TABLE peers (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    organ_id TEXT NOT NULL UNIQUE CHECK (length(organ_id) = 13),
    base_url TEXT NOT NULL,
    public_key TEXT NOT NULL,          -- Ed25519, base64 of 32 bytes
    ca_pem TEXT NOT NULL DEFAULT '',   -- the CA (or the certificate itself) that TLS trusts
    tls_pin TEXT NOT NULL DEFAULT '',  -- or a pinned public key "sha256//…"
    enabled INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1)),
    last_ping_at TEXT,
    last_ping_reply TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

-- One row a message to send. Written in the caller's transaction; delivered by a job worker.
CREATE TABLE peer_outbox (
    id INTEGER PRIMARY KEY,
    msg_id TEXT NOT NULL UNIQUE,
    peer_id INTEGER NOT NULL REFERENCES peers (id),
    kind TEXT NOT NULL,
    idem_key TEXT,
    body BLOB NOT NULL,
    created_ts INTEGER NOT NULL,        -- unix seconds, signed in the envelope
    queued_at INTEGER NOT NULL,         -- when the current run of attempts began (give-up clock)
    state TEXT NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'delivered', 'failed')),
    attempts INTEGER NOT NULL DEFAULT 0,
    next_at INTEGER NOT NULL,           -- unix seconds of the next attempt
    locked_until INTEGER NOT NULL DEFAULT 0, -- a worker's lease; a dead worker's lapses
    last_error TEXT,
    reply BLOB,
    delivered_at TEXT,
    UNIQUE (peer_id, kind, idem_key)
);
CREATE INDEX peer_outbox_due ON peer_outbox (state, next_at);

-- Every message accepted: a message id seen again gets the same answer, never a second run.
CREATE TABLE peer_inbox (
    msg_id TEXT PRIMARY KEY,
    peer_id INTEGER NOT NULL REFERENCES peers (id),
    kind TEXT NOT NULL,
    reply BLOB NOT NULL,
    received_at TEXT NOT NULL
);
