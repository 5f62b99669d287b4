/* Changes to tasks: assigning the clauses of a source, progress, completion with the reply
 * document, the office's confirmation or sending back, extensions, cancellation. Each one
 * validates everything first, then writes in one transaction with its audit row and the
 * notifications it causes (followup.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "audit/audit.h"
#include "base/i18n.h"
#include "followup/followup_impl.h"
#include "incoming/incoming.h"
#include "notify/notify.h"
#include "org/org.h"
#include "outgoing/outgoing.h"
#include "web/dates.h"
#include "web/params.h"
#include "workdays/workdays.h"

static const db_query q_insert = {
    "followup.insert",
    "INSERT INTO followup_tasks (unit_id, source_kind, source_id, source_title, source_clause, "
    "content, assigned_by, leader_user_id, lead_unit_id, due_date, original_due, priority, "
    "secrecy, created_by, created_at, assigned_on) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, "
    "?10, ?10, ?11, ?12, ?13, ?14, ?15)",
    NULL};
static const db_query q_coop_add = {
    "followup.coop_add", "INSERT INTO followup_task_units (task_id, unit_id) VALUES (?1, ?2)",
    NULL};
static const db_query q_event = {
    "followup.event",
    "INSERT INTO followup_progress (task_id, unit_id, user_id, at, kind, note, sha256, filename, "
    "mime, size) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    NULL};
static const db_query q_complete = {
    "followup.complete",
    "UPDATE followup_tasks SET completed_on = ?2, completion_outgoing_id = ?3, "
    "completion_sha256 = ?4, completion_filename = ?5, completion_mime = ?6, "
    "completion_note = ?7, reported_by = ?8, reported_at = ?9 WHERE id = ?1 AND "
    "confirmed_on IS NULL AND cancelled_on IS NULL",
    NULL};
static const db_query q_confirm = {
    "followup.confirm",
    "UPDATE followup_tasks SET confirmed_by = ?2, confirmed_on = ?3 WHERE id = ?1 AND "
    "completed_on IS NOT NULL AND confirmed_on IS NULL AND cancelled_on IS NULL",
    NULL};
static const db_query q_unreport = {
    "followup.unreport",
    "UPDATE followup_tasks SET completed_on = NULL, completion_outgoing_id = NULL, "
    "completion_sha256 = NULL, completion_filename = NULL, completion_mime = NULL, "
    "completion_note = NULL, reported_by = NULL, reported_at = NULL WHERE id = ?1 AND "
    "confirmed_on IS NULL",
    NULL};
static const db_query q_ext_add = {
    "followup.ext_add",
    "INSERT INTO followup_extensions (task_id, old_due, new_due, reason, requested_by, "
    "requested_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    NULL};
static const db_query q_ext_get = {
    "followup.ext_get", "SELECT task_id, new_due, status FROM followup_extensions WHERE id = ?1",
    NULL};
static const db_query q_ext_decide = {
    "followup.ext_decide",
    "UPDATE followup_extensions SET status = ?2, decided_by = ?3, decided_on = ?4, note = ?5 "
    "WHERE id = ?1 AND status = 'pending'",
    NULL};
static const db_query q_set_due = {"followup.set_due",
                                   "UPDATE followup_tasks SET due_date = ?2 WHERE id = ?1", NULL};
static const db_query q_cancel = {
    "followup.cancel",
    "UPDATE followup_tasks SET cancelled_on = ?2, cancel_reason = ?3, cancelled_by = ?4 "
    "WHERE id = ?1 AND cancelled_on IS NULL AND confirmed_on IS NULL",
    NULL};
static const db_query q_leader_ok = {
    "followup.leader_ok",
    "SELECT 1 FROM users WHERE id = ?1 AND disabled = 0 AND role IN ('committee-leader', "
    "'office-leader')",
    NULL};

#define MSG_NOT_FOUND N_("Không tìm thấy nhiệm vụ.")

static int refuse(web_err *e, int status, const char *code, const char *field, const char *msg)
{
    web_err_add(e, status, code, field, msg);
    return -1;
}

static const char *text_field(ctx *c, const char *v, size_t max, const char *field,
                              const char *label, bool required, web_err *e)
{
    const char *t = fu_trim(c, v);
    if (!t && required)
        web_err_add(e, 400, "invalid_input", field,
                    arena_printf(c->a, _("%s là bắt buộc."), label));
    else if (t && strlen(t) > max)
        web_err_add(e, 400, "invalid_input", field,
                    arena_printf(c->a, _("%s dài quá %zu ký tự."), label, max));
    return t;
}

static int notify_lead(ctx *c, int64_t task_id, int64_t lead_unit, const char *kind,
                       const char *text)
{
    const char *msg = arena_printf(c->a, _("Nhiệm vụ số %lld: %s"), (long long)task_id, text);
    static const enum role roles[] = {ROLE_UNIT, ROLE_CLERK, ROLE_OFFICE_LEADER};
    for (size_t i = 0; i < sizeof roles / sizeof roles[0]; i++)
        if (notify_unit_role(c->db, lead_unit, roles[i], arena_printf(c->a, "followup.%s", kind),
                             NULL, task_id, msg) != 0)
            return -1;
    return 0;
}

static int notify_office(ctx *c, const fu_task *t, const char *text)
{
    const char *msg = arena_printf(c->a, _("Nhiệm vụ số %lld: %s"), (long long)t->id, text);
    if (t->created_by &&
        notify_user(c->db, t->created_by, "followup." NOTIFY_INFO, NULL, t->id, msg) != 0)
        return -1;
    return 0;
}

/* ---- assigning ----------------------------------------------------------------------- */

