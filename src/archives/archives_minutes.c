/* The destruction minutes (biên bản tiêu hủy tài liệu hết giá trị) as a real document: on
 * execution a bien_ban draft of the outgoing flow, in the register of the decision, listing the
 * decision, the council, what was destroyed and what a hold kept; it is numbered when issued,
 * like the decision (archives_decision.c). Linked from the case and the tombstones. */
#include <string.h>

#include <jansson.h>

#include "archives/archives.h"
#include "archives/archives_impl.h"
#include "base/i18n.h"
#include "outgoing/outgoing.h"
#include "web/dates.h"

static const db_query q_minutes_of = {
    "archives.minutes_of",
    "SELECT status, coalesce(minutes_doc_id, 0), council, coalesce(decision_doc_id, 0), "
    "minutes FROM destruction_cases WHERE id = ?1",
    NULL};
static const db_query q_link = {
    "archives.minutes_link",
    "UPDATE destruction_cases SET minutes_doc_id = ?2 WHERE id = ?1 AND status = 'executed' "
    "AND minutes_doc_id IS NULL",
    NULL};

int64_t archives_case_minutes_doc(db *d, int64_t case_id)
{
    db_stmt *s = db_stmt_get(d, &q_minutes_of);
    if (!s)
        return 0;
    db_bind_int(s, 1, case_id);
    int64_t id = db_step(s) == DB_ROW ? db_col_int(s, 1) : 0;
    db_reset(s);
    return id;
}

int64_t archives_case_minutes_draft(ctx *c, int64_t id, ar_result *r)
{
    if (!archives_is_archivist(c))
        return ar_fail(r, 403, NULL, _("Chỉ bộ phận lưu trữ của Văn phòng lập biên bản tiêu hủy."));
    db_stmt *s = db_stmt_get(c->db, &q_minutes_of);
    if (!s)
        return ar_fail(r, 500, NULL, _(AR_MSG_DB));
    db_bind_int(s, 1, id);
    if (db_step(s) != DB_ROW) {
        db_reset(s);
        return ar_fail(r, 404, NULL, _("Không tìm thấy đề nghị tiêu hủy."));
    }
    bool executed = strcmp(db_col_text(s, 0), "executed") == 0;
    int64_t have = db_col_int(s, 1), decision = db_col_int(s, 3);
    const char *council = arena_strdup(c->a, db_col_text(s, 2));
    const char *list = arena_strdup(c->a, db_col_text(s, 4));
    db_reset(s);
    if (!executed)
        return ar_fail(r, 409, NULL, _("Chỉ lập biên bản sau khi đã thực hiện tiêu hủy."));
    if (have > 0)
        return ar_fail(r, 409, NULL, _("Đợt tiêu hủy này đã có biên bản."));
    const outgoing *dec = decision > 0 ? outgoing_get(c, decision) : NULL;
    if (!dec)
        return ar_fail(r, 409, NULL, _("Không tìm thấy quyết định tiêu hủy của đợt này."));
    /* The body: the decision it executes, the council that valued the records, then the list
     * the execution wrote (destroyed, or kept under a hold). */
    const char *body = arena_printf(
        c->a, _("Căn cứ Quyết định %s về việc tiêu hủy tài liệu hết giá trị.\n"),
        dec->notation ? arena_printf(c->a, _("số %s ngày %s"), dec->notation,
                                     dec->issued_at ? web_date_vn(c, dec->issued_at) : "")
                      : dec->subject);
    body = arena_printf(c->a, "%s%s\n", body, _("Hội đồng xác định giá trị tài liệu gồm:"));
    json_t *cj = json_loads(council, 0, NULL);
    size_t i;
    json_t *m;
    json_array_foreach(cj, i, m) body =
        arena_printf(c->a, "%s- %s, %s\n", body, json_string_value(json_object_get(m, "name")),
                     json_string_value(json_object_get(m, "position")));
    json_decref(cj);
    body = arena_printf(c->a, "%s%s\n%s", body, _("Đã tiến hành tiêu hủy như sau:"), list);
    out_draft d = {
        .register_id = dec->register_id,
        .doc_type = "bien_ban",
        .subject = _("Biên bản tiêu hủy tài liệu hết giá trị"),
        .body = body,
        .copies = 2, /* one for the archive, one for the file of the decision */
    };
    const char *err = NULL;
    int status = 0;
    /* The outgoing flow owns its transaction; the link follows (as the decision's does). */
    int64_t oid = outgoing_create(c, &d, &err, &status);
    if (oid < 0)
        return ar_fail(r, status ? status : 500, NULL, err);
    if (db_begin_write(c->db) != 0)
        return ar_fail(r, 503, NULL, _(AR_MSG_BUSY));
    s = db_stmt_get(c->db, &q_link);
    if (!s || (db_bind_int(s, 1, id), db_bind_int(s, 2, oid), db_exec(s)) != DB_DONE) {
        db_rollback(c->db);
        return ar_fail(r, 500, NULL, _(AR_MSG_DB));
    }
    if (db_changes(c->db) != 1) {
        db_rollback(c->db);
        return ar_fail(r, 409, NULL, _("Đợt tiêu hủy này đã có biên bản."));
    }
    if (ar_commit(c, "archives.case_minutes_draft", id,
                  json_pack("{s:I}", "outgoing_id", (json_int_t)oid), r) != 0)
        return -1;
    return oid;
}
