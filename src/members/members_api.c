/* The JSON API of the Party members (/api/v1/members…). Rules live in members.c. */
#include <string.h>

#include <jansson.h>
#include <sodium.h>

#include "audit/audit.h"
#include "base/i18n.h"
#include "files/xlsx_read.h"
#include "http/router.h"
#include "members/members.h"
#include "members/members_impl.h"
#include "web/errors.h"
#include "web/params.h"
#include "web/respond.h"

static json_t *jstr(const char *s)
{
    return s && *s ? json_string(s) : json_null();
}

json_t *member_json(const member *m);
json_t *member_json(const member *m)
{
    json_t *j = json_pack(
        "{s:I, s:I, s:s, s:s, s:o, s:o, s:s, s:o, s:o, s:s, s:o}", "id", (json_int_t)m->id,
        "unit_id", (json_int_t)m->unit_id, "unit", m->unit_name, "full_name", m->full_name,
        "birth_date", jstr(m->birth_date), "gender", jstr(m->gender), "admitted_on", m->admitted_on,
        "official_on", jstr(m->official_on), "party_card_no", jstr(m->party_card_no), "status",
        m->status, "status_on", jstr(m->status_on));
    json_object_set_new(j, "fee_category", json_string(m->fee_category));
    json_object_set_new(j, "fee_basis", json_integer(m->fee_basis));
    json_object_set_new(j, "wage_region", json_integer(m->wage_region));
    json_object_set_new(j, "retired", json_boolean(m->retired));
    json_object_set_new(j, "student", json_boolean(m->student));
    json_object_set_new(j, "note", json_string(m->note));
    return j;
}

static bool refused(ctx *c, const web_err *e)
{
    if (!e->n)
        return false;
    web_err_respond(c, e);
    return true;
}

static void api_list(ctx *c)
{
    static const char *const names[] = {"unit", "q", "all", NULL};
    if (!params_check(c, names))
        return;
    web_err e = {0};
    int64_t unit_id = 0;
    bool all = false;
    query_id(c, "unit", &unit_id, &e);
    query_bool(c, "all", &all, &e);
    if (refused(c, &e))
        return;
    if (!members_may_read(c, unit_id)) {
        respond_api_error(c, 403, "forbidden", _("Bạn không có quyền xem danh sách đảng viên."));
        return;
    }
    member *m;
    int n = members_list(c, unit_id, all, req_query(c->rq, "q"), &m);
    json_t *a = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(a, member_json(&m[i]));
    respond_json(c, 200, json_pack("{s:o, s:i}", "items", a, "total", n));
}

static void api_get(ctx *c)
{
    if (!params_check(c, NULL))
        return;
    const member *m = members_get(c, req_param_id(c->rq, "id"));
    if (!m) {
        respond_api_error(c, 404, "not_found", _("Không tìm thấy đảng viên."));
        return;
    }
    json_t *j = member_json(m);
    member_move *mv;
    int n = members_moves(c, m->id, &mv);
    json_t *a = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(a, json_pack("{s:s, s:s, s:s, s:s}", "from", mv[i].from_name, "to",
                                           mv[i].to_name, "moved_on", mv[i].moved_on, "note",
                                           mv[i].note));
    json_object_set_new(j, "moves", a);
    respond_json(c, 200, j);
}

static const char *const member_members[] = {
    "unit_id",     "full_name",     "birth_date",   "gender",    "id_number",   "admitted_on",
    "official_on", "party_card_no", "fee_category", "fee_basis", "wage_region", "note",
    NULL};

static bool read_json(ctx *c, json_t *j, member *m, web_err *e)
{
    memset(m, 0, sizeof *m);
    int64_t basis = 0, region = 1;
    json_member_id(c, j, "unit_id", &m->unit_id, e);
    json_member_text(c, j, "full_name", &m->full_name, e);
    json_member_text(c, j, "birth_date", &m->birth_date, e);
    json_member_text(c, j, "gender", &m->gender, e);
    json_member_text(c, j, "id_number", &m->id_number, e);
    json_member_text(c, j, "admitted_on", &m->admitted_on, e);
    json_member_text(c, j, "official_on", &m->official_on, e);
    json_member_text(c, j, "party_card_no", &m->party_card_no, e);
    json_member_text(c, j, "fee_category", &m->fee_category, e);
    json_member_range(c, j, "fee_basis", 0, 10000000000LL, &basis, e);
    json_member_range(c, j, "wage_region", 1, 4, &region, e);
    json_member_text(c, j, "note", &m->note, e);
    if (!m->fee_category)
        m->fee_category = "BHXH";
    m->fee_basis = basis;
    m->wage_region = (int)region;
    m->retired = strcmp(m->fee_category, "HUU_TRI") == 0;
    m->student = strcmp(m->fee_category, "HOC_SINH_SINH_VIEN") == 0;
    return e->n == 0;
}