static bool check_source(ctx *c, fu_batch_in *in, web_err *e)
{
    const char *kind = in->source_kind && *in->source_kind ? in->source_kind : "none";
    bool known = false;
    for (int i = 0; followup_source_kinds[i]; i++)
        known = known || strcmp(kind, followup_source_kinds[i]) == 0;
    if (!known) {
        web_err_add(e, 400, "invalid_input", "source", _("Loại nguồn nhiệm vụ không hợp lệ."));
        return false;
    }
    in->source_kind = kind;
    if (strcmp(kind, "outgoing") == 0) {
        const outgoing *o = in->source_id > 0 ? outgoing_get(c, in->source_id) : NULL;
        if (!o || o->status != OUT_ISSUED) {
            web_err_add(e, 400, "invalid_input", "source",
                        _("Không tìm thấy văn bản đi đã ban hành làm nguồn nhiệm vụ."));
            return false;
        }
        if (!fu_trim(c, in->source_title))
            in->source_title = arena_printf(c->a, "%s %s", o->notation ? o->notation : "",
                                            o->subject ? o->subject : "");
    } else if (strcmp(kind, "incoming") == 0) {
        const incoming *d = in->source_id > 0 ? incoming_get(c, in->source_id, false) : NULL;
        if (!d) {
            web_err_add(e, 400, "invalid_input", "source",
                        _("Không tìm thấy văn bản đến làm nguồn nhiệm vụ."));
            return false;
        }
        if (!fu_trim(c, in->source_title))
            in->source_title =
                arena_printf(c->a, "%s %s", d->code ? d->code : "", d->subject ? d->subject : "");
    } else if (strcmp(kind, "none") == 0) {
        in->source_id = 0;
    } else if (in->source_id <= 0) {
        web_err_add(e, 400, "invalid_input", "source", _("Thiếu mã nguồn nhiệm vụ."));
        return false;
    }
    in->source_title = text_field(c, in->source_title, FU_MAX_TITLE, "source_title",
                                  _("Văn bản, kết luận nguồn"), true, e);
    return in->source_title != NULL;
}

