/* Programme items: adding, status with reasons, carrying over, building a quarter from the
 * annual programme, history, and the views across programmes (programmes.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "auth/auth.h"
#include "base/i18n.h"
#include "org/org.h"
#include "outgoing/outgoing.h"
#include "programmes/programmes.h"
#include "programmes/programmes_impl.h"
#include "rules/rules.h"
#include "web/dates.h"
#include "web/params.h"
#include "workdays/workdays.h"

#define I_COLS                                                                                     \
    "i.id, i.programme_id, i.seq, i.title, i.doc_form, i.deciding_body, i.lead_unit_id, lu.name, " \
    "coalesce(i.preparer_user_id, 0), pu.name, coalesce(i.planned_month, 0), i.planned_date, "     \
    "i.due_date, i.status, i.status_reason, coalesce(i.result_outgoing_id, 0), o.notation, "       \
    "coalesce(i.origin_item_id, 0), i.origin_kind, coalesce(i.carried_to_item_id, 0), i.note, "    \
    "(SELECT group_concat(u2.name, '; ') FROM programme_item_units x JOIN units u2 ON "            \
    "u2.id = x.unit_id WHERE x.item_id = i.id), (SELECT group_concat(x.unit_id) FROM "             \
    "programme_item_units x WHERE x.item_id = i.id), p.title, p.unit_id"
#define I_FROM                                                                                     \
    " FROM programme_items i JOIN programmes p ON p.id = i.programme_id JOIN units lu ON "         \
    "lu.id = i.lead_unit_id LEFT JOIN users pu ON pu.id = i.preparer_user_id LEFT JOIN "           \
    "outgoing o ON o.id = i.result_outgoing_id AND o.status = 'issued'"
/* An item picked into an approved derived programme is followed there, not twice. */
#define NOT_PICKED                                                                                 \
    " AND NOT EXISTS (SELECT 1 FROM programme_items ch JOIN programmes cp ON cp.id = "             \
    "ch.programme_id WHERE ch.origin_item_id = i.id AND ch.origin_kind = 'pick' AND "              \
    "cp.status = 'DA_DUYET')"

static const db_query q_item = {"programme.item", "SELECT " I_COLS I_FROM " WHERE i.id = ?1", NULL};
static const db_query q_items = {
    "programme.items", "SELECT " I_COLS I_FROM " WHERE i.programme_id = ?1 ORDER BY i.seq", NULL};
static const db_query q_lead = {
    "programme.lead_items",
    "SELECT " I_COLS I_FROM
    " WHERE i.id IN (SELECT id FROM programme_items WHERE lead_unit_id = ?1 AND due_date "
    "BETWEEN ?2 AND ?3 UNION SELECT item_id FROM programme_item_units WHERE unit_id = ?1)"
    " AND i.due_date BETWEEN ?2 AND ?3 AND p.status = 'DA_DUYET' AND i.carried_to_item_id IS "
    "NULL" NOT_PICKED " ORDER BY i.due_date, i.id LIMIT 500",
    NULL};
static const db_query q_overdue = {
    "programme.overdue",
    "SELECT " I_COLS I_FROM
    " WHERE i.status NOT IN ('DA_THONG_QUA', 'HUY', 'HOAN') AND i.carried_to_item_id IS NULL"
    " AND i.due_date <= ?2 AND (i.due_date < ?1 OR i.status IN ('KE_HOACH', 'DANG_CHUAN_BI'))"
    " AND p.status = 'DA_DUYET' AND (p.unit_id IN (SELECT value FROM json_each(?3)) OR "
    "p.unit_id = ?4)" NOT_PICKED " ORDER BY i.due_date, i.id LIMIT 500",
    NULL};
static const db_query q_insert = {
    "programme.item_insert",
    "INSERT INTO programme_items (programme_id, seq, title, doc_form, deciding_body, "
    "lead_unit_id, preparer_user_id, planned_month, planned_date, due_date, status, "
    "status_reason, result_outgoing_id, origin_item_id, origin_kind, note, created_by, "
    "created_at, updated_at) SELECT ?1, coalesce(max(seq), 0) + 1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, "
    "?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?17 FROM programme_items WHERE programme_id = ?1",
    NULL};
static const db_query q_coop = {
    "programme.item_coop", "INSERT INTO programme_item_units (item_id, unit_id) VALUES (?1, ?2)",
    NULL};
