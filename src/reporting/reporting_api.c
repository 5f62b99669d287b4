/* The JSON API of the reporting regime (reporting.h), under /api/v1/reports. Every handler
 * declares its parameters; rules and permissions are the service's. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/i18n.h"
#include "http/router.h"
#include "reporting/reporting_impl.h"
#include "web/dates.h"
#include "web/params.h"
#include "web/respond.h"

json_t *rep_instance_json(ctx *c, const rep_instance *r)
{
    const char *st = rep_status(c, r), *tl = rep_timeliness(r);
    return json_pack(
        "{s:I, s:I, s:s, s:s, s:s, s:I, s:s, s:s, s:s, s:s, s:s, s:s?, s:s?, s:s?,"
        " s:s?, s:s?, s:s?, s:I}",
        "id", (json_int_t)r->id, "type_id", (json_int_t)r->type_id, "type_name", r->type_name,
        "period", r->period, "period_label", rep_period_label(c->a, r->period), "unit_id",
        (json_int_t)r->unit_id, "unit_name", r->unit_name, "data_from", r->data_from, "cutoff",
        r->cutoff, "due_date", r->due_date, "status", st, "timeliness", tl, "submitted_at",
        r->submitted_at, "review_comment", r->review_comment, "doc_code", r->doc_code, "doc_date",
        r->doc_date, "file_name", r->file_name, "incoming_id", (json_int_t)r->incoming_id);
}

static void api_types(ctx *c)
{
    if (!params_check(c, NULL))
        return;
    rep_type *t;
    int n = rep_types(c, &t);
    if (n < 0) {
        respond_error(c, 500, "internal", _(WEB_MSG_DB));
        return;
    }
    json_t *a = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(a, rep_type_json(c, &t[i], false));
    respond_json(c, 200, json_pack("{s:o}", "items", a));
}

static void api_type_get(ctx *c)
{
    if (!params_check(c, NULL))
        return;
    const rep_type *t = rep_type_get(c, req_param_id(c->rq, "id"));
    if (!t) {
        respond_not_found(c);
        return;
    }
    respond_json(c, 200, rep_type_json(c, t, true));
}

static void api_type_save(ctx *c)
{
    static const char *const members[] = {"code",
                                          "name",
                                          "legal_basis",
                                          "cycles",
                                          "cutoff_day",
                                          "due",
                                          "levels",
                                          "recipient_unit_id",
                                          "effective_from",
                                          "effective_to",
                                          "secrecy",
                                          "form",
                                          "id",
                                          "forms",
                                          "recipient_name",
                                          NULL};
    json_t *j = params_json(c, members);
    if (!j)
        return;
    int64_t id = req_param_id(c->rq, "id");
    web_err e;
    int64_t r = rep_type_save(c, id > 0 ? id : 0, j, &e);
    if (r < 0) {
        web_err_respond(c, &e);
        return;
    }
    respond_json(c, id > 0 ? 200 : 201, rep_type_json(c, rep_type_get(c, r), true));
}

static void api_open(ctx *c)
{
    static const char *const members[] = {"period", "cutoff", "due", NULL};
    json_t *j = params_json(c, members);
    if (!j)
        return;
    web_err e;
    int n = rep_open_period(c, req_param_id(c->rq, "id"), json_text(c, j, "period"),
                            json_text(c, j, "cutoff"), json_text(c, j, "due"), &e);
    if (n < 0) {
        web_err_respond(c, &e);
        return;
    }
    respond_json(c, 200, json_pack("{s:i}", "opened", n));
}

static void api_list(ctx *c)
{
    static const char *const params[] = {"type_id", "unit_id", "period", "status",
                                         "limit",   "offset",  NULL};
    if (!params_check(c, params))
        return;
    web_err e = {0};
    rep_filter f = {0};
    query_id(c, "type_id", &f.type_id, &e);
    query_id(c, "unit_id", &f.unit_id, &e);
    f.period = req_query(c->rq, "period");
    f.status = req_query(c->rq, "status");
    if (f.period && !*f.period)
        f.period = NULL;
    if (f.status && !*f.status)
        f.status = NULL;
    query_page(c, 100, 1000, 1000000, &f.limit, &f.offset, &e);
    if (e.n) {
        web_err_respond(c, &e);
        return;
    }
    rep_instance *rows;
    int n = rep_list(c, &f, &rows);
    if (n < 0) {
        respond_error(c, 500, "internal", _(WEB_MSG_DB));
        return;
    }
    json_t *a = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(a, rep_instance_json(c, &rows[i]));
    respond_json(c, 200, json_pack("{s:o}", "items", a));
}

static void api_get(ctx *c)
{
    if (!params_check(c, NULL))
        return;
    const rep_instance *r = rep_get(c, req_param_id(c->rq, "id"));
    if (!r) {
        respond_not_found(c);
        return;
    }
    json_t *j = rep_instance_json(c, r);
    const rep_form *f = rep_form_for(c, r->type_id, NULL, r->form_id);
    if (f) {
        json_object_set_new(j, "form_version", json_integer(f->version));
        json_object_set_new(j, "values", rep_values_json(c, r, f));
    }
    rep_event *ev;
    int n = rep_events(c, r->id, &ev);
    json_t *h = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(h,
                              json_pack("{s:s, s:s, s:s?, s:s}", "at", ev[i].at, "kind", ev[i].kind,
                                        "note", ev[i].note, "actor", ev[i].actor_name));
    json_object_set_new(j, "history", h);
    if (f)
        json_object_set_new(j, "sources", rep_sources_json(c, r, f));
    json_object_set_new(j, "may_submit", json_boolean(rep_may_submit(c, r)));
    json_object_set_new(j, "may_review", json_boolean(rep_may_review(c, r)));
    respond_json(c, 200, j);
}

static void api_save(ctx *c)
{
    static const char *const members[] = {"values", "submit", "doc_code", "doc_date", NULL};
    json_t *j = params_json(c, members);
    if (!j)
        return;
    web_err e = {0};
    rep_submission s = {.values = json_object_get(j, "values")};
    json_member_bool(c, j, "submit", &s.submit, &e);
    json_member_text(c, j, "doc_code", &s.doc_code, &e);
    json_member_text(c, j, "doc_date", &s.doc_date, &e);
    if (e.n) {
        web_err_respond(c, &e);
        return;
    }
    int64_t id = req_param_id(c->rq, "id");
    if (rep_save(c, id, &s, &e) != 0) {
        web_err_respond(c, &e);
        return;
    }
    respond_json(c, 200, rep_instance_json(c, rep_get(c, id)));
}

/* The sources a report's form takes figures from, with the records to pick (a conference):
 * what the page's buttons offer, for a unit's own client. */
