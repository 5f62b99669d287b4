/* Saved filters: the service (filters.h). */
#include "filters/filters.h"

#include <string.h>

#include <jansson.h>

#include "audit/audit.h"
#include "base/i18n.h"
#include "web/dates.h"

static const db_query q_list = {
    "filters.list",
    "SELECT id, list, name, query, created_at FROM user_filters WHERE user_id = ?1"
    " AND (?2 IS NULL OR list = ?2) ORDER BY list, name LIMIT 200",
    NULL,
};
static const db_query q_count = {
    "filters.count", "SELECT count(*) FROM user_filters WHERE user_id = ?1 AND list = ?2", NULL};
static const db_query q_insert = {
    "filters.insert",
    "INSERT INTO user_filters (user_id, list, name, query, created_at) VALUES (?1, ?2, ?3, ?4, ?5)"
    " ON CONFLICT (user_id, list, name) DO NOTHING",
    NULL,
};
static const db_query q_get = {
    "filters.get", "SELECT list, name, query FROM user_filters WHERE id = ?1 AND user_id = ?2",
    NULL};
static const db_query q_delete = {"filters.delete",
                                  "DELETE FROM user_filters WHERE id = ?1 AND user_id = ?2", NULL};

int filters_list(ctx *c, const char *list, saved_filter **rows_r)
{
    *rows_r = NULL;
    if (!c->user)
        return 0;
    db_stmt *s = db_stmt_get(c->db, &q_list);
    if (!s)
        return -1;
    db_bind_int(s, 1, c->user->id);
    db_bind_text(s, 2, list);
    int n = 0, cap = 8, rc;
    saved_filter *v = arena_alloc(c->a, (size_t)cap * sizeof *v);
    while ((rc = db_step(s)) == DB_ROW) {
        ARENA_GROW(c->a, v, n, cap);
        v[n].id = db_col_int(s, 0);
        v[n].list = arena_strdup(c->a, db_col_text(s, 1));
        v[n].name = arena_strdup(c->a, db_col_text(s, 2));
        v[n].query = arena_strdup(c->a, db_col_text(s, 3));
        v[n].created_at = arena_strdup(c->a, db_col_text(s, 4));
        n++;
    }
    db_reset(s);
    *rows_r = v;
    return rc == DB_DONE ? n : -1;
}

static bool list_known(const char *list)
{
    return list && (strcmp(list, "incoming") == 0 || strcmp(list, "outgoing") == 0);
}

/* A query string as a list page's link carries it: no fragment, no spaces or control bytes
 * (a browser's form encodes them), so the saved link opens the same page. */
static bool query_ok(const char *q)
{
    for (const unsigned char *p = (const unsigned char *)q; *p; p++)
        if (*p <= 0x20 || *p == 0x7f || *p == '#')
            return false;
    return true;
}

static const char *trimmed(ctx *c, const char *s)
{
    if (!s)
        return "";
    while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
        s++;
    size_t n = strlen(s);
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\n' || s[n - 1] == '\r'))
        n--;
    return arena_strndup(c->a, s, n);
}

int64_t filters_save(ctx *c, const char *list, const char *name, const char *query, web_err *e)
{
    memset(e, 0, sizeof *e);
    if (!c->user) {
        web_err_add(e, 403, "forbidden", NULL, _("Hãy đăng nhập."));
        return -1;
    }
    if (!list_known(list))
        web_err_add(e, 400, "invalid_input", "list",
                    _("Danh sách phải là «incoming» hoặc «outgoing»."));
    name = trimmed(c, name);
    if (!*name)
        web_err_add(e, 400, "invalid_input", "name", _("Hãy đặt tên cho bộ lọc."));
    else if (strlen(name) > FILTER_MAX_NAME)
        web_err_add(e, 400, "invalid_input", "name", _("Tên bộ lọc quá dài."));
    if (query && *query == '?')
        query++;
    if (!query || !*query)
        web_err_add(e, 400, "invalid_input", "query", _("Chưa có điều kiện lọc nào để lưu."));
    else if (strlen(query) > FILTER_MAX_QUERY || !query_ok(query))
        web_err_add(e, 400, "invalid_input", "query", _("Điều kiện lọc không hợp lệ."));
    if (e->n)
        return -1;
    if (db_begin_write(c->db) != 0) {
        web_err_db(c, e);
        return -1;
    }
    db_stmt *s = db_stmt_get(c->db, &q_count);
    if (!s)
        goto dberr;
    db_bind_int(s, 1, c->user->id);
    db_bind_text(s, 2, list);
    int64_t count = db_step(s) == DB_ROW ? db_col_int(s, 0) : 0;
    db_reset(s);
    if (count >= FILTER_MAX_PER_LIST) {
        db_rollback(c->db);
        web_err_add(e, 400, "invalid_input", "name",
                    arena_printf(c->a, _("Đã lưu đủ %d bộ lọc cho danh sách này; hãy xóa bớt."),
                                 FILTER_MAX_PER_LIST));
        return -1;
    }
    s = db_stmt_get(c->db, &q_insert);
    if (!s)
        goto dberr;
    db_bind_int(s, 1, c->user->id);
    db_bind_text(s, 2, list);
    db_bind_text(s, 3, name);
    db_bind_text(s, 4, query);
    db_bind_text(s, 5, web_now_iso(c));
    if (db_exec(s) != DB_DONE)
        goto dberr;
    if (db_changes(c->db) != 1) {
        db_rollback(c->db);
        web_err_add(e, 409, "duplicate", "name", _("Bạn đã có bộ lọc mang tên này."));
        return -1;
    }
    int64_t id = db_last_id(c->db);
    if (audit_commit(c->db, c->user, "filter.save", "filter", id,
                     json_pack("{s:s, s:s, s:s}", "list", list, "name", name, "query", query)) !=
        0) {
        web_err_db(c, e);
        return -1;
    }
    return id;
dberr:
    return web_err_rollback(c, e);
}

int filters_delete(ctx *c, int64_t id, web_err *e)
{
    memset(e, 0, sizeof *e);
    if (!c->user || id <= 0) {
        web_err_add(e, 404, "not_found", NULL, _("Không tìm thấy bộ lọc."));
        return -1;
    }
    if (db_begin_write(c->db) != 0) {
        web_err_db(c, e);
        return -1;
    }
    db_stmt *s = db_stmt_get(c->db, &q_get);
    if (!s)
        goto dberr;
    db_bind_int(s, 1, id);
    db_bind_int(s, 2, c->user->id);
    json_t *before = NULL;
    if (db_step(s) == DB_ROW)
        before = json_pack("{s:s, s:s, s:s}", "list", db_col_text(s, 0), "name", db_col_text(s, 1),
                           "query", db_col_text(s, 2));
    db_reset(s);
    if (!before) {
        db_rollback(c->db);
        web_err_add(e, 404, "not_found", NULL, _("Không tìm thấy bộ lọc."));
        return -1;
    }
    s = db_stmt_get(c->db, &q_delete);
    if (!s) {
        json_decref(before);
        goto dberr;
    }
    db_bind_int(s, 1, id);
    db_bind_int(s, 2, c->user->id);
    if (db_exec(s) != DB_DONE) {
        json_decref(before);
        goto dberr;
    }
    json_object_set_new(before, "deleted", json_true());
    if (audit_commit(c->db, c->user, "filter.delete", "filter", id, before) != 0) {
        web_err_db(c, e);
        return -1;
    }
    return 0;
dberr:
    return web_err_rollback(c, e);
}
