/* Catalogues: document types, committee terms, number registers (catalog.h). */
#include "catalog/catalog.h"

#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "audit/audit.h"
#include "base/clock.h"
#include "base/i18n.h"
#include "org/org.h"

static const db_query q_type_get = {
    "catalog.type_get",
    "SELECT code, name, abbr_party, abbr_state, sort_order FROM doc_types WHERE code = ?1",
    NULL,
};
static const db_query q_type_list = {
    "catalog.type_list",
    "SELECT code, name, abbr_party, abbr_state, sort_order FROM doc_types "
    "ORDER BY sort_order, code",
    NULL,
};
static const db_query q_type_save = {
    "catalog.type_save",
    "INSERT INTO doc_types (code, name, abbr_party, abbr_state, sort_order) "
    "VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (code) DO UPDATE SET name = ?2, abbr_party = ?3, "
    "abbr_state = ?4, sort_order = ?5",
    NULL,
};
static const db_query q_term_for_date = {
    "catalog.term_for_date",
    "SELECT id FROM terms WHERE unit_id = ?1 AND starts_on <= ?2 "
    "AND (ends_on IS NULL OR ends_on >= ?2) ORDER BY starts_on DESC LIMIT 1",
    NULL,
};
static const db_query q_term_list = {
    "catalog.term_list",
    "SELECT id, unit_id, name, starts_on, ends_on FROM terms "
    "WHERE ?1 = 0 OR unit_id = ?1 ORDER BY unit_id, starts_on",
    NULL,
};
static const db_query q_term_overlap = {
    "catalog.term_overlap",
    "SELECT 1 FROM terms WHERE unit_id = ?1 AND starts_on <= coalesce(?3, '9999-12-31') "
    "AND coalesce(ends_on, '9999-12-31') >= ?2 LIMIT 1",
    NULL,
};
static const db_query q_term_add = {
    "catalog.term_add",
    "INSERT INTO terms (unit_id, name, starts_on, ends_on, created_by) "
    "VALUES (?1, ?2, ?3, ?4, ?5)",
    NULL,
};
#define REG_COLS "id, unit_id, term_unit_id, name, policy, issuer_abbr, signer_role, active"
static const db_query q_reg_get = {"catalog.reg_get",
                                   "SELECT " REG_COLS " FROM registers WHERE id = ?1", NULL};
static const db_query q_reg_list = {
    "catalog.reg_list", "SELECT " REG_COLS " FROM registers ORDER BY active DESC, unit_id, id",
    NULL};
static const db_query q_reg_of_unit = {
    "catalog.reg_of_unit",
    "SELECT id FROM registers WHERE unit_id = ?1 AND active = 1 ORDER BY id LIMIT 1", NULL};
static const db_query q_reg_add = {
    "catalog.reg_add",
    "INSERT INTO registers (unit_id, term_unit_id, name, policy, issuer_abbr, signer_role, "
    "created_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    NULL,
};

static void read_type(ctx *c, db_stmt *s, doc_type *t)
{
    t->code = arena_strdup(c->a, db_col_text(s, 0));
    t->name = arena_strdup(c->a, db_col_text(s, 1));
    t->abbr_party = arena_strdup(c->a, db_col_text(s, 2));
    t->abbr_state = arena_strdup(c->a, db_col_text(s, 3));
    t->sort_order = (int)db_col_int(s, 4);
}

bool catalog_doc_type_exists(db *d, const char *code)
{
    if (!code || !*code)
        return false;
    db_stmt *s = db_stmt_get(d, &q_type_get);
    if (!s)
        return false;
    db_bind_text(s, 1, code);
    bool found = db_step(s) == DB_ROW;
    db_reset(s);
    return found;
}

const doc_type *catalog_doc_type_get(ctx *c, const char *code)
{
    if (!code || !*code)
        return NULL;
    db_stmt *s = db_stmt_get(c->db, &q_type_get);
    if (!s)
        return NULL;
    db_bind_text(s, 1, code);
    doc_type *t = NULL;
    if (db_step(s) == DB_ROW) {
        t = arena_alloc(c->a, sizeof *t);
        read_type(c, s, t);
    }
    db_reset(s);
    return t;
}