json_t *rep_sources_json(ctx *c, const rep_instance *r, const rep_form *f)
{
    const rep_source **src;
    int n = rep_form_sources(c, f, &src);
    json_t *a = json_array();
    for (int i = 0; i < n; i++) {
        json_t *x = json_pack("{s:s, s:s}", "name", src[i]->name, "label", _(src[i]->button));
        if (src[i]->refs) {
            rep_source_ref *refs;
            int nr = src[i]->refs(c, r->unit_id, r->data_from, r->cutoff, &refs);
            json_t *ra = json_array();
            for (int k = 0; k < nr; k++)
                json_array_append_new(ra, json_pack("{s:I, s:s, s:b}", "id", (json_int_t)refs[k].id,
                                                    "label", refs[k].label, "in_period",
                                                    refs[k].in_period));
            json_object_set_new(x, "refs", ra);
        }
        json_array_append_new(a, x);
    }
    return a;
}

static void api_prefill(ctx *c)
{
    static const char *const members[] = {"source", "ref", NULL};
    json_t *j = params_json(c, members);
    if (!j)
        return;
    web_err e = {0};
    const char *source = NULL;
    int64_t ref = 0;
    json_member_text(c, j, "source", &source, &e);
    if (json_object_get(j, "ref") && !json_is_null(json_object_get(j, "ref")))
        json_member_id(c, j, "ref", &ref, &e);
    if (!e.n && !source)
        web_err_add(&e, 400, "invalid_input", "source", _("Chọn nguồn số liệu."));
    if (e.n) {
        web_err_respond(c, &e);
        return;
    }
    const rep_instance *r = rep_get(c, req_param_id(c->rq, "id"));
    if (!r) {
        respond_not_found(c);
        return;
    }
    json_t *vals, *filled;
    if (rep_prefill(c, r, source, ref, &vals, &filled, &e) != 0) {
        web_err_respond(c, &e);
        return;
    }
    respond_json(c, 200,
                 json_pack("{s:s, s:o, s:o, s:b}", "source", source, "values", vals, "filled",
                           filled, "saved", false));
}

