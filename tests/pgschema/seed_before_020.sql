-- scripts/check-pg-schema.sh runs this after pg/016 and before pg/020_search.sql: a few rows
-- already there when 020's data statements (INSERT … SELECT into search_docs, search_files,
-- jobs) and 024's constraint swap run, as on an office migrated from an older version.
INSERT INTO units (id, name, abbr, level, valid_from, created_at, updated_at)
VALUES (1, 'Thành ủy Cần Thơ', 'TU', 'TINH', '2020-01-01', '2026-01-05T01:00:00Z',
        '2026-01-05T01:00:00Z');
INSERT INTO users (id, login, name, role, unit_id, password_hash, created_at, updated_at)
VALUES (1, 'vanthu', 'Nguyễn Thị Văn Thư', 'clerk', 1, 'x', '2026-01-05T01:00:00Z',
        '2026-01-05T01:00:00Z');
INSERT INTO registers (id, unit_id, term_unit_id, name, policy, issuer_abbr)
VALUES (1, 1, 1, 'Sổ văn bản đi', 'party', 'TU');
INSERT INTO incoming (id, unit_id, year, arrival_number, arrival_date, arrived_at, channel,
                      issuer_name, code, code_norm, doc_type, issued_date, subject, registered_by,
                      created_at, updated_at)
VALUES (1, 1, 2026, 1, '2026-01-05', '2026-01-05T01:00:00Z', 'paper', 'Ban Tổ chức Trung ương',
        '12-CV/BTCTW', '12-CV/BTCTW', 'cong_van', '2025-12-30', 'Về công tác cán bộ', 1,
        '2026-01-05T01:00:00Z', '2026-01-05T01:00:00Z');
-- created_at from the default (vp_utc_now()); no issued_date: a draft
INSERT INTO outgoing (id, register_id, unit_id, doc_type, subject, drafted_by)
VALUES (1, 1, 1, 'cong_van', 'Về việc chuẩn bị hội nghị', 1);
INSERT INTO attachments (id, doc_kind, doc_id, sha256, filename, mime, size)
VALUES (1, 'in', 1, repeat('a', 64), 'cv12.pdf', 'application/pdf', 1000);
INSERT INTO incoming_assignments (id, incoming_id, kind, to_user_id, assigned_by, assigned_at)
VALUES (1, 1, 'lead', 1, 1, '2026-01-05T02:00:00Z');
INSERT INTO incoming_assignments (id, incoming_id, parent_id, kind, to_user_id, assigned_by,
                                  assigned_at)
VALUES (2, 1, 1, 'co', 1, 1, '2026-01-05T02:00:00Z');
INSERT INTO incoming_events (incoming_id, at, actor_id, kind, assignment_id)
VALUES (1, '2026-01-05T02:00:00Z', 1, 'assign', 2);
-- the explicit ids above: the identities continue after them
SELECT vp_identity_resync();
