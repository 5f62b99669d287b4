/* JSON: the format check of a document (GET /api/v1/outgoing/{id}/check), the layout in force
 * on a date (GET /api/v1/layout) and its change (POST /api/v1/layout, admin). */
#include <math.h>
#include <string.h>

#include <jansson.h>

#include "base/i18n.h"
#include "docgen/docgen.h"
#include "docgen/docgen_impl.h"
#include "http/router.h"
#include "outgoing/outgoing.h"
#include "web/dates.h"
#include "web/errors.h"
#include "web/params.h"
#include "web/respond.h"

static void h_check(ctx *c)
{
    static const char *const params[] = {NULL};
    if (!params_check(c, params))
        return;
    int64_t id = req_param_id(c->rq, "id");
    if (id <= 0 || !outgoing_may_see(c, id)) {
        respond_not_found(c);
        return;
    }
    docgen_issue *v;
    int n = docgen_check(c->db, c->a, id, &v);
    if (n < 0) {
        respond_not_found(c);
        return;
    }
    json_t *items = json_array();
    int errors = 0;
    for (int i = 0; i < n; i++) {
        errors += v[i].error;
        json_array_append_new(items, json_pack("{s:s,s:s,s:s}", "field", v[i].field, "message",
                                               v[i].message, "severity",
                                               v[i].error ? "error" : "warning"));
    }
    respond_json(c, 200,
                 json_pack("{s:I,s:b,s:i,s:o}", "outgoing_id", (json_int_t)id, "ok", errors == 0,
                           "errors", errors, "items", items));
}

static json_t *layout_json(ctx *c, const char *date, const dg_layout *l)
{
    json_t *els = json_array();
    for (int i = 0; i < DG_N_EL; i++) {
        const dg_style *st = &l->el[i];
        json_array_append_new(
            els, json_pack("{s:s,s:s,s:f,s:b,s:b,s:b,s:b,s:s,s:f,s:f,s:f,s:s?,s:b,s:s?,s:s?}",
                           "element", dg_el_codes[i], "label", _(dg_el_labels[i]), "font_pt",
                           st->font_pt, "bold", st->bold, "italic", st->italic, "upper", st->upper,
                           "underline", st->underline, "align", st->align, "space_before",
                           st->space_before, "space_after", st->space_after, "indent_mm",
                           st->indent_mm, "text", st->text, "verified", st->verified, "source",
                           st->source, "effective_from", st->effective_from));
    }
    return json_pack("{s:s,s:{s:f,s:f,s:f,s:f,s:b,s:s?},s:o}", "date", date, "page", "margin_top",
                     l->page.top, "margin_bottom", l->page.bottom, "margin_left", l->page.left,
                     "margin_right", l->page.right, "verified", l->page.verified, "effective_from",
                     l->page.effective_from, "elements", els);
}

static void h_get(ctx *c)
{
    static const char *const params[] = {"date", NULL};
    if (!params_check(c, params))
        return;
    web_err e = {0};
    const char *date = NULL;
    query_date(c, "date", &date, &e);
    if (e.n) {
        web_err_respond(c, &e);
        return;
    }
    if (!date)
        date = web_today(c);
    dg_layout l;
    if (dg_layout_load(c->db, c->a, date, &l) != 0) {
        respond_api_fail(c, 500, NULL);
        return;
    }
    respond_json(c, 200, layout_json(c, date, &l));
}

static double jnum(json_t *j, const char *key, double dflt, bool *bad)
{
    json_t *v = json_object_get(j, key);
    if (!v)
        return dflt;
    if (!json_is_number(v)) {
        *bad = true;
        return NAN;
    }
    return json_number_value(v);
}

static bool jbool(json_t *j, const char *key, bool dflt)
{
    json_t *v = json_object_get(j, key);
    return v ? json_is_true(v) : dflt;
}

static void h_set(ctx *c)
{
    static const char *const members[] = {"element",      "effective_from", "font_pt",   "bold",
                                          "italic",       "upper",          "underline", "align",
                                          "space_before", "space_after",    "indent_mm", "text",
                                          "verified",     "source",         NULL};
    json_t *j = params_json(c, members);
    if (!j)
        return;
    web_err e = {0};
    if (!docgen_may_edit_layout(c->user)) {
        web_err_add(&e, 403, "forbidden", NULL, _("Chỉ quản trị viên được sửa thể thức văn bản."));
        web_err_respond(c, &e);
        return;
    }
    const char *element = NULL, *from = NULL, *align = NULL, *text = NULL, *source = NULL;
    json_member_text(c, j, "element", &element, &e);
    json_member_date(c, j, "effective_from", &from, &e);
    json_member_text(c, j, "align", &align, &e);
    json_member_text(c, j, "text", &text, &e);
    json_member_text(c, j, "source", &source, &e);
    bool bad = false;
    dg_style st = {.font_pt = jnum(j, "font_pt", NAN, &bad),
                   .space_before = jnum(j, "space_before", 0, &bad),
                   .space_after = jnum(j, "space_after", 0, &bad),
                   .indent_mm = jnum(j, "indent_mm", 0, &bad),
                   .bold = jbool(j, "bold", false),
                   .italic = jbool(j, "italic", false),
                   .upper = jbool(j, "upper", false),
                   .underline = jbool(j, "underline", false),
                   .verified = jbool(j, "verified", false),
                   .align = align ? align : "left",
                   .text = text,
                   .source = source,
                   .effective_from = from ? from : web_today(c)};
    if (bad)
        web_err_add(&e, 400, "invalid_input", NULL, _("Các cỡ chữ, khoảng cách phải là số."));
    if (e.n) {
        web_err_respond(c, &e);
        return;
    }
    const char *err = NULL, *field = NULL;
    if (dg_layout_set(c, element, &st, &err, &field) != 0) {
        web_err_add(&e, field ? 400 : 500, field ? "invalid_input" : "internal", field, err);
        web_err_respond(c, &e);
        return;
    }
    dg_layout l;
    dg_layout_load(c->db, c->a, st.effective_from, &l);
    respond_json(c, 200, layout_json(c, st.effective_from, &l));
}

static void h_authority(ctx *c)
{
    static const char *const members[] = {"authority", NULL};
    json_t *j = params_json(c, members);
    if (!j)
        return;
    web_err e = {0};
    const char *code = NULL;
    json_member_text(c, j, "authority", &code, &e);
    if (e.n) {
        web_err_respond(c, &e);
        return;
    }
    int64_t id = req_param_id(c->rq, "id");
    const char *err = NULL;
    int status = 0;
    if (dg_set_authority(c, id, code, &err, &status) != 0) {
        web_err_add(&e, status, respond_code_for(status), status == 400 ? "authority" : NULL, err);
        web_err_respond(c, &e);
        return;
    }
    respond_json(c, 200, json_pack("{s:I,s:s}", "outgoing_id", (json_int_t)id, "authority", code));
}

void dg_api_routes(void)
{
    route_add("GET", "/api/v1/outgoing/{id}/check", h_check, ROUTE_API);
    route_add("GET", "/api/v1/layout", h_get, ROUTE_API);
    route_add("POST", "/api/v1/outgoing/{id}/authority", h_authority, ROUTE_API);
    route_add("POST", "/api/v1/layout", h_set, ROUTE_API);
}
