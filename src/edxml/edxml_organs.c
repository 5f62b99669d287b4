/* The directory of outside organs (edxml_organs, migrations 050 and 055) for the
 * administrator: /admin/edxml/organs lists and searches them, adds one, edits its code, name
 * and channel, disables it (no longer offered for export nor accepted as a sender; its history
 * stays) or brings it back; the peer that reaches it, when one is configured, is linked. The
 * same through GET/POST /api/v1/edxml/organs and PATCH /api/v1/edxml/organs/{id}. Every change
 * audited in its transaction. The code has the national agency-code shape "000.00.31.T01"
 * (DOMAIN.md §4, 13 characters [format inferred]). */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "audit/audit.h"
#include "base/clock.h"
#include "base/i18n.h"
#include "edxml/edxml.h"
#include "edxml/edxml_impl.h"
#include "http/router.h"
#include "web/errors.h"
#include "web/forms.h"
#include "web/layout.h"
#include "web/params.h"
#include "web/respond.h"

#define B(c) (&(c)->rs->body)
#define ORGAN_MAX_NAME 300
#define ORGAN_LIST_MAX 500

typedef struct organ_row {
    int64_t id;
    const char *organ_id, *name, *created_at, *disabled_at, *peer_name;
    bool encrypted;
    int64_t packages;
} organ_row;

/* An organ's public id is SQLite's implicit rowid; PostgreSQL has none and reads the id
 * column its twin migration added (pg/057_pg_parity.sql): hence the pg texts below. */
#define ORGAN_COLS_FROM(ID)                                                                        \
    "SELECT " ID ", o.organ_id, o.name, o.encrypted, o.created_at, o.disabled_at,"                 \
    " (SELECT p.name FROM peers p WHERE p.organ_id = o.organ_id ORDER BY p.id LIMIT 1),"           \
    " (SELECT count(*) FROM edxml_packages k WHERE k.from_organ = o.organ_id OR"                   \
    "  k.to_organ = o.organ_id) FROM edxml_organs o"
#define ORGAN_COLS ORGAN_COLS_FROM("o.rowid")
#define ORGAN_COLS_PG ORGAN_COLS_FROM("o.id")
#define ORGAN_LIST_WHERE                                                                           \
    " WHERE ?1 IS NULL OR instr(lower(o.organ_id), lower(?1)) > 0 OR"                              \
    " instr(lower(o.name), lower(?1)) > 0"                                                         \
    " ORDER BY o.disabled_at IS NOT NULL, o.name LIMIT 500"
static const db_query q_list = {
    "edxml.organ_list", ORGAN_COLS ORGAN_LIST_WHERE,
    ORGAN_COLS_PG " WHERE $1::text IS NULL OR strpos(lower(o.organ_id), lower($1)) > 0 OR"
                  " strpos(lower(o.name), lower($1)) > 0"
                  " ORDER BY o.disabled_at IS NOT NULL, o.name LIMIT 500"};
static const db_query q_get = {"edxml.organ_get", ORGAN_COLS " WHERE o.rowid = ?1",
                               ORGAN_COLS_PG " WHERE o.id = $1"};
static const db_query q_code_taken = {
    "edxml.organ_code_taken",
    "SELECT 1 FROM edxml_organs WHERE organ_id = ?1 AND rowid <> ?2 UNION ALL SELECT 1 FROM"
    " units WHERE organ_id = ?1 LIMIT 1",
    "SELECT 1 FROM edxml_organs WHERE organ_id = $1 AND id <> $2 UNION ALL SELECT 1 FROM"
    " units WHERE organ_id = $1 LIMIT 1"};
static const db_query q_add = {
    "edxml.organ_add",
    "INSERT INTO edxml_organs (organ_id, name, encrypted, created_at) VALUES (?1, ?2, ?3, ?4)",
    NULL};
static const db_query q_edit = {
    "edxml.organ_edit",
    "UPDATE edxml_organs SET organ_id = ?2, name = ?3, encrypted = ?4, disabled_at = CASE WHEN"
    " ?5 THEN COALESCE(disabled_at, ?6) ELSE NULL END WHERE rowid = ?1",
    "UPDATE edxml_organs SET organ_id = $2, name = $3, encrypted = $4, disabled_at = CASE WHEN"
    " $5 <> 0 THEN COALESCE(disabled_at, $6) ELSE NULL END WHERE id = $1"};

static bool may_admin(const ctx *c)
{
    return c->user && c->user->role == ROLE_ADMIN;
}

