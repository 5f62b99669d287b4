/* Correcting a programme before it is approved: an item of a draft edited or taken out, and a
 * submitted programme sent back to its drafters with the approver's reason (programmes.h).
 * Once approved, a programme changes only through a revision (prog_revise), which keeps the
 * approved text as it was. */
#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "base/i18n.h"
#include "programmes/programmes.h"
#include "programmes/programmes_impl.h"

static const db_query q_update = {
    "programme.item_update",
    "UPDATE programme_items SET title = ?2, doc_form = ?3, deciding_body = ?4, lead_unit_id = ?5, "
    "preparer_user_id = ?6, planned_month = ?7, planned_date = ?8, due_date = ?9, note = ?10 "
    "WHERE id = ?1",
    NULL};
static const db_query q_coop_clear = {"programme.item_coop_clear",
                                      "DELETE FROM programme_item_units WHERE item_id = ?1", NULL};
static const db_query q_events_clear = {
    "programme.item_events_clear", "DELETE FROM programme_item_events WHERE item_id = ?1", NULL};
static const db_query q_delete = {"programme.item_delete",
                                  "DELETE FROM programme_items WHERE id = ?1", NULL};
/* The items after the one taken out move up by one; through negative numbers, as
 * (programme_id, seq) is unique at every row the UPDATE touches. */
static const db_query q_seq_neg = {
    "programme.seq_neg",
    "UPDATE programme_items SET seq = -seq WHERE programme_id = ?1 AND seq > ?2", NULL};
static const db_query q_seq_back = {
    "programme.seq_back",
    "UPDATE programme_items SET seq = -seq - 1 WHERE programme_id = ?1 AND seq < 0", NULL};
static const db_query q_return = {
    "programme.return",
    "UPDATE programmes SET status = CASE WHEN supersedes_id IS NULL THEN 'DU_THAO' ELSE "
    "'DIEU_CHINH' END, submitted_by = NULL, submitted_at = NULL WHERE id = ?1 AND status = "
    "'TRINH'",
    NULL};

/* The item and its draft programme, when c may edit them; -1 with e filled otherwise. */
static int editable(ctx *c, int64_t item_id, const prog_item **it_r, const programme **p_r,
                    web_err *e)
{
    const prog_item *it = prog_item_get(c, item_id);
    if (!it)
        return prog_fail(e, 404, NULL, _("Không tìm thấy nội dung chương trình."));
    const programme *p = prog_get(c, it->programme_id);
    if (!p)
        return prog_fail(e, 404, NULL, _("Không tìm thấy chương trình."));
    if (!prog_may_draft(c, p->unit_id))
        return prog_fail(e, 403, NULL, _("Chỉ văn phòng của cấp ủy soạn nội dung chương trình."));
    if (!prog_is_draft(p->stored_status))
        return prog_fail(e, 409, NULL,
                         _("Chương trình đã trình hoặc đã duyệt: muốn sửa, hãy lập bản điều "
                           "chỉnh."));
    *it_r = it;
    *p_r = p;
    return 0;
}

static int exec_id(ctx *c, const db_query *q, int64_t id)
{
    db_stmt *s = db_stmt_get(c->db, q);
    if (!s)
        return -1;
    db_bind_int(s, 1, id);
    return db_exec(s) == DB_DONE ? 0 : -1;
}

