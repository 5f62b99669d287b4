/* The status rule, the task's reading and who may do what (followup.h). */
#include "followup/followup.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "audit/audit.h"
#include "base/config.h"
#include "base/i18n.h"
#include "catalog/vocab.h"
#include "files/blob.h"
#include "files/files.h"
#include "followup/followup_impl.h"
#include "org/org.h"
#include "rules/rules.h"
#include "web/dates.h"
#include "web/params.h"
#include "workdays/workdays.h"

/* ---- the status rule ------------------------------------------------------------------- */

static bool on_or_before(const char *a, const char *b)
{
    return a && b && strcmp(a, b) <= 0;
}

enum fu_status followup_status(const char *due, const char *original_due, const char *completed_on,
                               const char *confirmed_on, const char *cancelled_on, const char *asof,
                               const char *horizon)
{
    if (cancelled_on && on_or_before(cancelled_on, asof))
        return FU_CANCELLED;
    if (completed_on && confirmed_on && on_or_before(completed_on, asof) &&
        on_or_before(confirmed_on, asof)) {
        if (!due || strcmp(completed_on, due) <= 0)
            return due && original_due && strcmp(completed_on, original_due) > 0 ? FU_DONE_EXTENDED
                                                                                 : FU_DONE_ON_TIME;
        return FU_DONE_LATE;
    }
    if (!due)
        return FU_ONGOING;
    if (asof && strcmp(due, asof) < 0)
        return FU_OVERDUE;
    if (horizon && strcmp(due, horizon) > 0)
        return FU_NOT_DUE;
    return FU_IN_TIME;
}

static const char *const status_codes[FU_NSTATUS] = {"not_due",      "in_time",       "overdue",
                                                     "done_on_time", "done_extended", "done_late",
                                                     "ongoing",      "cancelled"};

const char *followup_status_code(enum fu_status s)
{
    return s < FU_NSTATUS ? status_codes[s] : "";
}

const char *followup_status_label(enum fu_status s)
{
    switch (s) {
    case FU_NOT_DUE:
        return _("Chưa đến hạn");
    case FU_IN_TIME:
        return _("Đang thực hiện, trong hạn");
    case FU_OVERDUE:
        return _("Quá hạn");
    case FU_DONE_ON_TIME:
        return _("Hoàn thành đúng hạn");
    case FU_DONE_EXTENDED:
        return _("Hoàn thành đúng hạn sau gia hạn");
    case FU_DONE_LATE:
        return _("Hoàn thành quá hạn");
    case FU_ONGOING:
        return _("Thường xuyên");
    case FU_CANCELLED:
        return _("Đã dừng");
    default:
        return "";
    }
}

int followup_status_from_code(const char *code)
{
    for (int i = 0; code && i < FU_NSTATUS; i++)
        if (strcmp(code, status_codes[i]) == 0)
            return i;
    return -1;
}

#define M(s) (1u << (s))
const char *const followup_buckets[] = {"all",       "done_on_time", "done_extended", "done_late",
                                        "in_time",   "overdue",      "not_due",       "ongoing",
                                        "cancelled", "done",         "open",          NULL};

unsigned followup_bucket_mask(const char *b)
{
    if (!b || !*b || strcmp(b, "all") == 0)
        return (1u << FU_NSTATUS) - 1;
    if (strcmp(b, "done_on_time") == 0)
        return M(FU_DONE_ON_TIME) | M(FU_DONE_EXTENDED);
    if (strcmp(b, "done") == 0)
        return M(FU_DONE_ON_TIME) | M(FU_DONE_EXTENDED) | M(FU_DONE_LATE);
    if (strcmp(b, "open") == 0)
        return M(FU_IN_TIME) | M(FU_OVERDUE);
    int s = followup_status_from_code(b);
    return s < 0 ? 0 : M(s);
}

const char *followup_bucket_label(const char *b)
{
    if (!b || strcmp(b, "all") == 0)
        return _("Tất cả");
    if (strcmp(b, "done_on_time") == 0)
        return _("Hoàn thành đúng hạn");
    if (strcmp(b, "done") == 0)
        return _("Đã hoàn thành");
    if (strcmp(b, "open") == 0)
        return _("Chưa hoàn thành");
    int s = followup_status_from_code(b);
    return s < 0 ? "" : followup_status_label((enum fu_status)s);
}