static void api_accept(ctx *c)
{
    if (!params_json_optional(c, NULL))
        return;
    web_err e;
    int64_t id = req_param_id(c->rq, "id");
    if (rep_accept(c, id, &e) != 0) {
        web_err_respond(c, &e);
        return;
    }
    respond_json(c, 200, rep_instance_json(c, rep_get(c, id)));
}

static void api_return(ctx *c)
{
    static const char *const members[] = {"comment", NULL};
    json_t *j = params_json(c, members);
    if (!j)
        return;
    web_err e;
    int64_t id = req_param_id(c->rq, "id");
    if (rep_return(c, id, json_text(c, j, "comment"), &e) != 0) {
        web_err_respond(c, &e);
        return;
    }
    respond_json(c, 200, rep_instance_json(c, rep_get(c, id)));
}

/* A filled .xlsx template (multipart "file", "submit" = 1 to submit when valid): a unit's own
 * system sends the spreadsheet it filled; the same checks and per-cell messages as the page. */
static void api_upload(ctx *c)
{
    /* The spreadsheet comes as multipart; a JSON body is a caller's mistake, and its unknown
     * members are named like every other write's. */
    static const char *const members[] = {"submit", NULL};
    if (!params_multipart(c, members,
                          _("Gửi tệp báo cáo (.xlsx) dạng multipart/form-data, trường «file».")))
        return;
    int64_t id = req_param_id(c->rq, "id");
    const char *sub = req_form(c->rq, "submit");
    web_err e;
    if (rep_upload_xlsx(c, id, req_upload(c->rq, "file"), sub && strcmp(sub, "1") == 0, &e) != 0) {
        web_err_respond(c, &e);
        return;
    }
    respond_json(c, 200, rep_instance_json(c, rep_get(c, id)));
}

static void api_bulk(ctx *c)
{
    static const char *const members[] = {"type", "rows", "submit", NULL};
    json_t *j = params_json(c, members);
    if (!j)
        return;
    web_err e;
    json_t *result;
    int rc = rep_bulk(c, j, &result, &e);
    if (rc < 0) {
        web_err_respond(c, &e);
        return;
    }
    respond_json(c, rc == 0 ? 200 : 422, result);
}

static void api_completeness(ctx *c)
{
    static const char *const params[] = {"cycle", "year", NULL};
    if (!params_check(c, params))
        return;
    int64_t year = atoi(web_today(c));
    web_err e = {0};
    query_range(c, "year", 2000, 2099, &year, &e);
    if (e.n) {
        web_err_respond(c, &e);
        return;
    }
    const char *cycle = req_query(c->rq, "cycle");
    rep_matrix m;
    if (rep_completeness(c, req_param_id(c->rq, "id"), cycle && *cycle ? cycle : "month", (int)year,
                         &m, &e) != 0) {
        web_err_respond(c, &e);
        return;
    }
    json_t *rows = json_array(), *periods = json_array();
    for (int p = 0; p < m.n_periods; p++)
        json_array_append_new(periods, json_string(m.periods[p]));
    for (int u = 0; u < m.n_units; u++) {
        json_t *cells = json_array();
        for (int p = 0; p < m.n_periods; p++) {
            const rep_cell *x = &m.cells[u * m.n_periods + p];
            json_t *cell =
                x->id ? json_pack("{s:s, s:s?}", "status", x->status, "timeliness", x->timely)
                      : json_null();
            /* A secret report the caller is not cleared for: its status, not its id. */
            if (x->id && !x->hidden)
                json_object_set_new(cell, "id", json_integer((json_int_t)x->id));
            else if (x->id)
                json_object_set_new(cell, "secret", json_true());
            json_array_append_new(cells, cell);
        }
        json_array_append_new(rows,
                              json_pack("{s:I, s:s, s:o}", "unit_id", (json_int_t)m.unit_ids[u],
                                        "unit_name", m.unit_names[u], "cells", cells));
    }
    rep_rates rr;
    rep_matrix_rates(&m, &rr);
    respond_json(c, 200,
                 json_pack("{s:o, s:o, s:{s:i, s:i, s:i, s:i}}", "periods", periods, "units", rows,
                           "totals", "expected", rr.expected, "on_time", rr.on_time, "late",
                           rr.late, "missing", rr.missing));
}

static json_t *num_json(double v)
{
    return isnan(v) ? json_null() : json_real(v);
}