static void forbidden(web_err *e)
{
    web_err_add(e, 403, "forbidden", NULL,
                _("Chỉ quản trị hệ thống mới quản lý danh mục cơ quan liên thông."));
}

/* "000.00.31.T01": three digits, two, two, then a capital letter and two digits. */
static bool code_ok(const char *s)
{
    static const char shape[] = "ddd.dd.dd.Add";
    if (!s || strlen(s) != sizeof shape - 1)
        return false;
    for (size_t i = 0; shape[i]; i++) {
        unsigned char ch = (unsigned char)s[i];
        if (shape[i] == 'd' ? !isdigit(ch) : shape[i] == 'A' ? !isupper(ch) : ch != '.')
            return false;
    }
    return true;
}

static void read_row(ctx *c, db_stmt *s, organ_row *r)
{
    r->id = db_col_int(s, 0);
    r->organ_id = arena_strdup(c->a, db_col_text(s, 1));
    r->name = arena_strdup(c->a, db_col_text(s, 2));
    r->encrypted = db_col_int(s, 3) != 0;
    r->created_at = arena_strdup(c->a, db_col_text(s, 4));
    r->disabled_at = db_col_null(s, 5) ? NULL : arena_strdup(c->a, db_col_text(s, 5));
    r->peer_name = db_col_null(s, 6) ? NULL : arena_strdup(c->a, db_col_text(s, 6));
    r->packages = db_col_int(s, 7);
}

static int organ_list(ctx *c, const char *q, organ_row **rows_r)
{
    db_stmt *s = db_stmt_get(c->db, &q_list);
    if (!s)
        return -1;
    db_bind_text(s, 1, q && *q ? q : NULL);
    organ_row *v = arena_alloc(c->a, sizeof *v * ORGAN_LIST_MAX);
    int n = 0;
    while (n < ORGAN_LIST_MAX && db_step(s) == DB_ROW)
        read_row(c, s, &v[n++]);
    db_reset(s);
    *rows_r = v;
    return n;
}

static int organ_get(ctx *c, int64_t id, organ_row *r)
{
    db_stmt *s = db_stmt_get(c->db, &q_get);
    if (!s)
        return -1;
    db_bind_int(s, 1, id);
    int rc = db_step(s);
    if (rc == DB_ROW)
        read_row(c, s, r);
    db_reset(s);
    return rc == DB_ROW ? 1 : rc == DB_DONE ? 0 : -1;
}

typedef struct organ_input {
    const char *organ_id, *name;
    int encrypted, disabled; /* -1: as it is */
} organ_input;

static json_t *row_json(const organ_row *r)
{
    return json_pack("{s:I, s:s, s:s, s:b, s:b, s:s, s:s?, s:s?, s:I}", "id", (json_int_t)r->id,
                     "organ_id", r->organ_id, "name", r->name, "encrypted", r->encrypted, "enabled",
                     r->disabled_at == NULL, "created_at", r->created_at, "disabled_at",
                     r->disabled_at, "peer", r->peer_name, "packages", (json_int_t)r->packages);
}