const char *const followup_source_kinds[] = {"incoming",   "outgoing", "programme_item",
                                             "conference", "none",     NULL};
const char *const followup_assigners[] = {"TT", "BTV", "BCH", "leader", NULL};

const char *followup_assigner_label(const char *code)
{
    if (!code)
        return "";
    if (strcmp(code, "BCH") == 0)
        return _("Ban Chấp hành");
    if (strcmp(code, "BTV") == 0)
        return _("Ban Thường vụ");
    if (strcmp(code, "TT") == 0)
        return _("Thường trực");
    return _("Lãnh đạo");
}

int followup_rate_permille(const fu_count *t)
{
    int64_t done = t->n[FU_DONE_ON_TIME] + t->n[FU_DONE_EXTENDED] + t->n[FU_DONE_LATE];
    int64_t base = done + t->n[FU_OVERDUE];
    return base ? (int)((done * 1000 + base / 2) / base) : -1;
}

/* ---- fu_status() in SQL: the same function ----------------------------------------------- */

static const char *arg_text(sqlite3_value *v)
{
    return sqlite3_value_type(v) == SQLITE_NULL ? NULL : (const char *)sqlite3_value_text(v);
}

static void sql_status(sqlite3_context *cx, int argc, sqlite3_value **v)
{
    (void)argc;
    sqlite3_result_int(cx, (int)followup_status(arg_text(v[0]), arg_text(v[1]), arg_text(v[2]),
                                                arg_text(v[3]), arg_text(v[4]), arg_text(v[5]),
                                                arg_text(v[6])));
}

static int define(void *h)
{
    return sqlite3_create_function(h, "fu_status", 7, SQLITE_UTF8 | SQLITE_DETERMINISTIC, NULL,
                                   sql_status, NULL, NULL) == SQLITE_OK
               ? 0
               : -1;
}

/* Every connection opened after followup_init gets the function as it opens (db_add_open_hook).
 * One opened before (app_open's own thread connection) gets it on first use: registering on a
 * connection whose statements are cached would expire them, so once, remembered by the handle.
 * A handle reused by a later connection was opened after the hook, so it has the function. */
int fu_sql_open_hook(void *sqlite_handle)
{
    return define(sqlite_handle);
}

int fu_sql_ready(db *d)
{
    static _Thread_local void *done[4];
    void *h = db_sqlite_handle(d);
    if (!h) /* PostgreSQL: fu_status is a SQL function of the schema (pg/057_pg_parity.sql) */
        return 0;
    for (int i = 0; i < 4; i++)
        if (done[i] == h)
            return 0;
    if (define(h) != 0)
        return -1;
    memmove(done + 1, done, sizeof done - sizeof done[0]);
    done[0] = h;
    return 0;
}

/* ---- reading a task -------------------------------------------------------------------- */

static const char *col(ctx *c, db_stmt *s, int i)
{
    const char *v = db_col_text(s, i);
    return v ? arena_strdup(c->a, v) : NULL;
}

const char *fu_today(ctx *c)
{
    return web_today(c);
}

void fu_row_task(ctx *c, db_stmt *s, fu_task *t)
{
    memset(t, 0, sizeof *t);
    t->id = db_col_int(s, 0);
    t->unit_id = db_col_int(s, 1);
    t->source_id = db_col_int(s, 2);
    t->leader_user_id = db_col_int(s, 3);
    t->lead_unit_id = db_col_int(s, 4);
    t->created_by = db_col_int(s, 5);
    t->completion_outgoing_id = db_col_int(s, 6);
    t->reported_by = db_col_int(s, 7);
    t->confirmed_by = db_col_int(s, 8);
    t->cancelled_by = db_col_int(s, 9);
    t->source_kind = col(c, s, 10);
    t->source_title = col(c, s, 11);
    t->source_clause = col(c, s, 12);
    t->content = col(c, s, 13);
    t->assigned_by = col(c, s, 14);
    t->due_date = col(c, s, 15);
    t->original_due = col(c, s, 16);
    t->created_at = col(c, s, 17);
    t->assigned_on = col(c, s, 18);
    t->completed_on = col(c, s, 19);
    t->completion_note = col(c, s, 20);
    t->completion_filename = col(c, s, 21);
    t->reported_at = col(c, s, 22);
    t->confirmed_on = col(c, s, 23);
    t->cancelled_on = col(c, s, 24);
    t->cancel_reason = col(c, s, 25);
    t->priority = (int)db_col_int(s, 26);
    t->secrecy = (int)db_col_int(s, 27);
    t->unit_name = col(c, s, 28);
    t->lead_unit_name = col(c, s, 29);
    t->leader_name = col(c, s, 30);
    t->has_completion_file = db_col_int(s, 31) != 0;
    t->pending_extension = db_col_int(s, 32) != 0;
    t->status = followup_status(t->due_date, t->original_due, t->completed_on, t->confirmed_on,
                                t->cancelled_on, fu_today(c), NULL);
}