static void api_create(ctx *c)
{
    json_t *j = params_json(c, member_members);
    if (!j)
        return;
    web_err e = {0};
    member m;
    int64_t id = read_json(c, j, &m, &e) ? members_save(c, 0, &m, &e) : -1;
    if (refused(c, &e))
        return;
    respond_json(c, 201, json_pack("{s:I}", "id", (json_int_t)id));
}

static void api_update(ctx *c)
{
    json_t *j = params_json(c, member_members);
    if (!j)
        return;
    web_err e = {0};
    member m;
    int64_t id = req_param_id(c->rq, "id");
    const member *old = members_get(c, id);
    if (!old) {
        respond_api_error(c, 404, "not_found", _("Không tìm thấy đảng viên."));
        return;
    }
    if (read_json(c, j, &m, &e))
        members_save(c, id, &m, &e);
    if (refused(c, &e))
        return;
    respond_json(c, 200, json_pack("{s:I}", "id", (json_int_t)id));
}

static void api_move(ctx *c)
{
    static const char *const members[] = {"to_unit_id", "moved_on", "note", NULL};
    json_t *j = params_json(c, members);
    if (!j)
        return;
    web_err e = {0};
    int64_t to = 0;
    const char *on = NULL, *note = NULL;
    json_member_id(c, j, "to_unit_id", &to, &e);
    json_member_text(c, j, "moved_on", &on, &e);
    json_member_text(c, j, "note", &note, &e);
    if (!e.n)
        members_move(c, req_param_id(c->rq, "id"), to, on, note, &e);
    if (refused(c, &e))
        return;
    respond_json(c, 200, json_pack("{s:b}", "moved", 1));
}

static void api_import(ctx *c)
{
    static const char *const members[] = {"unit_id", "csv", "xlsx_base64", NULL};
    json_t *j = params_json(c, members);
    if (!j)
        return;
    web_err e = {0};
    int64_t unit_id = 0;
    const char *csv = NULL, *b64 = NULL;
    json_member_id(c, j, "unit_id", &unit_id, &e);
    json_member_text(c, j, "csv", &csv, &e);
    json_member_text(c, j, "xlsx_base64", &b64, &e);
    int n = -1;
    if (!e.n && b64) {
        /* a workbook sent as base64: decoded within the reader's size limit */
        size_t blen = strlen(b64), len = 0;
        size_t cap = blen / 4 * 3 + 3;
        unsigned char *bin = cap <= XLSX_MAX_BYTES + 3 ? arena_alloc(c->a, cap) : NULL;
        if (!bin)
            web_err_add(&e, 400, "invalid_input", "xlsx_base64",
                        _("Bảng tính quá lớn (tối đa 8 MB)."));
        else if (sodium_base642bin(bin, cap, b64, blen, "\r\n ", &len, NULL,
                                   sodium_base64_VARIANT_ORIGINAL) != 0)
            web_err_add(&e, 400, "invalid_input", "xlsx_base64",
                        _("Nội dung base64 của bảng tính không hợp lệ."));
        else
            n = members_import_file(c, unit_id, (const char *)bin, len, &e);
    } else if (!e.n)
        n = members_import_csv(c, unit_id, csv ? csv : "", csv ? strlen(csv) : 0, &e);
    if (n < 0 && e.n) {
        /* every row's error, not only the first: the caller fixes the sheet in one go */
        json_t *rows = json_array();
        for (int i = 0; i < e.n; i++)
            json_array_append_new(rows, json_pack("{s:o, s:s}", "field", jstr(e.e[i].field),
                                                  "message", e.e[i].message));
        int st = e.status == 400 ? 422 : e.status;
        respond_json(c, st,
                     json_pack("{s:{s:s, s:s, s:o, s:o}}", "error", "code", e.code, "message",
                               web_err_message(&e), "field", jstr(e.e[0].field), "errors", rows));
        return;
    }
    respond_json(c, 201, json_pack("{s:i}", "imported", n));
}