int followup_create(ctx *c, fu_batch_in *in, int64_t *ids_r, web_err *e)
{
    in->suggestion_item = -1;
    in->suggestion[0] = '\0';
    if (!followup_may_assign(c))
        return refuse(e, 403, "forbidden", NULL,
                      _("Chỉ lãnh đạo, văn thư, chuyên viên văn phòng giao nhiệm vụ."));
    const char *today = fu_today(c);
    check_source(c, in, e);
    const char *by = in->assigned_by && *in->assigned_by ? in->assigned_by : "TT";
    bool by_ok = false;
    for (int i = 0; followup_assigners[i]; i++)
        by_ok = by_ok || strcmp(by, followup_assigners[i]) == 0;
    if (!by_ok)
        web_err_add(e, 400, "invalid_input", "assigned_by", _("Cấp giao nhiệm vụ không hợp lệ."));
    if (in->leader_user_id > 0) {
        db_stmt *s = db_stmt_get(c->db, &q_leader_ok);
        bool ok = s && (db_bind_int(s, 1, in->leader_user_id), db_step(s) == DB_ROW);
        if (s)
            db_reset(s);
        if (!ok)
            web_err_add(e, 400, "invalid_input", "leader_user_id",
                        _("Lãnh đạo kết luận không hợp lệ."));
    }
    const char *on = in->assigned_on && *in->assigned_on ? in->assigned_on : today;
    if (!param_date(on) || strcmp(on, today) > 0)
        web_err_add(e, 400, "invalid_input", "assigned_on",
                    _("Ngày giao không hợp lệ (không sau hôm nay)."));
    if (in->priority < 0 || in->priority > 2 || in->secrecy < 0 || in->secrecy > 3)
        web_err_add(e, 400, "invalid_input", "priority",
                    _("Mức ưu tiên hoặc độ mật không hợp lệ."));
    if (in->n_items <= 0 || in->n_items > FU_MAX_ITEMS)
        web_err_add(e, 400, "invalid_input", "items",
                    arena_printf(c->a, _("Nhập từ 1 đến %d nhiệm vụ."), FU_MAX_ITEMS));
    for (int i = 0; i < in->n_items && i < FU_MAX_ITEMS; i++) {
        fu_item_in *it = &in->items[i];
        char f[48];
        snprintf(f, sizeof f, "items.%d.content", i);
        it->content = text_field(c, it->content, FU_MAX_CONTENT, arena_strdup(c->a, f),
                                 _("Nội dung nhiệm vụ"), true, e);
        snprintf(f, sizeof f, "items.%d.clause", i);
        it->clause = text_field(c, it->clause, FU_MAX_CLAUSE, arena_strdup(c->a, f), _("Mục, điểm"),
                                false, e);
        snprintf(f, sizeof f, "items.%d.lead", i);
        fu_check_unit(c, it->lead_unit_id, arena_strdup(c->a, f), e);
        snprintf(f, sizeof f, "items.%d.coop", i);
        for (int k = 0; k < it->n_coop; k++) {
            if (it->coop[k] == it->lead_unit_id) {
                web_err_add(e, 400, "invalid_input", arena_strdup(c->a, f),
                            _("Đơn vị chủ trì không đồng thời là đơn vị phối hợp."));
                break;
            }
            if (!fu_check_unit(c, it->coop[k], arena_strdup(c->a, f), e))
                break;
        }
        if (!it->ongoing) {
            snprintf(f, sizeof f, "items.%d.due", i);
            char sug[11] = "";
            if (!fu_check_due(c, it->due, arena_strdup(c->a, f), sug, e)) {
                if (sug[0] && in->suggestion_item < 0) {
                    in->suggestion_item = i;
                    memcpy(in->suggestion, sug, sizeof sug);
                }
            } else if (strcmp(it->due, on) < 0) {
                web_err_add(e, 400, "invalid_input", arena_strdup(c->a, f),
                            _("Hạn hoàn thành trước ngày giao."));
            }
        }
    }
    if (e->n)
        return -1;
    if (db_begin_write(c->db) != 0)
        return refuse(e, 503, "busy", NULL, _("Cơ sở dữ liệu đang bận, vui lòng thử lại."));
    const char *now = web_now_iso(c);
    for (int i = 0; i < in->n_items; i++) {
        fu_item_in *it = &in->items[i];
        const char *due = it->ongoing ? NULL : it->due;
        db_stmt *s = db_stmt_get(c->db, &q_insert);
        if (!s)
            return web_err_rollback(c, e);
        db_bind_int(s, 1, c->user->unit_id);
        db_bind_text(s, 2, in->source_kind);
        if (in->source_id > 0)
            db_bind_int(s, 3, in->source_id);
        db_bind_text(s, 4, in->source_title);
        db_bind_text(s, 5, it->clause ? it->clause : "");
        db_bind_text(s, 6, it->content);
        db_bind_text(s, 7, by);
        if (in->leader_user_id > 0)
            db_bind_int(s, 8, in->leader_user_id);
        db_bind_int(s, 9, it->lead_unit_id);
        db_bind_text(s, 10, due);
        db_bind_int(s, 11, in->priority);
        db_bind_int(s, 12, in->secrecy);
        db_bind_int(s, 13, c->user->id);
        db_bind_text(s, 14, now);
        db_bind_text(s, 15, on);
        if (db_exec(s) != DB_DONE)
            return web_err_rollback(c, e);
        int64_t id = db_last_id(c->db);
        ids_r[i] = id;
        json_t *coop = json_array();
        for (int k = 0; k < it->n_coop; k++) {
            db_stmt *x = db_stmt_get(c->db, &q_coop_add);
            if (!x) {
                json_decref(coop);
                return web_err_rollback(c, e);
            }
            db_bind_int(x, 1, id);
            db_bind_int(x, 2, it->coop[k]);
            int rc = db_exec(x);
            if (rc == DB_CONSTRAINT)
                continue; /* the same unit twice: once is enough */
            if (rc != DB_DONE) {
                json_decref(coop);
                return web_err_rollback(c, e);
            }
            json_array_append_new(coop, json_integer(it->coop[k]));
        }
        json_t *after =
            json_pack("{s:s, s:I, s:s, s:s, s:s, s:I, s:o, s:o, s:s}", "source_kind",
                      in->source_kind, "source_id", (json_int_t)in->source_id, "source_title",
                      in->source_title, "clause", it->clause ? it->clause : "", "content",
                      it->content, "lead_unit_id", (json_int_t)it->lead_unit_id, "coop_units", coop,
                      "due_date", due ? json_string(due) : json_null(), "assigned_on", on);
        char *aj = json_dumps(after, JSON_COMPACT);
        json_decref(after);
        int rc = audit_log(c->db, c->user, "followup.create", "followup", id, NULL, aj);
        free(aj);
        if (rc != 0)
            return web_err_rollback(c, e);
        const char *txt =
            due ? arena_printf(c->a, _("được giao \"%s\", hạn %s."), it->content,
                               web_date_vn(c, due))
                : arena_printf(c->a, _("được giao \"%s\" (thường xuyên)."), it->content);
        if (notify_lead(c, id, it->lead_unit_id, NOTIFY_ASSIGNED, txt) != 0)
            return web_err_rollback(c, e);
    }
    if (db_commit(c->db) != 0)
        return web_err_rollback(c, e);
    return in->n_items;
}

