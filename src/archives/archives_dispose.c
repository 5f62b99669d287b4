/* Lưu trữ: disposal (council, decision, tombstones), the reading room, scan approvals, the
 * export metadata and the fixity check (archives.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sodium.h>

#include "archives/archives.h"
#include "archives/archives_impl.h"
#include "audit/audit.h"
#include "base/config.h"
#include "base/i18n.h"
#include "catalog/vocab.h"
#include "files/blob.h"
#include "org/org.h"
#include "rules/rules.h"

/* Eligible: in the agency archive, not permanent, closing year + retention <= this year
 * (DOMAIN-2.md §6 "eligible only when closed_year + retention <= now"). */
static const db_query q_cand = {
    "archives.candidates",
    "SELECT " AR_D_COLS " FROM archive_records r JOIN dossiers d ON d.id = r.dossier_id "
    "JOIN units u ON u.id = d.unit_id WHERE r.state = 'current' AND d.retention_years IS NOT "
    "NULL AND CAST(substr(d.closed_on, 1, 4) AS INTEGER) + d.retention_years <= ?1 "
    "ORDER BY d.closed_on, d.code LIMIT 2000",
    NULL};
static const db_query q_elig = {
    "archives.eligible",
    "SELECT r.state, d.retention_years, CAST(substr(d.closed_on, 1, 4) AS INTEGER), d.code, "
    "EXISTS (SELECT 1 FROM dossier_docs x LEFT JOIN incoming i ON x.doc_kind = 'in' AND i.id = "
    "x.doc_id LEFT JOIN outgoing o ON x.doc_kind = 'out' AND o.id = x.doc_id WHERE x.dossier_id "
    "= d.id AND coalesce(i.secrecy, o.secrecy, 0) > 0), EXISTS (SELECT 1 FROM "
    "destruction_case_dossiers cd JOIN destruction_cases k ON k.id = cd.case_id WHERE "
    "cd.dossier_id = d.id AND k.status IN ('proposed', 'approved')) FROM dossiers d LEFT JOIN "
    "archive_records r ON r.dossier_id = d.id WHERE d.id = ?1",
    NULL};
static const db_query q_case_add = {
    "archives.case_add",
    "INSERT INTO destruction_cases (council, proposal_doc_id, has_secret, created_by, "
    "created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
    NULL};
static const db_query q_case_item = {
    "archives.case_item",
    "INSERT INTO destruction_case_dossiers (case_id, dossier_id) VALUES (?1, ?2)", NULL};
static const db_query q_case_get = {
    "archives.case_get",
    "SELECT status, has_secret, secret_approved_by IS NOT NULL, decision_doc_id FROM "
    "destruction_cases WHERE id = ?1",
    NULL};
static const db_query q_case_secret = {
    "archives.case_secret",
    "UPDATE destruction_cases SET secret_approved_by = ?2, secret_approved_at = ?3 WHERE id = ?1",
    NULL};
static const db_query q_case_decide = {
    "archives.case_decide",
    "UPDATE destruction_cases SET status = ?2, decided_by = ?3, decided_at = ?4, "
    "decision_doc_id = ?5 WHERE id = ?1 AND status = 'proposed'",
    NULL};
static const db_query q_out_exists = {"archives.out_exists", "SELECT 1 FROM outgoing WHERE id = ?1",
                                      NULL};
static const db_query q_case_dossiers = {
    "archives.case_dossiers",
    "SELECT d.id, d.unit_id, d.code, d.title, d.year, d.retention_years FROM "
    "destruction_case_dossiers cd JOIN dossiers d ON d.id = cd.dossier_id WHERE cd.case_id = ?1 "
    "ORDER BY d.code",
    NULL};
/* The files of a dossier's documents that no surviving (not destroyed) dossier also files. */
static const db_query q_files = {
    "archives.files",
    "SELECT a.id, a.doc_kind, a.doc_id, a.sha256, a.filename FROM dossier_docs x JOIN "
    "attachments a ON a.doc_kind = x.doc_kind AND a.doc_id = x.doc_id WHERE x.dossier_id = ?1 "
    "AND NOT EXISTS (SELECT 1 FROM dossier_docs y LEFT JOIN archive_records r2 ON "
    "r2.dossier_id = y.dossier_id WHERE y.doc_kind = x.doc_kind AND y.doc_id = x.doc_id AND "
    "y.dossier_id <> x.dossier_id AND coalesce(r2.state, '') <> 'destroyed')",
    NULL};