static void api_status(ctx *c)
{
    static const char *const members[] = {"kind",      "happened_on", "decision_no",
                                          "fee_basis", "note",        NULL};
    json_t *j = params_json(c, members);
    if (!j)
        return;
    web_err e = {0};
    const char *kind = NULL, *on = NULL, *dn = NULL, *note = NULL;
    int64_t basis = -1;
    json_member_text(c, j, "kind", &kind, &e);
    json_member_text(c, j, "happened_on", &on, &e);
    json_member_text(c, j, "decision_no", &dn, &e);
    json_member_range(c, j, "fee_basis", 0, 10000000000LL, &basis, &e);
    json_member_text(c, j, "note", &note, &e);
    int64_t id =
        e.n ? -1 : members_status_add(c, req_param_id(c->rq, "id"), kind, on, dn, basis, note, &e);
    if (refused(c, &e))
        return;
    respond_json(c, 201, json_pack("{s:I}", "id", (json_int_t)id));
}

static void api_discipline(ctx *c)
{
    static const char *const members[] = {"form", "decided_on", "decision_no", "note", NULL};
    json_t *j = params_json(c, members);
    if (!j)
        return;
    web_err e = {0};
    const char *form = NULL, *on = NULL, *dn = NULL, *note = NULL;
    json_member_text(c, j, "form", &form, &e);
    json_member_text(c, j, "decided_on", &on, &e);
    json_member_text(c, j, "decision_no", &dn, &e);
    json_member_text(c, j, "note", &note, &e);
    int64_t id =
        e.n ? -1 : members_discipline_add(c, req_param_id(c->rq, "id"), form, on, dn, note, &e);
    if (refused(c, &e))
        return;
    respond_json(c, 201, json_pack("{s:I}", "id", (json_int_t)id));
}

/* The member's status changes and discipline, oldest first. */
static void api_history(ctx *c)
{
    if (!params_check(c, NULL))
        return;
    const member *m = members_get(c, req_param_id(c->rq, "id"));
    if (!m) {
        respond_api_error(c, 404, "not_found", _("Không tìm thấy đảng viên."));
        return;
    }
    member_event *ev;
    member_discipline *d;
    int n = members_status_history(c, m->id, &ev), nd = members_disciplines(c, m->id, &d);
    json_t *events = json_array(), *discs = json_array();
    for (int i = 0; i < n; i++) {
        json_t *o = json_pack("{s:I, s:s, s:s, s:s, s:s, s:s}", "id", (json_int_t)ev[i].id, "kind",
                              ev[i].kind, "label", member_event_label(ev[i].kind), "happened_on",
                              ev[i].on, "decision_no", ev[i].decision_no, "note", ev[i].note);
        json_object_set_new(o, "fee_basis",
                            ev[i].fee_basis >= 0 ? json_integer(ev[i].fee_basis) : json_null());
        json_array_append_new(events, o);
    }
    for (int i = 0; i < nd; i++)
        json_array_append_new(
            discs, json_pack("{s:I, s:s, s:s, s:s, s:s, s:s}", "id", (json_int_t)d[i].id, "form",
                             d[i].form, "label", member_discipline_label(d[i].form), "decided_on",
                             d[i].on, "decision_no", d[i].decision_no, "note", d[i].note));
    respond_json(c, 200,
                 json_pack("{s:s, s:s, s:o, s:o}", "status", m->status, "fee_category",
                           m->fee_category, "events", events, "disciplines", discs));
}

void members_api_routes(void)
{
    route_add("POST", "/api/v1/members/{id}/status", api_status, ROUTE_API);
    route_add("POST", "/api/v1/members/{id}/disciplines", api_discipline, ROUTE_API);
    route_add("GET", "/api/v1/members/{id}/history", api_history, ROUTE_API);
    route_add("GET", "/api/v1/members", api_list, ROUTE_API);
    route_add("POST", "/api/v1/members", api_create, ROUTE_API);
    route_add("POST", "/api/v1/members/import", api_import, ROUTE_API);
    route_add("GET", "/api/v1/members/{id}", api_get, ROUTE_API);
    route_add("POST", "/api/v1/members/{id}", api_update, ROUTE_API);
    route_add("POST", "/api/v1/members/{id}/move", api_move, ROUTE_API);
}
