-- Daily use of the document flow (issue 12, items 1, 9, 18).
--
-- 1. What an issued document carries to a recipient unit. The queue row (exchange.h) keeps,
--    as issued, the body (nội dung) and the signer's name next to the header it already had,
--    and inbox_files lists the files the document had when it was issued: the same
--    content-addressed blobs as the sender's attachments (files/blob.h), referenced again, not
--    copied. Registration from the queue gives the new incoming record attachment rows of its
--    own on those blobs, so the recipient opens them through its record, never through the
--    sender's scope. The sender's attachment rows are never deleted, so the blob sweep (which
--    looks at attachments) cannot take a blob a queue row still names.
ALTER TABLE inbox ADD COLUMN body TEXT NOT NULL DEFAULT '';
ALTER TABLE inbox ADD COLUMN signer TEXT;
CREATE TABLE inbox_files (
    id INTEGER PRIMARY KEY,
    inbox_id INTEGER NOT NULL REFERENCES inbox (id),
    sha256 TEXT NOT NULL CHECK (length(sha256) = 64),
    filename TEXT NOT NULL,
    mime TEXT NOT NULL,
    size INTEGER NOT NULL CHECK (size >= 0)
) STRICT;
CREATE INDEX inbox_files_row ON inbox_files (inbox_id);

-- 9. Trình: a draft is submitted to a chosen leader (submitted_to, submitted_at) and stays a
--    draft; "Trả lại" clears both (and an approval), with the leader's comment.
ALTER TABLE outgoing ADD COLUMN submitted_to INTEGER REFERENCES users (id);
ALTER TABLE outgoing ADD COLUMN submitted_at TEXT;

-- 18. Soạn văn bản trả lời: the incoming record a draft answers. Issuing the reply closes the
--     record's follow-up (tasks.h routing_close_by_reply).
ALTER TABLE outgoing ADD COLUMN reply_to_id INTEGER REFERENCES incoming (id);
CREATE INDEX outgoing_reply_to ON outgoing (reply_to_id) WHERE reply_to_id IS NOT NULL;
