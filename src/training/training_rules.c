/* The position rules of training (training.h): who must have which kind of course, as data
 * with effective dates. Only the administrator edits them; a rule is retired (effective_to)
 * rather than deleted, so the list of who was due on an earlier date stays what it was. */
#include <string.h>

#include <jansson.h>

#include "audit/audit.h"
#include "base/i18n.h"
#include "training/training.h"
#include "web/dates.h"
#include "web/params.h"

static const db_query q_rules = {
    "training.rules",
    "SELECT id, position, kind, level, effective_from, effective_to, note FROM"
    " training_requirements ORDER BY effective_to IS NOT NULL, position, kind, effective_from"
    " DESC LIMIT 2000",
    NULL};
static const db_query q_rule = {
    "training.rule",
    "SELECT id, position, kind, level, effective_from, effective_to, note FROM"
    " training_requirements WHERE id = ?1",
    NULL};
static const db_query q_clash = {
    "training.rule_clash",
    "SELECT id FROM training_requirements WHERE position = ?1 AND kind = ?2 AND"
    " effective_from = ?3 AND id <> ?4",
    NULL};
static const db_query q_edit = {
    "training.rule_edit",
    "UPDATE training_requirements SET position = ?2, kind = ?3, level = ?4, effective_from = ?5,"
    " note = ?6 WHERE id = ?1",
    NULL};
static const db_query q_retire = {
    "training.rule_retire",
    "UPDATE training_requirements SET effective_to = ?2 WHERE id = ?1 AND effective_to IS NULL",
    NULL};

static void read_rule(ctx *c, db_stmt *s, training_rule *r)
{
    r->id = db_col_int(s, 0);
    r->position = arena_strdup(c->a, db_col_text(s, 1));
    r->kind = arena_strdup(c->a, db_col_text(s, 2));
    r->level = arena_strdup(c->a, db_col_text(s, 3));
    r->effective_from = arena_strdup(c->a, db_col_text(s, 4));
    r->effective_to = arena_strdup(c->a, db_col_text(s, 5));
    r->note = arena_strdup(c->a, db_col_text(s, 6));
}

int training_rules(ctx *c, training_rule **rows_r)
{
    *rows_r = NULL;
    db_stmt *s = db_stmt_get(c->db, &q_rules);
    if (!s)
        return -1;
    int n = 0, cap = 16, rc;
    training_rule *v = arena_alloc(c->a, (size_t)cap * sizeof *v);
    while ((rc = db_step(s)) == DB_ROW) {
        ARENA_GROW(c->a, v, n, cap);
        read_rule(c, s, &v[n++]);
    }
    db_reset(s);
    *rows_r = v;
    return rc == DB_DONE ? n : -1;
}

const training_rule *training_rule_get(ctx *c, int64_t id)
{
    db_stmt *s = db_stmt_get(c->db, &q_rule);
    if (!s)
        return NULL;
    db_bind_int(s, 1, id);
    training_rule *r = NULL;
    if (db_step(s) == DB_ROW) {
        r = arena_alloc(c->a, sizeof *r);
        read_rule(c, s, r);
    }
    db_reset(s);
    return r;
}

static bool admin_only(ctx *c, web_err *e)
{
    memset(e, 0, sizeof *e);
    if (c->user && c->user->role == ROLE_ADMIN)
        return true;
    web_err_add(e, 403, "forbidden", NULL, _("Chỉ quản trị viên sửa quy định đào tạo."));
    return false;
}

static bool is_kind(const char *k)
{
    for (int i = 0; k && training_kinds[i]; i++)
        if (strcmp(k, training_kinds[i]) == 0)
            return true;
    return false;
}

