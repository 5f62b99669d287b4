/* A programme's way: submit (trình), approve, issue through the outgoing flow, revise
 * (programmes.h). */
#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "base/i18n.h"
#include "base/strbuf.h"
#include "catalog/catalog.h"
#include "outgoing/outgoing.h"
#include "programmes/programmes.h"
#include "programmes/programmes_impl.h"
#include "web/dates.h"

static const db_query q_submit = {
    "programme.submit",
    "UPDATE programmes SET status = 'TRINH', submitted_by = ?2, submitted_at = ?3 WHERE id = ?1 "
    "AND status IN ('DU_THAO', 'DIEU_CHINH')",
    NULL};
static const db_query q_approve = {
    "programme.approve",
    "UPDATE programmes SET status = 'DA_DUYET', approved_by = ?2, approved_at = ?3 WHERE id = ?1 "
    "AND status = 'TRINH'",
    NULL};
static const db_query q_expire = {
    "programme.expire",
    "UPDATE programmes SET status = 'HET_HIEU_LUC' WHERE id = ?1 AND status = 'DA_DUYET'", NULL};
static const db_query q_outgoing = {
    "programme.outgoing",
    "UPDATE programmes SET outgoing_id = ?2 WHERE id = ?1 AND outgoing_id IS NULL", NULL};
static const db_query q_revising = {
    "programme.revising",
    "SELECT id FROM programmes WHERE supersedes_id = ?1 AND status <> 'HET_HIEU_LUC'", NULL};

static int simple_update(ctx *c, const db_query *q, int64_t id, web_err *e)
{
    db_stmt *s = db_stmt_get(c->db, q);
    if (!s)
        return -1;
    db_bind_int(s, 1, id);
    db_bind_int(s, 2, c->user->id);
    db_bind_text(s, 3, prog_now(c));
    if (db_exec(s) != DB_DONE)
        return -1;
    if (db_changes(c->db) != 1) {
        db_rollback(c->db);
        prog_fail(e, 409, NULL, _("Chương trình vừa được người khác thay đổi."));
        return -2;
    }
    return 0;
}

int prog_submit(ctx *c, int64_t id, web_err *e)
{
    const programme *p = prog_get(c, id);
    if (!p)
        return prog_fail(e, 404, NULL, _("Không tìm thấy chương trình."));
    if (!prog_may_submit(c, p))
        return prog_fail(e, 403, NULL, _("Lãnh đạo văn phòng trình chương trình."));
    if (!prog_is_draft(p->stored_status))
        return prog_fail(e, 409, NULL, _("Chỉ trình chương trình đang dự thảo."));
    if (p->n_items == 0)
        return prog_fail(e, 400, NULL, _("Chương trình chưa có nội dung nào."));
    if (prog_begin(c, e) != 0)
        return -1;
    int rc = simple_update(c, &q_submit, id, e);
    if (rc == -2)
        return -1;
    if (rc != 0)
        return web_err_rollback(c, e);
    return prog_commit(c, "programme.submit", id, NULL, e);
}

int prog_approve(ctx *c, int64_t id, web_err *e)
{
    const programme *p = prog_get(c, id);
    if (!p)
        return prog_fail(e, 404, NULL, _("Không tìm thấy chương trình."));
    if (!prog_may_approve(c, p))
        return prog_fail(e, 403, NULL, _("Bạn không có quyền duyệt chương trình này."));
    if (strcmp(p->stored_status, "TRINH") != 0)
        return prog_fail(e, 409, NULL, _("Chỉ duyệt chương trình đã được trình."));
    if (prog_begin(c, e) != 0)
        return -1;
    int rc = simple_update(c, &q_approve, id, e);
    if (rc == -2)
        return -1;
    if (rc != 0)
        return web_err_rollback(c, e);
    /* The version it revises stops applying from the approval of its revision. */
    if (p->supersedes_id > 0) {
        db_stmt *s = db_stmt_get(c->db, &q_expire);
        if (!s)
            return web_err_rollback(c, e);
        db_bind_int(s, 1, p->supersedes_id);
        if (db_exec(s) != DB_DONE)
            return web_err_rollback(c, e);
    }
    return prog_commit(
        c, "programme.approve", id,
        p->supersedes_id ? json_pack("{s:I}", "supersedes_id", (json_int_t)p->supersedes_id) : NULL,
        e);
}

/* The programme as the outgoing document's body: one line per item in the programme layout. */
static const char *body_text(ctx *c, const programme *p)
{
    prog_item *items;
    int n = prog_items(c, p->id, &items);
    strbuf b = STRBUF_INIT;
    sb_printf(&b, "%s\n\n", p->title);
    for (int i = 0; i < n; i++) {
        const prog_item *it = &items[i];
        sb_printf(&b, "%d. %s\n   %s: %s. %s: %s", i + 1, it->title, _("Hình thức"),
                  item_form_label(it->doc_form), _("Cơ quan chủ trì"), it->lead_unit_name);
        if (it->coop_names && *it->coop_names)
            sb_printf(&b, "; %s: %s", _("phối hợp"), it->coop_names);
        if (it->planned_date)
            sb_printf(&b, ". %s: %s", _("Thời gian"), web_date_vn(c, it->planned_date));
        else if (it->planned_month)
            sb_printf(&b, ". %s: %s %d", _("Thời gian"), _("tháng"), it->planned_month);
        sb_printf(&b, ". %s: %s.\n", _("Cấp quyết định"), prog_body_label(it->deciding_body));
    }
    const char *text = arena_strdup(c->a, sb_str(&b));
    sb_free(&b);
    return text;
}

