/* The JSON API of đảng phí (/api/v1/partyfees…) and partyfees_routes. Rules live in the
 * service files. */
#include <string.h>

#include <jansson.h>
#include <sodium.h>

#include "audit/audit.h"
#include "base/i18n.h"
#include "files/xlsx_read.h"
#include "http/router.h"
#include "members/members.h"
#include "partyfees/partyfees.h"
#include "partyfees/pf_impl.h"
#include "web/errors.h"
#include "web/params.h"
#include "web/respond.h"

static json_t *jstr(const char *s)
{
    return s && *s ? json_string(s) : json_null();
}

static bool refused(ctx *c, const web_err *e)
{
    if (!e->n)
        return false;
    web_err_respond(c, e);
    return true;
}

static const char *query_month(ctx *c, web_err *e)
{
    const char *m = req_query(c->rq, "month");
    if (!m || !*m)
        return pf_this_month(c);
    if (!pf_month_valid(m))
        web_err_add(e, 400, "invalid_parameter", "month", _("Tháng phải có dạng YYYY-MM."));
    return m;
}

static void api_sheet(ctx *c)
{
    static const char *const names[] = {"unit", "month", NULL};
    if (!params_check(c, names))
        return;
    web_err e = {0};
    int64_t unit_id = 0;
    query_id(c, "unit", &unit_id, &e);
    const char *month = query_month(c, &e);
    if (!unit_id && !e.n && c->user)
        unit_id = c->user->unit_id;
    pf_sheet sh;
    int n = e.n ? -1 : pf_sheet_get(c, unit_id, month, &sh, &e);
    if (refused(c, &e) || n < 0)
        return;
    json_t *a = json_array();
    for (int i = 0; i < n; i++) {
        pf_line *l = &sh.lines[i];
        json_array_append_new(
            a,
            json_pack("{s:I, s:s, s:s, s:I, s:I, s:i, s:o, s:o, s:i, s:b}", "member_id",
                      (json_int_t)l->member_id, "full_name", l->full_name, "fee_category",
                      l->fee_category, "due", (json_int_t)l->due, "paid", (json_int_t)l->paid,
                      "reduction_pct", l->reduction, "channel", jstr(l->channel), "paid_on",
                      jstr(l->paid_on), "unpaid_months", l->unpaid_months, "flagged", l->flagged));
    }
    json_t *out =
        json_pack("{s:I, s:s, s:s, s:b, s:o, s:i, s:i, s:i, s:I, s:I, s:o}", "unit_id",
                  (json_int_t)unit_id, "unit", sh.unit_name, "month", month, "closed", sh.closed,
                  "submitted_at", jstr(sh.submitted_at), "members", sh.members, "paid_members",
                  sh.paid_members, "exempt_members", sh.exempt_members, "amount_due",
                  (json_int_t)sh.due_total, "amount_paid", (json_int_t)sh.paid_total, "lines", a);
    /* members abroad, counted apart (DOMAIN-2 §7) */
    json_object_set_new(out, "abroad",
                        json_pack("{s:i, s:I, s:I}", "members", sh.abroad_members, "amount_due",
                                  (json_int_t)sh.abroad_due, "amount_paid",
                                  (json_int_t)sh.abroad_paid));
    respond_json(c, 200, out);
}

static void api_pay(ctx *c)
{
    static const char *const members[] = {"member_id", "month",   "amount",
                                          "channel",   "paid_on", NULL};
    json_t *j = params_json(c, members);
    if (!j)
        return;
    web_err e = {0};
    int64_t id = 0, amount = 0;
    const char *month = NULL, *channel = NULL, *paid_on = NULL;
    json_member_id(c, j, "member_id", &id, &e);
    json_member_text(c, j, "month", &month, &e);
    if (json_member_range(c, j, "amount", 0, 1000000000, &amount, &e) == PARAM_ABSENT)
        web_err_add(&e, 400, "invalid_input", "amount", _("Nhập số tiền nộp (đồng)."));
    json_member_text(c, j, "channel", &channel, &e);
    json_member_text(c, j, "paid_on", &paid_on, &e);
    if (!e.n)
        pf_pay(c, id, month, amount, channel, paid_on, &e);
    if (refused(c, &e))
        return;
    respond_json(c, 201, json_pack("{s:b}", "recorded", 1));
}