static const db_query q_get = {
    "followup.get",
    "SELECT " FU_TASK_COLS
    " FROM followup_tasks t WHERE t.id = ?1 AND " FU_VISIBLE("?2", "?3", "?4", "?5"),
    NULL};
static const db_query q_coop = {
    "followup.coop",
    "SELECT x.unit_id, u.name FROM followup_task_units x JOIN units u ON u.id = x.unit_id "
    "WHERE x.task_id = ?1 ORDER BY u.sort_order, u.id",
    NULL};
static const db_query q_events = {
    "followup.events",
    "SELECT p.id, p.unit_id, p.user_id, coalesce(p.size, 0), p.at, p.kind, p.note, p.filename, "
    "(SELECT name FROM units WHERE id = p.unit_id), (SELECT name FROM users WHERE id = "
    "p.user_id), p.sha256, p.mime FROM followup_progress p WHERE p.task_id = ?1 "
    "AND (?2 = 0 OR p.id = ?2) ORDER BY p.id",
    NULL};
static const db_query q_exts = {
    "followup.extensions",
    "SELECT e.id, e.task_id, e.requested_by, coalesce(e.decided_by, 0), e.old_due, e.new_due, "
    "e.reason, e.requested_at, e.status, e.decided_on, e.note, (SELECT name FROM users WHERE "
    "id = e.requested_by), (SELECT name FROM users WHERE id = e.decided_by) "
    "FROM followup_extensions e WHERE e.task_id = ?1 ORDER BY e.id",
    NULL};

bool fu_sees_secret(const ctx *c)
{
    enum role r = c->user ? c->user->role : ROLE_NONE;
    return r == ROLE_COMMITTEE_LEADER || r == ROLE_OFFICE_LEADER || r == ROLE_CLERK;
}

const fu_task *followup_get(ctx *c, int64_t id)
{
    if (!c->user || id <= 0)
        return NULL;
    db_stmt *s = db_stmt_get(c->db, &q_get);
    if (!s)
        return NULL;
    db_bind_int(s, 1, id);
    db_bind_text(s, 2, org_scope_json(c));
    db_bind_int(s, 3, fu_sees_secret(c));
    db_bind_int(s, 4, c->user->id);
    db_bind_int(s, 5, c->user->unit_id);
    fu_task *t = NULL;
    if (db_step(s) == DB_ROW) {
        t = arena_alloc(c->a, sizeof *t);
        fu_row_task(c, s, t);
    }
    db_reset(s);
    return t;
}

int followup_coop_units(ctx *c, int64_t task_id, int64_t **ids_r, const char ***names_r)
{
    db_stmt *s = db_stmt_get(c->db, &q_coop);
    int n = 0;
    *ids_r = arena_alloc(c->a, sizeof **ids_r * FU_MAX_COOP);
    *names_r = arena_alloc(c->a, sizeof **names_r * FU_MAX_COOP);
    if (!s)
        return 0;
    db_bind_int(s, 1, task_id);
    while (n < FU_MAX_COOP && db_step(s) == DB_ROW) {
        (*ids_r)[n] = db_col_int(s, 0);
        (*names_r)[n] = col(c, s, 1);
        n++;
    }
    db_reset(s);
    return n;
}