static const db_query q_attach_del = {"archives.attach_del",
                                      "DELETE FROM attachments WHERE id = ?1", NULL};
static const db_query q_blob_used = {"archives.blob_used",
                                     "SELECT 1 FROM attachments WHERE sha256 = ?1 LIMIT 1", NULL};
static const db_query q_destroyed = {
    "archives.destroyed", "UPDATE archive_records SET state = 'destroyed' WHERE dossier_id = ?1",
    NULL};
static const db_query q_tomb = {
    "archives.tomb",
    "INSERT INTO archive_tombstones (dossier_id, unit_id, code, title, year, retention_years, "
    "case_id, decision_doc_id, files, destroyed_by, destroyed_at) VALUES (?1, ?2, ?3, ?4, ?5, "
    "?6, ?7, ?8, ?9, ?10, ?11)",
    NULL};
static const db_query q_case_done = {
    "archives.case_done",
    "UPDATE destruction_cases SET status = 'executed', executed_by = ?2, executed_at = ?3, "
    "minutes = ?4 WHERE id = ?1 AND status = 'approved'",
    NULL};
static const db_query q_tombs = {
    "archives.tombs",
    "SELECT t.dossier_id, t.case_id, t.code, t.title, t.destroyed_at, coalesce(u.name, ''), "
    "t.year, json_array_length(t.files), coalesce(k.minutes_doc_id, 0), "
    "coalesce(t.decision_doc_id, 0) FROM archive_tombstones t LEFT JOIN users u ON u.id = "
    "t.destroyed_by LEFT JOIN destruction_cases k ON k.id = t.case_id "
    "ORDER BY t.destroyed_at DESC, t.id DESC LIMIT 500",
    NULL};

int archives_tombstones(ctx *c, ar_tombstone **rows_r)
{
    *rows_r = NULL;
    if (!archives_is_archivist(c) && !ar_may_decide(c))
        return 0;
    db_stmt *s = db_stmt_get(c->db, &q_tombs);
    int n = 0, cap = 16;
    ar_tombstone *v = arena_alloc(c->a, sizeof *v * (size_t)cap);
    while (s && db_step(s) == DB_ROW) {
        ARENA_GROW(c->a, v, n, cap);
        v[n++] = (ar_tombstone){.dossier_id = db_col_int(s, 0),
                                .case_id = db_col_int(s, 1),
                                .code = arena_strdup(c->a, db_col_text(s, 2)),
                                .title = arena_strdup(c->a, db_col_text(s, 3)),
                                .destroyed_at = arena_strdup(c->a, db_col_text(s, 4)),
                                .destroyed_by = arena_strdup(c->a, db_col_text(s, 5)),
                                .year = (int)db_col_int(s, 6),
                                .files = (int)db_col_int(s, 7),
                                .minutes_doc_id = db_col_int(s, 8),
                                .decision_doc_id = db_col_int(s, 9)};
    }
    if (s)
        db_reset(s);
    *rows_r = v;
    return s ? n : -1;
}

int archives_disposal_candidates(ctx *c, ar_dossier **rows_r)
{
    *rows_r = NULL;
    if (!archives_is_archivist(c) && !ar_may_decide(c))
        return 0;
    db_stmt *s = db_stmt_get(c->db, &q_cand);
    if (!s)
        return -1;
    db_bind_int(s, 1, ar_this_year());
    return ar_collect(c, s, rows_r, false);
}