const char *catalog_doc_type_name(ctx *c, const char *code)
{
    const doc_type *t = catalog_doc_type_get(c, code);
    return t ? t->name : code;
}

int catalog_doc_types(ctx *c, doc_type **list_r)
{
    db_stmt *s = db_stmt_get(c->db, &q_type_list);
    int n = 0, cap = 32;
    doc_type *v = arena_alloc(c->a, sizeof *v * (size_t)cap);
    while (s && db_step(s) == DB_ROW) {
        ARENA_GROW(c->a, v, n, cap);
        read_type(c, s, &v[n++]);
    }
    if (s)
        db_reset(s);
    *list_r = v;
    return n;
}

int64_t catalog_term_for_date(db *d, int64_t unit_id, const char *date)
{
    db_stmt *s = db_stmt_get(d, &q_term_for_date);
    if (!s)
        return 0;
    db_bind_int(s, 1, unit_id);
    db_bind_text(s, 2, date);
    int64_t id = db_step(s) == DB_ROW ? db_col_int(s, 0) : 0;
    db_reset(s);
    return id;
}

int catalog_terms(ctx *c, int64_t unit_id, term **list_r)
{
    db_stmt *s = db_stmt_get(c->db, &q_term_list);
    int n = 0, cap = 16;
    term *v = arena_alloc(c->a, sizeof *v * (size_t)cap);
    if (s)
        db_bind_int(s, 1, unit_id);
    while (s && db_step(s) == DB_ROW) {
        ARENA_GROW(c->a, v, n, cap);
        term *t = &v[n++];
        t->id = db_col_int(s, 0);
        t->unit_id = db_col_int(s, 1);
        t->name = arena_strdup(c->a, db_col_text(s, 2));
        t->starts_on = arena_strdup(c->a, db_col_text(s, 3));
        t->ends_on = arena_strdup(c->a, db_col_text(s, 4));
    }
    if (s)
        db_reset(s);
    *list_r = v;
    return n;
}

static void read_reg(ctx *c, db_stmt *s, doc_register *r)
{
    r->id = db_col_int(s, 0);
    r->unit_id = db_col_int(s, 1);
    r->term_unit_id = db_col_int(s, 2);
    r->name = arena_strdup(c->a, db_col_text(s, 3));
    const char *p = db_col_text(s, 4);
    r->policy = p && strcmp(p, "state") == 0 ? POLICY_STATE : POLICY_PARTY;
    r->issuer_abbr = arena_strdup(c->a, db_col_text(s, 5));
    r->signer_role = arena_strdup(c->a, db_col_text(s, 6));
    r->active = db_col_int(s, 7) != 0;
}

const doc_register *catalog_register_get(ctx *c, int64_t id)
{
    db_stmt *s = db_stmt_get(c->db, &q_reg_get);
    if (!s)
        return NULL;
    db_bind_int(s, 1, id);
    doc_register *r = NULL;
    if (db_step(s) == DB_ROW) {
        r = arena_alloc(c->a, sizeof *r);
        read_reg(c, s, r);
    }
    db_reset(s);
    return r;
}

int catalog_registers(ctx *c, doc_register **list_r)
{
    db_stmt *s = db_stmt_get(c->db, &q_reg_list);
    int n = 0, cap = 16;
    doc_register *v = arena_alloc(c->a, sizeof *v * (size_t)cap);
    doc_register tmp;
    while (s && db_step(s) == DB_ROW) {
        read_reg(c, s, &tmp);
        if (c->user && !org_unit_in_scope(c, tmp.unit_id))
            continue;
        ARENA_GROW(c->a, v, n, cap);
        v[n++] = tmp;
    }
    if (s)
        db_reset(s);
    *list_r = v;
    return n;
}

int64_t catalog_register_of_unit(db *d, int64_t unit_id)
{
    db_stmt *s = db_stmt_get(d, &q_reg_of_unit);
    if (!s)
        return 0;
    db_bind_int(s, 1, unit_id);
    int64_t id = db_step(s) == DB_ROW ? db_col_int(s, 0) : 0;
    db_reset(s);
    return id;
}

/* ---- admin edits ---- */

