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