int64_t prog_issue(ctx *c, int64_t id, web_err *e)
{
    const programme *p = prog_get(c, id);
    if (!p)
        return prog_fail(e, 404, NULL, _("Không tìm thấy chương trình."));
    if (!prog_may_issue(c, p))
        return prog_fail(e, 403, NULL, _("Văn thư hoặc lãnh đạo văn phòng lập văn bản ban hành."));
    if (strcmp(p->stored_status, "DA_DUYET") != 0)
        return prog_fail(e, 409, NULL, _("Chỉ ban hành chương trình đã được duyệt."));
    if (p->outgoing_id > 0)
        return prog_fail(e, 409, NULL, _("Chương trình đã có văn bản ban hành."));
    int64_t reg = catalog_register_of_unit(c->db, p->unit_id);
    if (reg <= 0)
        return prog_fail(e, 409, NULL,
                         _("Cấp ủy này chưa có sổ văn bản đi: không lập được văn bản ban hành."));
    out_draft d = {.register_id = reg,
                   .doc_type = "chuong_trinh",
                   .subject = p->title,
                   .body = body_text(c, p),
                   .copies = 1};
    const char *err = NULL;
    int status = 0;
    /* The outgoing flow owns its transaction; the link is written right after it. A link
     * lost to a concurrent issue leaves a draft the office can delete in the outgoing list. */
    int64_t oid = outgoing_create(c, &d, &err, &status);
    if (oid < 0)
        return prog_fail(e, status ? status : 500, NULL, err);
    if (prog_begin(c, e) != 0)
        return -1;
    db_stmt *s = db_stmt_get(c->db, &q_outgoing);
    if (!s)
        return web_err_rollback(c, e);
    db_bind_int(s, 1, id);
    db_bind_int(s, 2, oid);
    if (db_exec(s) != DB_DONE)
        return web_err_rollback(c, e);
    if (db_changes(c->db) != 1) {
        db_rollback(c->db);
        return prog_fail(e, 409, NULL, _("Chương trình đã có văn bản ban hành."));
    }
    if (prog_commit(c, "programme.issue", id, json_pack("{s:I}", "outgoing_id", (json_int_t)oid),
                    e) != 0)
        return -1;
    return oid;
}

int64_t prog_revise(ctx *c, int64_t id, web_err *e)
{
    const programme *p = prog_get(c, id);
    if (!p)
        return prog_fail(e, 404, NULL, _("Không tìm thấy chương trình."));
    if (!prog_may_draft(c, p->unit_id))
        return prog_fail(e, 403, NULL, _("Chỉ văn phòng của cấp ủy điều chỉnh chương trình."));
    if (!prog_is_live(p))
        return prog_fail(e, 409, NULL, _("Chỉ điều chỉnh chương trình đã duyệt, còn hiệu lực."));
    db_stmt *s = db_stmt_get(c->db, &q_revising);
    int64_t pending = 0;
    if (s) {
        db_bind_int(s, 1, id);
        pending = db_step(s) == DB_ROW ? db_col_int(s, 0) : 0;
        db_reset(s);
    }
    if (pending)
        return prog_fail(e, 409, NULL, _("Chương trình đang có một bản điều chỉnh chưa duyệt."));
    prog_new in = {.unit_id = p->unit_id,
                   .body = p->body,
                   .kind = p->kind,
                   .year = p->year,
                   .period = p->period,
                   .title = p->title};
    prog_item *items;
    int n = prog_items(c, id, &items);
    if (prog_begin(c, e) != 0)
        return -1;
    int64_t nid = prog_insert(c, &in, p->version + 1, "DIEU_CHINH", p->parent_id, p->id, e, false);
    const programme *np = nid > 0 ? prog_load(c, nid) : NULL;
    if (!np)
        return e->n ? (db_rollback(c->db), -1) : web_err_rollback(c, e);
    for (int i = 0; i < n; i++) {
        if (items[i].carried_to_item_id)
            continue; /* it lives on in a later programme */
        if (prog_copy_item(c, &items[i], np, "revise", items[i].status, e) < 0) {
            if (e->n) {
                db_rollback(c->db);
                return -1;
            }
            return web_err_rollback(c, e);
        }
    }
    if (prog_commit(
            c, "programme.revise", nid,
            json_pack("{s:I, s:i}", "supersedes_id", (json_int_t)id, "version", p->version + 1),
            e) != 0)
        return -1;
    return nid;
}