static int events(ctx *c, int64_t task_id, int64_t event_id, fu_event **rows_r)
{
    db_stmt *s = db_stmt_get(c->db, &q_events);
    int n = 0, cap = 16;
    fu_event *rows = arena_alloc(c->a, sizeof *rows * (size_t)cap);
    if (s) {
        db_bind_int(s, 1, task_id);
        db_bind_int(s, 2, event_id);
        while (db_step(s) == DB_ROW) {
            if (n == cap) {
                fu_event *more = arena_alloc(c->a, sizeof *rows * (size_t)cap * 2);
                memcpy(more, rows, sizeof *rows * (size_t)n);
                rows = more;
                cap *= 2;
            }
            fu_event *e = &rows[n++];
            e->id = db_col_int(s, 0);
            e->unit_id = db_col_int(s, 1);
            e->user_id = db_col_int(s, 2);
            e->size = db_col_int(s, 3);
            e->at = col(c, s, 4);
            e->kind = col(c, s, 5);
            e->note = col(c, s, 6);
            e->filename = col(c, s, 7);
            e->unit_name = col(c, s, 8);
            e->user_name = col(c, s, 9);
            e->sha256 = col(c, s, 10);
            e->mime = col(c, s, 11);
        }
        db_reset(s);
    }
    *rows_r = rows;
    return n;
}

int followup_events(ctx *c, int64_t task_id, fu_event **rows_r)
{
    return events(c, task_id, 0, rows_r);
}

const fu_event *followup_event_get(ctx *c, int64_t task_id, int64_t event_id)
{
    fu_event *rows;
    if (event_id <= 0 || !followup_get(c, task_id))
        return NULL;
    return events(c, task_id, event_id, &rows) == 1 ? &rows[0] : NULL;
}

int followup_extensions(ctx *c, int64_t task_id, fu_extension **rows_r)
{
    db_stmt *s = db_stmt_get(c->db, &q_exts);
    int n = 0;
    fu_extension *rows = arena_alloc(c->a, sizeof *rows * 64);
    if (s) {
        db_bind_int(s, 1, task_id);
        while (n < 64 && db_step(s) == DB_ROW) {
            fu_extension *x = &rows[n++];
            x->id = db_col_int(s, 0);
            x->task_id = db_col_int(s, 1);
            x->requested_by = db_col_int(s, 2);
            x->decided_by = db_col_int(s, 3);
            x->old_due = col(c, s, 4);
            x->new_due = col(c, s, 5);
            x->reason = col(c, s, 6);
            x->requested_at = col(c, s, 7);
            x->status = col(c, s, 8);
            x->decided_on = col(c, s, 9);
            x->note = col(c, s, 10);
            x->requested_name = col(c, s, 11);
            x->decided_name = col(c, s, 12);
        }
        db_reset(s);
    }
    *rows_r = rows;
    return n;
}

/* The audit trail's resolver for entity "followup": a task's rows to whoever may see the task
 * (a secret task's contents stay hidden from the others); the reminder sweep's rows (no task)
 * to everyone who reads the trail. */
bool followup_audit_may_see(ctx *c, const audit_row *row)
{
    return row->entity_id == 0 || followup_get(c, row->entity_id) != NULL;
}

/* ---- who may do what ------------------------------------------------------------------- */

static bool assigning_role(const ctx *c)
{
    enum role r = c->user ? c->user->role : ROLE_NONE;
    return r == ROLE_COMMITTEE_LEADER || r == ROLE_OFFICE_LEADER || r == ROLE_CLERK ||
           r == ROLE_SPECIALIST;
}

bool followup_may_assign(ctx *c)
{
    return assigning_role(c);
}

bool followup_may_manage(ctx *c, const fu_task *t)
{
    return t && assigning_role(c) && org_unit_in_scope(c, t->unit_id) &&
           c->user->unit_id != t->lead_unit_id;
}

bool followup_may_cancel(ctx *c, const fu_task *t)
{
    return followup_may_manage(c, t) &&
           (c->user->role == ROLE_COMMITTEE_LEADER || c->user->role == ROLE_OFFICE_LEADER);
}

bool followup_is_lead(ctx *c, const fu_task *t)
{
    return t && c->user && c->user->role != ROLE_ADMIN && c->user->unit_id == t->lead_unit_id;
}

bool followup_may_report(ctx *c, const fu_task *t)
{
    if (followup_is_lead(c, t))
        return true;
    if (!t || !c->user || c->user->role == ROLE_ADMIN)
        return false;
    int64_t *ids;
    const char **names;
    int n = followup_coop_units(c, t->id, &ids, &names);
    for (int i = 0; i < n; i++)
        if (ids[i] == c->user->unit_id)
            return true;
    return false;
}

