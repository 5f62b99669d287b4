-- PostgreSQL twin of src/db/migrations/025_incoming_reads.sql: the same tables, columns,
-- keys and indexes (the comments below are that file's). What differs, and why:
-- - INTEGER → bigint; TEXT → text; STRICT and WITHOUT ROWID dropped.

-- Which incoming documents each person has opened (issue 12, "unread rows in bold"): a row the
-- first time the document's page is shown to them; the list draws the others in bold. Written
-- only by incoming/ (incoming_mark_opened); a document's rows go with it.
CREATE TABLE incoming_reads (
    user_id bigint NOT NULL REFERENCES users(id),
    incoming_id bigint NOT NULL REFERENCES incoming(id) ON DELETE CASCADE,
    read_at text NOT NULL,
    PRIMARY KEY (user_id, incoming_id)
);
