-- Issue 19, the remaining gaps of the archive: the scheduled fixity check and the page count
-- of archived files.

-- One row per run of the fixity job (archives_fixity.c): when, how many files were read, how
-- many were missing or altered, and which (JSON: [{sha256, filename, code}]).
CREATE TABLE archive_fixity_runs (
    id INTEGER PRIMARY KEY,
    started_at TEXT NOT NULL,
    finished_at TEXT NOT NULL,
    checked INTEGER NOT NULL CHECK (checked >= 0),
    failures INTEGER NOT NULL CHECK (failures >= 0),
    failed TEXT NOT NULL DEFAULT '[]'
) STRICT;

-- The page count of a stored file (số trang, TT 05/2025/TT-BNV): counted once per blob (a blob
-- is named by its SHA-256, so the count never goes stale) — pdfinfo for a PDF, 1 for an image,
-- the directories of a TIFF; NULL when the file has no pages to count (a text, a spreadsheet)
-- or they could not be read: tried once, not again.
CREATE TABLE archive_file_pages (
    sha256 TEXT PRIMARY KEY CHECK (length(sha256) = 64),
    pages INTEGER CHECK (pages IS NULL OR pages >= 0)
) STRICT;

-- The destruction minutes (biên bản tiêu hủy) as a document of the outgoing flow: a bien_ban
-- drafted on execution, numbered in the register when issued (archives_minutes.c).
ALTER TABLE destruction_cases ADD COLUMN minutes_doc_id INTEGER;