static void api_exempt(ctx *c)
{
    static const char *const members[] = {"member_id", "reduction_pct", "from_month", "to_month",
                                          "decision",  "reason",        NULL};
    json_t *j = params_json(c, members);
    if (!j)
        return;
    web_err e = {0};
    int64_t id = 0, pct = 0;
    const char *from = NULL, *to = NULL, *dec = NULL, *reason = NULL;
    json_member_id(c, j, "member_id", &id, &e);
    json_member_range(c, j, "reduction_pct", 0, 100, &pct, &e);
    json_member_text(c, j, "from_month", &from, &e);
    json_member_text(c, j, "to_month", &to, &e);
    json_member_text(c, j, "decision", &dec, &e);
    json_member_text(c, j, "reason", &reason, &e);
    int64_t r = e.n ? -1 : pf_exempt(c, id, (int)pct, from, to, dec, reason, &e);
    if (refused(c, &e))
        return;
    respond_json(c, 201, json_pack("{s:I}", "id", (json_int_t)r));
}

static void api_submit(ctx *c)
{
    static const char *const members[] = {"unit_id", "month", NULL};
    json_t *j = params_json(c, members);
    if (!j)
        return;
    web_err e = {0};
    int64_t unit_id = 0;
    const char *month = NULL;
    json_member_id(c, j, "unit_id", &unit_id, &e);
    json_member_text(c, j, "month", &month, &e);
    if (!e.n)
        pf_submit(c, unit_id, month, &e);
    if (refused(c, &e))
        return;
    respond_json(c, 201, json_pack("{s:b}", "closed", 1));
}

static void api_report(ctx *c)
{
    static const char *const names[] = {"unit", "month", NULL};
    if (!params_check(c, names))
        return;
    web_err e = {0};
    int64_t unit_id = 0;
    query_id(c, "unit", &unit_id, &e);
    const char *month = query_month(c, &e);
    if (!unit_id && c->user)
        unit_id = c->user->unit_id;
    pf_agg *g;
    int n = e.n ? -1 : pf_tree_report(c, unit_id, month, &g, &e);
    if (refused(c, &e) || n < 0)
        return;
    json_t *a = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(
            a, json_pack("{s:I, s:s, s:b, s:i, s:i, s:i, s:i, s:i, s:i, s:I, s:I, s:I, s:I}",
                         "unit_id", (json_int_t)g[i].unit_id, "name", g[i].name, "own", g[i].own,
                         "units", g[i].units, "units_reported", g[i].units_reported, "members",
                         g[i].members, "paid_members", g[i].paid_members, "exempt_members",
                         g[i].exempt_members, "abroad_members", g[i].abroad_members, "amount_due",
                         (json_int_t)g[i].due, "amount_paid", (json_int_t)g[i].paid, "kept",
                         (json_int_t)g[i].kept, "passed_up", (json_int_t)g[i].passed_up));
    pf_transfer *t;
    int nt = pf_transfers(c, unit_id, month, &t);
    json_t *ta = json_array();
    for (int i = 0; i < nt; i++)
        json_array_append_new(
            ta, json_pack("{s:I, s:I, s:o, s:I, s:i, s:I, s:I, s:s}", "id", (json_int_t)t[i].id,
                          "from_unit_id", (json_int_t)t[i].from_unit_id, "to_unit_id",
                          t[i].to_unit_id ? json_integer(t[i].to_unit_id) : json_null(),
                          "collected", (json_int_t)t[i].collected, "keep_pct", t[i].keep_pct,
                          "retained", (json_int_t)t[i].retained, "passed_up",
                          (json_int_t)t[i].passed_up, "channel", t[i].channel));
    respond_json(c, 200,
                 json_pack("{s:I, s:s, s:o, s:o}", "unit_id", (json_int_t)unit_id, "month", month,
                           "rows", a, "transfers", ta));
}