/* Adds (id 0) or edits organ id. Returns its id, or -1 with e. */
static int64_t organ_save(ctx *c, int64_t id, const organ_input *in, web_err *e)
{
    if (!may_admin(c)) {
        forbidden(e);
        return -1;
    }
    organ_row old = {0};
    if (id != 0) {
        int g = organ_get(c, id, &old);
        if (g <= 0) {
            if (g < 0)
                web_err_db(c, e);
            else
                web_err_add(e, 404, "not_found", NULL, _("Không có cơ quan này trong danh mục."));
            return -1;
        }
    }
    const char *code = in->organ_id ? in->organ_id : old.organ_id;
    const char *name = in->name ? in->name : old.name;
    while (name && isspace((unsigned char)*name))
        name++;
    if (!code || !*code)
        web_err_add(e, 400, "invalid_input", "organ_id", _("Nhập mã định danh của cơ quan."));
    else if (!code_ok(code))
        web_err_add(e, 400, "invalid_input", "organ_id",
                    _("Mã định danh có dạng 000.00.31.T01 (13 ký tự: ba số, hai số, hai số, một "
                      "chữ in hoa và hai số, cách nhau bằng dấu chấm)."));
    if (!name || !*name)
        web_err_add(e, 400, "invalid_input", "name", _("Nhập tên cơ quan."));
    else if (strlen(name) > ORGAN_MAX_NAME)
        web_err_add(e, 400, "invalid_input", "name", _("Tên cơ quan quá dài (tối đa 300 ký tự)."));
    if (e->n)
        return -1;
    if (db_begin_write(c->db) != 0) {
        web_err_db(c, e);
        return -1;
    }
    db_stmt *s = db_stmt_get(c->db, &q_code_taken);
    if (!s)
        return web_err_rollback(c, e);
    db_bind_text(s, 1, code);
    db_bind_int(s, 2, id);
    int taken = db_step(s) == DB_ROW;
    db_reset(s);
    if (taken) {
        db_rollback(c->db);
        web_err_add(e, 409, "duplicate", "organ_id",
                    _("Mã định danh này đã có trong danh mục hoặc là mã của một đơn vị trong hệ "
                      "thống."));
        return -1;
    }
    char now[32];
    clock_iso(clock_now(), now, sizeof now);
    bool enc = in->encrypted < 0 ? old.encrypted : in->encrypted > 0;
    bool dis = in->disabled < 0 ? old.disabled_at != NULL : in->disabled > 0;
    if (id == 0) {
        if (!(s = db_stmt_get(c->db, &q_add)))
            return web_err_rollback(c, e);
        db_bind_text(s, 1, code);
        db_bind_text(s, 2, name);
        db_bind_int(s, 3, enc);
        db_bind_text(s, 4, now);
        if (db_exec(s) != DB_DONE)
            return web_err_rollback(c, e);
        id = db_last_id(c->db);
    } else {
        if (!(s = db_stmt_get(c->db, &q_edit)))
            return web_err_rollback(c, e);
        db_bind_int(s, 1, id);
        db_bind_text(s, 2, code);
        db_bind_text(s, 3, name);
        db_bind_int(s, 4, enc);
        db_bind_int(s, 5, dis);
        db_bind_text(s, 6, now);
        if (db_exec(s) != DB_DONE)
            return web_err_rollback(c, e);
    }
    json_t *before = old.organ_id ? row_json(&old) : NULL;
    char *bj = before ? json_dumps(before, JSON_COMPACT) : NULL;
    json_decref(before);
    json_t *after = json_pack("{s:s, s:s, s:b, s:b}", "organ_id", code, "name", name, "encrypted",
                              enc, "enabled", !dis);
    char *aj = json_dumps(after, JSON_COMPACT);
    json_decref(after);
    int rc = audit_log(c->db, c->user, old.organ_id ? "edxml.organ_edit" : "edxml.organ_add",
                       "edxml_organ", id, bj, aj);
    free(bj);
    free(aj);
    if (rc != 0 || db_commit(c->db) != 0)
        return web_err_rollback(c, e);
    return id;
}

/* ---- pages ---------------------------------------------------------------------------------- */

static bool page_forbid(ctx *c)
{
    if (may_admin(c))
        return false;
    respond_error(c, 403, "forbidden",
                  _("Chỉ quản trị hệ thống mới quản lý danh mục cơ quan liên thông."));
    return true;
}

static void fields_html(ctx *c, const char *key, const organ_row *r, const char *idp)
{
    form_field_html(c, key,
                    &(form_field){.name = "organ_id",
                                  .label = _("Mã định danh (OrganId)"),
                                  .id = arena_printf(c->a, "%s-code", idp),
                                  .value = r ? r->organ_id : NULL,
                                  .hint = _("Ví dụ: 000.00.31.T01"),
                                  .required = true});
    form_field_html(c, key,
                    &(form_field){.name = "name",
                                  .label = _("Tên cơ quan"),
                                  .id = arena_printf(c->a, "%s-name", idp),
                                  .value = r ? r->name : NULL,
                                  .required = true});
    bool failed = form_failed(c, key);
    bool enc = failed ? form_has(c, key, "encrypted", "1") : r && r->encrypted;
    html_printf(B(c),
                "<div class=\"field\"><label><input type=\"checkbox\" name=\"encrypted\" "
                "value=\"1\" id=\"%s-enc\"%s> %s</label></div>",
                idp, enc ? " checked" : "",
                _("Kênh đã mã hóa (được gửi văn bản Mật qua mạng, Quy định 217-QĐ/TW)"));
}