static int need_admin(ctx *c, const char **err_r, int *status_r)
{
    if (c->user && c->user->role == ROLE_ADMIN)
        return 0;
    *err_r = _("Chỉ quản trị viên được sửa danh mục.");
    *status_r = 403;
    return -1;
}

static int finish(ctx *c, int rc, const char *action, const char *entity, int64_t id, json_t *after,
                  const char **err_r, int *status_r)
{
    char *txt = after ? json_dumps(after, JSON_COMPACT) : NULL;
    json_decref(after);
    if (rc == DB_DONE)
        rc = audit_log(c->db, c->user, action, entity, id, NULL, txt);
    free(txt);
    if (rc == 0 || rc == DB_DONE)
        rc = db_commit(c->db);
    else
        db_rollback(c->db);
    if (rc != 0) {
        *err_r = _("Không lưu được thay đổi (lỗi cơ sở dữ liệu).");
        *status_r = 500;
        return -1;
    }
    return 0;
}

static bool valid_abbr(const char *s, size_t max)
{
    if (!s || !*s || strlen(s) > max)
        return false;
    for (; *s; s++)
        if (*s == ' ' || *s == '/' || (unsigned char)*s < 0x20)
            return false;
    return true;
}

int catalog_doc_type_save(ctx *c, const char *code, const char *name, const char *abbr_party,
                          const char *abbr_state, int sort_order, const char **err_r, int *status_r)
{
    if (need_admin(c, err_r, status_r))
        return -1;
    *status_r = 400;
    if (!code || !*code || strlen(code) > 40 ||
        strspn(code, "abcdefghijklmnopqrstuvwxyz_") != strlen(code)) {
        *err_r = _("Mã loại văn bản chỉ gồm chữ thường không dấu và dấu gạch dưới.");
        return -1;
    }
    if (!name || !*name || strlen(name) > 100) {
        *err_r = _("Tên loại văn bản là bắt buộc (tối đa 100 ký tự).");
        return -1;
    }
    if (!valid_abbr(abbr_party, 16) || (abbr_state && *abbr_state && !valid_abbr(abbr_state, 16))) {
        *err_r = _("Chữ viết tắt không hợp lệ (không có khoảng trắng hay dấu /).");
        return -1;
    }
    if (db_begin_write(c->db) != 0) {
        *err_r = _("Cơ sở dữ liệu đang bận, vui lòng thử lại.");
        *status_r = 503;
        return -1;
    }
    db_stmt *s = db_stmt_get(c->db, &q_type_save);
    int rc = DB_ERROR;
    if (s) {
        db_bind_text(s, 1, code);
        db_bind_text(s, 2, name);
        db_bind_text(s, 3, abbr_party);
        db_bind_text(s, 4, abbr_state && *abbr_state ? abbr_state : NULL);
        db_bind_int(s, 5, sort_order);
        rc = db_exec(s);
    }
    json_t *after = json_pack("{s:s, s:s, s:s, s:s?}", "code", code, "name", name, "abbr_party",
                              abbr_party, "abbr_state", abbr_state);
    return finish(c, rc, "catalog.doc_type_save", "doc_type", 0, after, err_r, status_r);
}

