/* The search API (docs/api.md, "Search"):
 *   GET  /api/v1/search?q=…&kind=&type=&issuer=&unit=&from=&to=&secrecy=&status=&year=
 *        &sort=relevance|date&limit=&offset=
 *   GET  /api/v1/search/state/{kind}/{id}
 *   POST /api/v1/search/reindex/{kind}/{id} */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "web/errors.h"
#include "web/params.h"
#include "web/respond.h"
#include "base/i18n.h"
#include "catalog/vocab.h"
#include "http/router.h"
#include "search/search.h"
#include "search/search_web.h"

static const char *const kinds[] = {"in", "out", NULL};
static const char *const sorts[] = {"relevance", "date", NULL};
/* A document's status in the index: incoming then outgoing codes. */
static const char *const statuses[] = {"registered", "assigned", "done",   "recalled", "draft",
                                       "approved",   "signed",   "issued", NULL};

int search_filter_from_query(ctx *c, search_filter *f, web_err *e)
{
    memset(f, 0, sizeof *f);
    int n = e->n;
    f->q = req_query(c->rq, "q");
    int kind = -1, st = -1, sort = 0;
    /* "register" is the older name of kind. */
    const char *kind_name = req_query(c->rq, "kind") ? "kind" : "register";
    if (query_enum(c, kind_name, kinds, &kind, e) == PARAM_OK)
        f->kind = kinds[kind];
    f->doc_type = req_query(c->rq, "type");
    f->issuer = req_query(c->rq, "issuer");
    query_date(c, "from", &f->from, e);
    query_date(c, "to", &f->to, e);
    if (query_enum(c, "status", statuses, &st, e) == PARAM_OK)
        f->status = statuses[st];
    int64_t unit = 0, year = 0;
    query_id(c, "unit", &unit, e);
    query_range(c, "year", 1930, 2099, &year, e);
    query_page(c, SEARCH_PAGE, SEARCH_MAX_PAGE, SEARCH_MAX_OFFSET, &f->limit, &f->offset, e);
    f->unit_id = unit;
    f->year = (int)year;
    f->secrecy = -1;
    query_enum(c, "secrecy", secrecy_codes, &f->secrecy, e);
    query_enum(c, "sort", sorts, &sort, e);
    f->sort = sort == 1 ? SEARCH_SORT_DATE : SEARCH_SORT_RELEVANCE;
    return e->n > n ? -1 : 0;
}

static json_t *facets_json(const search_facet *v, int n)
{
    json_t *a = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(a, json_pack("{s:s, s:s, s:I}", "key", v[i].key, "label",
                                           v[i].label ? v[i].label : v[i].key, "count",
                                           (json_int_t)v[i].count));
    return a;
}

static void api_search(ctx *c)
{
    static const char *const params[] = {"q",    "kind", "register", "type",    "issuer",
                                         "unit", "from", "to",       "secrecy", "status",
                                         "year", "sort", "limit",    "offset",  NULL};
    if (!params_check(c, params))
        return;
    search_filter f;
    web_err e = {0};
    if (search_filter_from_query(c, &f, &e) != 0) {
        web_err_respond(c, &e);
        return;
    }
    const char *err;
    search_result r;
    int status;
    const char *code;
    if (search_run(c, &f, &r, &status, &code, &err) != 0) {
        respond_api_error(c, status, code, err);
        return;
    }
    json_t *items = json_array();
    for (int i = 0; i < r.n_hits; i++) {
        const search_hit *h = &r.hits[i];
        json_array_append_new(
            items,
            json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:s?, s:s, s:s, s:b, s:f, s:s}", "id",
                      (json_int_t)h->id, "kind", h->kind, "code", h->code, "subject", h->subject,
                      "issuer", h->issuer, "doc_type", h->doc_type ? h->doc_type : "",
                      "doc_type_name", h->doc_type_name, "issued_date", h->issued_date, "secrecy",
                      secrecy_code((enum secrecy)h->secrecy), "snippet", h->snippet_html, "exact",
                      h->exact, "score", h->score, "url",
                      arena_printf(c->a, "/%s/%lld",
                                   strcmp(h->kind, "in") == 0 ? "incoming" : "outgoing",
                                   (long long)h->id)));
    }
    json_t *facets =
        json_pack("{s:o, s:o, s:o, s:o}", "kind", facets_json(r.by_kind, r.n_kind), "type",
                  facets_json(r.by_type, r.n_type), "year", facets_json(r.by_year, r.n_year),
                  "unit", facets_json(r.by_unit, r.n_unit));
    respond_json(c, 200,
                 json_pack("{s:I, s:b, s:o, s:o, s:b, s:i, s:I}", "total", (json_int_t)r.total,
                           "total_capped", r.total_capped, "items", items, "facets", facets,
                           "ranked_all", r.ranked_all, "rank_candidates", SEARCH_RANK_CANDIDATES,
                           "took_ms", (json_int_t)r.elapsed_ms));
}

static const char *kind_param(ctx *c)
{
    const char *k = req_param(c->rq, "kind");
    if (k && (strcmp(k, "in") == 0 || strcmp(k, "incoming") == 0))
        return "in";
    if (k && (strcmp(k, "out") == 0 || strcmp(k, "outgoing") == 0))
        return "out";
    return NULL;
}

static void api_state(ctx *c)
{
    if (!params_check(c, NULL))
        return;
    const char *kind = kind_param(c);
    int64_t id = req_param_id(c->rq, "id");
    search_state st;
    if (!kind || search_index_state(c, kind, id, &st) != 0) {
        respond_not_found(c);
        return;
    }
    respond_json(c, 200,
                 json_pack("{s:s, s:s, s:s?, s:i, s:i, s:i}", "state", st.state, "label",
                           search_state_label(st.state), "error", st.error, "files", st.files,
                           "files_pending", st.files_pending, "files_failed", st.files_failed));
}

static void api_reindex(ctx *c)
{
    if (!params_json_optional(c, NULL))
        return;
    const char *kind = kind_param(c);
    int64_t id = req_param_id(c->rq, "id");
    int status = 404;
    if (!kind || search_reindex_doc(c, kind, id, &status) != 0) {
        if (status == 403)
            respond_api_error(c, 403, "forbidden",
                              _("Chỉ văn thư, lãnh đạo văn phòng và quản trị viên được lập lại "
                                "chỉ mục."));
        else if (status == 500)
            respond_api_error(c, 500, "internal", _("Không ghi được dữ liệu. Hãy thử lại."));
        else
            respond_not_found(c);
        return;
    }
    respond_json(c, 202, json_pack("{s:s}", "state", "queued"));
}

void search_api_routes(void)
{
    route_add("GET", "/api/v1/search", api_search, ROUTE_API);
    route_add("GET", "/api/v1/search/state/{kind}/{id}", api_state, ROUTE_API);
    route_add("POST", "/api/v1/search/reindex/{kind}/{id}", api_reindex, ROUTE_API);
}