int prog_item_update(ctx *c, int64_t item_id, const item_in *in, web_err *e)
{
    const prog_item *it;
    const programme *p;
    if (editable(c, item_id, &it, &p, e) != 0 || prog_item_validate(c, p, in, e) != 0)
        return -1;
    const char *title = in->title;
    while (*title == ' ' || *title == '\t' || *title == '\n')
        title++;
    const char *pd = in->planned_date && *in->planned_date ? in->planned_date : NULL;
    if (prog_begin(c, e) != 0)
        return -1;
    db_stmt *s = db_stmt_get(c->db, &q_update);
    if (!s)
        return web_err_rollback(c, e);
    db_bind_int(s, 1, item_id);
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
    db_bind_text(s, 10, in->note && *in->note ? in->note : NULL);
    if (db_exec(s) != DB_DONE || exec_id(c, &q_coop_clear, item_id) != 0 ||
        prog_item_coops_add(c, item_id, in) != 0)
        return web_err_rollback(c, e);
    if (prog_event_add(c, item_id, "edit", NULL, NULL, NULL, 0) != 0)
        return web_err_rollback(c, e);
    return prog_commit(c, "programme.item_edit", p->id,
                       json_pack("{s:I, s:{s:s, s:I}, s:{s:s, s:I}}", "item_id",
                                 (json_int_t)item_id, "before", "title", it->title, "lead_unit_id",
                                 (json_int_t)it->lead_unit_id, "after", "title", title,
                                 "lead_unit_id", (json_int_t)in->lead_unit_id),
                       e);
}

int prog_item_delete(ctx *c, int64_t item_id, web_err *e)
{
    const prog_item *it;
    const programme *p;
    if (editable(c, item_id, &it, &p, e) != 0)
        return -1;
    if (prog_begin(c, e) != 0)
        return -1;
    if (exec_id(c, &q_coop_clear, item_id) != 0 || exec_id(c, &q_events_clear, item_id) != 0)
        return web_err_rollback(c, e);
    db_stmt *s = db_stmt_get(c->db, &q_delete);
    if (!s)
        return web_err_rollback(c, e);
    db_bind_int(s, 1, item_id);
    int rc = db_exec(s);
    if (rc == DB_CONSTRAINT) {
        /* Something already points at it (a conference, a task, a later copy). */
        db_rollback(c->db);
        return prog_fail(e, 409, NULL,
                         _("Nội dung này đã được dùng ở nơi khác (hội nghị, nhiệm vụ, chương "
                           "trình khác): không xóa được; hãy sửa nội dung."));
    }
    if (rc != DB_DONE)
        return web_err_rollback(c, e);
    if (!(s = db_stmt_get(c->db, &q_seq_neg)))
        return web_err_rollback(c, e);
    db_bind_int(s, 1, p->id);
    db_bind_int(s, 2, it->seq);
    if (db_exec(s) != DB_DONE || !(s = db_stmt_get(c->db, &q_seq_back)))
        return web_err_rollback(c, e);
    db_bind_int(s, 1, p->id);
    if (db_exec(s) != DB_DONE)
        return web_err_rollback(c, e);
    return prog_commit(c, "programme.item_delete", p->id,
                       json_pack("{s:I, s:i, s:s}", "item_id", (json_int_t)item_id, "seq", it->seq,
                                 "title", it->title),
                       e);
}

int prog_return(ctx *c, int64_t id, const char *reason, web_err *e)
{
    const programme *p = prog_get(c, id);
    if (!p)
        return prog_fail(e, 404, NULL, _("Không tìm thấy chương trình."));
    if (!prog_may_approve(c, p))
        return prog_fail(e, 403, NULL, _("Bạn không có quyền duyệt chương trình này."));
    while (reason && (*reason == ' ' || *reason == '\n' || *reason == '\t'))
        reason++;
    if (!reason || !*reason)
        return prog_fail(e, 400, "reason", _("Hãy ghi lý do trả lại để văn phòng sửa."));
    if (strlen(reason) > PROG_MAX_REASON)
        return prog_fail(e, 400, "reason", _("Lý do quá dài (tối đa 2.000 ký tự)."));
    if (strcmp(p->stored_status, "TRINH") != 0)
        return prog_fail(e, 409, NULL, _("Chỉ trả lại chương trình đang trình duyệt."));
    if (prog_begin(c, e) != 0)
        return -1;
    if (exec_id(c, &q_return, id) != 0)
        return web_err_rollback(c, e);
    if (db_changes(c->db) != 1) {
        db_rollback(c->db);
        return prog_fail(e, 409, NULL, _("Chương trình vừa được người khác thay đổi."));
    }
    return prog_commit(c, "programme.return", id, json_pack("{s:s}", "reason", reason), e);
}