int training_rule_edit(ctx *c, int64_t id, const training_rule *in, web_err *e)
{
    if (!admin_only(c, e))
        return -1;
    const training_rule *old = training_rule_get(c, id);
    if (!old) {
        web_err_add(e, 404, "not_found", NULL, _("Không tìm thấy quy định đào tạo này."));
        return -1;
    }
    if (!in->position || !*in->position || strlen(in->position) > 200)
        web_err_add(e, 400, "invalid_input", "position", _("Hãy nhập chức vụ."));
    if (!is_kind(in->kind))
        web_err_add(e, 400, "invalid_input", "kind", _("Hãy chọn loại đào tạo."));
    if (!in->effective_from || !param_date(in->effective_from))
        web_err_add(e, 400, "invalid_input", "effective_from", _("Hãy nhập ngày áp dụng."));
    else if (old->effective_to && strcmp(in->effective_from, old->effective_to) >= 0)
        web_err_add(e, 400, "invalid_input", "effective_from",
                    _("Ngày áp dụng phải trước ngày thôi áp dụng."));
    if ((in->level && strlen(in->level) > 200) || (in->note && strlen(in->note) > 1000))
        web_err_add(e, 400, "invalid_input", "note", _("Nội dung quá dài."));
    if (e->n)
        return -1;
    if (db_begin_write(c->db) != 0) {
        web_err_db(c, e);
        return -1;
    }
    db_stmt *s = db_stmt_get(c->db, &q_clash);
    if (!s)
        return web_err_rollback(c, e);
    db_bind_text(s, 1, in->position);
    db_bind_text(s, 2, in->kind);
    db_bind_text(s, 3, in->effective_from);
    db_bind_int(s, 4, id);
    int clash = db_step(s) == DB_ROW;
    db_reset(s);
    if (clash) {
        db_rollback(c->db);
        web_err_add(e, 409, "duplicate", "effective_from",
                    _("Đã có quy định cho chức vụ và loại đào tạo này từ ngày đó."));
        return -1;
    }
    s = db_stmt_get(c->db, &q_edit);
    if (!s)
        return web_err_rollback(c, e);
    db_bind_int(s, 1, id);
    db_bind_text(s, 2, in->position);
    db_bind_text(s, 3, in->kind);
    db_bind_text(s, 4, in->level ? in->level : "");
    db_bind_text(s, 5, in->effective_from);
    db_bind_text(s, 6, in->note ? in->note : "");
    if (db_exec(s) != DB_DONE)
        return web_err_rollback(c, e);
    if (audit_commit(c->db, c->user, "training.requirement_edit", "training", id,
                     json_pack("{s:s, s:s, s:s, s:s}", "position", in->position, "kind", in->kind,
                               "effective_from", in->effective_from, "before", old->position)) !=
        0) {
        web_err_db(c, e);
        return -1;
    }
    return 0;
}

int training_rule_retire(ctx *c, int64_t id, const char *on, web_err *e)
{
    if (!admin_only(c, e))
        return -1;
    const training_rule *old = training_rule_get(c, id);
    if (!old) {
        web_err_add(e, 404, "not_found", NULL, _("Không tìm thấy quy định đào tạo này."));
        return -1;
    }
    if (old->effective_to) {
        web_err_add(e, 409, "invalid_state", NULL, _("Quy định này đã thôi áp dụng từ trước."));
        return -1;
    }
    if (!on || !param_date(on))
        web_err_add(e, 400, "invalid_input", "effective_to", _("Hãy nhập ngày thôi áp dụng."));
    else if (strcmp(on, old->effective_from) <= 0)
        web_err_add(e, 400, "invalid_input", "effective_to",
                    _("Ngày thôi áp dụng phải sau ngày áp dụng."));
    if (e->n)
        return -1;
    if (db_begin_write(c->db) != 0) {
        web_err_db(c, e);
        return -1;
    }
    db_stmt *s = db_stmt_get(c->db, &q_retire);
    if (!s)
        return web_err_rollback(c, e);
    db_bind_int(s, 1, id);
    db_bind_text(s, 2, on);
    if (db_exec(s) != DB_DONE)
        return web_err_rollback(c, e);
    if (db_changes(c->db) != 1) {
        db_rollback(c->db);
        web_err_add(e, 409, "invalid_state", NULL, _("Quy định này đã thôi áp dụng từ trước."));
        return -1;
    }
    if (audit_commit(c->db, c->user, "training.requirement_retire", "training", id,
                     json_pack("{s:s}", "effective_to", on)) != 0) {
        web_err_db(c, e);
        return -1;
    }
    return 0;
}
