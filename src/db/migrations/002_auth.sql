-- Accounts, sessions, API tokens, login attempts and the audit trail.
-- Times are UTC ISO-8601 text ("2026-11-29T05:50:38Z"), so text order is time order.

CREATE TABLE users (
    id INTEGER PRIMARY KEY,
    login TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('admin', 'committee-leader', 'office-leader', 'clerk',
                                       'specialist', 'unit')),
    unit_id INTEGER NOT NULL REFERENCES units(id),
    staff_id INTEGER REFERENCES staff(id),
    password_hash TEXT NOT NULL,
    disabled INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
    must_change_password INTEGER NOT NULL DEFAULT 0 CHECK (must_change_password IN (0, 1)),
    created_at TEXT NOT NULL,
    created_by INTEGER REFERENCES users(id), -- NULL: created by the operator's CLI
    updated_at TEXT NOT NULL,
    updated_by INTEGER REFERENCES users(id)
) STRICT;
CREATE INDEX users_unit ON users(unit_id);

-- Browser sessions. Only the SHA-256 of the cookie value is stored, so a copy of the
-- database does not hand out live sessions.
CREATE TABLE sessions (
    id INTEGER PRIMARY KEY,
    token_hash BLOB NOT NULL UNIQUE,
    user_id INTEGER NOT NULL REFERENCES users(id),
    csrf_token TEXT NOT NULL,
    created_at TEXT NOT NULL,
    last_seen_at TEXT NOT NULL,
    expires_at TEXT NOT NULL, -- absolute expiry; idle expiry is computed from last_seen_at
    ip TEXT,
    user_agent TEXT
) STRICT;
CREATE INDEX sessions_user ON sessions(user_id);
CREATE INDEX sessions_expires ON sessions(expires_at);

CREATE TABLE api_tokens (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id),
    token_hash BLOB NOT NULL UNIQUE,
    label TEXT,
    created_at TEXT NOT NULL,
    last_used_at TEXT,
    revoked_at TEXT
) STRICT;
CREATE INDEX api_tokens_user ON api_tokens(user_id);

-- Every login try, kept for throttling (last 15 minutes) and for the operator's eyes.
CREATE TABLE login_attempts (
    id INTEGER PRIMARY KEY,
    login TEXT NOT NULL,
    ip TEXT,
    at TEXT NOT NULL,
    ok INTEGER NOT NULL CHECK (ok IN (0, 1))
) STRICT;
CREATE INDEX login_attempts_login ON login_attempts(login, at);
CREATE INDEX login_attempts_ip ON login_attempts(ip, at);

-- The audit trail (nhật ký): append-only; actor_login is copied so the row stays readable
-- even if the account is renamed. entity_id 0 when the change is not about one record.
CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    actor_id INTEGER REFERENCES users(id),
    actor_login TEXT NOT NULL,
    action TEXT NOT NULL,
    entity TEXT NOT NULL,
    entity_id INTEGER NOT NULL DEFAULT 0,
    before_json TEXT,
    after_json TEXT,
    ip TEXT
) STRICT;
CREATE INDEX audit_log_at ON audit_log(at);
CREATE INDEX audit_log_actor ON audit_log(actor_id, at);
CREATE INDEX audit_log_action ON audit_log(action, at);
CREATE INDEX audit_log_entity ON audit_log(entity, entity_id, at);