/* ---- what the units report ------------------------------------------------------------ */

static const fu_task *load(ctx *c, int64_t id, web_err *e)
{
    const fu_task *t = followup_get(c, id);
    if (!t)
        web_err_add(e, 404, "not_found", NULL, _(MSG_NOT_FOUND));
    return t;
}

static bool still_open(const fu_task *t, web_err *e)
{
    if (t->cancelled_on) {
        web_err_add(e, 409, "invalid_state", NULL, _("Nhiệm vụ đã dừng."));
        return false;
    }
    if (t->confirmed_on) {
        web_err_add(e, 409, "invalid_state", NULL, _("Nhiệm vụ đã hoàn thành và được xác nhận."));
        return false;
    }
    return true;
}

static int add_event(ctx *c, int64_t task_id, const char *kind, const char *note,
                     const http_upload *u, const char *mime, const char *name)
{
    db_stmt *s = db_stmt_get(c->db, &q_event);
    if (!s)
        return -1;
    db_bind_int(s, 1, task_id);
    db_bind_int(s, 2, c->user->unit_id);
    db_bind_int(s, 3, c->user->id);
    db_bind_text(s, 4, web_now_iso(c));
    db_bind_text(s, 5, kind);
    db_bind_text(s, 6, note ? note : "");
    if (u && mime) {
        db_bind_text(s, 7, u->sha256_hex);
        db_bind_text(s, 8, name);
        db_bind_text(s, 9, mime);
        db_bind_int(s, 10, u->size);
    }
    if (db_exec(s) != DB_DONE)
        return -1;
    return 0;
}

static int audit(ctx *c, const char *action, int64_t id, json_t *after)
{
    char *aj = after ? json_dumps(after, JSON_COMPACT) : NULL;
    json_decref(after);
    int rc = audit_log(c->db, c->user, action, "followup", id, NULL, aj);
    free(aj);
    return rc;
}

