-- Issue 18: an administrator removes a signer's key or a trusted CA (signing.h,
-- signing_remove_credential). The row stays, disabled, because signatures already made name it
-- (signatures.credential_id): the history of who signed with what is kept; these say when and by
-- whom it was removed.
ALTER TABLE signing_credentials ADD COLUMN removed_at TEXT;
ALTER TABLE signing_credentials ADD COLUMN removed_by INTEGER REFERENCES users(id);
-- A signer whose key never leaves a USB token: only the certificate is registered (no key in the
-- NSS database), so that a PDF signed on that token can be matched to the account; such a row is
-- never chosen for signing on the server.
ALTER TABLE signing_credentials ADD COLUMN has_key INTEGER NOT NULL DEFAULT 1 CHECK (has_key IN (0, 1));
