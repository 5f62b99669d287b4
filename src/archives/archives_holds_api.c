/* The JSON API of holds, one archived dossier and the fixity runs (issue 19; docs/api.md,
 * Archives). The rules live in the service. */
#include <jansson.h>

#include "archives/archives.h"
#include "archives/archives_impl.h"
#include "base/i18n.h"
#include "http/router.h"
#include "web/errors.h"
#include "web/params.h"
#include "web/respond.h"

static void fail(ctx *c, const ar_result *r)
{
    web_err e = {0};
    web_err_add(&e, r->status, respond_code_for(r->status), r->field, r->err);
    web_err_respond(c, &e);
}

static json_t *holds_json(const ar_hold *h, int n)
{
    json_t *a = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(
            a, json_pack("{s:I, s:I, s:s, s:s, s:s, s:s, s:s, s:s?, s:s?, s:s?}", "id",
                         (json_int_t)h[i].id, "dossier_id", (json_int_t)h[i].dossier_id, "code",
                         h[i].code, "title", h[i].title, "reason", h[i].reason, "placed_by",
                         h[i].placed_by, "placed_at", h[i].placed_at, "lifted_by", h[i].lifted_by,
                         "lifted_at", h[i].lifted_at, "lift_reason", h[i].lift_reason));
    return a;
}

static void forbid(ctx *c)
{
    ar_result r = {NULL, NULL, 403};
    r.err = _("Chỉ bộ phận lưu trữ hoặc lãnh đạo xem lệnh giữ và kiểm tra toàn vẹn.");
    fail(c, &r);
}

static void api_holds(ctx *c)
{
    if (!params_check(c, NULL))
        return;
    if (!archives_may_hold(c)) {
        forbid(c);
        return;
    }
    ar_hold *h;
    int n = archives_holds_list(c, 0, &h);
    respond_json(c, 200, json_pack("{s:o}", "items", holds_json(h, n < 0 ? 0 : n)));
}

static void api_dossier(ctx *c)
{
    if (!params_check(c, NULL))
        return;
    int64_t id = req_param_id(c->rq, "id");
    ar_dossier d;
    if (archives_dossier_view(c, id, &d) != 0) {
        ar_result r = {_("Không tìm thấy hồ sơ."), NULL, 404};
        fail(c, &r);
        return;
    }
    ar_hold *h;
    int nh = archives_holds_list(c, id, &h);
    ar_file *f;
    int nf = archives_dossier_files(c, id, &f);
    json_t *files = json_array();
    json_int_t pages = 0;
    for (int i = 0; i < nf; i++) {
        json_t *o = json_pack("{s:s, s:s, s:I}", "filename", f[i].filename, "sha256", f[i].sha256,
                              "size", (json_int_t)f[i].size);
        json_object_set_new(o, "pages", f[i].pages >= 0 ? json_integer(f[i].pages) : json_null());
        pages += f[i].pages > 0 ? f[i].pages : 0;
        json_array_append_new(files, o);
    }
    respond_json(c, 200,
                 json_pack("{s:I, s:s, s:s, s:s?, s:i, s:I, s:b, s:o, s:o}", "id", (json_int_t)d.id,
                           "code", d.code, "title", d.title, "state", d.state, "doc_count",
                           d.doc_count, "page_count", pages, "held", d.held, "files", files,
                           "holds", holds_json(h, nh < 0 ? 0 : nh)));
}

static void api_fixity(ctx *c)
{
    if (!params_check(c, NULL))
        return;
    if (!archives_may_hold(c)) {
        forbid(c);
        return;
    }
    ar_fixity_run *v;
    int n = archives_fixity_runs(c, 100, &v);
    json_t *a = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(a, json_pack("{s:I, s:s, s:s, s:i, s:i, s:o}", "id",
                                           (json_int_t)v[i].id, "started_at", v[i].started_at,
                                           "finished_at", v[i].finished_at, "checked", v[i].checked,
                                           "failures", v[i].failures, "failed",
                                           json_loads(v[i].failed, 0, NULL) ?: json_array()));
    respond_json(c, 200, json_pack("{s:o}", "items", a));
}

static void api_fixity_run(ctx *c)
{
    static const char *const members[] = {NULL};
    json_t *j = params_json(c, members);
    if (!j)
        return;
    ar_result r = {0};
    if (archives_fixity_request(c, &r) != 0)
        fail(c, &r);
    else
        respond_json(c, 202, json_pack("{s:b}", "queued", 1));
}

static void api_minutes_draft(ctx *c)
{
    if (!params_json_optional(c, NULL))
        return;
    ar_result r = {0};
    int64_t oid = archives_case_minutes_draft(c, req_param_id(c->rq, "id"), &r);
    if (oid < 0)
        fail(c, &r);
    else
        respond_json(c, 201, json_pack("{s:I}", "outgoing_id", (json_int_t)oid));
}

void archives_holds_api_routes(void)
{
    route_add("POST", "/api/v1/archives/disposals/{id}/minutes-draft", api_minutes_draft,
              ROUTE_API);
    route_add("GET", "/api/v1/archives/holds", api_holds, ROUTE_API);
    route_add("GET", "/api/v1/archives/dossiers/{id}", api_dossier, ROUTE_API);
    route_add("GET", "/api/v1/archives/fixity", api_fixity, ROUTE_API);
    route_add("POST", "/api/v1/archives/fixity", api_fixity_run, ROUTE_API);
}
