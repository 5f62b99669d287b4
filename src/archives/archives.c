/* Lưu trữ: the catalogue, the due lists, hand-over batches and legal holds (archives.h). */
#include "archives/archives.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "archives/archives_impl.h"
#include "audit/audit.h"
#include "base/clock.h"
#include "base/i18n.h"
#include "jobs/jobs.h"
#include "org/org.h"
#include "rules/rules.h"

static const db_query q_ret_list = {
    "archives.ret_list",
    "SELECT id, scheme, code, heading, coalesce(years, 0), effective_from, effective_to "
    "FROM retention_schedule ORDER BY scheme, code, effective_from",
    NULL};
static const db_query q_ret_add = {
    "archives.ret_add",
    "INSERT INTO retention_schedule (scheme, code, heading, years, effective_from, effective_to, "
    "created_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    NULL};
static const db_query q_ret_exists = {
    "archives.ret_exists",
    "SELECT 1 FROM retention_schedule WHERE code = ?1 AND effective_from <= ?2 AND "
    "(effective_to IS NULL OR effective_to >= ?2)",
    NULL};
static const db_query q_heading_unit = {"archives.heading_unit",
                                        "SELECT unit_id FROM dossier_headings WHERE id = ?1", NULL};
static const db_query q_heading_code = {
    "archives.heading_code", "UPDATE dossier_headings SET retention_code = ?2 WHERE id = ?1", NULL};
/* Closed, never handed over; the due date is 31/12 of the closing year + ?1 years. */
static const db_query q_due = {
    "archives.due",
    "SELECT " AR_D_COLS ", (CAST(substr(d.closed_on, 1, 4) AS INTEGER) + ?1) || '-12-31' AS due "
    "FROM dossiers d JOIN units u ON u.id = d.unit_id "
    "LEFT JOIN archive_records r ON r.dossier_id = d.id "
    "WHERE d.status = 'closed' AND r.dossier_id IS NULL AND NOT EXISTS (SELECT 1 FROM "
    "archive_batch_dossiers bd JOIN archive_batches b ON b.id = bd.batch_id WHERE "
    "bd.dossier_id = d.id AND b.to_archive = 'current') AND (?2 = 0 OR "
    "(CAST(substr(d.closed_on, 1, 4) AS INTEGER) + ?1) || '-12-31' < ?3) "
    "ORDER BY due, d.unit_id, d.code LIMIT 2000",
    NULL};
static const db_query q_hist_due = {
    "archives.hist_due",
    "SELECT " AR_D_COLS ", (CAST(substr(r.deposited_on, 1, 4) AS INTEGER) + ?1) || '-12-31' AS due "
    "FROM archive_records r JOIN dossiers d ON d.id = r.dossier_id JOIN units u ON u.id = "
    "d.unit_id WHERE r.state = 'current' AND d.retention_years IS NULL AND NOT EXISTS (SELECT 1 "
    "FROM archive_batch_dossiers bd JOIN archive_batches b ON b.id = bd.batch_id WHERE "
    "bd.dossier_id = d.id AND b.to_archive = 'historical') ORDER BY due, d.code LIMIT 2000",
    NULL};
static const db_query q_dossier = {
    "archives.dossier",
    "SELECT d.unit_id, d.status, coalesce(d.retention_years, 0), r.state, "
    "EXISTS (SELECT 1 FROM archive_batch_dossiers bd JOIN archive_batches b ON b.id = "
    "bd.batch_id WHERE bd.dossier_id = d.id AND b.to_archive = ?2), d.code "
    "FROM dossiers d LEFT JOIN archive_records r ON r.dossier_id = d.id WHERE d.id = ?1",
    NULL};
static const db_query q_batch_add = {
    "archives.batch_add",
    "INSERT INTO archive_batches (unit_id, to_archive, note, created_by, created_at) "
    "VALUES (?1, ?2, ?3, ?4, ?5)",
    NULL};
static const db_query q_batch_item = {
    "archives.batch_item",
    "INSERT INTO archive_batch_dossiers (batch_id, dossier_id) VALUES (?1, ?2)", NULL};
static const db_query q_batch_get = {
    "archives.batch_get",
    "SELECT b.unit_id, b.to_archive, b.status, u.name, b.copies, b.created_at FROM "
    "archive_batches b JOIN units u ON u.id = b.unit_id WHERE b.id = ?1",
    NULL};
static const db_query q_batch_dossiers = {
    "archives.batch_dossiers",
    "SELECT d.id, d.code, d.title, coalesce(d.retention_years, 0), d.closed_on, "
    "(SELECT count(*) FROM dossier_docs x WHERE x.dossier_id = d.id) FROM archive_batch_dossiers "
    "bd JOIN dossiers d ON d.id = bd.dossier_id WHERE bd.batch_id = ?1 ORDER BY d.code",
    NULL};
static const db_query q_deposit = {
    "archives.deposit",
    "INSERT INTO archive_records (dossier_id, batch_id, deposited_on) SELECT dossier_id, ?1, ?2 "
    "FROM archive_batch_dossiers WHERE batch_id = ?1",
    NULL};
static const db_query q_to_hist = {
    "archives.to_hist",
    "UPDATE archive_records SET state = 'historical' WHERE dossier_id IN (SELECT dossier_id FROM "
    "archive_batch_dossiers WHERE batch_id = ?1) AND state = 'current'",
    NULL};
static const db_query q_batch_accept = {
    "archives.batch_accept",
    "UPDATE archive_batches SET status = 'accepted', accepted_by = ?2, accepted_on = ?3, "
    "minutes = ?4 WHERE id = ?1 AND status = 'draft'",
    NULL};
static const db_query q_batch_list = {
    "archives.batch_list",
    "SELECT b.id, b.unit_id, b.to_archive, b.status, b.created_at, b.accepted_on, u.name, "
    "(SELECT count(*) FROM archive_batch_dossiers x WHERE x.batch_id = b.id) FROM "
    "archive_batches b JOIN units u ON u.id = b.unit_id ORDER BY b.id DESC LIMIT 500",
    NULL};
static const db_query q_deposited = {"archives.deposited",
                                     "SELECT 1 FROM archive_records WHERE dossier_id = ?1", NULL};
static const db_query q_held = {
    "archives.held",
    "SELECT 1 FROM legal_holds WHERE dossier_id = ?1 AND lifted_at IS NULL LIMIT 1", NULL};
static const db_query q_hold_add = {
    "archives.hold_add",
    "INSERT INTO legal_holds (dossier_id, reason, placed_by, placed_at) VALUES (?1, ?2, ?3, ?4)",
    NULL};
static const db_query q_hold_lift = {
    "archives.hold_lift",
    "UPDATE legal_holds SET lifted_by = ?2, lifted_at = ?3, lift_reason = ?4 WHERE id = ?1 AND "
    "lifted_at IS NULL",
    NULL};

int ar_fail(ar_result *r, int status, const char *field, const char *msg)
{
    r->status = status;
    r->field = field;
    r->err = msg;
    return -1;
}

const char *ar_today(ctx *c)
{
    char buf[16];
    clock_vn_today(buf, sizeof buf);
    return arena_strdup(c->a, buf);
}

int ar_this_year(void)
{
    char buf[16];
    clock_vn_today(buf, sizeof buf);
    return atoi(buf);
}

int ar_commit(ctx *c, const char *action, int64_t id, json_t *after, ar_result *r)
{
    if (audit_commit(c->db, c->user, action, "archive", id, after) != 0)
        return ar_fail(r, 500, NULL, _(AR_MSG_DB));
    return 0;
}

bool archives_is_archivist(ctx *c)
{
    if (!c->user || (c->user->role != ROLE_CLERK && c->user->role != ROLE_OFFICE_LEADER))
        return false;
    int64_t root = org_root_unit(c->db);
    return root > 0 && org_unit_in_scope(c, root);
}

bool ar_may_decide(ctx *c)
{
    if (!c->user)
        return false;
    char buf[64];
    const char *role = rules_text(c->db, "archives.decide_role", ar_today(c), buf, sizeof buf);
    int64_t root = org_root_unit(c->db);
    if (root <= 0 || !org_unit_in_scope(c, root))
        return false;
    if (c->user->role == ROLE_COMMITTEE_LEADER)
        return true;
    return c->user->role == ROLE_OFFICE_LEADER && role && strcmp(role, "office-leader") == 0;
}

static bool may_manage_unit(ctx *c, int64_t unit_id)
{
    return c->user &&
           (c->user->role == ROLE_CLERK || c->user->role == ROLE_OFFICE_LEADER ||
            c->user->role == ROLE_COMMITTEE_LEADER) &&
           org_unit_in_scope(c, unit_id);
}

int archives_retention_list(ctx *c, ar_retention **rows_r)
{
    db_stmt *s = db_stmt_get(c->db, &q_ret_list);
    int n = 0, cap = 32;
    ar_retention *v = arena_alloc(c->a, sizeof *v * (size_t)cap);
    while (s && db_step(s) == DB_ROW) {
        ARENA_GROW(c->a, v, n, cap);
        v[n] = (ar_retention){.id = db_col_int(s, 0),
                              .scheme = arena_strdup(c->a, db_col_text(s, 1)),
                              .code = arena_strdup(c->a, db_col_text(s, 2)),
                              .heading = arena_strdup(c->a, db_col_text(s, 3)),
                              .years = (int)db_col_int(s, 4),
                              .effective_from = arena_strdup(c->a, db_col_text(s, 5)),
                              .effective_to = arena_strdup(c->a, db_col_text(s, 6))};
        n++;
    }
    if (s)
        db_reset(s);
    *rows_r = v;
    return s ? n : -1;
}

static bool valid_date(const char *s)
{
    int y, m, d;
    return s && clock_parse_date(s, &y, &m, &d) == 0;
}

int64_t archives_retention_add(ctx *c, const ar_retention *in, ar_result *r)
{
    if (!archives_is_archivist(c))
        return ar_fail(r, 403, NULL, _("Chỉ bộ phận lưu trữ của Văn phòng sửa bảng thời hạn."));
    if (!in->scheme || !*in->scheme || strlen(in->scheme) > 100)
        return ar_fail(r, 400, "scheme", _("Hãy ghi văn bản hướng dẫn (ví dụ 35-HD/VPTW)."));
    if (!in->code || !*in->code || strlen(in->code) > 40)
        return ar_fail(r, 400, "code", _("Hãy ghi số, ký hiệu của mục."));
    if (!in->heading || !*in->heading || strlen(in->heading) > 500)
        return ar_fail(r, 400, "heading", _("Hãy ghi tên nhóm hồ sơ, tài liệu."));
    if (in->years < 0 || in->years > 100)
        return ar_fail(r, 400, "years", _("Thời hạn bảo quản là Vĩnh viễn hoặc từ 1 đến 100 năm."));
    if (!valid_date(in->effective_from))
        return ar_fail(r, 400, "effective_from", _("Ngày hiệu lực không hợp lệ."));
    if (in->effective_to && *in->effective_to &&
        (!valid_date(in->effective_to) || strcmp(in->effective_to, in->effective_from) < 0))
        return ar_fail(r, 400, "effective_to", _("Ngày hết hiệu lực phải sau ngày hiệu lực."));
    if (db_begin_write(c->db) != 0)
        return ar_fail(r, 503, NULL, _(AR_MSG_BUSY));
    db_stmt *s = db_stmt_get(c->db, &q_ret_add);
    if (!s)
        goto dberr;
    db_bind_text(s, 1, in->scheme);
    db_bind_text(s, 2, in->code);
    db_bind_text(s, 3, in->heading);
    if (in->years > 0)
        db_bind_int(s, 4, in->years);
    db_bind_text(s, 5, in->effective_from);
    if (in->effective_to && *in->effective_to)
        db_bind_text(s, 6, in->effective_to);
    db_bind_int(s, 7, c->user->id);
    if (db_exec(s) != DB_DONE) {
        db_rollback(c->db);
        return ar_fail(r, 409, "code", _("Mục này đã có trong bảng với cùng ngày hiệu lực."));
    }
    int64_t id = db_last_id(c->db);
    if (ar_commit(c, "archives.retention_add", id,
                  json_pack("{s:s, s:s, s:s, s:i}", "scheme", in->scheme, "code", in->code,
                            "heading", in->heading, "years", in->years),
                  r) != 0)
        return -1;
    return id;
dberr:
    db_rollback(c->db);
    return ar_fail(r, 500, NULL, _(AR_MSG_DB));
}

int archives_heading_set_code(ctx *c, int64_t heading_id, const char *code, ar_result *r)
{
    db_stmt *s = db_stmt_get(c->db, &q_heading_unit);
    int64_t uid = 0;
    if (s) {
        db_bind_int(s, 1, heading_id);
        if (db_step(s) == DB_ROW)
            uid = db_col_int(s, 0);
        db_reset(s);
    }
    if (!uid || !org_unit_in_scope(c, uid))
        return ar_fail(r, 404, NULL, _("Không tìm thấy đề mục."));
    if (!may_manage_unit(c, uid) && !archives_is_archivist(c))
        return ar_fail(r, 403, NULL, _("Chỉ văn thư hoặc lãnh đạo đơn vị lập danh mục hồ sơ."));
    bool ok = false;
    if (code && *code && (s = db_stmt_get(c->db, &q_ret_exists))) {
        db_bind_text(s, 1, code);
        db_bind_text(s, 2, ar_today(c));
        ok = db_step(s) == DB_ROW;
        db_reset(s);
    }
    if (!ok)
        return ar_fail(r, 400, "retention_code",
                       _("Mã thời hạn không có trong bảng thời hạn bảo quản đang hiệu lực."));
    if (db_begin_write(c->db) != 0)
        return ar_fail(r, 503, NULL, _(AR_MSG_BUSY));
    s = db_stmt_get(c->db, &q_heading_code);
    if (!s) {
        db_rollback(c->db);
        return ar_fail(r, 500, NULL, _(AR_MSG_DB));
    }
    db_bind_int(s, 1, heading_id);
    db_bind_text(s, 2, code);
    if (db_exec(s) != DB_DONE) {
        db_rollback(c->db);
        return ar_fail(r, 500, NULL, _(AR_MSG_DB));
    }
    return ar_commit(c, "archives.heading_code", heading_id,
                     json_pack("{s:s}", "retention_code", code), r);
}

int ar_collect(ctx *c, db_stmt *s, ar_dossier **rows_r, bool scope)
{
    int n = 0, cap = 32;
    ar_dossier *v = arena_alloc(c->a, sizeof *v * (size_t)cap);
    const char *today = ar_today(c);
    bool all = archives_is_archivist(c);
    while (s && db_step(s) == DB_ROW && n < AR_MAX_LIST) {
        int64_t uid = db_col_int(s, 1);
        if (scope && !all && !org_unit_in_scope(c, uid))
            continue;
        ARENA_GROW(c->a, v, n, cap);
        ar_dossier *d = &v[n++];
        *d = (ar_dossier){.id = db_col_int(s, 0),
                          .unit_id = uid,
                          .batch_id = db_col_int(s, 2),
                          .code = arena_strdup(c->a, db_col_text(s, 3)),
                          .title = arena_strdup(c->a, db_col_text(s, 4)),
                          .unit_name = arena_strdup(c->a, db_col_text(s, 5)),
                          .closed_on = arena_strdup(c->a, db_col_text(s, 6)),
                          .year = (int)db_col_int(s, 7),
                          .retention_years = (int)db_col_int(s, 8),
                          .deposited_on = arena_strdup(c->a, db_col_text(s, 9)),
                          .state = arena_strdup(c->a, db_col_text(s, 10)),
                          .doc_count = (int)db_col_int(s, 11),
                          .held = db_col_int(s, 12) != 0};
        if (db_col_count(s) > 13) {
            d->due = arena_strdup(c->a, db_col_text(s, 13));
            d->overdue = d->due && strcmp(d->due, today) < 0;
        }
    }
    if (s)
        db_reset(s);
    *rows_r = v;
    return s ? n : -1;
}

int archives_due_list(ctx *c, bool overdue_only, ar_dossier **rows_r)
{
    *rows_r = NULL;
    if (!c->user)
        return 0;
    const char *today = ar_today(c);
    db_stmt *s = db_stmt_get(c->db, &q_due);
    if (!s)
        return -1;
    db_bind_int(s, 1, rules_int(c->db, "archives.handover_years", today));
    db_bind_int(s, 2, overdue_only ? 1 : 0);
    db_bind_text(s, 3, today);
    return ar_collect(c, s, rows_r, true);
}

int archives_historical_due(ctx *c, ar_dossier **rows_r)
{
    *rows_r = NULL;
    if (!archives_is_archivist(c))
        return 0;
    db_stmt *s = db_stmt_get(c->db, &q_hist_due);
    if (!s)
        return -1;
    db_bind_int(s, 1, rules_int(c->db, "archives.historical_years", ar_today(c)));
    return ar_collect(c, s, rows_r, false);
}

#define AR_MAX_BATCH 1000

int64_t archives_batch_create(ctx *c, const char *to, const int64_t *ids, int n, const char *note,
                              ar_result *r)
{
    if (!c->user)
        return ar_fail(r, 403, NULL, _("Cần đăng nhập."));
    if (!to || (strcmp(to, "current") != 0 && strcmp(to, "historical") != 0))
        return ar_fail(r, 400, "to_archive", _("Hãy chọn nơi nộp: lưu trữ cơ quan hoặc lịch sử."));
    bool hist = strcmp(to, "historical") == 0;
    if (hist && !archives_is_archivist(c))
        return ar_fail(r, 403, NULL, _("Chỉ bộ phận lưu trữ nộp hồ sơ vào lưu trữ lịch sử."));
    if (n <= 0 || n > AR_MAX_BATCH)
        return ar_fail(r, 400, "dossier_ids", _("Hãy chọn từ 1 đến 1000 hồ sơ để giao nộp."));
    if (note && strlen(note) > 2000)
        return ar_fail(r, 400, "note", _("Ghi chú tối đa 2000 ký tự."));
    int64_t uid = 0;
    db_stmt *s = db_stmt_get(c->db, &q_dossier);
    if (!s)
        return ar_fail(r, 500, NULL, _(AR_MSG_DB));
    for (int i = 0; i < n; i++) {
        db_bind_int(s, 1, ids[i]);
        db_bind_text(s, 2, to);
        int rc = db_step(s);
        int64_t u = rc == DB_ROW ? db_col_int(s, 0) : 0;
        const char *status = rc == DB_ROW ? arena_strdup(c->a, db_col_text(s, 1)) : NULL;
        int ret = rc == DB_ROW ? (int)db_col_int(s, 2) : 0;
        const char *state = rc == DB_ROW ? arena_strdup(c->a, db_col_text(s, 3)) : NULL;
        bool batched = rc == DB_ROW && db_col_int(s, 4) != 0;
        const char *code = rc == DB_ROW ? arena_strdup(c->a, db_col_text(s, 5)) : "";
        db_reset(s);
        if (!u || !org_unit_in_scope(c, u))
            return ar_fail(r, 404, "dossier_ids", _("Không tìm thấy hồ sơ."));
        if (!hist && !may_manage_unit(c, u) && !archives_is_archivist(c))
            return ar_fail(r, 403, NULL, _("Chỉ văn thư hoặc lãnh đạo đơn vị lập lần giao nộp."));
        if (uid && u != uid)
            return ar_fail(r, 400, "dossier_ids",
                           _("Một lần giao nộp chỉ gồm hồ sơ của cùng một đơn vị."));
        uid = u;
        if (batched)
            return ar_fail(r, 409, "dossier_ids",
                           arena_printf(c->a, _("Hồ sơ %s đã có trong một lần giao nộp."), code));
        if (!hist && strcmp(status, "closed") != 0)
            return ar_fail(r, 409, "dossier_ids",
                           arena_printf(c->a,
                                        _("Hồ sơ %s chưa kết thúc: chỉ giao nộp hồ sơ đã kết "
                                          "thúc (Nghị định 30/2020/NĐ-CP, Điều 30)."),
                                        code));
        if (hist && (!state || strcmp(state, "current") != 0 || ret != 0))
            return ar_fail(r, 409, "dossier_ids",
                           arena_printf(c->a,
                                        _("Hồ sơ %s không phải hồ sơ vĩnh viễn đang ở lưu trữ "
                                          "cơ quan."),
                                        code));
    }
    if (db_begin_write(c->db) != 0)
        return ar_fail(r, 503, NULL, _(AR_MSG_BUSY));
    s = db_stmt_get(c->db, &q_batch_add);
    if (!s)
        goto dberr;
    db_bind_int(s, 1, hist ? org_root_unit(c->db) : uid);
    db_bind_text(s, 2, to);
    db_bind_text(s, 3, note ? note : "");
    db_bind_int(s, 4, c->user->id);
    db_bind_text(s, 5, ar_today(c));
    if (db_exec(s) != DB_DONE)
        goto dberr;
    int64_t id = db_last_id(c->db);
    json_t *list = json_array();
    for (int i = 0; i < n; i++) {
        s = db_stmt_get(c->db, &q_batch_item);
        if (!s)
            goto dberr;
        db_bind_int(s, 1, id);
        db_bind_int(s, 2, ids[i]);
        if (db_exec(s) != DB_DONE) {
            json_decref(list);
            db_rollback(c->db);
            return ar_fail(r, 400, "dossier_ids", _("Một hồ sơ được chọn hai lần."));
        }
        json_array_append_new(list, json_integer(ids[i]));
    }
    if (ar_commit(c, "archives.batch_create", id,
                  json_pack("{s:s, s:I, s:o}", "to_archive", to, "unit_id", (json_int_t)uid,
                            "dossiers", list),
                  r) != 0)
        return -1;
    return id;
dberr:
    db_rollback(c->db);
    return ar_fail(r, 500, NULL, _(AR_MSG_DB));
}

static void vn_date(const char *iso, char out[16])
{
    int y, m, d;
    if (iso && clock_parse_date(iso, &y, &m, &d) == 0)
        snprintf(out, 16, "%02d/%02d/%04d", d % 100, m % 100, y % 10000);
    else
        snprintf(out, 16, "%s", iso ? iso : "");
}

const char *archives_batch_minutes(ctx *c, int64_t id)
{
    db_stmt *s = db_stmt_get(c->db, &q_batch_get);
    if (!s)
        return NULL;
    db_bind_int(s, 1, id);
    const char *uname = NULL, *to = NULL, *created = NULL;
    int64_t unit_id = 0;
    int copies = 2;
    if (db_step(s) == DB_ROW) {
        unit_id = db_col_int(s, 0);
        to = arena_strdup(c->a, db_col_text(s, 1));
        uname = arena_strdup(c->a, db_col_text(s, 3));
        copies = (int)db_col_int(s, 4);
        created = arena_strdup(c->a, db_col_text(s, 5));
    }
    db_reset(s);
    if (!uname || (!archives_is_archivist(c) && !org_unit_in_scope(c, unit_id)))
        return NULL;
    char when[16];
    vn_date(created, when);
    const char *t = arena_printf(
        c->a,
        _("BIÊN BẢN GIAO NHẬN HỒ SƠ, TÀI LIỆU\nNgày %s\nBên giao: %s\nBên nhận: %s\n\n"
          "MỤC LỤC HỒ SƠ GIAO NỘP\n"),
        when, uname, strcmp(to, "historical") == 0 ? _("Lưu trữ lịch sử") : _("Lưu trữ cơ quan"));
    s = db_stmt_get(c->db, &q_batch_dossiers);
    int n = 0;
    while (s) {
        db_bind_int(s, 1, id);
        while (db_step(s) == DB_ROW) {
            int ret = (int)db_col_int(s, 3);
            char closed[16];
            vn_date(db_col_text(s, 4), closed);
            t = arena_printf(c->a, _("%s%d. %s — %s — %s — kết thúc %s — %lld văn bản\n"), t, ++n,
                             db_col_text(s, 1), db_col_text(s, 2),
                             ret ? arena_printf(c->a, _("%d năm"), ret) : _("Vĩnh viễn"), closed,
                             (long long)db_col_int(s, 5));
        }
        db_reset(s);
        break;
    }
    return arena_printf(c->a,
                        _("%s\nTổng số: %d hồ sơ. Biên bản lập thành %d bản, mỗi bên giữ "
                          "một bản.\n"),
                        t, n, copies);
}

int archives_batch_accept(ctx *c, int64_t id, ar_result *r)
{
    if (!archives_is_archivist(c))
        return ar_fail(r, 403, NULL, _("Chỉ bộ phận lưu trữ của Văn phòng tiếp nhận hồ sơ."));
    db_stmt *s = db_stmt_get(c->db, &q_batch_get);
    if (!s)
        return ar_fail(r, 500, NULL, _(AR_MSG_DB));
    db_bind_int(s, 1, id);
    const char *to = NULL, *status = NULL;
    if (db_step(s) == DB_ROW) {
        to = arena_strdup(c->a, db_col_text(s, 1));
        status = arena_strdup(c->a, db_col_text(s, 2));
    }
    db_reset(s);
    if (!to)
        return ar_fail(r, 404, NULL, _("Không tìm thấy lần giao nộp."));
    if (strcmp(status, "draft") != 0)
        return ar_fail(r, 409, NULL, _("Lần giao nộp này đã được tiếp nhận."));
    const char *minutes = archives_batch_minutes(c, id);
    const char *today = ar_today(c);
    if (db_begin_write(c->db) != 0)
        return ar_fail(r, 503, NULL, _(AR_MSG_BUSY));
    bool hist = strcmp(to, "historical") == 0;
    s = db_stmt_get(c->db, hist ? &q_to_hist : &q_deposit);
    if (!s)
        goto dberr;
    db_bind_int(s, 1, id);
    if (!hist)
        db_bind_text(s, 2, today);
    if (db_exec(s) != DB_DONE)
        goto dberr;
    s = db_stmt_get(c->db, &q_batch_accept);
    if (!s)
        goto dberr;
    db_bind_int(s, 1, id);
    db_bind_int(s, 2, c->user->id);
    db_bind_text(s, 3, today);
    db_bind_text(s, 4, minutes ? minutes : "");
    if (db_exec(s) != DB_DONE || db_changes(c->db) != 1)
        goto dberr;
    /* The page counts of the files just deposited (số trang, TT 05/2025): counted by the job,
     * outside this transaction; queued inside it so an accepted batch never lacks it. */
    if (!hist && jobs_enqueue(c->db, "archives_fixity", "pages") < 0)
        goto dberr;
    if (ar_commit(c, "archives.batch_accept", id, json_pack("{s:s}", "to_archive", to), r) != 0)
        return -1;
    jobs_wake();
    return 0;
dberr:
    db_rollback(c->db);
    return ar_fail(r, 500, NULL, _(AR_MSG_DB));
}

int archives_batch_list(ctx *c, ar_batch **rows_r)
{
    db_stmt *s = db_stmt_get(c->db, &q_batch_list);
    int n = 0, cap = 16;
    ar_batch *v = arena_alloc(c->a, sizeof *v * (size_t)cap);
    bool all = archives_is_archivist(c);
    while (s && db_step(s) == DB_ROW) {
        int64_t uid = db_col_int(s, 1);
        if (!all && !org_unit_in_scope(c, uid))
            continue;
        ARENA_GROW(c->a, v, n, cap);
        v[n++] = (ar_batch){.id = db_col_int(s, 0),
                            .unit_id = uid,
                            .to_archive = arena_strdup(c->a, db_col_text(s, 2)),
                            .status = arena_strdup(c->a, db_col_text(s, 3)),
                            .created_at = arena_strdup(c->a, db_col_text(s, 4)),
                            .accepted_on = arena_strdup(c->a, db_col_text(s, 5)),
                            .unit_name = arena_strdup(c->a, db_col_text(s, 6)),
                            .n_dossiers = (int)db_col_int(s, 7)};
    }
    if (s)
        db_reset(s);
    *rows_r = v;
    return s ? n : -1;
}

static bool exists1(db *d, const db_query *q, int64_t id)
{
    db_stmt *s = db_stmt_get(d, q);
    if (!s)
        return true; /* fail closed: treat as held / deposited */
    db_bind_int(s, 1, id);
    bool yes = db_step(s) == DB_ROW;
    db_reset(s);
    return yes;
}

bool archives_dossier_deposited(db *d, int64_t dossier_id)
{
    return exists1(d, &q_deposited, dossier_id);
}

bool archives_held(db *d, int64_t dossier_id)
{
    return exists1(d, &q_held, dossier_id);
}

int64_t archives_hold_place(ctx *c, int64_t dossier_id, const char *reason, ar_result *r)
{
    if (!archives_is_archivist(c) && !ar_may_decide(c))
        return ar_fail(r, 403, NULL, _("Chỉ bộ phận lưu trữ hoặc lãnh đạo đặt lệnh giữ hồ sơ."));
    if (!reason || strlen(reason) < 3 || strlen(reason) > 1000)
        return ar_fail(r, 400, "reason", _("Hãy ghi lý do giữ hồ sơ (3 đến 1000 ký tự)."));
    if (!archives_dossier_deposited(c->db, dossier_id))
        return ar_fail(r, 404, "dossier_id", _("Hồ sơ chưa có trong kho lưu trữ."));
    if (db_begin_write(c->db) != 0)
        return ar_fail(r, 503, NULL, _(AR_MSG_BUSY));
    db_stmt *s = db_stmt_get(c->db, &q_hold_add);
    if (!s) {
        db_rollback(c->db);
        return ar_fail(r, 500, NULL, _(AR_MSG_DB));
    }
    db_bind_int(s, 1, dossier_id);
    db_bind_text(s, 2, reason);
    db_bind_int(s, 3, c->user->id);
    db_bind_text(s, 4, ar_today(c));
    if (db_exec(s) != DB_DONE) {
        db_rollback(c->db);
        return ar_fail(r, 500, NULL, _(AR_MSG_DB));
    }
    int64_t id = db_last_id(c->db);
    if (ar_commit(c, "archives.hold_place", id,
                  json_pack("{s:I, s:s}", "dossier_id", (json_int_t)dossier_id, "reason", reason),
                  r) != 0)
        return -1;
    return id;
}

int archives_hold_lift(ctx *c, int64_t hold_id, const char *reason, ar_result *r)
{
    if (!ar_may_decide(c) &&
        !(c->user && c->user->role == ROLE_OFFICE_LEADER && archives_is_archivist(c)))
        return ar_fail(r, 403, NULL, _("Chỉ lãnh đạo gỡ lệnh giữ hồ sơ."));
    if (!reason || strlen(reason) < 3 || strlen(reason) > 1000)
        return ar_fail(r, 400, "reason", _("Hãy ghi lý do gỡ lệnh giữ (3 đến 1000 ký tự)."));
    if (db_begin_write(c->db) != 0)
        return ar_fail(r, 503, NULL, _(AR_MSG_BUSY));
    db_stmt *s = db_stmt_get(c->db, &q_hold_lift);
    if (!s) {
        db_rollback(c->db);
        return ar_fail(r, 500, NULL, _(AR_MSG_DB));
    }
    db_bind_int(s, 1, hold_id);
    db_bind_int(s, 2, c->user->id);
    db_bind_text(s, 3, ar_today(c));
    db_bind_text(s, 4, reason);
    if (db_exec(s) != DB_DONE || db_changes(c->db) != 1) {
        db_rollback(c->db);
        return ar_fail(r, 404, NULL, _("Không tìm thấy lệnh giữ đang hiệu lực."));
    }
    return ar_commit(c, "archives.hold_lift", hold_id, json_pack("{s:s}", "reason", reason), r);
}