static void h_page(ctx *c)
{
    if (page_forbid(c))
        return;
    const char *q = req_query(c->rq, "q");
    organ_row *rows = NULL;
    int n = organ_list(c, q, &rows);
    page_begin(c, _("Danh mục cơ quan liên thông (edXML)"), "edxml_organs");
    html_printf(B(c),
                "<p class=\"hint\">%s <a href=\"/admin/peers\">%s</a></p>"
                "<form class=\"filters no-print\" method=\"get\" action=\"/admin/edxml/organs\" "
                "id=\"organ-search\"><label for=\"organ-q\">%s</label> <input type=\"search\" "
                "id=\"organ-q\" name=\"q\" value=\"%s\"> <button class=\"secondary\">%s</button>"
                "</form>",
                _("Các cơ quan ngoài hệ thống được gửi, nhận gói edXML. Cơ quan kết nối trực "
                  "tiếp được cấu hình ở trang"),
                _("Kết nối liên thông"), _("Tìm theo mã hoặc tên"), q ? q : "", _("Tìm"));
    html_printf(B(c),
                "<div class=\"table-wrap\"><table id=\"organs\" class=\"cards\"><thead><tr>"
                "<th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th><th></th></tr></thead>"
                "<tbody>",
                _("Mã định danh"), _("Tên cơ quan"), _("Kết nối"), _("Kênh"), _("Trạng thái"));
    for (int i = 0; i < n; i++) {
        const organ_row *r = &rows[i];
        html_printf(B(c),
                    "<tr data-organ=\"%s\"%s><td data-label=\"%s\"><code>%s</code></td>"
                    "<td data-label=\"%s\">%s</td><td data-label=\"%s\">",
                    r->organ_id, r->disabled_at ? " class=\"muted\"" : "", _("Mã định danh"),
                    r->organ_id, _("Tên cơ quan"), r->name, _("Kết nối"));
        if (r->peer_name)
            html_printf(B(c), "<a href=\"/admin/peers\">%s</a>", r->peer_name);
        else
            html_printf(B(c), "%s", _("Qua tệp"));
        html_printf(B(c),
                    "</td><td data-label=\"%s\">%s</td><td data-label=\"%s\">%s</td><td><a "
                    "href=\"/admin/edxml/organs/%lld\">%s</a></td></tr>",
                    _("Kênh"), r->encrypted ? _("Đã mã hóa") : _("Chưa mã hóa"), _("Trạng thái"),
                    r->disabled_at ? _("Ngừng sử dụng") : _("Đang dùng"), (long long)r->id,
                    _("Sửa"));
    }
    if (n <= 0)
        html_printf(B(c), "<tr><td colspan=\"6\" class=\"empty\">%s</td></tr>",
                    q && *q ? _("Không có cơ quan nào khớp.") : _("Danh mục chưa có cơ quan nào."));
    html_raw(B(c), "</tbody></table></div>");
    const char *key = "/admin/edxml/organs";
    html_printf(B(c),
                "<section class=\"panel no-print\" id=\"organ-add\"><h2>%s</h2><form "
                "class=\"form\" method=\"post\" action=\"%s\">",
                _("Thêm cơ quan"), key);
    form_csrf(c);
    fields_html(c, key, NULL, "add");
    html_printf(B(c), "<div class=\"actions\"><button>%s</button></div></form></section>",
                _("Thêm"));
    page_end(c);
}

static void h_edit_page(ctx *c)
{
    if (page_forbid(c))
        return;
    organ_row r;
    int64_t id = req_param_id(c->rq, "id");
    int g = id > 0 ? organ_get(c, id, &r) : 0;
    if (g <= 0) {
        respond_error(c, g < 0 ? 500 : 404, g < 0 ? "internal" : "not_found",
                      g < 0 ? _(WEB_MSG_DB) : _("Không có cơ quan này trong danh mục."));
        return;
    }
    const char *key = arena_printf(c->a, "/admin/edxml/organs/%lld", (long long)id);
    page_begin(c, r.name, "edxml_organs");
    html_printf(B(c),
                "<p><a href=\"/admin/edxml/organs\">%s</a></p><section class=\"panel\" "
                "id=\"organ-edit\"><h2>%s</h2><form class=\"form\" method=\"post\" "
                "action=\"%s\">",
                _("← Danh mục cơ quan liên thông"), _("Sửa cơ quan"), key);
    form_csrf(c);
    fields_html(c, key, &r, "edit");
    bool failed = form_failed(c, key);
    bool on = failed ? form_has(c, key, "enabled", "1") : r.disabled_at == NULL;
    html_printf(B(c),
                "<div class=\"field\"><label><input type=\"checkbox\" name=\"enabled\" value=\"1\" "
                "id=\"edit-enabled\"%s> %s</label><p class=\"hint\">%s</p></div>"
                "<div class=\"actions\"><button>%s</button></div></form></section>",
                on ? " checked" : "", _("Đang sử dụng"),
                _("Bỏ chọn để ngừng: không còn chọn được khi xuất gói và gói tin từ cơ quan này "
                  "bị từ chối; lịch sử trao đổi vẫn giữ."),
                _("Lưu"));
    html_printf(B(c), "<p class=\"hint\">%s: %lld</p>", _("Số gói tin đã trao đổi"),
                (long long)r.packages);
    page_end(c);
}

