-- PostgreSQL twin of src/db/migrations/043_reporting_secrecy.sql: the same tables, columns,
-- keys and indexes (the comments below are that file's). What differs, and why:
-- - INTEGER → bigint; TEXT → text; STRICT and WITHOUT ROWID dropped.

-- Issue 14, "scope, secrecy and audit as for documents": a report type carries a secrecy level
-- (catalog/vocab.h: 0 thường, 1 mật, 2 tối mật, 3 tuyệt mật) and so do its reports; who may see
-- a secret report follows the documents' rule (reporting.h rep_secret_cleared).
ALTER TABLE report_types ADD COLUMN secrecy bigint NOT NULL DEFAULT 0 CHECK (secrecy BETWEEN 0 AND 3);