static const db_query q_event = {
    "programme.item_event",
    "INSERT INTO programme_item_events (item_id, at, actor_id, action, from_status, to_status, "
    "reason, ref_item_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    NULL};
static const db_query q_set_status = {
    "programme.item_status",
    "UPDATE programme_items SET status = ?2, status_reason = ?3, result_outgoing_id = ?4, "
    "updated_at = ?5 WHERE id = ?1 AND status = ?6",
    NULL};
static const db_query q_carried = {
    "programme.item_carried",
    "UPDATE programme_items SET carried_to_item_id = ?2, updated_at = ?3 WHERE id = ?1 AND "
    "carried_to_item_id IS NULL",
    NULL};
static const db_query q_events = {
    "programme.item_events",
    "SELECT e.item_id, e.at, coalesce(u.name, ''), e.action, e.from_status, e.to_status, "
    "e.reason, p.title FROM programme_item_events e JOIN programme_items i ON i.id = e.item_id "
    "JOIN programmes p ON p.id = i.programme_id LEFT JOIN users u ON u.id = e.actor_id "
    "WHERE e.item_id = ?1 ORDER BY e.id",
    NULL};
static const db_query q_picked = {
    "programme.item_picked",
    "SELECT 1 FROM programme_items ch JOIN programmes cp ON cp.id = ch.programme_id WHERE "
    "ch.origin_item_id = ?1 AND ch.origin_kind = 'pick' AND cp.kind = ?2 AND cp.period = ?3 AND "
    "cp.status <> 'HET_HIEU_LUC'",
    NULL};

static const char *dup(ctx *c, db_stmt *s, int col)
{
    const char *t = db_col_text(s, col);
    return t ? arena_strdup(c->a, t) : NULL;
}

static void read_i(ctx *c, db_stmt *s, prog_item *it)
{
    it->id = db_col_int(s, 0);
    it->programme_id = db_col_int(s, 1);
    it->seq = (int)db_col_int(s, 2);
    it->title = dup(c, s, 3);
    it->doc_form = dup(c, s, 4);
    it->deciding_body = dup(c, s, 5);
    it->lead_unit_id = db_col_int(s, 6);
    it->lead_unit_name = dup(c, s, 7);
    it->preparer_user_id = db_col_int(s, 8);
    it->preparer_name = dup(c, s, 9);
    it->planned_month = (int)db_col_int(s, 10);
    it->planned_date = dup(c, s, 11);
    it->due_date = dup(c, s, 12);
    it->status = dup(c, s, 13);
    it->status_reason = dup(c, s, 14);
    it->result_outgoing_id = db_col_int(s, 15);
    it->result_notation = dup(c, s, 16);
    it->origin_item_id = db_col_int(s, 17);
    it->origin_kind = dup(c, s, 18);
    it->carried_to_item_id = db_col_int(s, 19);
    it->note = dup(c, s, 20);
    const char *names = db_col_text(s, 21);
    it->coop_names = names ? arena_strdup(c->a, names) : "";
    const char *ids = db_col_text(s, 22);
    it->n_coop = 0;
    it->coop_ids = NULL;
    if (ids && *ids) {
        int n = 1;
        for (const char *p = ids; *p; p++)
            n += *p == ',';
        it->coop_ids = arena_alloc(c->a, sizeof(int64_t) * (size_t)n);
        for (char *p = (char *)ids; *p;) {
            it->coop_ids[it->n_coop++] = strtoll(p, &p, 10);
            if (*p == ',')
                p++;
        }
    }
    it->programme_title = dup(c, s, 23);
    it->programme_unit_id = db_col_int(s, 24);
}

static int collect(ctx *c, db_stmt *s, prog_item **list_r)
{
    int n = 0, cap = 32;
    prog_item *v = arena_alloc(c->a, sizeof *v * (size_t)cap);
    while (s && db_step(s) == DB_ROW) {
        ARENA_GROW(c->a, v, n, cap);
        read_i(c, s, &v[n++]);
    }
    if (s)
        db_reset(s);
    *list_r = v;
    return n;
}

const prog_item *prog_item_load(ctx *c, int64_t item_id)
{
    db_stmt *s = db_stmt_get(c->db, &q_item);
    if (!s)
        return NULL;
    db_bind_int(s, 1, item_id);
    prog_item *v;
    int n = collect(c, s, &v);
    return n ? v : NULL;
}

const prog_item *prog_item_get(ctx *c, int64_t item_id)
{
    const prog_item *it = prog_item_load(c, item_id);
    if (!it)
        return NULL;
    if (prog_get(c, it->programme_id) || prog_may_see_unit_items(c, it->lead_unit_id))
        return it;
    for (int i = 0; i < it->n_coop; i++)
        if (c->user && c->user->unit_id == it->coop_ids[i])
            return it;
    return NULL;
}

int prog_items(ctx *c, int64_t programme_id, prog_item **list_r)
{
    if (!prog_get(c, programme_id)) {
        *list_r = NULL;
        return 0;
    }
    db_stmt *s = db_stmt_get(c->db, &q_items);
    if (s)
        db_bind_int(s, 1, programme_id);
    return collect(c, s, list_r);
}

bool prog_may_see_unit_items(ctx *c, int64_t unit_id)
{
    return c->user && unit_id > 0 && (c->user->unit_id == unit_id || org_unit_in_scope(c, unit_id));
}

int prog_lead_items(ctx *c, int64_t unit_id, const char *from, const char *to, prog_item **list_r)
{
    *list_r = NULL;
    if (!prog_may_see_unit_items(c, unit_id))
        return -1;
    db_stmt *s = db_stmt_get(c->db, &q_lead);
    if (s) {
        db_bind_int(s, 1, unit_id);
        db_bind_text(s, 2, from);
        db_bind_text(s, 3, to);
    }
    return collect(c, s, list_r);
}

int prog_overdue(ctx *c, prog_item **list_r)
{
    *list_r = NULL;
    if (!c->user)
        return 0;
    const char *today = web_today(c);
    char limit[16];
    int lead = (int)rules_int(c->db, "programmes.item_lead_days", today);
    if (workdays_add(c->db, today, lead > 0 ? lead : 0, limit) != 0)
        snprintf(limit, sizeof limit, "%s", today);
    enum role r = c->user->role;
    int64_t anchor = r == ROLE_CLERK || r == ROLE_SPECIALIST || r == ROLE_OFFICE_LEADER
                         ? org_scope_anchor(c->db, c->user->unit_id)
                         : -1;
    db_stmt *s = db_stmt_get(c->db, &q_overdue);
    if (s) {
        db_bind_text(s, 1, today);
        db_bind_text(s, 2, limit);
        db_bind_text(s, 3, org_scope_json(c));
        db_bind_int(s, 4, anchor);
    }
    return collect(c, s, list_r);
}

/* ---- validating and inserting -------------------------------------------------------------- */

int prog_item_validate(ctx *c, const programme *p, const item_in *in, web_err *e)
{
    const char *title = in->title;
    while (title && (*title == ' ' || *title == '\t' || *title == '\n'))
        title++;
    if (!title || !*title)
        prog_fail(e, 400, "title", _("Nội dung là bắt buộc."));
    else if (strlen(title) > PROG_MAX_ITEM_TITLE)
        prog_fail(e, 400, "title", _("Nội dung quá dài (tối đa 2.000 ký tự)."));
    if (!prog_code_in(in->doc_form, item_form_codes))
        prog_fail(e, 400, "doc_form",
                  _("Chọn hình thức văn bản (nghị quyết, kết luận, báo cáo…)."));
    if (!prog_code_in(in->deciding_body, prog_body_codes))
        prog_fail(e, 400, "deciding_body", _("Chọn cấp quyết định."));
    else if (!prog_body_at_level(c, p->unit_id, in->deciding_body, NULL, NULL))
        prog_fail(e, 400, "deciding_body",
                  arena_printf(c->a, _("%s không có %s: không thể là cấp quyết định."),
                               p->unit_name, prog_body_label(in->deciding_body)));
    const unit *lu = in->lead_unit_id > 0 ? org_unit_get(c, in->lead_unit_id) : NULL;
    if (!lu)
        prog_fail(e, 400, "lead_unit_id", _("Chọn cơ quan chủ trì."));
    else if (!org_unit_active(lu))
        prog_fail(e, 400, "lead_unit_id",
                  arena_printf(c->a,
                               _("Cơ quan chủ trì \"%s\" đã giải thể (ngày %s); hãy giao cho "
                                 "đơn vị kế thừa."),
                               lu->name, web_date_vn(c, lu->valid_to)));
    if (in->n_coop > PROG_MAX_COOP)
        prog_fail(e, 400, "coop_unit_ids", _("Quá nhiều cơ quan phối hợp (tối đa 20)."));
    for (int i = 0; i < in->n_coop && i < PROG_MAX_COOP; i++) {
        const unit *cu = org_unit_get(c, in->coop_ids[i]);
        if (!cu) {
            prog_fail(e, 400, "coop_unit_ids", _("Cơ quan phối hợp không có trong hệ thống."));
            break;
        }
        if (!org_unit_active(cu)) {
            prog_fail(e, 400, "coop_unit_ids",
                      arena_printf(c->a,
                                   _("Cơ quan phối hợp \"%s\" đã giải thể (ngày %s); hãy chọn "
                                     "đơn vị kế thừa."),
                                   cu->name, web_date_vn(c, cu->valid_to)));
            break;
        }
        if (in->coop_ids[i] == in->lead_unit_id) {
            prog_fail(e, 400, "coop_unit_ids",
                      _("Cơ quan chủ trì không đồng thời là cơ quan phối hợp."));
            break;
        }
        for (int j = 0; j < i; j++)
            if (in->coop_ids[j] == in->coop_ids[i]) {
                prog_fail(e, 400, "coop_unit_ids", _("Một cơ quan phối hợp được chọn hai lần."));
                i = in->n_coop;
                break;
            }
    }
    if (in->preparer_user_id > 0 && !auth_user_load(c, in->preparer_user_id))
        prog_fail(e, 400, "preparer_user_id", _("Người chuẩn bị không có trong hệ thống."));
    if (in->planned_month < 0 || in->planned_month > 12)
        prog_fail(e, 400, "planned_month", _("Tháng dự kiến từ 1 đến 12."));
    else if (in->planned_month > 0 && strcmp(p->kind, "TOAN_KHOA") != 0) {
        char first[16];
        snprintf(first, sizeof first, "%04d-%02d-01", p->year & 0xFFFF, in->planned_month & 0xF);
        if (strcmp(prog_due_date(c, p, in->planned_month, NULL), p->start_date) < 0 ||
            strcmp(first, p->end_date) > 0)
            prog_fail(e, 400, "planned_month",
                      arena_printf(c->a,
                                   _("Tháng dự kiến phải thuộc kỳ của chương trình (%s – %s)."),
                                   web_date_vn(c, p->start_date), web_date_vn(c, p->end_date)));
    }
    if (in->planned_date && *in->planned_date) {
        if (!param_date(in->planned_date))
            prog_fail(e, 400, "planned_date", _("Ngày dự kiến không hợp lệ."));
        else if (strcmp(in->planned_date, p->start_date) < 0 ||
                 strcmp(in->planned_date, p->end_date) > 0)
            prog_fail(e, 400, "planned_date",
                      arena_printf(c->a,
                                   _("Ngày dự kiến phải thuộc kỳ của chương trình (%s – %s)."),
                                   web_date_vn(c, p->start_date), web_date_vn(c, p->end_date)));
    }
    if (in->note && strlen(in->note) > PROG_MAX_REASON)
        prog_fail(e, 400, "note", _("Ghi chú quá dài."));
    return e->n ? -1 : 0;
}

int prog_event_add(ctx *c, int64_t item_id, const char *action, const char *from, const char *to,
                   const char *reason, int64_t ref_item_id)
{
    db_stmt *s = db_stmt_get(c->db, &q_event);
    if (!s)
        return -1;
    db_bind_int(s, 1, item_id);
    db_bind_text(s, 2, prog_now(c));
    db_bind_int(s, 3, c->user->id);
    db_bind_text(s, 4, action);
    db_bind_text(s, 5, from);
    db_bind_text(s, 6, to);
    db_bind_text(s, 7, reason && *reason ? reason : NULL);
    if (ref_item_id > 0)
        db_bind_int(s, 8, ref_item_id);
    return db_exec(s) == DB_DONE ? 0 : -1;
}

int prog_item_coops_add(ctx *c, int64_t item_id, const item_in *in)
{
    for (int i = 0; i < in->n_coop; i++) {
        db_stmt *s = db_stmt_get(c->db, &q_coop);
        if (!s)
            return -1;
        db_bind_int(s, 1, item_id);
        db_bind_int(s, 2, in->coop_ids[i]);
        if (db_exec(s) != DB_DONE)
            return -1;
    }
    return 0;
}

int64_t prog_item_insert(ctx *c, int64_t programme_id, const item_in *in, const char *status,
                         const char *reason, int64_t result_id, int64_t origin_id,
                         const char *origin_kind)
{
    const programme *p = prog_load(c, programme_id);
    db_stmt *s = p ? db_stmt_get(c->db, &q_insert) : NULL;
    if (!s)
        return -1;
    const char *title = in->title;
    while (*title == ' ' || *title == '\t' || *title == '\n')
        title++;
    const char *pd = in->planned_date && *in->planned_date ? in->planned_date : NULL;
    db_bind_int(s, 1, programme_id);
    db_bind_text(s, 2, title);
    db_bind_text(s, 3, in->doc_form);
    db_bind_text(s, 4, in->deciding_body);
    db_bind_int(s, 5, in->lead_unit_id);
    if (in->preparer_user_id > 0)
        db_bind_int(s, 6, in->preparer_user_id);
    if (in->planned_month > 0)
        db_bind_int(s, 7, in->planned_month);
    db_bind_text(s, 8, pd);
    db_bind_text(s, 9, prog_due_date(c, p, in->planned_month, pd));
    db_bind_text(s, 10, status);
    db_bind_text(s, 11, reason);
    if (result_id > 0)
        db_bind_int(s, 12, result_id);
    if (origin_id > 0) {
        db_bind_int(s, 13, origin_id);
        db_bind_text(s, 14, origin_kind);
    }
    db_bind_text(s, 15, in->note && *in->note ? in->note : NULL);
    db_bind_int(s, 16, c->user->id);
    db_bind_text(s, 17, prog_now(c));
    if (db_exec(s) != DB_DONE)
        return -1;
    int64_t id = db_last_id(c->db);
    if (prog_item_coops_add(c, id, in) != 0)
        return -1;
    const char *action = !origin_kind                        ? "add"
                         : strcmp(origin_kind, "pick") == 0  ? "pick"
                         : strcmp(origin_kind, "carry") == 0 ? "carry_in"
                                                             : "revise";
    if (prog_event_add(c, id, action, NULL, status, NULL, origin_id) != 0)
        return -1;
    return id;
}

int64_t prog_item_add(ctx *c, int64_t programme_id, const item_in *in, web_err *e)
{
    const programme *p = prog_get(c, programme_id);
    if (!p)
        return prog_fail(e, 404, NULL, _("Không tìm thấy chương trình."));
    if (!prog_may_draft(c, p->unit_id))
        return prog_fail(e, 403, NULL, _("Chỉ văn phòng của cấp ủy soạn nội dung chương trình."));
    if (!prog_is_draft(p->stored_status))
        return prog_fail(e, 409, NULL,
                         _("Chương trình đã trình hoặc đã duyệt: muốn sửa, hãy lập bản điều "
                           "chỉnh."));
    if (prog_item_validate(c, p, in, e) != 0)
        return -1;
    if (prog_begin(c, e) != 0)
        return -1;
    int64_t id = prog_item_insert(c, programme_id, in, "KE_HOACH", NULL, 0, 0, NULL);
    if (id < 0)
        return web_err_rollback(c, e);
    if (prog_commit(c, "programme.item_add", programme_id,
                    json_pack("{s:I, s:s, s:I}", "item_id", (json_int_t)id, "title", in->title,
                              "lead_unit_id", (json_int_t)in->lead_unit_id),
                    e) != 0)
        return -1;
    return id;
}

/* ---- status -------------------------------------------------------------------------------- */

static int set_status_row(ctx *c, const prog_item *it, const char *status, const char *reason,
                          int64_t result_id)
{
    db_stmt *s = db_stmt_get(c->db, &q_set_status);
    if (!s)
        return -1;
    db_bind_int(s, 1, it->id);
    db_bind_text(s, 2, status);
    db_bind_text(s, 3, reason && *reason ? reason : NULL);
    if (result_id > 0)
        db_bind_int(s, 4, result_id);
    db_bind_text(s, 5, prog_now(c));
    db_bind_text(s, 6, it->status);
    if (db_exec(s) != DB_DONE || db_changes(c->db) != 1)
        return -1;
    return prog_event_add(c, it->id, "status", it->status, status, reason, 0);
}

int prog_item_status(ctx *c, int64_t item_id, const char *status, const char *reason,
                     int64_t result_id, web_err *e)
{
    const prog_item *it = prog_item_get(c, item_id);
    if (!it)
        return prog_fail(e, 404, NULL, _("Không tìm thấy nội dung chương trình."));
    const programme *p = prog_load(c, it->programme_id);
    if (!prog_may_set_item(c, p, it, status))
        return prog_fail(e, 403, NULL, _("Bạn không được cập nhật nội dung này."));
    if (!prog_code_in(status, item_status_codes))
        return prog_fail(e, 400, "status", _("Chọn trạng thái."));
    while (reason && (*reason == ' ' || *reason == '\n'))
        reason++;
    bool needs_reason = strcmp(status, "HOAN") == 0 || strcmp(status, "HUY") == 0;
    if (needs_reason && (!reason || !*reason))
        prog_fail(e, 400, "reason", _("Hãy ghi lý do hoãn hoặc không thực hiện."));
    if (reason && strlen(reason) > PROG_MAX_REASON)
        prog_fail(e, 400, "reason", _("Lý do quá dài (tối đa 2.000 ký tự)."));
    if (result_id > 0 && strcmp(status, "DA_THONG_QUA") != 0)
        prog_fail(e, 400, "result_outgoing_id",
                  _("Chỉ gắn văn bản kết quả khi nội dung đã được thông qua."));
    else if (result_id > 0 && !outgoing_may_see(c, result_id))
        prog_fail(e, 400, "result_outgoing_id", _("Không tìm thấy văn bản kết quả."));
    if (e->n)
        return -1;
    if (!prog_is_live(p))
        return prog_fail(e, 409, NULL,
                         _("Chỉ cập nhật nội dung của chương trình đã duyệt, còn hiệu lực."));
    if (it->carried_to_item_id)
        return prog_fail(e, 409, NULL,
                         _("Nội dung đã chuyển sang chương trình khác; cập nhật ở đó."));
    if (prog_item_done(it->status))
        return prog_fail(e, 409, NULL,
                         _("Nội dung đã thông qua hoặc đã thôi thực hiện, không đổi trạng thái."));
    if (strcmp(it->status, status) == 0)
        return prog_fail(e, 409, "status", _("Nội dung đã ở trạng thái này."));
    if (prog_begin(c, e) != 0)
        return -1;
    if (set_status_row(c, it, status, needs_reason ? reason : NULL, result_id) != 0)
        return web_err_rollback(c, e);
    /* The item it was picked from (the annual programme's) follows: the annual programme
     * shows what became of its items. */
    for (int64_t o = it->origin_kind && !strcmp(it->origin_kind, "pick") ? it->origin_item_id : 0;
         o > 0;) {
        const prog_item *src = prog_item_load(c, o);
        if (!src || prog_item_done(src->status) || src->carried_to_item_id)
            break;
        if (strcmp(src->status, status) != 0 &&
            set_status_row(c, src, status, needs_reason ? reason : NULL, result_id) != 0)
            return web_err_rollback(c, e);
        o = src->origin_kind && !strcmp(src->origin_kind, "pick") ? src->origin_item_id : 0;
    }
    json_t *after = json_pack("{s:I, s:s}", "item_id", (json_int_t)item_id, "status", status);
    if (needs_reason)
        json_object_set_new(after, "reason", json_string(reason));
    if (result_id > 0)
        json_object_set_new(after, "result_outgoing_id", json_integer(result_id));
    return prog_commit(c, "programme.item_status", it->programme_id, after, e);
}

/* An item's fields as input for a copy (pick, carry, revision), its month and date kept only
 * where they fall inside the target's period. */
static item_in copy_of(ctx *c, const prog_item *it, const programme *target)
{
    item_in in = {.title = it->title,
                  .doc_form = it->doc_form,
                  .deciding_body = it->deciding_body,
                  .lead_unit_id = it->lead_unit_id,
                  .preparer_user_id = it->preparer_user_id,
                  .planned_month = it->planned_month,
                  .planned_date = it->planned_date,
                  .note = it->note,
                  .coop_ids = it->coop_ids,
                  .n_coop = it->n_coop};
    if (in.planned_date && (strcmp(in.planned_date, target->start_date) < 0 ||
                            strcmp(in.planned_date, target->end_date) > 0))
        in.planned_date = NULL;
    if (in.planned_month > 0 && strcmp(target->kind, "TOAN_KHOA") != 0) {
        char first[16];
        snprintf(first, sizeof first, "%04d-%02d-01", target->year & 0xFFFF,
                 in.planned_month & 0xF);
        if (strcmp(prog_due_date(c, target, in.planned_month, NULL), target->start_date) < 0 ||
            strcmp(first, target->end_date) > 0)
            in.planned_month = 0;
    }
    return in;
}

int64_t prog_copy_item(ctx *c, const prog_item *it, const programme *target, const char *kind,
                       const char *status, web_err *e)
{
    item_in in = copy_of(c, it, target);
    if (prog_item_validate(c, target, &in, e) != 0)
        return -1;
    return prog_item_insert(c, target->id, &in, status,
                            strcmp(status, "HOAN") == 0 ? it->status_reason : NULL,
                            it->result_outgoing_id, it->id, kind);
}

int64_t prog_item_carry(ctx *c, int64_t item_id, int64_t target_id, web_err *e)
{
    const prog_item *it = prog_item_get(c, item_id);
    if (!it)
        return prog_fail(e, 404, NULL, _("Không tìm thấy nội dung chương trình."));
    const programme *p = prog_load(c, it->programme_id);
    if (!prog_may_draft(c, p->unit_id))
        return prog_fail(e, 403, NULL, _("Chỉ văn phòng của cấp ủy chuyển nội dung sang kỳ sau."));
    const programme *t = target_id > 0 ? prog_get(c, target_id) : NULL;
    if (!t || t->unit_id != p->unit_id || strcmp(t->body, p->body) != 0 || t->id == p->id)
        return prog_fail(e, 400, "target_id",
                         _("Chọn chương trình kỳ sau của cùng cơ quan để chuyển nội dung."));
    if (strcmp(t->start_date, p->start_date) <= 0)
        return prog_fail(e, 400, "target_id", _("Chỉ chuyển nội dung sang một kỳ sau."));
    if (strcmp(t->stored_status, "HET_HIEU_LUC") == 0 || strcmp(t->stored_status, "TRINH") == 0)
        return prog_fail(e, 409, "target_id",
                         _("Chương trình nhận đang trình duyệt hoặc đã hết hiệu lực."));
    if (!prog_is_live(p))
        return prog_fail(e, 409, NULL, _("Chỉ chuyển nội dung của chương trình đã duyệt."));
    if (prog_item_done(it->status))
        return prog_fail(e, 409, NULL, _("Nội dung đã thông qua hoặc đã thôi thực hiện."));
    if (it->carried_to_item_id)
        return prog_fail(e, 409, NULL, _("Nội dung đã được chuyển sang kỳ sau."));
    if (prog_begin(c, e) != 0)
        return -1;
    /* A postponed item starts its new period as planned again; its history keeps why. */
    const char *st = strcmp(it->status, "HOAN") == 0 ? "KE_HOACH" : it->status;
    int64_t nid = prog_copy_item(c, it, t, "carry", st, e);
    if (nid < 0) {
        if (e->n) {
            db_rollback(c->db);
            return -1;
        }
        return web_err_rollback(c, e);
    }
    db_stmt *s = db_stmt_get(c->db, &q_carried);
    if (!s)
        return web_err_rollback(c, e);
    db_bind_int(s, 1, it->id);
    db_bind_int(s, 2, nid);
    db_bind_text(s, 3, prog_now(c));
    if (db_exec(s) != DB_DONE || db_changes(c->db) != 1 ||
        prog_event_add(c, it->id, "carry_out", it->status, it->status, NULL, nid) != 0)
        return web_err_rollback(c, e);
    if (prog_commit(c, "programme.item_carry", p->id,
                    json_pack("{s:I, s:I, s:I}", "item_id", (json_int_t)item_id, "to_programme",
                              (json_int_t)t->id, "new_item_id", (json_int_t)nid),
                    e) != 0)
        return -1;
    return nid;
}

int64_t prog_derive(ctx *c, int64_t parent_id, const char *kind, int period,
                    const int64_t *item_ids, int n, web_err *e)
{
    const programme *p = prog_get(c, parent_id);
    if (!p)
        return prog_fail(e, 404, NULL, _("Không tìm thấy chương trình."));
    if (!prog_may_draft(c, p->unit_id))
        return prog_fail(e, 403, NULL, _("Chỉ văn phòng của cấp ủy lập chương trình."));
    bool from_year = strcmp(p->kind, "NAM") == 0, from_quarter = strcmp(p->kind, "QUY") == 0;
    if (!kind || !((from_year && (!strcmp(kind, "QUY") || !strcmp(kind, "THANG"))) ||
                   (from_quarter && !strcmp(kind, "THANG"))))
        return prog_fail(e, 400, "kind",
                         _("Từ chương trình năm lập chương trình quý hoặc tháng; từ chương "
                           "trình quý lập chương trình tháng."));
    if (from_quarter && (period < 3 * p->period - 2 || period > 3 * p->period))
        return prog_fail(e, 400, "period", _("Tháng phải thuộc quý của chương trình gốc."));
    if (n <= 0)
        return prog_fail(e, 400, "item_ids", _("Chọn ít nhất một nội dung từ chương trình gốc."));
    if (n > PROG_MAX_PICK)
        return prog_fail(e, 400, "item_ids", _("Chọn quá nhiều nội dung."));
    if (!prog_is_live(p))
        return prog_fail(e, 409, NULL, _("Chỉ lập chương trình kỳ từ chương trình đã duyệt."));
    prog_new in = {
        .unit_id = p->unit_id, .body = p->body, .kind = kind, .year = p->year, .period = period};
    if (prog_insert(c, &in, 1, "DU_THAO", p->id, 0, e, true) != 0)
        return -1;
    const prog_item **items = arena_alloc(c->a, sizeof *items * (size_t)n);
    for (int i = 0; i < n; i++) {
        items[i] = prog_item_load(c, item_ids[i]);
        if (!items[i] || items[i]->programme_id != p->id)
            return prog_fail(e, 400, "item_ids",
                             _("Nội dung được chọn không thuộc chương trình gốc."));
        if (prog_item_done(items[i]->status) || items[i]->carried_to_item_id)
            return prog_fail(e, 400, "item_ids",
                             arena_printf(c->a, _("Nội dung \"%s\" đã xong hoặc đã chuyển đi."),
                                          items[i]->title));
        db_stmt *s = db_stmt_get(c->db, &q_picked);
        bool dup_pick = false;
        if (s) {
            db_bind_int(s, 1, item_ids[i]);
            db_bind_text(s, 2, kind);
            db_bind_int(s, 3, period);
            dup_pick = db_step(s) == DB_ROW;
            db_reset(s);
        }
        if (dup_pick)
            return prog_fail(e, 409, "item_ids",
                             arena_printf(c->a,
                                          _("Nội dung \"%s\" đã có trong chương trình kỳ này."),
                                          items[i]->title));
    }
    if (prog_begin(c, e) != 0)
        return -1;
    int64_t id = prog_insert(c, &in, 1, "DU_THAO", p->id, 0, e, false);
    const programme *np = id > 0 ? prog_load(c, id) : NULL;
    if (!np)
        return e->n ? (db_rollback(c->db), -1) : web_err_rollback(c, e);
    for (int i = 0; i < n; i++) {
        const char *st = strcmp(items[i]->status, "HOAN") == 0 ? "KE_HOACH" : items[i]->status;
        if (prog_copy_item(c, items[i], np, "pick", st, e) < 0) {
            if (e->n) {
                db_rollback(c->db);
                return -1;
            }
            return web_err_rollback(c, e);
        }
    }
    if (prog_commit(c, "programme.derive", id,
                    json_pack("{s:I, s:s, s:i, s:i}", "parent_id", (json_int_t)p->id, "kind", kind,
                              "period", period, "items", n),
                    e) != 0)
        return -1;
    return id;
}

int prog_item_history(ctx *c, int64_t item_id, prog_event **list_r)
{
    int n = 0, cap = 16;
    prog_event *v = arena_alloc(c->a, sizeof *v * (size_t)cap);
    *list_r = v;
    const prog_item *it = prog_item_get(c, item_id);
    if (!it)
        return 0;
    /* The chain back to the first programme the item entered, oldest first. */
    int64_t chain[32];
    int nc = 0;
    for (const prog_item *x = it; x && nc < 32;
         x = x->origin_item_id ? prog_item_load(c, x->origin_item_id) : NULL)
        chain[nc++] = x->id;
    for (int k = nc - 1; k >= 0; k--) {
        db_stmt *s = db_stmt_get(c->db, &q_events);
        if (!s)
            break;
        db_bind_int(s, 1, chain[k]);
        while (db_step(s) == DB_ROW) {
            ARENA_GROW(c->a, v, n, cap);
            v[n].item_id = db_col_int(s, 0);
            v[n].at = dup(c, s, 1);
            v[n].actor_name = dup(c, s, 2);
            v[n].action = dup(c, s, 3);
            v[n].from_status = dup(c, s, 4);
            v[n].to_status = dup(c, s, 5);
            v[n].reason = dup(c, s, 6);
            v[n].programme_title = dup(c, s, 7);
            n++;
        }
        db_reset(s);
    }
    *list_r = v;
    return n;
}