static void h_add(ctx *c)
{
    web_err e = {0};
    const char *enc = req_form(c->rq, "encrypted");
    organ_input in = {req_form(c->rq, "organ_id"), req_form(c->rq, "name"),
                      enc && strcmp(enc, "1") == 0, 0};
    int64_t id = organ_save(c, 0, &in, &e);
    web_after_post(c, "/admin/edxml/organs", id > 0 ? 0 : -1, &e, _("Đã thêm cơ quan."));
}

static void h_edit(ctx *c)
{
    web_err e = {0};
    int64_t id = req_param_id(c->rq, "id");
    const char *enc = req_form(c->rq, "encrypted"), *on = req_form(c->rq, "enabled");
    organ_input in = {req_form(c->rq, "organ_id"), req_form(c->rq, "name"),
                      enc && strcmp(enc, "1") == 0, !(on && strcmp(on, "1") == 0)};
    int64_t rc = organ_save(c, id, &in, &e);
    if (rc > 0) {
        page_flash_set(c, _("Đã lưu cơ quan."));
        respond_redirect(c, "/admin/edxml/organs");
        return;
    }
    web_after_post(c, arena_printf(c->a, "/admin/edxml/organs/%lld", (long long)id), -1, &e, NULL);
}

/* ---- API -------------------------------------------------------------------------------- */

static bool api_forbid(ctx *c)
{
    if (may_admin(c))
        return false;
    web_err e = {0};
    forbidden(&e);
    web_err_respond(c, &e);
    return true;
}

static void h_api_list(ctx *c)
{
    static const char *const params[] = {"q", NULL};
    if (api_forbid(c) || !params_check(c, params))
        return;
    organ_row *rows = NULL;
    int n = organ_list(c, req_query(c->rq, "q"), &rows);
    json_t *items = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(items, row_json(&rows[i]));
    respond_json(c, 200, json_pack("{s:o}", "items", items));
}

static void api_save(ctx *c, int64_t id)
{
    static const char *const members[] = {"organ_id", "name", "encrypted", "enabled", NULL};
    json_t *j = params_json(c, members);
    if (!j)
        return;
    web_err e = {0};
    organ_input in = {NULL, NULL, -1, -1};
    bool enc = false, on = true;
    json_member_text(c, j, "organ_id", &in.organ_id, &e);
    json_member_text(c, j, "name", &in.name, &e);
    if (json_object_get(j, "encrypted") && json_member_bool(c, j, "encrypted", &enc, &e) == 0)
        in.encrypted = enc;
    if (json_object_get(j, "enabled") && json_member_bool(c, j, "enabled", &on, &e) == 0)
        in.disabled = !on;
    if (id == 0 && in.disabled > 0) {
        /* A new organ starts in use. */
        in.disabled = 0;
    }
    int64_t got = e.n ? -1 : organ_save(c, id, &in, &e);
    organ_row r;
    if (got <= 0 || organ_get(c, got, &r) != 1) {
        if (!e.n)
            web_err_db(c, &e);
        web_err_respond(c, &e);
        return;
    }
    respond_json(c, id ? 200 : 201, row_json(&r));
}

static void h_api_add(ctx *c)
{
    api_save(c, 0);
}

static void h_api_edit(ctx *c)
{
    int64_t id = req_param_id(c->rq, "id");
    api_save(c, id > 0 ? id : -1);
}

void edxml_organs_routes(void)
{
    route_add("GET", "/admin/edxml/organs", h_page, 0);
    route_add("POST", "/admin/edxml/organs", h_add, 0);
    route_add("GET", "/admin/edxml/organs/{id}", h_edit_page, 0);
    route_add("POST", "/admin/edxml/organs/{id}", h_edit, 0);
    route_add("GET", "/api/v1/edxml/organs", h_api_list, ROUTE_API);
    route_add("POST", "/api/v1/edxml/organs", h_api_add, ROUTE_API);
    route_add("PATCH", "/api/v1/edxml/organs/{id}", h_api_edit, ROUTE_API);
}