int64_t followup_progress(ctx *c, int64_t id, const char *note, const http_upload *u, web_err *e)
{
    const fu_task *t = load(c, id, e);
    if (!t)
        return -1;
    if (!followup_may_report(c, t))
        return refuse(e, 403, "forbidden", NULL,
                      _("Chỉ đơn vị chủ trì hoặc phối hợp báo cáo tiến độ."));
    if (!still_open(t, e))
        return -1;
    note = text_field(c, note, FU_MAX_NOTE, "note", _("Nội dung báo cáo"), true, e);
    const char *mime = NULL, *name = NULL;
    if (u && u->size > 0 && !e->n)
        fu_store_upload(c, u, "file", &mime, &name, e);
    if (e->n)
        return -1;
    if (db_begin_write(c->db) != 0)
        return refuse(e, 503, "busy", NULL, _("Cơ sở dữ liệu đang bận, vui lòng thử lại."));
    if (add_event(c, id, "progress", note, mime ? u : NULL, mime, name) != 0)
        return web_err_rollback(c, e);
    int64_t eid = db_last_id(c->db);
    if (audit(c, "followup.progress", id, json_pack("{s:s, s:s?}", "note", note, "file", name)) !=
            0 ||
        notify_office(c, t, _("đơn vị báo cáo tiến độ.")) != 0)
        return web_err_rollback(c, e);
    if (db_commit(c->db) != 0)
        return web_err_rollback(c, e);
    return eid;
}

int followup_complete(ctx *c, int64_t id, int64_t outgoing_id, const http_upload *u,
                      const char *doc_date, const char *note, web_err *e)
{
    const fu_task *t = load(c, id, e);
    if (!t)
        return -1;
    if (!followup_is_lead(c, t))
        return refuse(e, 403, "forbidden", NULL, _("Chỉ đơn vị chủ trì báo cáo hoàn thành."));
    if (!still_open(t, e))
        return -1;
    if (t->completed_on)
        return refuse(e, 409, "invalid_state", NULL,
                      _("Đã báo cáo hoàn thành, đang chờ văn phòng xác nhận."));
    note = text_field(c, note, FU_MAX_NOTE, "note", _("Ghi chú"), false, e);
    const char *date = NULL, *mime = NULL, *name = NULL;
    bool has_file = u && u->size > 0;
    if (outgoing_id > 0) {
        const outgoing *o = outgoing_get(c, outgoing_id);
        if (!o || o->status != OUT_ISSUED || o->unit_id != t->lead_unit_id || !o->issued_date ||
            strcmp(o->issued_date, t->assigned_on) < 0)
            web_err_add(e, 400, "invalid_input", "outgoing_id",
                        _("Chọn một văn bản đã ban hành của đơn vị (từ ngày giao nhiệm vụ)."));
        else
            date = o->issued_date;
    } else if (has_file) {
        if (!doc_date || !param_date(doc_date) || strcmp(doc_date, fu_today(c)) > 0 ||
            strcmp(doc_date, t->assigned_on) < 0)
            web_err_add(e, 400, "invalid_input", "doc_date",
                        _("Ngày của văn bản báo cáo không hợp lệ (từ ngày giao đến hôm nay)."));
        else
            date = doc_date;
    } else {
        web_err_add(e, 400, "invalid_input", "outgoing_id",
                    _("Chọn văn bản báo cáo kết quả của đơn vị, hoặc tải lên tệp văn bản."));
    }
    if (!e->n && has_file && outgoing_id <= 0)
        fu_store_upload(c, u, "file", &mime, &name, e);
    if (e->n)
        return -1;
    if (db_begin_write(c->db) != 0)
        return refuse(e, 503, "busy", NULL, _("Cơ sở dữ liệu đang bận, vui lòng thử lại."));
    db_stmt *s = db_stmt_get(c->db, &q_complete);
    if (!s)
        return web_err_rollback(c, e);
    db_bind_int(s, 1, id);
    db_bind_text(s, 2, date);
    if (outgoing_id > 0)
        db_bind_int(s, 3, outgoing_id);
    if (mime) {
        db_bind_text(s, 4, u->sha256_hex);
        db_bind_text(s, 5, name);
        db_bind_text(s, 6, mime);
    }
    db_bind_text(s, 7, note);
    db_bind_int(s, 8, c->user->id);
    db_bind_text(s, 9, web_now_iso(c));
    if (db_exec(s) != DB_DONE || db_changes(c->db) != 1)
        return web_err_rollback(c, e);
    const char *ev =
        arena_printf(c->a, _("Báo cáo hoàn thành, văn bản ngày %s."), web_date_vn(c, date));
    if (note)
        ev = arena_printf(c->a, "%s %s", ev, note);
    if (add_event(c, id, "completion", ev, mime ? u : NULL, mime, name) != 0 ||
        audit(c, "followup.complete", id,
              json_pack("{s:s, s:I, s:s?, s:s?}", "completed_on", date, "outgoing_id",
                        (json_int_t)outgoing_id, "file", name, "note", note)) != 0 ||
        notify_office(c, t, _("đơn vị báo cáo hoàn thành, chờ xác nhận.")) != 0)
        return web_err_rollback(c, e);
    if (db_commit(c->db) != 0)
        return web_err_rollback(c, e);
    return 0;
}