static int council_ok(const char *council_json, ar_result *r)
{
    json_t *j = council_json ? json_loads(council_json, 0, NULL) : NULL;
    bool ok = j && json_is_array(j) && json_array_size(j) >= 3 && json_array_size(j) <= 15;
    size_t i;
    json_t *m;
    if (ok)
        json_array_foreach(j, i, m)
        {
            const char *name = json_string_value(json_object_get(m, "name"));
            const char *pos = json_string_value(json_object_get(m, "position"));
            if (!name || !*name || strlen(name) > 200 || !pos || !*pos || strlen(pos) > 200)
                ok = false;
        }
    json_decref(j);
    return ok ? 0
              : ar_fail(r, 400, "council",
                        _("Hội đồng xác định giá trị tài liệu cần ít nhất 3 thành viên, mỗi người "
                          "có họ tên và chức vụ."));
}

int64_t archives_case_propose(ctx *c, const int64_t *ids, int n, const char *council_json,
                              int64_t proposal_doc_id, ar_result *r)
{
    if (!archives_is_archivist(c))
        return ar_fail(r, 403, NULL, _("Chỉ bộ phận lưu trữ của Văn phòng đề nghị tiêu hủy."));
    if (n <= 0 || n > 1000)
        return ar_fail(r, 400, "dossier_ids", _("Hãy chọn từ 1 đến 1000 hồ sơ."));
    if (council_ok(council_json, r) != 0)
        return -1;
    int year = ar_this_year();
    bool secret = false;
    for (int i = 0; i < n; i++) {
        db_stmt *s = db_stmt_get(c->db, &q_elig);
        if (!s)
            return ar_fail(r, 500, NULL, _(AR_MSG_DB));
        db_bind_int(s, 1, ids[i]);
        int rc = db_step(s);
        const char *state = rc == DB_ROW ? arena_strdup(c->a, db_col_text(s, 0)) : NULL;
        bool permanent = rc == DB_ROW && db_col_null(s, 1);
        int64_t ret = rc == DB_ROW ? db_col_int(s, 1) : 0, closed = db_col_int(s, 2);
        const char *code = rc == DB_ROW ? arena_strdup(c->a, db_col_text(s, 3)) : "";
        secret = secret || (rc == DB_ROW && db_col_int(s, 4));
        bool pending = rc == DB_ROW && db_col_int(s, 5);
        db_reset(s);
        if (!state || strcmp(state, "current") != 0)
            return ar_fail(r, 404, "dossier_ids", _("Hồ sơ không có trong lưu trữ cơ quan."));
        if (permanent)
            return ar_fail(
                r, 422, "dossier_ids",
                arena_printf(c->a, _("Hồ sơ %s bảo quản vĩnh viễn, không tiêu hủy."), code));
        if (closed + ret > year)
            return ar_fail(
                r, 422, "dossier_ids",
                arena_printf(
                    c->a,
                    _("Hồ sơ %s chưa hết thời hạn bảo quản (hết năm %lld): chỉ tiêu hủy tài liệu "
                      "đã hết thời hạn bảo quản (Luật Lưu trữ 2024; Hướng dẫn "
                      "35-HD/VPTW)."),
                    code, (long long)(closed + ret)));
        if (archives_held(c->db, ids[i]))
            return ar_fail(
                r, 409, "dossier_ids",
                arena_printf(c->a,
                             _("Hồ sơ %s đang có lệnh giữ, không tiêu hủy cho đến khi lệnh được gỡ "
                               "(lệnh giữ của bộ phận lưu trữ hoặc lãnh đạo; Luật Lưu trữ "
                               "2024)."),
                             code));
        if (pending)
            return ar_fail(
                r, 409, "dossier_ids",
                arena_printf(c->a, _("Hồ sơ %s đã có trong một đề nghị tiêu hủy."), code));
    }
    if (db_begin_write(c->db) != 0)
        return ar_fail(r, 503, NULL, _(AR_MSG_BUSY));
    db_stmt *s = db_stmt_get(c->db, &q_case_add);
    if (!s)
        goto dberr;
    db_bind_text(s, 1, council_json);
    if (proposal_doc_id > 0)
        db_bind_int(s, 2, proposal_doc_id);
    db_bind_int(s, 3, secret ? 1 : 0);
    db_bind_int(s, 4, c->user->id);
    db_bind_text(s, 5, ar_today(c));
    if (db_exec(s) != DB_DONE)
        goto dberr;
    int64_t id = db_last_id(c->db);
    json_t *list = json_array();
    for (int i = 0; i < n; i++) {
        s = db_stmt_get(c->db, &q_case_item);
        if (!s || (db_bind_int(s, 1, id), db_bind_int(s, 2, ids[i]), db_exec(s)) != DB_DONE) {
            json_decref(list);
            db_rollback(c->db);
            return ar_fail(r, 400, "dossier_ids", _("Một hồ sơ được chọn hai lần."));
        }
        json_array_append_new(list, json_integer(ids[i]));
    }
    if (ar_commit(c, "archives.case_propose", id,
                  json_pack("{s:o, s:b, s:o}", "dossiers", list, "secret", secret, "council",
                            json_loads(council_json, 0, NULL)),
                  r) != 0)
        return -1;
    return id;
dberr:
    db_rollback(c->db);
    return ar_fail(r, 500, NULL, _(AR_MSG_DB));
}