int64_t catalog_term_add(ctx *c, int64_t unit_id, const char *name, const char *starts_on,
                         const char *ends_on, const char **err_r, int *status_r)
{
    if (need_admin(c, err_r, status_r))
        return -1;
    *status_r = 400;
    int y, m, d;
    if (!name || !*name || strlen(name) > 200) {
        *err_r = _("Tên nhiệm kỳ là bắt buộc.");
        return -1;
    }
    if (!starts_on || clock_parse_date(starts_on, &y, &m, &d) != 0 ||
        (ends_on && *ends_on && clock_parse_date(ends_on, &y, &m, &d) != 0)) {
        *err_r = _("Ngày bắt đầu/kết thúc nhiệm kỳ không hợp lệ (YYYY-MM-DD).");
        return -1;
    }
    if (ends_on && !*ends_on)
        ends_on = NULL;
    if (ends_on && strcmp(ends_on, starts_on) < 0) {
        *err_r = _("Ngày kết thúc nhiệm kỳ phải sau ngày bắt đầu.");
        return -1;
    }
    if (!org_unit_get(c, unit_id)) {
        *err_r = _("Không tìm thấy đơn vị.");
        *status_r = 404;
        return -1;
    }
    if (db_begin_write(c->db) != 0) {
        *err_r = _("Cơ sở dữ liệu đang bận, vui lòng thử lại.");
        *status_r = 503;
        return -1;
    }
    db_stmt *s = db_stmt_get(c->db, &q_term_overlap);
    bool overlap = false;
    if (s) {
        db_bind_int(s, 1, unit_id);
        db_bind_text(s, 2, starts_on);
        db_bind_text(s, 3, ends_on);
        overlap = db_step(s) == DB_ROW;
        db_reset(s);
    }
    if (overlap) {
        db_rollback(c->db);
        *err_r = _("Nhiệm kỳ chồng lấn một nhiệm kỳ đã khai báo của đơn vị này.");
        *status_r = 409;
        return -1;
    }
    s = db_stmt_get(c->db, &q_term_add);
    int rc = DB_ERROR;
    if (s) {
        db_bind_int(s, 1, unit_id);
        db_bind_text(s, 2, name);
        db_bind_text(s, 3, starts_on);
        db_bind_text(s, 4, ends_on);
        db_bind_int(s, 5, c->user->id);
        rc = db_exec(s);
    }
    int64_t id = rc == DB_DONE ? db_last_id(c->db) : 0;
    json_t *after = json_pack("{s:I, s:s, s:s, s:s?}", "unit_id", (json_int_t)unit_id, "name", name,
                              "starts_on", starts_on, "ends_on", ends_on);
    if (finish(c, rc, "catalog.term_add", "term", id, after, err_r, status_r) != 0)
        return -1;
    return id;
}

int64_t catalog_register_add(ctx *c, int64_t unit_id, int64_t term_unit_id, const char *name,
                             enum register_policy policy, const char *issuer_abbr,
                             const char *signer_role, const char **err_r, int *status_r)
{
    if (need_admin(c, err_r, status_r))
        return -1;
    *status_r = 400;
    if (!name || !*name || strlen(name) > 200) {
        *err_r = _("Tên sổ là bắt buộc.");
        return -1;
    }
    if (!valid_abbr(issuer_abbr, 32)) {
        *err_r = _("Chữ viết tắt cơ quan ban hành không hợp lệ.");
        return -1;
    }
    if (!signer_role || !*signer_role)
        signer_role = "committee-leader";
    if (strcmp(signer_role, "committee-leader") != 0 && strcmp(signer_role, "office-leader")) {
        *err_r = _("Vai trò người ký không hợp lệ.");
        return -1;
    }
    if (term_unit_id <= 0)
        term_unit_id = unit_id;
    if (!org_unit_get(c, unit_id) || !org_unit_get(c, term_unit_id)) {
        *err_r = _("Không tìm thấy đơn vị.");
        *status_r = 404;
        return -1;
    }
    if (db_begin_write(c->db) != 0) {
        *err_r = _("Cơ sở dữ liệu đang bận, vui lòng thử lại.");
        *status_r = 503;
        return -1;
    }
    db_stmt *s = db_stmt_get(c->db, &q_reg_add);
    int rc = DB_ERROR;
    const char *pol = policy == POLICY_STATE ? "state" : "party";
    if (s) {
        db_bind_int(s, 1, unit_id);
        db_bind_int(s, 2, term_unit_id);
        db_bind_text(s, 3, name);
        db_bind_text(s, 4, pol);
        db_bind_text(s, 5, issuer_abbr);
        db_bind_text(s, 6, signer_role);
        if (c->user)
            db_bind_int(s, 7, c->user->id);
        rc = db_exec(s);
    }
    int64_t id = rc == DB_DONE ? db_last_id(c->db) : 0;
    json_t *after = json_pack("{s:I, s:s, s:s, s:s}", "unit_id", (json_int_t)unit_id, "name", name,
                              "policy", pol, "issuer_abbr", issuer_abbr);
    if (finish(c, rc, "catalog.register_add", "register", id, after, err_r, status_r) != 0)
        return -1;
    return id;
}