/* ---- the office's answer ------------------------------------------------------------- */

int followup_confirm(ctx *c, int64_t id, web_err *e)
{
    const fu_task *t = load(c, id, e);
    if (!t)
        return -1;
    if (!followup_may_manage(c, t))
        return refuse(e, 403, "forbidden", NULL,
                      _("Chỉ văn phòng giao nhiệm vụ xác nhận kết quả."));
    if (!still_open(t, e))
        return -1;
    if (!t->completed_on)
        return refuse(e, 409, "invalid_state", NULL, _("Đơn vị chưa báo cáo hoàn thành."));
    const char *today = fu_today(c);
    if (db_begin_write(c->db) != 0)
        return refuse(e, 503, "busy", NULL, _("Cơ sở dữ liệu đang bận, vui lòng thử lại."));
    db_stmt *s = db_stmt_get(c->db, &q_confirm);
    if (!s)
        return web_err_rollback(c, e);
    db_bind_int(s, 1, id);
    db_bind_int(s, 2, c->user->id);
    db_bind_text(s, 3, today);
    if (db_exec(s) != DB_DONE || db_changes(c->db) != 1)
        return web_err_rollback(c, e);
    enum fu_status st =
        followup_status(t->due_date, t->original_due, t->completed_on, today, NULL, today, NULL);
    if (add_event(c, id, "confirmed", followup_status_label(st), NULL, NULL, NULL) != 0 ||
        audit(c, "followup.confirm", id,
              json_pack("{s:s, s:s}", "confirmed_on", today, "status", followup_status_code(st))) !=
            0 ||
        notify_lead(c, id, t->lead_unit_id, NOTIFY_INFO, _("văn phòng đã xác nhận hoàn thành.")) !=
            0)
        return web_err_rollback(c, e);
    if (db_commit(c->db) != 0)
        return web_err_rollback(c, e);
    return 0;
}

int followup_return(ctx *c, int64_t id, const char *reason, web_err *e)
{
    const fu_task *t = load(c, id, e);
    if (!t)
        return -1;
    if (!followup_may_manage(c, t))
        return refuse(e, 403, "forbidden", NULL, _("Chỉ văn phòng giao nhiệm vụ trả lại kết quả."));
    if (!still_open(t, e))
        return -1;
    if (!t->completed_on)
        return refuse(e, 409, "invalid_state", NULL, _("Đơn vị chưa báo cáo hoàn thành."));
    reason = text_field(c, reason, FU_MAX_NOTE, "reason", _("Lý do trả lại"), true, e);
    if (e->n)
        return -1;
    if (db_begin_write(c->db) != 0)
        return refuse(e, 503, "busy", NULL, _("Cơ sở dữ liệu đang bận, vui lòng thử lại."));
    db_stmt *s = db_stmt_get(c->db, &q_unreport);
    if (!s)
        return web_err_rollback(c, e);
    db_bind_int(s, 1, id);
    if (db_exec(s) != DB_DONE || db_changes(c->db) != 1)
        return web_err_rollback(c, e);
    if (add_event(c, id, "returned", reason, NULL, NULL, NULL) != 0 ||
        audit(c, "followup.return", id,
              json_pack("{s:s, s:s}", "reason", reason, "returned_completed_on",
                        t->completed_on)) != 0 ||
        notify_lead(c, id, t->lead_unit_id, NOTIFY_INFO,
                    arena_printf(c->a, _("văn phòng trả lại kết quả: %s"), reason)) != 0)
        return web_err_rollback(c, e);
    if (db_commit(c->db) != 0)
        return web_err_rollback(c, e);
    return 0;
}