bool followup_may_extend(ctx *c, const fu_task *t)
{
    if (!followup_may_manage(c, t))
        return false;
    char buf[256];
    const char *who = rules_text(c->db, "followup.extend_role", NULL, buf, sizeof buf);
    if (c->user->role == ROLE_COMMITTEE_LEADER)
        return true;
    return who && strcmp(who, "office-leader") == 0 && c->user->role == ROLE_OFFICE_LEADER;
}

/* ---- checks shared by the writes ------------------------------------------------------- */

const char *fu_trim(ctx *c, const char *s)
{
    if (!s)
        return NULL;
    while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
        s++;
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\n' || s[n - 1] == '\r'))
        n--;
    if (!n)
        return NULL;
    char *o = arena_alloc(c->a, n + 1);
    memcpy(o, s, n);
    o[n] = '\0';
    return o;
}

bool fu_check_unit(ctx *c, int64_t unit_id, const char *field, web_err *e)
{
    const unit *u = unit_id > 0 ? org_unit_get(c, unit_id) : NULL;
    if (!u) {
        web_err_add(e, 400, "invalid_input", field, _("Chọn đơn vị."));
        return false;
    }
    if (!org_unit_active(u)) {
        unit_link *links;
        int nl = org_unit_links(c, unit_id, &links);
        strbuf names = STRBUF_INIT;
        for (int i = 0; i < nl; i++)
            if (links[i].unit_id == unit_id && links[i].successor_name) {
                if (names.len)
                    sb_adds(&names, ", ");
                sb_adds(&names, links[i].successor_name);
            }
        const char *msg =
            names.len ? arena_printf(c->a,
                                     _("%s đã giải thể (ngừng hoạt động), không giao nhiệm vụ "
                                       "được. Đơn vị kế thừa: %s."),
                                     u->name, sb_str(&names))
                      : arena_printf(c->a,
                                     _("%s đã giải thể (ngừng hoạt động), không giao nhiệm vụ "
                                       "được."),
                                     u->name);
        sb_free(&names);
        web_err_add(e, 400, "invalid_input", field, msg);
        return false;
    }
    const unit **path;
    int n = org_unit_path(c, unit_id, &path);
    int64_t anchor = org_scope_anchor(c->db, c->user->unit_id);
    bool inside = false;
    for (int i = 0; i < n; i++)
        inside = inside || path[i]->id == anchor;
    if (!inside) {
        web_err_add(
            e, 400, "invalid_input", field,
            arena_printf(c->a, _("%s không thuộc phạm vi giao nhiệm vụ của cấp ủy."), u->name));
        return false;
    }
    return true;
}

bool fu_check_due(ctx *c, const char *due, const char *field, char suggestion[11], web_err *e)
{
    if (!due || !*due) {
        web_err_add(e, 400, "invalid_input", field,
                    _("Nhập hạn hoàn thành, hoặc chọn \"Thường xuyên\"."));
        return false;
    }
    if (!param_date(due)) {
        web_err_add(e, 400, "invalid_input", field,
                    _("Hạn hoàn thành không hợp lệ (ngày/tháng/năm)."));
        return false;
    }
    if (!workdays_is_working(c->db, due)) {
        char why[WORKDAY_MAX_NAME + 1], next[11];
        const char *reason = workdays_reason(c->db, due, why, sizeof why);
        if (workdays_next(c->db, due, next) != 0)
            next[0] = '\0';
        if (suggestion)
            memcpy(suggestion, next, 11);
        web_err_add(e, 400, "invalid_input", field,
                    arena_printf(c->a, _("Ngày %s là ngày nghỉ (%s). Ngày làm việc tiếp theo: %s."),
                                 web_date_vn(c, due), reason ? reason : _("ngày nghỉ"),
                                 web_date_vn(c, next)));
        return false;
    }
    return true;
}