static void api_aggregate(ctx *c)
{
    static const char *const params[] = {"period", "unit_id", "by_child", NULL};
    if (!params_check(c, params))
        return;
    web_err e = {0};
    int64_t unit_id = 0;
    bool by_child = false;
    query_id(c, "unit_id", &unit_id, &e);
    query_bool(c, "by_child", &by_child, &e);
    const char **periods;
    int np = rep_query_periods(c, &periods);
    if (e.n) {
        web_err_respond(c, &e);
        return;
    }
    rep_aggregate ag;
    if (rep_aggregate_run(c, req_param_id(c->rq, "id"), unit_id, periods, np, by_child, &ag, &e) !=
        0) {
        web_err_respond(c, &e);
        return;
    }
    json_t *ind = json_array(), *per = json_array(), *children = json_array();
    for (int i = 0; i < ag.n_ind; i++)
        if (!ag.ind[i].section)
            json_array_append_new(ind, json_pack("{s:s, s:s, s:s}", "code", ag.ind[i].code, "name",
                                                 ag.ind[i].name, "aggregation",
                                                 rep_agg_codes[ag.ind[i].agg]));
    for (int p = 0; p < ag.n_periods; p++) {
        json_t *vals = json_object();
        for (int i = 0; i < ag.n_ind; i++)
            if (!ag.ind[i].section)
                json_object_set_new(vals, ag.ind[i].code, num_json(ag.values[p * ag.n_ind + i]));
        json_array_append_new(per, json_pack("{s:s, s:i, s:o}", "period", ag.periods[p], "reports",
                                             ag.counts[p], "values", vals));
    }
    for (int k = 0; k < ag.n_children; k++) {
        json_t *ps = json_array();
        for (int p = 0; p < ag.n_periods; p++) {
            json_t *vals = json_object();
            for (int i = 0; i < ag.n_ind; i++)
                if (!ag.ind[i].section)
                    json_object_set_new(
                        vals, ag.ind[i].code,
                        num_json(ag.child_values[((size_t)k * ag.n_periods + p) * ag.n_ind + i]));
            json_array_append_new(ps,
                                  json_pack("{s:s, s:o}", "period", ag.periods[p], "values", vals));
        }
        json_array_append_new(children,
                              json_pack("{s:I, s:s, s:o}", "unit_id", (json_int_t)ag.child_ids[k],
                                        "unit_name", ag.child_names[k], "periods", ps));
    }
    respond_json(
        c, 200,
        json_pack("{s:o, s:o, s:o}", "indicators", ind, "periods", per, "by_child", children));
}

static void api_synthesis(ctx *c)
{
    static const char *const members[] = {"period", NULL};
    json_t *j = params_json(c, members);
    if (!j)
        return;
    web_err e;
    int64_t id = rep_synthesis(c, req_param_id(c->rq, "id"), json_text(c, j, "period"), &e);
    if (id < 0) {
        web_err_respond(c, &e);
        return;
    }
    respond_json(c, 201,
                 json_pack("{s:I, s:s}", "outgoing_id", (json_int_t)id, "url",
                           arena_printf(c->a, "/outgoing/%lld", (long long)id)));
}

void reporting_api_routes(void)
{
    route_add("GET", "/api/v1/reports/types", api_types, ROUTE_API);
    route_add("POST", "/api/v1/reports/types", api_type_save, ROUTE_API);
    route_add("GET", "/api/v1/reports/types/{id}", api_type_get, ROUTE_API);
    route_add("POST", "/api/v1/reports/types/{id}", api_type_save, ROUTE_API);
    route_add("POST", "/api/v1/reports/types/{id}/periods", api_open, ROUTE_API);
    route_add("GET", "/api/v1/reports/types/{id}/completeness", api_completeness, ROUTE_API);
    route_add("GET", "/api/v1/reports/types/{id}/aggregate", api_aggregate, ROUTE_API);
    route_add("POST", "/api/v1/reports/types/{id}/synthesis", api_synthesis, ROUTE_API);
    route_add("GET", "/api/v1/reports", api_list, ROUTE_API);
    route_add("POST", "/api/v1/reports/values", api_bulk, ROUTE_API);
    route_add("GET", "/api/v1/reports/{id}", api_get, ROUTE_API);
    route_add("POST", "/api/v1/reports/{id}", api_save, ROUTE_API);
    route_add("POST", "/api/v1/reports/{id}/accept", api_accept, ROUTE_API);
    route_add("POST", "/api/v1/reports/{id}/return", api_return, ROUTE_API);
    route_add("POST", "/api/v1/reports/{id}/upload", api_upload, ROUTE_API);
    route_add("POST", "/api/v1/reports/{id}/prefill", api_prefill, ROUTE_API);
}