/* ---- extensions ---------------------------------------------------------------------- */

int64_t followup_extend_request(ctx *c, int64_t id, const char *new_due, const char *reason,
                                char suggestion[11], web_err *e)
{
    if (suggestion)
        suggestion[0] = '\0';
    const fu_task *t = load(c, id, e);
    if (!t)
        return -1;
    if (!followup_is_lead(c, t))
        return refuse(e, 403, "forbidden", NULL, _("Chỉ đơn vị chủ trì đề nghị gia hạn."));
    if (!still_open(t, e))
        return -1;
    if (!t->due_date)
        return refuse(e, 409, "invalid_state", NULL,
                      _("Nhiệm vụ thường xuyên không có hạn để gia hạn."));
    if (t->completed_on)
        return refuse(e, 409, "invalid_state", NULL, _("Đã báo cáo hoàn thành."));
    if (t->pending_extension)
        return refuse(e, 409, "invalid_state", NULL,
                      _("Đã có đề nghị gia hạn đang chờ quyết định."));
    if (fu_check_due(c, new_due, "new_due", suggestion, e) && strcmp(new_due, t->due_date) <= 0)
        web_err_add(e, 400, "invalid_input", "new_due", _("Hạn mới phải sau hạn hiện tại."));
    reason = text_field(c, reason, FU_MAX_NOTE, "reason", _("Lý do gia hạn"), true, e);
    if (e->n)
        return -1;
    if (db_begin_write(c->db) != 0)
        return refuse(e, 503, "busy", NULL, _("Cơ sở dữ liệu đang bận, vui lòng thử lại."));
    db_stmt *s = db_stmt_get(c->db, &q_ext_add);
    if (!s)
        return web_err_rollback(c, e);
    db_bind_int(s, 1, id);
    db_bind_text(s, 2, t->due_date);
    db_bind_text(s, 3, new_due);
    db_bind_text(s, 4, reason);
    db_bind_int(s, 5, c->user->id);
    db_bind_text(s, 6, web_now_iso(c));
    if (db_exec(s) != DB_DONE)
        return web_err_rollback(c, e);
    int64_t xid = db_last_id(c->db);
    if (add_event(
            c, id, "extension",
            arena_printf(c->a, _("Đề nghị gia hạn đến %s: %s"), web_date_vn(c, new_due), reason),
            NULL, NULL, NULL) != 0 ||
        audit(c, "followup.extend_request", id,
              json_pack("{s:I, s:s, s:s, s:s}", "extension_id", (json_int_t)xid, "old_due",
                        t->due_date, "new_due", new_due, "reason", reason)) != 0 ||
        notify_office(c, t, _("đơn vị đề nghị gia hạn.")) != 0)
        return web_err_rollback(c, e);
    if (db_commit(c->db) != 0)
        return web_err_rollback(c, e);
    return xid;
}