static void api_transfer(ctx *c)
{
    static const char *const members[] = {"unit_id", "month", "channel", NULL};
    json_t *j = params_json(c, members);
    if (!j)
        return;
    web_err e = {0};
    int64_t unit_id = 0;
    const char *month = NULL, *channel = NULL;
    json_member_id(c, j, "unit_id", &unit_id, &e);
    json_member_text(c, j, "month", &month, &e);
    json_member_text(c, j, "channel", &channel, &e);
    int64_t id = e.n ? -1 : pf_transfer_record(c, unit_id, month, channel, &e);
    if (refused(c, &e))
        return;
    respond_json(c, 201, json_pack("{s:I}", "id", (json_int_t)id));
}

static void api_rates(ctx *c)
{
    if (!params_check(c, NULL))
        return;
    if (!members_may_read(c, 0)) {
        respond_api_error(c, 403, "forbidden", _("Bạn không có quyền xem bảng mức đảng phí."));
        return;
    }
    pf_rate_row *r;
    int n = pf_rates(c, &r);
    json_t *a = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(a, json_pack("{s:s, s:s, s:o, s:I, s:s, s:o, s:s}", "kind", r[i].kind,
                                           "key", r[i].key, "basis", jstr(r[i].basis), "value",
                                           (json_int_t)r[i].value, "effective_from",
                                           r[i].effective_from, "effective_to",
                                           jstr(r[i].effective_to), "source", r[i].source));
    respond_json(c, 200, json_pack("{s:o}", "items", a));
}

static void api_rate_set(ctx *c)
{
    static const char *const members[] = {"kind", "key", "value", "effective_from", "source", NULL};
    json_t *j = params_json(c, members);
    if (!j)
        return;
    web_err e = {0};
    int64_t v = -1;
    const char *kind = NULL, *key = NULL, *from = NULL, *source = NULL;
    json_member_text(c, j, "kind", &kind, &e);
    json_member_text(c, j, "key", &key, &e);
    json_member_range(c, j, "value", 0, 100000000, &v, &e);
    json_member_text(c, j, "effective_from", &from, &e);
    json_member_text(c, j, "source", &source, &e);
    if (!e.n)
        pf_rate_set(c, kind, key, v, from, source, &e);
    if (refused(c, &e))
        return;
    respond_json(c, 201, json_pack("{s:b}", "saved", 1));
}

static void api_import(ctx *c)
{
    static const char *const members[] = {"csv", "xlsx_base64", NULL};
    json_t *j = params_json(c, members);
    if (!j)
        return;
    web_err e = {0};
    const char *csv = NULL, *b64 = NULL;
    json_member_text(c, j, "csv", &csv, &e);
    json_member_text(c, j, "xlsx_base64", &b64, &e);
    int n = -1;
    if (!e.n && b64) {
        /* a workbook sent as base64, as the members import takes it: decoded within the
         * reader's size limit, then read as the page's upload is (the first sheet) */
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
        else if (len < 4 || memcmp(bin, "PK\x03\x04", 4) != 0)
            /* base64 of something else (a CSV belongs in "csv") */
            web_err_add(&e, 400, "invalid_input", "xlsx_base64",
                        _("Nội dung không phải là tệp Excel (.xlsx)."));
        else
            n = pf_import_payments_file(c, (const char *)bin, len, &e);
    } else if (!e.n)
        n = pf_import_payments(c, csv ? csv : "", csv ? strlen(csv) : 0, &e);
    if (n < 0 && e.n) {
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

void pf_api_routes(void)
{
    route_add("GET", "/api/v1/partyfees/sheet", api_sheet, ROUTE_API);
    route_add("POST", "/api/v1/partyfees/payments", api_pay, ROUTE_API);
    route_add("POST", "/api/v1/partyfees/payments/import", api_import, ROUTE_API);
    route_add("POST", "/api/v1/partyfees/exemptions", api_exempt, ROUTE_API);
    route_add("POST", "/api/v1/partyfees/reports", api_submit, ROUTE_API);
    route_add("GET", "/api/v1/partyfees/report", api_report, ROUTE_API);
    route_add("POST", "/api/v1/partyfees/transfers", api_transfer, ROUTE_API);
    route_add("GET", "/api/v1/partyfees/rates", api_rates, ROUTE_API);
    route_add("POST", "/api/v1/partyfees/rates", api_rate_set, ROUTE_API);
}

void partyfees_routes(void)
{
    pf_web_routes();
    pf_web2_routes();
    pf_api_routes();
}
