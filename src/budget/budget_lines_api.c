/* The JSON API of the catalogue of budget lines: add, edit, retire (docs/api.md "Budget"). The
 * list is GET /api/v1/budget/lines (budget_api.c; ?all=1 gives every line, retired ones too). */
#include <string.h>

#include <jansson.h>

#include "base/i18n.h"
#include "budget/budget.h"
#include "budget/budget_web.h"
#include "http/router.h"
#include "web/errors.h"
#include "web/params.h"
#include "web/respond.h"

json_t *bw_line_row_json(const budget_line_row *l)
{
    json_t *j =
        json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:i}", "id", (json_int_t)l->id, "code",
                  l->code, "name", l->name, "group", l->grp, "group_label",
                  budget_grp_label(l->grp), "kind", l->kind, "kind_label",
                  budget_line_kind_label(l->kind), "valid_from", l->valid_from, "uses", l->uses);
    json_object_set_new(j, "parent_id", l->parent_id ? json_integer(l->parent_id) : json_null());
    json_object_set_new(j, "valid_to", l->valid_to ? json_string(l->valid_to) : json_null());
    json_object_set_new(j, "source", json_string(l->source ? l->source : ""));
    return j;
}

static void respond_line(ctx *c, int status, int64_t id)
{
    budget_line_row *l;
    if (budget_lines_all(c, id, &l) != 1) {
        respond_not_found(c);
        return;
    }
    respond_json(c, status, bw_line_row_json(l));
}

static void save(ctx *c, int64_t id)
{
    static const char *const members[] = {"code",   "name",           "group",
                                          "kind",   "parent_id",      "valid_from",
                                          "source", "name_from_year", NULL};
    json_t *j = params_json(c, members);
    if (!j)
        return;
    web_err e = {0};
    budget_line_in in = {0};
    budget_line_row *old = NULL;
    if (id) {
        if (!budget_may_manage_lines(c)) {
            web_err_add(&e, 403, "forbidden", NULL,
                        _("Bạn không có quyền sửa danh mục mục chi, thu."));
            web_err_respond(c, &e);
            return;
        }
        if (budget_lines_all(c, id, &old) != 1) {
            respond_not_found(c);
            return;
        }
        /* Absent members keep their values. */
        in = (budget_line_in){.code = old->code,
                              .name = old->name,
                              .grp = old->grp,
                              .kind = old->kind,
                              .source = old->source,
                              .parent_id = old->parent_id};
    } else {
        in.grp = "THUONG_XUYEN";
        in.kind = "CHI";
    }
    json_member_text(c, j, "code", &in.code, &e);
    json_member_text(c, j, "name", &in.name, &e);
    json_member_text(c, j, "group", &in.grp, &e);
    json_member_text(c, j, "kind", &in.kind, &e);
    json_member_text(c, j, "source", &in.source, &e);
    json_t *p = json_object_get(j, "parent_id");
    if (p && json_is_null(p))
        in.parent_id = 0;
    else
        json_member_id(c, j, "parent_id", &in.parent_id, &e);
    int64_t nfy = 0;
    json_member_range(c, j, "name_from_year", 2000, 2099, &nfy, &e);
    in.name_from_year = (int)nfy;
    if (!id)
        json_member_date(c, j, "valid_from", &in.valid_from, &e);
    else if (json_object_get(j, "valid_from"))
        web_err_add(&e, 400, "invalid_input", "valid_from",
                    _("Ngày áp dụng của một mục đã có không sửa được: cho mục thôi áp dụng và thêm "
                      "mục mới."));
    if (e.n) {
        web_err_respond(c, &e);
        return;
    }
    int64_t nid = budget_line_save(c, id, &in, &e);
    if (nid < 0) {
        web_err_respond(c, &e);
        return;
    }
    respond_line(c, id ? 200 : 201, nid);
}

static void api_create(ctx *c)
{
    save(c, 0);
}

static void api_update(ctx *c)
{
    int64_t id = req_param_id(c->rq, "id");
    if (id <= 0) {
        respond_not_found(c);
        return;
    }
    save(c, id);
}

static void api_retire(ctx *c)
{
    static const char *const members[] = {"retire_from", NULL};
    json_t *j = params_json(c, members);
    if (!j)
        return;
    web_err e = {0};
    const char *from = NULL;
    json_member_date(c, j, "retire_from", &from, &e);
    int64_t id = req_param_id(c->rq, "id");
    if (e.n || budget_line_retire(c, id, from, &e) != 0) {
        web_err_respond(c, &e);
        return;
    }
    respond_line(c, 200, id);
}

void bw_lines_api_routes(void)
{
    route_add("POST", "/api/v1/budget/lines", api_create, ROUTE_API);
    route_add("POST", "/api/v1/budget/lines/{id}", api_update, ROUTE_API);
    route_add("POST", "/api/v1/budget/lines/{id}/retire", api_retire, ROUTE_API);
}