typedef struct case_row {
    const char *status;
    bool secret, secret_ok;
    int64_t decision;
} case_row;

static bool case_load(ctx *c, int64_t id, case_row *k)
{
    db_stmt *s = db_stmt_get(c->db, &q_case_get);
    if (!s)
        return false;
    db_bind_int(s, 1, id);
    bool ok = db_step(s) == DB_ROW;
    if (ok)
        *k = (case_row){.status = arena_strdup(c->a, db_col_text(s, 0)),
                        .secret = db_col_int(s, 1) != 0,
                        .secret_ok = db_col_int(s, 2) != 0,
                        .decision = db_col_int(s, 3)};
    db_reset(s);
    return ok;
}

int archives_case_approve_secret(ctx *c, int64_t id, ar_result *r)
{
    if (!c->user || c->user->role != ROLE_COMMITTEE_LEADER || !ar_may_decide(c))
        return ar_fail(r, 403, NULL,
                       _("Hồ sơ có tài liệu mật: chỉ Thường trực cấp ủy phê duyệt thêm."));
    case_row k;
    if (!case_load(c, id, &k))
        return ar_fail(r, 404, NULL, _("Không tìm thấy đề nghị tiêu hủy."));
    if (!k.secret || strcmp(k.status, "proposed") != 0 || k.secret_ok)
        return ar_fail(r, 409, NULL, _("Đề nghị này không cần hoặc đã có phê duyệt thêm."));
    if (db_begin_write(c->db) != 0)
        return ar_fail(r, 503, NULL, _(AR_MSG_BUSY));
    db_stmt *s = db_stmt_get(c->db, &q_case_secret);
    if (!s || (db_bind_int(s, 1, id), db_bind_int(s, 2, c->user->id),
               db_bind_text(s, 3, ar_today(c)), db_exec(s)) != DB_DONE) {
        db_rollback(c->db);
        return ar_fail(r, 500, NULL, _(AR_MSG_DB));
    }
    return ar_commit(c, "archives.case_secret", id, json_object(), r);
}

int archives_case_decide(ctx *c, int64_t id, bool approve, int64_t decision_doc_id, ar_result *r)
{
    if (!ar_may_decide(c))
        return ar_fail(r, 403, NULL, _("Chỉ người đứng đầu quyết định tiêu hủy tài liệu."));
    case_row k;
    if (!case_load(c, id, &k))
        return ar_fail(r, 404, NULL, _("Không tìm thấy đề nghị tiêu hủy."));
    if (strcmp(k.status, "proposed") != 0)
        return ar_fail(r, 409, NULL, _("Đề nghị tiêu hủy này đã được quyết định."));
    /* The decision drafted from the case ("Tạo quyết định hủy") stands when none is named. */
    if (approve && decision_doc_id <= 0)
        decision_doc_id = k.decision;
    if (approve) {
        db_stmt *s = db_stmt_get(c->db, &q_out_exists);
        bool ok = false;
        if (s && decision_doc_id > 0) {
            db_bind_int(s, 1, decision_doc_id);
            ok = db_step(s) == DB_ROW;
            db_reset(s);
        }
        if (!ok)
            return ar_fail(r, 400, "decision_doc_id",
                           _("Hãy chọn văn bản quyết định tiêu hủy (văn bản đi của cơ quan)."));
        if (k.secret && !k.secret_ok)
            return ar_fail(r, 409, NULL,
                           _("Hồ sơ có tài liệu mật: cần Thường trực cấp ủy phê duyệt thêm "
                             "trước khi quyết định."));
    }
    if (db_begin_write(c->db) != 0)
        return ar_fail(r, 503, NULL, _(AR_MSG_BUSY));
    db_stmt *s = db_stmt_get(c->db, &q_case_decide);
    if (!s)
        goto dberr;
    db_bind_int(s, 1, id);
    db_bind_text(s, 2, approve ? "approved" : "rejected");
    db_bind_int(s, 3, c->user->id);
    db_bind_text(s, 4, ar_today(c));
    if (approve)
        db_bind_int(s, 5, decision_doc_id);
    if (db_exec(s) != DB_DONE || db_changes(c->db) != 1)
        goto dberr;
    return ar_commit(
        c, "archives.case_decide", id,
        json_pack("{s:b, s:I}", "approve", approve, "decision_doc_id", (json_int_t)decision_doc_id),
        r);
dberr:
    db_rollback(c->db);
    return ar_fail(r, 500, NULL, _(AR_MSG_DB));
}

