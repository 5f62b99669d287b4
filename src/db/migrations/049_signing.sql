-- Issue 18, digital signatures (signing/signing.h). The keys themselves live in the NSS database
-- <data>/nss (0700), never here: these rows describe what was imported, for the admin page and
-- for choosing a signer's key.
CREATE TABLE signing_credentials (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('signer', 'ca')),
    user_id INTEGER REFERENCES users(id), -- the account that signs with it (signer only)
    nickname TEXT NOT NULL,               -- its NSS nickname (pdfsig -nick)
    subject TEXT NOT NULL,
    issuer TEXT NOT NULL,
    not_before TEXT NOT NULL, -- ISO 8601 UTC
    not_after TEXT NOT NULL,
    fingerprint TEXT NOT NULL, -- SHA-256 of the certificate, hex upper-case with colons
    disabled INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
    created_by INTEGER REFERENCES users(id),
    created_at TEXT NOT NULL,
    CHECK ((kind = 'signer') = (user_id IS NOT NULL))
);
CREATE UNIQUE INDEX signing_credentials_fp ON signing_credentials (kind, fingerprint);
CREATE INDEX signing_credentials_user ON signing_credentials (user_id);

-- The verification of a file, by its content (the blob's SHA-256): every attachment row that
-- references the same bytes (a document handed on whole) shares its result.
CREATE TABLE signature_checks (
    sha256 TEXT PRIMARY KEY,
    status TEXT NOT NULL CHECK (status IN ('valid', 'invalid', 'untrusted', 'unsigned', 'error')),
    n_signatures INTEGER NOT NULL DEFAULT 0,
    signer TEXT,        -- common name of the last signature's certificate
    organisation TEXT,  -- its O=
    signed_at TEXT,     -- ISO 8601 UTC, as the signature claims
    sig_valid INTEGER NOT NULL DEFAULT 0,  -- the cryptographic check of every signature
    cert_status TEXT,   -- trusted, unknown_issuer, untrusted_issuer, expired, revoked, other
    whole INTEGER NOT NULL DEFAULT 0,      -- the last signature covers the whole file
    reason TEXT,        -- why it is not valid (Vietnamese), NULL when valid
    checked_at TEXT NOT NULL
);

-- Signatures made through the system (by the server with the signer's key, or uploaded after
-- signing on the signer's own computer with a USB token).
CREATE TABLE signatures (
    id INTEGER PRIMARY KEY,
    outgoing_id INTEGER NOT NULL REFERENCES outgoing(id),
    attachment_id INTEGER NOT NULL REFERENCES attachments(id),
    sha256 TEXT NOT NULL,
    method TEXT NOT NULL CHECK (method IN ('server', 'token')),
    credential_id INTEGER REFERENCES signing_credentials(id),
    signed_by INTEGER NOT NULL REFERENCES users(id),
    created_at TEXT NOT NULL
);
CREATE INDEX signatures_outgoing ON signatures (outgoing_id);
