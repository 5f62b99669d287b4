-- scripts/check-pg-schema.sh runs this after every pg file, in a transaction it rolls back:
-- the data statements of the migrations did what the SQLite ones do on the rows of
-- seed_before_020.sql, and the trigger functions keep their tables as SQLite's triggers do.
-- Any failed ASSERT stops psql (ON_ERROR_STOP) and fails the check.
DO $$
DECLARE
    n bigint;
    r record;
BEGIN
    -- 020: the documents and files that were there got their rows
    SELECT * INTO r FROM search_docs WHERE kind = 'in' AND doc_id = 1;
    ASSERT r.year = 2025 AND r.sort_date = '2025-12-30' AND r.dirty = 1 AND r.unit_id = 1,
        '020: search_docs of the existing incoming';
    SELECT * INTO r FROM search_docs WHERE kind = 'out' AND doc_id = 1;
    ASSERT r.issued_date IS NULL AND r.sort_date ~ '^\d{4}-\d\d-\d\d$'
        AND r.year = CAST(substr(r.sort_date, 1, 4) AS bigint),
        '020: search_docs of the existing draft (sort_date from created_at)';
    ASSERT (SELECT state FROM search_files WHERE attachment_id = 1) = 'queued',
        '020: search_files of the existing attachment';
    ASSERT (SELECT count(*) FROM jobs WHERE kind = 'extract' AND payload = '1') = 1,
        '020: one extraction job for the existing attachment';
    -- 024: rows and references kept, 'info' allowed, on_behalf_of there
    ASSERT (SELECT parent_id FROM incoming_assignments WHERE id = 2) = 1, '024: parent_id kept';
    ASSERT (SELECT assignment_id FROM incoming_events WHERE incoming_id = 1) = 2,
        '024: the trace keeps its assignment';
    INSERT INTO incoming_assignments (incoming_id, kind, to_user_id, status, assigned_by,
                                      assigned_at, on_behalf_of)
    VALUES (1, 'info', 1, 'done', 1, '2026-01-06T02:00:00Z', 1);
    -- the identity continues after the explicit ids (vp_identity_resync)
    ASSERT (SELECT max(id) FROM incoming_assignments) = 3, 'identity after resync';
    -- vp_utc_now(): the text SQLite's strftime('%Y-%m-%dT%H:%M:%SZ', 'now') gives
    ASSERT vp_utc_now() ~ '^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$', 'vp_utc_now format';

    -- search triggers on incoming
    INSERT INTO incoming (unit_id, year, arrival_number, arrival_date, arrived_at, channel,
                          issuer_name, code, code_norm, doc_type, issued_date, subject,
                          registered_by, created_at, updated_at)
    VALUES (1, 2026, 2, '2026-02-01', '2026-02-01T01:00:00Z', 'paper', 'Tỉnh ủy Hậu Giang',
            '5-BC/TU', '5-BC/TU', 'bao_cao', '2026-01-28', 'Báo cáo tình hình', 1,
            '2026-02-01T01:00:00Z', '2026-02-01T01:00:00Z')
    RETURNING id INTO n;
    SELECT * INTO r FROM search_docs WHERE kind = 'in' AND doc_id = n;
    ASSERT r.year = 2026 AND r.dirty = 1 AND r.gone = 0 AND r.status = 'registered',
        'search_incoming_ins';
    -- The trigger took a search_docs id after the document's: lastval() names that one, not
    -- the document (SQLite's last_insert_rowid ignores triggers). The driver's last id is the
    -- inserted table's own currval, or RETURNING id (docs/POSTGRESQL.md).
    ASSERT lastval() = r.id AND lastval() <> n
       AND currval(pg_get_serial_sequence('incoming', 'id')) = n,
        'lastval() after an INSERT with a trigger';
    UPDATE search_docs SET dirty = 0 WHERE kind = 'in' AND doc_id = n;
    UPDATE incoming SET status = 'assigned', secrecy = 1 WHERE id = n;
    SELECT * INTO r FROM search_docs WHERE kind = 'in' AND doc_id = n;
    ASSERT r.dirty = 0 AND r.status = 'assigned' AND r.secrecy = 1,
        'search_incoming_upd: a routing change refreshes filters, text stays clean';
    UPDATE incoming SET signer = 'Trần Văn A' WHERE id = n; -- NULL → text: IS DISTINCT FROM
    ASSERT (SELECT dirty FROM search_docs WHERE kind = 'in' AND doc_id = n) = 1,
        'search_incoming_upd: a new signer marks the text dirty';
    DELETE FROM incoming WHERE id = n;
    SELECT * INTO r FROM search_docs WHERE kind = 'in' AND doc_id = n;
    ASSERT r.gone = 1 AND r.dirty = 1, 'search_incoming_del';
    -- a document id seen again (ON CONFLICT … DO UPDATE)
    UPDATE search_docs SET dirty = 0 WHERE kind = 'out' AND doc_id = 1;
    INSERT INTO outgoing (register_id, unit_id, doc_type, subject, drafted_by, issued_date,
                          created_at)
    VALUES (1, 1, 'ke_hoach', 'Kế hoạch', 1, '2026-03-02', '2026-02-20T01:00:00Z')
    RETURNING id INTO n;
    SELECT * INTO r FROM search_docs WHERE kind = 'out' AND doc_id = n;
    ASSERT r.year = 2026 AND r.sort_date = '2026-03-02' AND r.dirty = 1, 'search_outgoing_ins';
    UPDATE search_docs SET dirty = 0 WHERE kind = 'out' AND doc_id = n;
    UPDATE outgoing SET status = 'approved', issued_date = NULL WHERE id = n;
    SELECT * INTO r FROM search_docs WHERE kind = 'out' AND doc_id = n;
    ASSERT r.dirty = 1 AND r.status = 'approved' AND r.sort_date = '2026-02-20',
        'search_outgoing_upd';
    DELETE FROM search_docs WHERE kind = 'out' AND doc_id = n;
    DELETE FROM outgoing WHERE id = n; -- no search_docs row any more: the UPDATE finds none
    -- attachments
    INSERT INTO attachments (doc_kind, doc_id, sha256, filename, mime, size)
    VALUES ('in', 1, repeat('b', 64), 'phu-luc.docx', 'application/octet-stream', 20)
    RETURNING id INTO n;
    UPDATE search_files SET state = 'done', text = 'x', method = 'docx' WHERE attachment_id = n;
    ASSERT (SELECT count(*) FROM jobs WHERE payload = CAST(n AS text)) = 1,
        'search_attachment_ins: one job';
    UPDATE search_docs SET dirty = 0 WHERE kind = 'in' AND doc_id = 1;
    DELETE FROM attachments WHERE id = n;
    ASSERT NOT EXISTS (SELECT 1 FROM search_files WHERE attachment_id = n)
        AND (SELECT dirty FROM search_docs WHERE kind = 'in' AND doc_id = 1) = 1,
        'search_attachment_del';
    -- INSERT OR REPLACE semantics: a row of that attachment id is replaced whole
    INSERT INTO search_files (attachment_id, doc_kind, doc_id, sha256, state, method, text)
    VALUES (n + 1, 'out', 9, repeat('c', 64), 'done', 'pdftotext', 'cũ');
    INSERT INTO attachments (id, doc_kind, doc_id, sha256, filename, mime, size)
    VALUES (n + 1, 'in', 1, repeat('d', 64), 'scan.pdf', 'application/pdf', 30);
    SELECT * INTO r FROM search_files WHERE attachment_id = n + 1;
    ASSERT r.state = 'queued' AND r.method IS NULL AND r.text IS NULL AND r.doc_kind = 'in'
        AND r.sha256 = repeat('d', 64), 'search_attachment_ins replaces the row whole';

    -- 045, 052: the widened CHECKs
    INSERT INTO party_members (unit_id, full_name, admitted_on, created_at, updated_at,
                               fee_category)
    VALUES (1, 'Lê Văn B', '2000-05-19', '2026-01-05T01:00:00Z', '2026-01-05T01:00:00Z',
            'NUOC_NGOAI');
    -- 038's LIKE: the two NGOAI_BHXH_ rows of 2026 were closed
    ASSERT (SELECT count(*) FROM fee_rates WHERE effective_to = '2027-12-31') = 2,
        '038: the UPDATE … LIKE closed two rates';
    ASSERT (SELECT count(*) FROM fee_rates) = 10, '038 + 045: fee_rates seeded';

    -- 046: the spending totals
    INSERT INTO budget_spending (unit_id, year, spent_on, line_id, amount, voucher_no, created_at)
    SELECT 1, 2026, '2026-03-01', id, 500000, 'PC01', vp_utc_now() FROM budget_lines WHERE code = 'TX.VATTU';
    INSERT INTO budget_spending (unit_id, year, spent_on, line_id, amount, voucher_no, created_at)
    SELECT 1, 2026, '2026-03-02', id, 250000, 'PC02', vp_utc_now() FROM budget_lines WHERE code = 'TX.VATTU';
    ASSERT (SELECT amount FROM budget_spend_totals WHERE year = 2026 AND unit_id = 1) = 750000,
        'budget_spend_totals_ins';
    UPDATE budget_spending SET amount = 300000 WHERE voucher_no = 'PC02';
    ASSERT (SELECT amount FROM budget_spend_totals WHERE year = 2026 AND unit_id = 1) = 800000,
        'budget_spend_totals_upd';
    UPDATE budget_spending SET note = 'ghi chú' WHERE voucher_no = 'PC02'; -- not UPDATE OF
    DELETE FROM budget_spending WHERE voucher_no = 'PC01';
    ASSERT (SELECT amount FROM budget_spend_totals WHERE year = 2026 AND unit_id = 1) = 300000,
        'budget_spend_totals_del';

    -- 051: the installation's own row, and the seeds counted like SQLite's
    ASSERT (SELECT count(*) FROM peers_self WHERE id = 1 AND organ_id = '') = 1, '051: peers_self';
    ASSERT (SELECT count(*) FROM doc_types) = 23, '010: doc_types';
    ASSERT (SELECT count(*) FROM workday_days) = 47, '027: workday_days';
    ASSERT (SELECT count(*) FROM docgen_layout) = 19, '048: docgen_layout';

    -- the search index table of pg/020: the app's keys as a tsvector, found by GIN
    INSERT INTO search_fts (rowid, code, subject, exact, folded)
    VALUES (1, '12-CV/BTCTW', 'Về công tác cán bộ',
            '''12-cv/btctw'':1A ''về'':2B ''công'':3B ''tác'':4B ''cán'':5B ''bộ'':6B',
            '''12-cv/btctw'':1A ''ve'':2B ''cong'':3B ''tac'':4B ''can'':5B ''bo'':6B');
    ASSERT (SELECT count(*) FROM search_fts WHERE folded @@ 'cong <-> tac'::tsquery
            AND NOT exact @@ 'cong'::tsquery) = 1, 'search_fts: folded phrase, not exact';
    ASSERT (SELECT count(*) FROM search_fts
            WHERE exact @@ to_tsquery('simple', 'công & cá:*')) = 1, 'search_fts: exact prefix';
END
$$;
