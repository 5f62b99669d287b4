-- Issue 18: an administrator removes a signer's key or a trusted CA (signing.h,
-- signing_remove_credential). The row stays, disabled, because signatures already made name it
-- (signatures.credential_id): the history of who signed with what is kept; these say when and by
-- whom it was removed.
ALTER TABLE signing_credentials ADD COLUMN removed_at TEXT;
ALTER TABLE signing_credentials ADD COLUMN removed_by INTEGER REFERENCES users(id);