int followup_extend_decide(ctx *c, int64_t ext_id, bool approve, const char *note, web_err *e)
{
    int64_t task_id = 0;
    char new_due[11] = "", status[16] = "";
    db_stmt *s = db_stmt_get(c->db, &q_ext_get);
    if (s) {
        db_bind_int(s, 1, ext_id);
        if (db_step(s) == DB_ROW) {
            task_id = db_col_int(s, 0);
            snprintf(new_due, sizeof new_due, "%s", db_col_text(s, 1));
            snprintf(status, sizeof status, "%s", db_col_text(s, 2));
        }
        db_reset(s);
    }
    const fu_task *t = task_id ? followup_get(c, task_id) : NULL;
    if (!t)
        return refuse(e, 404, "not_found", NULL, _("Không tìm thấy đề nghị gia hạn."));
    if (!followup_may_extend(c, t))
        return refuse(e, 403, "forbidden", NULL,
                      _("Bạn không có quyền quyết định gia hạn (theo quy định đang áp dụng)."));
    if (strcmp(status, "pending") != 0)
        return refuse(e, 409, "invalid_state", NULL, _("Đề nghị gia hạn đã được quyết định."));
    if (!still_open(t, e))
        return -1;
    note = text_field(c, note, FU_MAX_NOTE, "note", _("Ý kiến"), !approve, e);
    if (e->n)
        return -1;
    const char *today = fu_today(c);
    if (db_begin_write(c->db) != 0)
        return refuse(e, 503, "busy", NULL, _("Cơ sở dữ liệu đang bận, vui lòng thử lại."));
    s = db_stmt_get(c->db, &q_ext_decide);
    if (!s)
        return web_err_rollback(c, e);
    db_bind_int(s, 1, ext_id);
    db_bind_text(s, 2, approve ? "approved" : "refused");
    db_bind_int(s, 3, c->user->id);
    db_bind_text(s, 4, today);
    db_bind_text(s, 5, note);
    if (db_exec(s) != DB_DONE || db_changes(c->db) != 1)
        return web_err_rollback(c, e);
    if (approve) {
        db_stmt *u = db_stmt_get(c->db, &q_set_due);
        if (!u)
            return web_err_rollback(c, e);
        db_bind_int(u, 1, task_id);
        db_bind_text(u, 2, new_due);
        if (db_exec(u) != DB_DONE)
            return web_err_rollback(c, e);
    }
    const char *ev = approve
                         ? arena_printf(c->a, _("Đồng ý gia hạn đến %s."), web_date_vn(c, new_due))
                         : arena_printf(c->a, _("Không đồng ý gia hạn: %s"), note);
    if (add_event(c, task_id, "extension", ev, NULL, NULL, NULL) != 0 ||
        audit(c, approve ? "followup.extend_approve" : "followup.extend_refuse", task_id,
              json_pack("{s:I, s:s, s:s, s:s?}", "extension_id", (json_int_t)ext_id, "old_due",
                        t->due_date, "new_due", new_due, "note", note)) != 0 ||
        notify_lead(c, task_id, t->lead_unit_id, NOTIFY_INFO, ev) != 0)
        return web_err_rollback(c, e);
    if (db_commit(c->db) != 0)
        return web_err_rollback(c, e);
    return 0;
}

int followup_cancel(ctx *c, int64_t id, const char *reason, web_err *e)
{
    const fu_task *t = load(c, id, e);
    if (!t)
        return -1;
    if (!followup_may_cancel(c, t))
        return refuse(e, 403, "forbidden", NULL,
                      _("Chỉ lãnh đạo văn phòng, Thường trực dừng nhiệm vụ."));
    if (!still_open(t, e))
        return -1;
    reason = text_field(c, reason, FU_MAX_NOTE, "reason", _("Lý do dừng"), true, e);
    if (e->n)
        return -1;
    const char *today = fu_today(c);
    if (db_begin_write(c->db) != 0)
        return refuse(e, 503, "busy", NULL, _("Cơ sở dữ liệu đang bận, vui lòng thử lại."));
    db_stmt *s = db_stmt_get(c->db, &q_cancel);
    if (!s)
        return web_err_rollback(c, e);
    db_bind_int(s, 1, id);
    db_bind_text(s, 2, today);
    db_bind_text(s, 3, reason);
    db_bind_int(s, 4, c->user->id);
    if (db_exec(s) != DB_DONE || db_changes(c->db) != 1)
        return web_err_rollback(c, e);
    if (add_event(c, id, "cancelled", reason, NULL, NULL, NULL) != 0 ||
        audit(c, "followup.cancel", id,
              json_pack("{s:s, s:s}", "cancelled_on", today, "reason", reason)) != 0 ||
        notify_lead(c, id, t->lead_unit_id, NOTIFY_INFO,
                    arena_printf(c->a, _("nhiệm vụ đã dừng: %s"), reason)) != 0)
        return web_err_rollback(c, e);
    if (db_commit(c->db) != 0)
        return web_err_rollback(c, e);
    return 0;
}
