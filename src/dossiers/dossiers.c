/* Hồ sơ công việc: plan, open, file, close, hand-over warning (dossier.h). */
#include "dossiers/dossiers.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "archives/archives.h"
#include "audit/audit.h"
#include "auth/auth.h"
#include "base/clock.h"
#include "base/i18n.h"
#include "incoming/incoming.h"
#include "outgoing/outgoing.h"
#include "org/org.h"
#include "rules/rules.h"

static const db_query q_heading_get = {
    "dossier.heading_get",
    "SELECT id, unit_id, year, parent_id, abbr FROM dossier_headings WHERE id = ?1", NULL};
static const db_query q_heading_next = {
    "dossier.heading_next",
    "SELECT coalesce(max(ordinal), 0) + 1 FROM dossier_headings WHERE unit_id = ?1 AND "
    "year = ?2 AND coalesce(parent_id, 0) = ?3",
    NULL};
static const db_query q_heading_add = {
    "dossier.heading_add",
    "INSERT INTO dossier_headings (unit_id, year, parent_id, ordinal, title, abbr, created_by) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    NULL};
static const db_query q_headings = {
    "dossier.headings",
    "SELECT h.id, coalesce(h.parent_id, 0), h.ordinal, h.title, h.abbr FROM dossier_headings h "
    "LEFT JOIN dossier_headings p ON p.id = h.parent_id WHERE h.unit_id = ?1 AND h.year = ?2 "
    "ORDER BY coalesce(p.ordinal, h.ordinal), h.parent_id IS NOT NULL, h.ordinal",
    NULL};
static const db_query q_plan_next = {
    "dossier.plan_next",
    "SELECT coalesce(max(ordinal), 0) + 1 FROM dossiers WHERE unit_id = ?1 AND year = ?2", NULL};
static const db_query q_plan_add = {
    "dossier.plan_add",
    "INSERT INTO dossiers (unit_id, year, heading_id, ordinal, code, title, retention_years, "
    "responsible_id, created_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    NULL};
#define D_COLS                                                                                     \
    "d.id, d.unit_id, d.heading_id, coalesce(d.responsible_id, 0), d.year, d.ordinal, d.code, "    \
    "d.title, coalesce(d.retention_years, 0), d.status, d.opened_on, d.closed_on, "                \
    "d.handover_due, h.title"
static const db_query q_get = {"dossier.get",
                               "SELECT " D_COLS
                               " FROM dossiers d JOIN dossier_headings h ON h.id = d.heading_id "
                               "WHERE d.id = ?1",
                               NULL};
static const db_query q_list = {"dossier.list",
                                "SELECT " D_COLS
                                " FROM dossiers d JOIN dossier_headings h ON h.id = d.heading_id "
                                "WHERE d.unit_id = ?1 AND d.year = ?2 ORDER BY d.ordinal",
                                NULL};
static const db_query q_due = {
    "dossier.due",
    "SELECT " D_COLS " FROM dossiers d JOIN dossier_headings h ON h.id = d.heading_id "
    "WHERE d.status = 'closed' AND d.handover_due <= ?1 "
    /* handed over already, or on its way in a batch: no longer the unit's to do */
    "AND NOT EXISTS (SELECT 1 FROM archive_records r WHERE r.dossier_id = d.id) "
    "AND NOT EXISTS (SELECT 1 FROM archive_batch_dossiers bd JOIN archive_batches b ON "
    "b.id = bd.batch_id WHERE bd.dossier_id = d.id AND b.to_archive = 'current') "
    "ORDER BY d.handover_due LIMIT 200",
    NULL};
static const db_query q_open = {
    "dossier.open",
    "UPDATE dossiers SET status = 'open', opened_on = ?2 WHERE id = ?1 AND status = 'planned'",
    NULL};
static const db_query q_close = {
    "dossier.close",
    "UPDATE dossiers SET status = 'closed', closed_on = ?2, handover_due = ?3 "
    "WHERE id = ?1 AND status = 'open'",
    NULL};
static const db_query q_file = {
    "dossier.file",
    "INSERT INTO dossier_docs (dossier_id, doc_kind, doc_id, ordinal, added_by) "
    "SELECT ?1, ?2, ?3, coalesce(max(ordinal), 0) + 1, ?4 FROM dossier_docs WHERE dossier_id = ?1",
    NULL};
static const db_query q_docs = {
    "dossier.docs",
    "SELECT doc_kind, doc_id, ordinal FROM dossier_docs WHERE dossier_id = ?1 ORDER BY ordinal",
    NULL};

#define MSG_BUSY N_("Cơ sở dữ liệu đang bận, vui lòng thử lại.")
#define MSG_DB N_("Không lưu được thay đổi (lỗi cơ sở dữ liệu).")

static int fail(const char **err_r, int *status_r, int status, const char *msg)
{
    *err_r = msg;
    *status_r = status;
    return -1;
}

const char *dossier_roman(ctx *c, int n)
{
    static const struct {
        int v;
        const char *s;
    } t[] = {{1000, "M"}, {900, "CM"}, {500, "D"}, {400, "CD"}, {100, "C"}, {90, "XC"}, {50, "L"},
             {40, "XL"},  {10, "X"},   {9, "IX"},  {5, "V"},    {4, "IV"},  {1, "I"}};
    char buf[32] = "";
    size_t len = 0;
    if (n <= 0 || n >= 4000)
        return arena_printf(c->a, "%d", n);
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++)
        while (n >= t[i].v) {
            len += (size_t)snprintf(buf + len, sizeof buf - len, "%s", t[i].s);
            n -= t[i].v;
        }
    return arena_strdup(c->a, buf);
}

const char *dossier_retention_label(ctx *c, int years)
{
    return years <= 0 ? _("Vĩnh viễn") : arena_printf(c->a, _("%d năm"), years);
}

bool dossier_may_manage(ctx *c, int64_t unit_id)
{
    return c->user &&
           (c->user->role == ROLE_CLERK || c->user->role == ROLE_OFFICE_LEADER ||
            c->user->role == ROLE_COMMITTEE_LEADER) &&
           org_unit_in_scope(c, unit_id);
}

static bool may_work(ctx *c, const dossier *d)
{
    return c->user && (c->user->id == d->responsible_id || dossier_may_manage(c, d->unit_id));
}

static int commit_audited(ctx *c, const char *action, int64_t id, json_t *after, const char **err_r,
                          int *status_r)
{
    if (audit_commit(c->db, c->user, action, "dossier", id, after) != 0)
        return fail(err_r, status_r, 500, _(MSG_DB));
    return 0;
}

static int next_ordinal(db *d, const db_query *q, int64_t a, int64_t b, int64_t cc, bool three)
{
    db_stmt *s = db_stmt_get(d, q);
    if (!s)
        return -1;
    db_bind_int(s, 1, a);
    db_bind_int(s, 2, b);
    if (three)
        db_bind_int(s, 3, cc);
    int n = db_step(s) == DB_ROW ? (int)db_col_int(s, 0) : -1;
    db_reset(s);
    return n;
}

static bool valid_abbr(const char *s)
{
    if (!s || !*s || strlen(s) > 20)
        return false;
    for (; *s; s++)
        if (*s == ' ' || *s == '/' || *s == '.' || (unsigned char)*s < 0x20)
            return false;
    return true;
}

int64_t dossier_heading_add(ctx *c, int64_t unit_id, int year, int64_t parent_id, const char *title,
                            const char *abbr, const char **err_r, int *status_r)
{
    if (!dossier_may_manage(c, unit_id))
        return fail(err_r, status_r, 403,
                    _("Chỉ văn thư hoặc lãnh đạo đơn vị lập danh mục hồ sơ."));
    if (year < 2000 || year > 2100)
        return fail(err_r, status_r, 400, _("Năm không hợp lệ."));
    if (!title || !*title || strlen(title) > 500)
        return fail(err_r, status_r, 400, _("Tên đề mục là bắt buộc (tối đa 500 ký tự)."));
    if (!valid_abbr(abbr))
        return fail(err_r, status_r, 400,
                    _("Ký hiệu đề mục là bắt buộc, không có khoảng trắng, dấu chấm hay dấu /."));
    if (parent_id > 0) {
        db_stmt *s = db_stmt_get(c->db, &q_heading_get);
        bool ok = false;
        if (s) {
            db_bind_int(s, 1, parent_id);
            ok = db_step(s) == DB_ROW && db_col_int(s, 1) == unit_id && db_col_int(s, 2) == year &&
                 db_col_null(s, 3);
            db_reset(s);
        }
        if (!ok)
            return fail(err_r, status_r, 400,
                        _("Đề mục lớn không hợp lệ (chỉ có hai cấp: đề mục lớn và đề mục nhỏ)."));
    }
    if (db_begin_write(c->db) != 0)
        return fail(err_r, status_r, 503, _(MSG_BUSY));
    int ord = next_ordinal(c->db, &q_heading_next, unit_id, year, parent_id, true);
    db_stmt *s = db_stmt_get(c->db, &q_heading_add);
    if (ord < 0 || !s)
        goto dberr;
    db_bind_int(s, 1, unit_id);
    db_bind_int(s, 2, year);
    if (parent_id > 0)
        db_bind_int(s, 3, parent_id);
    db_bind_int(s, 4, ord);
    db_bind_text(s, 5, title);
    db_bind_text(s, 6, abbr);
    db_bind_int(s, 7, c->user->id);
    if (db_exec(s) != DB_DONE)
        goto dberr;
    int64_t id = db_last_id(c->db);
    if (commit_audited(c, "dossier.heading_add", id,
                       json_pack("{s:I, s:i, s:s, s:s}", "unit_id", (json_int_t)unit_id, "year",
                                 year, "title", title, "abbr", abbr),
                       err_r, status_r) != 0)
        return -1;
    return id;
dberr:
    db_rollback(c->db);
    return fail(err_r, status_r, 500, _(MSG_DB));
}

int64_t dossier_plan_add(ctx *c, int64_t heading_id, const char *title, int retention_years,
                         int64_t responsible_id, const char **err_r, int *status_r)
{
    db_stmt *s = db_stmt_get(c->db, &q_heading_get);
    int64_t unit_id = 0;
    int year = 0;
    const char *abbr = NULL;
    if (s) {
        db_bind_int(s, 1, heading_id);
        if (db_step(s) == DB_ROW) {
            unit_id = db_col_int(s, 1);
            year = (int)db_col_int(s, 2);
            abbr = arena_strdup(c->a, db_col_text(s, 4));
        }
        db_reset(s);
    }
    if (!unit_id || !org_unit_in_scope(c, unit_id))
        return fail(err_r, status_r, 404, _("Không tìm thấy đề mục."));
    if (!dossier_may_manage(c, unit_id))
        return fail(err_r, status_r, 403,
                    _("Chỉ văn thư hoặc lãnh đạo đơn vị lập danh mục hồ sơ."));
    if (!title || !*title || strlen(title) > 500)
        return fail(err_r, status_r, 400, _("Tiêu đề hồ sơ là bắt buộc (tối đa 500 ký tự)."));
    if (retention_years < 0 || retention_years > 100)
        return fail(err_r, status_r, 400, _("Thời hạn bảo quản không hợp lệ."));
    if (responsible_id > 0) {
        const user *u = auth_user_load(c, responsible_id);
        if (!u || !org_unit_in_scope(c, u->unit_id))
            return fail(err_r, status_r, 400, _("Người lập hồ sơ không hợp lệ."));
    }
    if (db_begin_write(c->db) != 0)
        return fail(err_r, status_r, 503, _(MSG_BUSY));
    int ord = next_ordinal(c->db, &q_plan_next, unit_id, year, 0, false);
    s = db_stmt_get(c->db, &q_plan_add);
    if (ord < 0 || !s)
        goto dberr;
    const char *code = arena_printf(c->a, "%02d.%s", ord, abbr);
    db_bind_int(s, 1, unit_id);
    db_bind_int(s, 2, year);
    db_bind_int(s, 3, heading_id);
    db_bind_int(s, 4, ord);
    db_bind_text(s, 5, code);
    db_bind_text(s, 6, title);
    if (retention_years > 0)
        db_bind_int(s, 7, retention_years);
    if (responsible_id > 0)
        db_bind_int(s, 8, responsible_id);
    db_bind_int(s, 9, c->user->id);
    if (db_exec(s) != DB_DONE)
        goto dberr;
    int64_t id = db_last_id(c->db);
    if (commit_audited(c, "dossier.plan_add", id,
                       json_pack("{s:s, s:s, s:i}", "code", code, "title", title, "retention",
                                 retention_years),
                       err_r, status_r) != 0)
        return -1;
    return id;
dberr:
    db_rollback(c->db);
    return fail(err_r, status_r, 500, _(MSG_DB));
}

static void read_d(ctx *c, db_stmt *s, dossier *d)
{
    d->id = db_col_int(s, 0);
    d->unit_id = db_col_int(s, 1);
    d->heading_id = db_col_int(s, 2);
    d->responsible_id = db_col_int(s, 3);
    d->year = (int)db_col_int(s, 4);
    d->ordinal = (int)db_col_int(s, 5);
    d->code = arena_strdup(c->a, db_col_text(s, 6));
    d->title = arena_strdup(c->a, db_col_text(s, 7));
    d->retention_years = (int)db_col_int(s, 8);
    d->status = arena_strdup(c->a, db_col_text(s, 9));
    d->opened_on = arena_strdup(c->a, db_col_text(s, 10));
    d->closed_on = arena_strdup(c->a, db_col_text(s, 11));
    d->handover_due = arena_strdup(c->a, db_col_text(s, 12));
    d->heading_title = arena_strdup(c->a, db_col_text(s, 13));
}

/* "(n văn bản)" counts what the viewer may open: the documents dossier_docs_each lists. */
static void count_docs(ctx *c, dossier *d)
{
    d->doc_count = dossier_docs_each(c, d->id, NULL, NULL);
}

const dossier *dossier_get(ctx *c, int64_t id)
{
    db_stmt *s = db_stmt_get(c->db, &q_get);
    if (!s)
        return NULL;
    db_bind_int(s, 1, id);
    dossier *d = NULL;
    if (db_step(s) == DB_ROW) {
        d = arena_alloc(c->a, sizeof *d);
        read_d(c, s, d);
    }
    db_reset(s);
    if (d && !org_unit_in_scope(c, d->unit_id))
        return NULL;
    if (d)
        count_docs(c, d);
    return d;
}

static int collect(ctx *c, db_stmt *s, dossier **list_r, bool scope_filter)
{
    int n = 0, cap = 32;
    dossier *v = arena_alloc(c->a, sizeof *v * (size_t)cap);
    while (s && db_step(s) == DB_ROW) {
        ARENA_GROW(c->a, v, n, cap);
        read_d(c, s, &v[n]);
        n++;
    }
    if (s)
        db_reset(s);
    int m = 0;
    for (int i = 0; i < n; i++)
        if (!scope_filter || org_unit_in_scope(c, v[i].unit_id))
            v[m++] = v[i];
    for (int i = 0; i < m; i++)
        count_docs(c, &v[i]);
    *list_r = v;
    return m;
}

int dossier_list(ctx *c, int64_t unit_id, int year, dossier **list_r)
{
    if (!org_unit_in_scope(c, unit_id)) {
        *list_r = NULL;
        return 0;
    }
    db_stmt *s = db_stmt_get(c->db, &q_list);
    if (s) {
        db_bind_int(s, 1, unit_id);
        db_bind_int(s, 2, year);
    }
    return collect(c, s, list_r, false);
}

int dossier_due_soon(ctx *c, dossier **list_r)
{
    char limit[16];
    int64_t t = clock_now() + VN_UTC_OFFSET + (int64_t)DOSSIER_WARN_DAYS * 86400;
    char iso[32];
    clock_iso(t, iso, sizeof iso); /* a UTC stamp shifted by +7 h reads as the Vietnam date */
    snprintf(limit, sizeof limit, "%.10s", iso);
    db_stmt *s = db_stmt_get(c->db, &q_due);
    if (s)
        db_bind_text(s, 1, limit);
    return collect(c, s, list_r, true);
}

int dossier_headings(ctx *c, int64_t unit_id, int year, dossier_heading **list_r)
{
    db_stmt *s = db_stmt_get(c->db, &q_headings);
    int n = 0, cap = 32;
    dossier_heading *v = arena_alloc(c->a, sizeof *v * (size_t)cap);
    if (s && org_unit_in_scope(c, unit_id)) {
        db_bind_int(s, 1, unit_id);
        db_bind_int(s, 2, year);
        while (db_step(s) == DB_ROW) {
            ARENA_GROW(c->a, v, n, cap);
            dossier_heading *h = &v[n++];
            h->id = db_col_int(s, 0);
            h->parent_id = db_col_int(s, 1);
            h->ordinal = (int)db_col_int(s, 2);
            h->title = arena_strdup(c->a, db_col_text(s, 3));
            h->abbr = arena_strdup(c->a, db_col_text(s, 4));
        }
    }
    if (s)
        db_reset(s);
    for (int i = 0; i < n; i++)
        v[i].numeral = v[i].parent_id ? arena_printf(c->a, "%d", v[i].ordinal)
                                      : dossier_roman(c, v[i].ordinal);
    *list_r = v;
    return n;
}

/* The hand-over deadline of a dossier closed on `date`: 31/12 of the closing year plus the
 * rule archives.handover_years (issue 19: closed in Y, due by 31/12 of Y+1). One rule for the
 * dossier page and the archive's lists, so the two never name different dates. */
static const char *handover_due_for(ctx *c, const char *date)
{
    int y, m, d;
    if (clock_parse_date(date, &y, &m, &d) != 0)
        return date;
    int64_t n = rules_int(c->db, "archives.handover_years", date);
    return arena_printf(c->a, "%04d-12-31", y + (int)(n > 0 ? n : 1));
}

static int change_state(ctx *c, int64_t id, bool open, const char **err_r, int *status_r)
{
    const dossier *d = dossier_get(c, id);
    if (!d)
        return fail(err_r, status_r, 404, _("Không tìm thấy hồ sơ."));
    if (!may_work(c, d))
        return fail(err_r, status_r, 403, _("Bạn không phụ trách hồ sơ này."));
    const char *want = open ? "planned" : "open";
    if (strcmp(d->status, want) != 0)
        return fail(err_r, status_r, 409,
                    open ? _("Hồ sơ đã được mở.") : _("Chỉ đóng được hồ sơ đang mở."));
    char today[16];
    clock_vn_today(today, sizeof today);
    const char *due = open ? NULL : handover_due_for(c, today);
    if (db_begin_write(c->db) != 0)
        return fail(err_r, status_r, 503, _(MSG_BUSY));
    db_stmt *s = db_stmt_get(c->db, open ? &q_open : &q_close);
    if (!s)
        goto dberr;
    db_bind_int(s, 1, id);
    db_bind_text(s, 2, today);
    if (!open)
        db_bind_text(s, 3, due);
    if (db_exec(s) != DB_DONE)
        goto dberr;
    if (db_changes(c->db) != 1) {
        db_rollback(c->db);
        return fail(err_r, status_r, 409, _("Hồ sơ vừa được người khác thay đổi."));
    }
    return commit_audited(c, open ? "dossier.open" : "dossier.close", id,
                          due ? json_pack("{s:s}", "handover_due", due) : NULL, err_r, status_r);
dberr:
    db_rollback(c->db);
    return fail(err_r, status_r, 500, _(MSG_DB));
}

int dossier_open(ctx *c, int64_t id, const char **err_r, int *status_r)
{
    return change_state(c, id, true, err_r, status_r);
}

int dossier_close(ctx *c, int64_t id, const char **err_r, int *status_r)
{
    return change_state(c, id, false, err_r, status_r);
}

static bool doc_visible(ctx *c, const char *kind, int64_t doc_id)
{
    if (strcmp(kind, "out") == 0)
        return outgoing_may_see(c, doc_id);
    return incoming_may_see(c, doc_id);
}

bool dossier_audit_may_see(ctx *c, const audit_row *row)
{
    if (strcmp(row->action, "dossier.heading_add") == 0) {
        db_stmt *s = db_stmt_get(c->db, &q_heading_get);
        if (!s)
            return false;
        db_bind_int(s, 1, row->entity_id);
        int64_t unit_id = db_step(s) == DB_ROW ? db_col_int(s, 1) : 0;
        db_reset(s);
        return unit_id > 0 && org_unit_in_scope(c, unit_id);
    }
    if (!dossier_get(c, row->entity_id))
        return false;
    if (strcmp(row->action, "dossier.file") != 0)
        return true;
    json_t *j = row->after_json ? json_loads(row->after_json, 0, NULL) : NULL;
    const char *kind = json_string_value(json_object_get(j, "doc_kind"));
    json_int_t doc_id = json_integer_value(json_object_get(j, "doc_id"));
    bool ok = kind && doc_id > 0 && doc_visible(c, kind, doc_id);
    json_decref(j);
    return ok;
}

int dossier_file(ctx *c, int64_t id, const char *doc_kind, int64_t doc_id, const char **err_r,
                 int *status_r)
{
    const dossier *d = dossier_get(c, id);
    if (!d)
        return fail(err_r, status_r, 404, _("Không tìm thấy hồ sơ."));
    if (!may_work(c, d))
        return fail(err_r, status_r, 403, _("Bạn không phụ trách hồ sơ này."));
    if (!doc_kind || (strcmp(doc_kind, "in") != 0 && strcmp(doc_kind, "out") != 0))
        return fail(err_r, status_r, 400, _("Loại văn bản phải là \"in\" hoặc \"out\"."));
    if (!doc_visible(c, doc_kind, doc_id))
        return fail(err_r, status_r, 404, _("Không tìm thấy văn bản."));
    if (strcmp(d->status, "open") != 0)
        return fail(err_r, status_r, 409, _("Chỉ đưa văn bản vào hồ sơ đang mở."));
    if (db_begin_write(c->db) != 0)
        return fail(err_r, status_r, 503, _(MSG_BUSY));
    db_stmt *s = db_stmt_get(c->db, &q_file);
    if (!s)
        goto dberr;
    db_bind_int(s, 1, id);
    db_bind_text(s, 2, doc_kind);
    db_bind_int(s, 3, doc_id);
    db_bind_int(s, 4, c->user->id);
    int rc = db_exec(s);
    if (rc == DB_CONSTRAINT) {
        db_rollback(c->db);
        return fail(err_r, status_r, 409, _("Văn bản đã có trong hồ sơ này."));
    }
    if (rc != DB_DONE)
        goto dberr;
    return commit_audited(
        c, "dossier.file", id,
        json_pack("{s:s, s:I}", "doc_kind", doc_kind, "doc_id", (json_int_t)doc_id), err_r,
        status_r);
dberr:
    db_rollback(c->db);
    return fail(err_r, status_r, 500, _(MSG_DB));
}

int dossier_docs_each(ctx *c, int64_t id, dossier_doc_cb cb, void *arg)
{
    /* Once the archive has accepted the dossier, its contents are served by the archive under
     * its own rules (archives.h): the archivist, or a reader granted access for a period. */
    if (archives_dossier_deposited(c->db, id) && !archives_may_read(c, id))
        return 0;
    db_stmt *s = db_stmt_get(c->db, &q_docs);
    if (!s)
        return 0;
    db_bind_int(s, 1, id);
    int n = 0, cap = 64;
    struct row {
        char kind[4];
        int64_t id;
        int ord;
    } *v = arena_alloc(c->a, sizeof *v * (size_t)cap);
    while (db_step(s) == DB_ROW) {
        ARENA_GROW(c->a, v, n, cap);
        snprintf(v[n].kind, sizeof v[n].kind, "%s", db_col_text(s, 0));
        v[n].id = db_col_int(s, 1);
        v[n].ord = (int)db_col_int(s, 2);
        n++;
    }
    db_reset(s);
    int shown = 0;
    for (int i = 0; i < n; i++) {
        if (!doc_visible(c, v[i].kind, v[i].id))
            continue; /* a secret document leaves no trace for those who may not see it */
        if (cb)
            cb(c, v[i].kind, v[i].id, v[i].ord, arg);
        shown++;
    }
    return shown;
}
