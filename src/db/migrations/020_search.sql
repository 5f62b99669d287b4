-- Full-text search (src/search/search.h) and the background job queue (src/jobs/jobs.h).
--
-- Only plain tables and triggers live here. The FTS5 table itself (search_fts, tokenize='vi')
-- is created by the search module on a connection that has the "vi" tokenizer registered
-- (search_schema_ensure): a migration creating it would fail on every connection without the
-- tokenizer, and unit tests of other modules open such connections. For the same reason the
-- triggers below write only plain tables; the indexer turns dirty rows into FTS rows.

-- One row per indexed document. id is the rowid of its search_fts row and never changes, so
-- a re-index keeps the candidate order ("newest N matches" = highest ids). The filter and
-- permission columns are kept in step with the documents by the triggers below, at once and
-- in the same transaction as the change, so filters never lag even while the text does.
CREATE TABLE search_docs (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('in', 'out')),
    doc_id INTEGER NOT NULL,
    unit_id INTEGER NOT NULL,           -- the owning unit: receiving (in) / register's (out)
    secrecy INTEGER NOT NULL DEFAULT 0,
    urgency INTEGER NOT NULL DEFAULT 0,
    doc_type TEXT NOT NULL DEFAULT '',
    issued_date TEXT,                   -- "YYYY-MM-DD"; NULL for outgoing drafts
    sort_date TEXT NOT NULL,            -- issued date, or the creation date of a draft
    year INTEGER NOT NULL,              -- of sort_date
    status TEXT NOT NULL DEFAULT '',
    dirty INTEGER NOT NULL DEFAULT 1,   -- 1: the FTS row must be (re)built from the document
    gone INTEGER NOT NULL DEFAULT 0,    -- 1: the document was deleted; the indexer drops it
    indexed_at TEXT,
    UNIQUE (kind, doc_id)
) STRICT;
CREATE INDEX search_docs_dirty ON search_docs (dirty) WHERE dirty = 1;
CREATE INDEX search_docs_sort ON search_docs (sort_date, id);
CREATE INDEX search_docs_unit ON search_docs (unit_id);

-- Text extracted from each attachment (PDF text layer, DOCX/ODT/XLSX XML, plain text, OCR).
-- state: queued (a job will extract it), done (text holds it, maybe empty), failed (error says
-- why, in Vietnamese; the document shows it and a clerk may retry).
CREATE TABLE search_files (
    attachment_id INTEGER PRIMARY KEY,
    doc_kind TEXT NOT NULL CHECK (doc_kind IN ('in', 'out')),
    doc_id INTEGER NOT NULL,
    sha256 TEXT NOT NULL,
    state TEXT NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'done', 'failed')),
    method TEXT,                        -- pdftotext, ocr, docx, odt, xlsx, text, none
    text TEXT,
    error TEXT,
    updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
) STRICT;
CREATE INDEX search_files_doc ON search_files (doc_kind, doc_id);
CREATE INDEX search_files_sha ON search_files (sha256, state);
CREATE INDEX search_files_failed ON search_files (state) WHERE state = 'failed';

-- The durable job queue (jobs.h). A worker claims the oldest ready job inside a write
-- transaction (state queued → running, locked_by/at set), runs it outside any transaction,
-- then records done, or failed/queued-again with last_error and a later run_after. A job left
-- 'running' by a crashed process is taken back once locked_at is older than the job timeout.
CREATE TABLE jobs (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,                 -- 'extract' (payload: attachment id)
    payload TEXT NOT NULL,
    state TEXT NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'running', 'done', 'failed')),
    attempts INTEGER NOT NULL DEFAULT 0,
    max_attempts INTEGER NOT NULL DEFAULT 3,
    run_after TEXT NOT NULL DEFAULT '',  -- '' = at once; a retry sets a time (UTC ISO)
    last_error TEXT,
    locked_by TEXT,
    locked_at TEXT,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
) STRICT;
CREATE INDEX jobs_ready ON jobs (state, run_after, id);
CREATE INDEX jobs_payload ON jobs (kind, payload);

-- ---- incoming -----------------------------------------------------------------------------

CREATE TRIGGER search_incoming_ins AFTER INSERT ON incoming BEGIN
    INSERT INTO search_docs (kind, doc_id, unit_id, secrecy, urgency, doc_type, issued_date,
                             sort_date, year, status, dirty)
    VALUES ('in', NEW.id, NEW.unit_id, NEW.secrecy, NEW.urgency, NEW.doc_type, NEW.issued_date,
            NEW.issued_date, CAST(substr(NEW.issued_date, 1, 4) AS INTEGER), NEW.status, 1)
    ON CONFLICT (kind, doc_id) DO UPDATE SET dirty = 1, gone = 0;
END;

