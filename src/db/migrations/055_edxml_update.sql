-- The "update" business message (edXML business 2, issue 18): an issued document's corrected
-- header (trích yếu, hạn trả lời, người ký) sent with a reason to every recipient it reached
-- electronically, inside the installation (exchange/) or outside (edxml/ over peers/).

-- What the sender corrected: the reply deadline it sets (edXML DueDate; NULL none) and the
-- signer as the document names it when that differs from the signing account's name.
ALTER TABLE outgoing ADD COLUMN reply_due TEXT;
ALTER TABLE outgoing ADD COLUMN signer_text TEXT;

-- Each update as a recipient's copy received it: who sent it, why, what changed (JSON
-- [{"field","old","new"}]); shown on the queue row and on the record registered from it.
CREATE TABLE inbox_updates (
    id INTEGER PRIMARY KEY,
    inbox_id INTEGER NOT NULL REFERENCES inbox (id),
    from_name TEXT NOT NULL,
    reason TEXT NOT NULL,
    changes TEXT NOT NULL,
    at TEXT NOT NULL
) STRICT;
CREATE INDEX inbox_updates_row ON inbox_updates (inbox_id);

-- A document may be updated more than once: new, recall and replace stay once per sender and
-- DocumentId; updates are told apart by their bytes (the sha256 replay check of edxml_receive).
DROP INDEX edxml_packages_once;
CREATE UNIQUE INDEX edxml_packages_once ON edxml_packages (from_organ, document_id, business)
    WHERE direction = 'in' AND kind = 'document' AND status <> '02' AND business <> 2;

-- The organ directory (/admin/edxml/organs): an organ the administrator disabled is no longer
-- offered nor accepted (a package from it is refused as from an unknown sender); its history
-- stays. NULL: in use.
ALTER TABLE edxml_organs ADD COLUMN disabled_at TEXT;

-- The sender's side of a reply (issue 18, ResponseFor): the recipient of an issued document
-- answered it — a unit of the tree ('unit:<id>') by issuing a reply to the record it registered,
-- or an outside body (its name as in outgoing_recipients) with a package whose ResponseFor is
-- this document. Answered is the end of the sender's wait for that recipient; reply_inbox_id is
-- the reply as it reached the sender's queue (NULL when it came otherwise).
CREATE TABLE outgoing_replies (
    id INTEGER PRIMARY KEY,
    outgoing_id INTEGER NOT NULL REFERENCES outgoing (id),
    recipient TEXT NOT NULL,
    reply_code TEXT NOT NULL,
    reply_subject TEXT NOT NULL,
    reply_inbox_id INTEGER REFERENCES inbox (id),
    at TEXT NOT NULL,
    UNIQUE (outgoing_id, recipient, reply_code)
) STRICT;