int fu_store_upload(ctx *c, const http_upload *u, const char *field, const char **mime_r,
                    const char **name_r, web_err *e)
{
    if (!u || !u->tmp_path || u->size <= 0) {
        web_err_add(e, 400, "invalid_input", field, _("Tệp rỗng."));
        return -1;
    }
    const char *mime = attach_sniff(c, u->tmp_path);
    if (!mime || !attach_mime_allowed(mime)) {
        web_err_add(e, 415, "unsupported_type", field,
                    _("Loại tệp không được nhận (PDF, ảnh, Word, Excel, ODT, văn bản)."));
        return -1;
    }
    const char *err = NULL;
    if (blob_put(config.blob_dir, u->tmp_path, u->sha256_hex, &err) != 0) {
        web_err_add(e, 500, "internal", field, _("Không lưu được tệp. Hãy thử lại."));
        return -1;
    }
    const char *name = u->filename && *u->filename ? u->filename : "tep-dinh-kem";
    const char *slash = strrchr(name, '/');
    name = slash ? slash + 1 : name;
    char *clean = arena_strdup(c->a, name);
    for (char *p = clean; *p; p++)
        if ((unsigned char)*p < 0x20 || *p == '"' || *p == '\\')
            *p = '_';
    if (strlen(clean) > 200)
        clean[200] = '\0'; /* may cut a character: a display name only */
    *mime_r = mime;
    *name_r = clean;
    return 0;
}

/* ---- JSON ---------------------------------------------------------------------------- */

static json_t *str_or_null(const char *s)
{
    return s ? json_string(s) : json_null();
}

json_t *followup_json(ctx *c, const fu_task *t)
{
    json_t *coop = json_array();
    int64_t *ids;
    const char **names;
    int n = followup_coop_units(c, t->id, &ids, &names);
    for (int i = 0; i < n; i++)
        json_array_append_new(coop, json_pack("{s:I, s:s}", "id", (json_int_t)ids[i], "name",
                                              names[i] ? names[i] : ""));
    json_t *j = json_object();
    json_object_set_new(j, "id", json_integer(t->id));
    json_object_set_new(j, "unit_id", json_integer(t->unit_id));
    json_object_set_new(j, "unit_name", str_or_null(t->unit_name));
    json_object_set_new(j, "source_kind", str_or_null(t->source_kind));
    json_object_set_new(j, "source_id", t->source_id ? json_integer(t->source_id) : json_null());
    json_object_set_new(j, "source_title", str_or_null(t->source_title));
    json_object_set_new(j, "source_clause", str_or_null(t->source_clause));
    json_object_set_new(j, "content", str_or_null(t->content));
    json_object_set_new(j, "assigned_by", str_or_null(t->assigned_by));
    json_object_set_new(j, "leader_user_id",
                        t->leader_user_id ? json_integer(t->leader_user_id) : json_null());
    json_object_set_new(j, "leader_name", str_or_null(t->leader_name));
    json_object_set_new(j, "lead_unit_id", json_integer(t->lead_unit_id));
    json_object_set_new(j, "lead_unit_name", str_or_null(t->lead_unit_name));
    json_object_set_new(j, "coop_units", coop);
    json_object_set_new(j, "due_date", str_or_null(t->due_date));
    json_object_set_new(j, "original_due", str_or_null(t->original_due));
    json_object_set_new(j, "ongoing", json_boolean(!t->due_date));
    json_object_set_new(j, "assigned_on", str_or_null(t->assigned_on));
    json_object_set_new(j, "priority", json_integer(t->priority));
    json_object_set_new(j, "secrecy", json_string(secrecy_code((enum secrecy)t->secrecy)));
    json_object_set_new(j, "completed_on", str_or_null(t->completed_on));
    json_object_set_new(j, "completion_outgoing_id",
                        t->completion_outgoing_id ? json_integer(t->completion_outgoing_id)
                                                  : json_null());
    json_object_set_new(j, "completion_note", str_or_null(t->completion_note));
    json_object_set_new(j, "awaiting_confirmation",
                        json_boolean(t->completed_on && !t->confirmed_on));
    json_object_set_new(j, "confirmed_on", str_or_null(t->confirmed_on));
    json_object_set_new(j, "cancelled_on", str_or_null(t->cancelled_on));
    json_object_set_new(j, "cancel_reason", str_or_null(t->cancel_reason));
    json_object_set_new(j, "pending_extension", json_boolean(t->pending_extension));
    json_object_set_new(j, "status", json_string(followup_status_code(t->status)));
    json_object_set_new(j, "status_label", json_string(followup_status_label(t->status)));
    return j;
}