/* Destroys one dossier's files inside the open transaction: attachment rows of its documents
 * (unless another surviving dossier files the same document) go; the shas are returned for
 * unlinking after commit. */
static json_t *destroy_files(ctx *c, int64_t dossier_id, json_t *shas)
{
    json_t *files = json_array();
    db_stmt *s = db_stmt_get(c->db, &q_files);
    if (!s)
        return NULL;
    db_bind_int(s, 1, dossier_id);
    int64_t ids[512];
    int n = 0;
    while (db_step(s) == DB_ROW && n < 512) {
        ids[n++] = db_col_int(s, 0);
        json_array_append_new(files,
                              json_pack("{s:s, s:I, s:s, s:s}", "doc_kind", db_col_text(s, 1),
                                        "doc_id", (json_int_t)db_col_int(s, 2), "sha256",
                                        db_col_text(s, 3), "filename", db_col_text(s, 4)));
        json_array_append_new(shas, json_string(db_col_text(s, 3)));
    }
    db_reset(s);
    for (int i = 0; i < n; i++) {
        s = db_stmt_get(c->db, &q_attach_del);
        if (!s || (db_bind_int(s, 1, ids[i]), db_exec(s)) != DB_DONE) {
            json_decref(files);
            return NULL;
        }
    }
    return files;
}

