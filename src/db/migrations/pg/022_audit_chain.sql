-- PostgreSQL twin of src/db/migrations/022_audit_chain.sql: the same tables, columns,
-- keys and indexes (the comments below are that file's). What differs, and why:
-- - nothing: the statements are the SQLite text.

-- Tamper evidence for the audit trail (src/audit/audit.h, "The chain"): every entry stores the
-- hash of the entry before it (prev_hash; NULL for the first entry of the database) and its own
-- hash, SHA-256 in lowercase hex over a canonical serialisation of its fields and prev_hash.
-- Editing or deleting an entry breaks the link of the next one; `vanphong check` walks the
-- chain and names the first broken entry.
--
-- Rows written before this migration are hashed in C by audit_chain_seal, which app_open runs
-- right after the migrations (and audit_log runs before its first write if an unsealed tail is
-- still there): SQLite has no SHA-256 function to do it here, and sealing with the very code
-- that hashes new entries keeps one serialisation, not an SQL copy that could drift from it.
ALTER TABLE audit_log ADD COLUMN prev_hash text CHECK (prev_hash IS NULL OR length(prev_hash) = 64);
ALTER TABLE audit_log ADD COLUMN hash text CHECK (hash IS NULL OR length(hash) = 64);