-- Routing changes status and lead often: those only refresh the filter columns; a change of
-- the indexed text also marks the row dirty.
CREATE TRIGGER search_incoming_upd AFTER UPDATE ON incoming BEGIN
    UPDATE search_docs SET unit_id = NEW.unit_id, secrecy = NEW.secrecy, urgency = NEW.urgency,
        doc_type = NEW.doc_type, issued_date = NEW.issued_date, sort_date = NEW.issued_date,
        year = CAST(substr(NEW.issued_date, 1, 4) AS INTEGER), status = NEW.status,
        dirty = dirty OR NEW.code IS NOT OLD.code OR NEW.issuer_name IS NOT OLD.issuer_name
            OR NEW.subject IS NOT OLD.subject OR NEW.signer IS NOT OLD.signer
            OR NEW.doc_type IS NOT OLD.doc_type
    WHERE kind = 'in' AND doc_id = NEW.id;
END;

CREATE TRIGGER search_incoming_del AFTER DELETE ON incoming BEGIN
    UPDATE search_docs SET dirty = 1, gone = 1 WHERE kind = 'in' AND doc_id = OLD.id;
END;

-- ---- outgoing -----------------------------------------------------------------------------

CREATE TRIGGER search_outgoing_ins AFTER INSERT ON outgoing BEGIN
    INSERT INTO search_docs (kind, doc_id, unit_id, secrecy, urgency, doc_type, issued_date,
                             sort_date, year, status, dirty)
    VALUES ('out', NEW.id, NEW.unit_id, NEW.secrecy, NEW.urgency, NEW.doc_type, NEW.issued_date,
            COALESCE(NEW.issued_date, substr(NEW.created_at, 1, 10)),
            CAST(substr(COALESCE(NEW.issued_date, NEW.created_at), 1, 4) AS INTEGER),
            NEW.status, 1)
    ON CONFLICT (kind, doc_id) DO UPDATE SET dirty = 1, gone = 0;
END;

-- Every saved version, signature and issue changes the text or the number: always dirty.
CREATE TRIGGER search_outgoing_upd AFTER UPDATE ON outgoing BEGIN
    UPDATE search_docs SET unit_id = NEW.unit_id, secrecy = NEW.secrecy, urgency = NEW.urgency,
        doc_type = NEW.doc_type, issued_date = NEW.issued_date,
        sort_date = COALESCE(NEW.issued_date, substr(NEW.created_at, 1, 10)),
        year = CAST(substr(COALESCE(NEW.issued_date, NEW.created_at), 1, 4) AS INTEGER),
        status = NEW.status, dirty = 1
    WHERE kind = 'out' AND doc_id = NEW.id;
END;

CREATE TRIGGER search_outgoing_del AFTER DELETE ON outgoing BEGIN
    UPDATE search_docs SET dirty = 1, gone = 1 WHERE kind = 'out' AND doc_id = OLD.id;
END;

-- ---- attachments: one extraction job per file ----------------------------------------------

CREATE TRIGGER search_attachment_ins AFTER INSERT ON attachments BEGIN
    INSERT OR REPLACE INTO search_files (attachment_id, doc_kind, doc_id, sha256, state)
    VALUES (NEW.id, NEW.doc_kind, NEW.doc_id, NEW.sha256, 'queued');
    INSERT INTO jobs (kind, payload) VALUES ('extract', CAST(NEW.id AS TEXT));
END;

CREATE TRIGGER search_attachment_del AFTER DELETE ON attachments BEGIN
    DELETE FROM search_files WHERE attachment_id = OLD.id;
    UPDATE search_docs SET dirty = 1 WHERE kind = OLD.doc_kind AND doc_id = OLD.doc_id;
END;

-- ---- documents that existed before this migration ------------------------------------------

INSERT INTO search_docs (kind, doc_id, unit_id, secrecy, urgency, doc_type, issued_date,
                         sort_date, year, status, dirty)
SELECT 'in', id, unit_id, secrecy, urgency, doc_type, issued_date, issued_date,
       CAST(substr(issued_date, 1, 4) AS INTEGER), status, 1
FROM incoming;
INSERT INTO search_docs (kind, doc_id, unit_id, secrecy, urgency, doc_type, issued_date,
                         sort_date, year, status, dirty)
SELECT 'out', id, unit_id, secrecy, urgency, doc_type, issued_date,
       COALESCE(issued_date, substr(created_at, 1, 10)),
       CAST(substr(COALESCE(issued_date, created_at), 1, 4) AS INTEGER), status, 1
FROM outgoing;
INSERT INTO search_files (attachment_id, doc_kind, doc_id, sha256, state)
SELECT id, doc_kind, doc_id, sha256, 'queued' FROM attachments;
INSERT INTO jobs (kind, payload) SELECT 'extract', CAST(id AS TEXT) FROM attachments;