int archives_case_execute(ctx *c, int64_t id, ar_result *r)
{
    if (!archives_is_archivist(c))
        return ar_fail(r, 403, NULL, _("Chỉ bộ phận lưu trữ của Văn phòng thực hiện tiêu hủy."));
    case_row k;
    if (!case_load(c, id, &k))
        return ar_fail(r, 404, NULL, _("Không tìm thấy đề nghị tiêu hủy."));
    if (strcmp(k.status, "approved") != 0)
        return ar_fail(r, 409, NULL, _("Chỉ tiêu hủy khi đã có quyết định của người đứng đầu."));
    /* The decision is a document of the outgoing flow: nothing is destroyed before it is
     * issued (numbered, signed, sent). */
    if (!archives_decision_issued(c, k.decision))
        return ar_fail(r, 409, NULL,
                       _("Quyết định tiêu hủy chưa được ban hành: chưa thực hiện tiêu hủy."));
    const char *today = ar_today(c);
    if (db_begin_write(c->db) != 0)
        return ar_fail(r, 503, NULL, _(AR_MSG_BUSY));
    struct row {
        int64_t id, unit;
        const char *code, *title;
        int year, ret;
    } *rows = NULL;
    int n = 0, cap = 16, done = 0;
    rows = arena_alloc(c->a, sizeof *rows * (size_t)cap);
    db_stmt *s = db_stmt_get(c->db, &q_case_dossiers);
    if (!s)
        goto dberr;
    db_bind_int(s, 1, id);
    while (db_step(s) == DB_ROW) {
        ARENA_GROW(c->a, rows, n, cap);
        rows[n++] = (struct row){db_col_int(s, 0),
                                 db_col_int(s, 1),
                                 arena_strdup(c->a, db_col_text(s, 2)),
                                 arena_strdup(c->a, db_col_text(s, 3)),
                                 (int)db_col_int(s, 4),
                                 (int)db_col_int(s, 5)};
    }
    db_reset(s);
    json_t *shas = json_array(), *kept = json_array();
    const char *minutes =
        arena_printf(c->a, _("BIÊN BẢN TIÊU HỦY TÀI LIỆU HẾT GIÁ TRỊ\nNgày %s\n"), today);
    for (int i = 0; i < n; i++) {
        /* The one hold check (archives.h): inside the destroying transaction. */
        if (archives_held(c->db, rows[i].id)) {
            json_array_append_new(kept, json_string(rows[i].code));
            minutes = arena_printf(c->a, _("%s- %s — %s: GIỮ LẠI (đang có lệnh giữ)\n"), minutes,
                                   rows[i].code, rows[i].title);
            continue;
        }
        json_t *files = destroy_files(c, rows[i].id, shas);
        if (!files)
            goto dberr2;
        char *fj = json_dumps(files, JSON_COMPACT);
        json_decref(files);
        s = db_stmt_get(c->db, &q_tomb);
        int rc = -1;
        if (s && fj) {
            db_bind_int(s, 1, rows[i].id);
            db_bind_int(s, 2, rows[i].unit);
            db_bind_text(s, 3, rows[i].code);
            db_bind_text(s, 4, rows[i].title);
            db_bind_int(s, 5, rows[i].year);
            db_bind_int(s, 6, rows[i].ret);
            db_bind_int(s, 7, id);
            db_bind_int(s, 8, k.decision);
            db_bind_text(s, 9, fj);
            db_bind_int(s, 10, c->user->id);
            db_bind_text(s, 11, today);
            rc = db_exec(s);
        }
        free(fj);
        if (rc != DB_DONE)
            goto dberr2;
        s = db_stmt_get(c->db, &q_destroyed);
        if (!s || (db_bind_int(s, 1, rows[i].id), db_exec(s)) != DB_DONE)
            goto dberr2;
        minutes = arena_printf(c->a, _("%s- %s — %s: đã tiêu hủy\n"), minutes, rows[i].code,
                               rows[i].title);
        done++;
    }
    s = db_stmt_get(c->db, &q_case_done);
    if (!s)
        goto dberr2;
    db_bind_int(s, 1, id);
    db_bind_int(s, 2, c->user->id);
    db_bind_text(s, 3, today);
    db_bind_text(s, 4, minutes);
    if (db_exec(s) != DB_DONE)
        goto dberr2;
    if (ar_commit(c, "archives.case_execute", id,
                  json_pack("{s:i, s:O}", "destroyed", done, "kept_under_hold", kept), r) != 0) {
        json_decref(shas);
        json_decref(kept);
        return -1;
    }
    json_decref(kept);
    /* After commit: unlink a blob only when no attachment row references it any more (blobs are
     * shared by content). A crash here leaves an orphan that blob_sweep_orphans removes. */
    size_t i;
    json_t *v;
    json_array_foreach(shas, i, v)
    {
        const char *sha = json_string_value(v);
        db_stmt *u = db_stmt_get(c->db, &q_blob_used);
        bool used = true;
        if (u) {
            db_bind_text(u, 1, sha);
            used = db_step(u) == DB_ROW;
            db_reset(u);
        }
        if (!used && blob_sha_valid(sha)) {
            char path[512];
            blob_path(config.blob_dir, sha, path, sizeof path);
            unlink(path);
        }
    }
    json_decref(shas);
    /* The minutes as a document (archives_minutes.c), in its own transaction: should it fail,
     * the destruction stands and the case page offers "Lập biên bản tiêu hủy" again. */
    ar_result r2 = {0};
    (void)archives_case_minutes_draft(c, id, &r2);
    return done;
dberr2:
    json_decref(shas);
    json_decref(kept);
dberr:
    db_rollback(c->db);
    return ar_fail(r, 500, NULL, _(AR_MSG_DB));
}
