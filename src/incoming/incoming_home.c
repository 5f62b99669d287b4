/* What waits for the user: the unit's electronic queue (/incoming/inbox) and the home-page
 * sections "Hàng chờ văn bản điện tử" (clerks), "Việc chờ tôi xử lý",
 * "Sắp đến hạn", "Quá hạn". Also incoming_routes(), the incoming side's route list. */
#include <stdlib.h>
#include <string.h>

#include "web/dates.h"
#include "web/errors.h"
#include "web/records.h"
#include "web/params.h"
#include "web/respond.h"
#include "audit/audit.h"
#include "base/clock.h"
#include "base/i18n.h"
#include "catalog/vocab.h"
#include "exchange/exchange.h"
#include "incoming/incoming_impl.h"
#include "notify/notify.h"
#include "org/org.h"
#include "rules/rules.h"
#include "workdays/workdays.h"
#include "web/layout.h"
#include "http/router.h"

/* ---- /incoming/inbox -------------------------------------------------------------------- */

static void h_inbox(ctx *c)
{
    if (!incoming_may_register(c)) {
        respond_forbidden(c);
        return;
    }
    inbox_row *rows;
    int n = inbox_list(c, false, &rows);
    if (n < 0) {
        respond_error(c, 500, "internal", _(WEB_MSG_DB));
        return;
    }
    page_begin(c, _("Hàng chờ văn bản điện tử đến"), "incoming");
    strbuf *b = &c->rs->body;
    html_printf(b,
                "<div class=\"table-wrap\"><table id=\"inbox\"><thead><tr><th>%s</th><th>%s</th>"
                "<th>%s</th><th>%s</th><th>%s</th><th>%s</th><th></th></tr></thead><tbody>",
                _("Đến lúc"), _("Cơ quan gửi"), _("Số, ký hiệu"), _("Trích yếu"), _("Nơi nhận"),
                _("Trạng thái"));
    for (int i = 0; i < n; i++) {
        const inbox_row *q = &rows[i];
        const char *code = NULL, *label = NULL;
        inbox_status(c->db, q->outgoing_id, q->to_unit_id, &code, &label);
        int64_t t = clock_parse_iso(q->arrived_at);
        char when[24] = "";
        if (t >= 0)
            clock_vn_datetime(t, when, sizeof when);
        bool hot = urgency_is_urgent((enum urgency)q->urgency);
        /* The subject opens the queued document (its text and files) before registering. */
        html_printf(b,
                    "<tr class=\"%s\"><td class=\"date\">%s</td><td>%s</td><td>%s</td><td>"
                    "<a href=\"/incoming/inbox/%lld\">%s</a>",
                    hot ? "urgent" : "", when, q->from_name ? q->from_name : "", q->code,
                    (long long)q->id, q->subject);
        if (q->secrecy > 0)
            html_printf(b, " <span class=\"mark mark-secret\">%s</span>",
                        secrecy_label((enum secrecy)q->secrecy));
        if (q->urgency > 0)
            html_printf(b, " <span class=\"mark %s\">%s</span>",
                        q->urgency >= URGENCY_HOA_TOC ? "mark-hoatoc" : "mark-urgent",
                        urgency_label((enum urgency)q->urgency));
        html_printf(b, "</td><td>%s</td><td title=\"%s\">%s</td><td>", q->to_name, code, label);
        if (strcmp(q->status, "01") == 0 && !q->incoming_id) {
            html_printf(b,
                        "<a class=\"button\" href=\"/incoming/new?inbox_id=%lld\">%s</a> "
                        "<form method=\"post\" action=\"/incoming/inbox/%lld/refuse\" "
                        "class=\"inline\">",
                        (long long)q->id, _("Vào sổ"), (long long)q->id);
            form_csrf(c);
            html_printf(b,
                        "<input name=\"reason\" placeholder=\"%s\" required> <button "
                        "type=\"submit\" class=\"danger\">%s</button></form>",
                        _("Lý do từ chối"), _("Từ chối"));
        } else if (q->incoming_id) {
            html_printf(b, "<a href=\"/incoming/%lld\">%s</a>", (long long)q->incoming_id,
                        _("Xem"));
        }
        html_raw(b, "</td></tr>");
    }
    if (n == 0)
        html_printf(b, "<tr><td colspan=\"7\">%s</td></tr>", _("Hàng chờ trống."));
    html_raw(b, "</tbody></table></div>");
    record_sections_html(c, "inbox.page", 0); /* edxml/: upload a package */
    page_end(c);
}

static void h_inbox_refuse(ctx *c)
{
    web_err e;
    int rc = inbox_refuse(c, req_param_id(c->rq, "id"), req_form(c->rq, "reason"), &e);
    web_after_post(c, "/incoming/inbox", rc != 0 ? -1 : 0, &e, _("Đã từ chối tiếp nhận văn bản."));
}

/* ---- the electronic queue on home and in the menu ---- */

/* The caller's queue rows waiting to be registered (not yet registered, refused or recalled):
 * the same rows /tasks lists under "Văn bản điện tử chờ vào sổ". Counted by the database: the
 * navigation draws this count on every page. */
static int nav_queue(ctx *c)
{
    if (!incoming_may_register(c))
        return 0;
    int n = inbox_waiting_count(c);
    return n < 0 ? 0 : n;
}

/* The clerk's first block: what waits in the queue, with its count. */
static void home_queue(ctx *c)
{
    if (!incoming_may_register(c))
        return;
    inbox_row *v = NULL;
    int n = inbox_waiting_count(c);
    int shown = n > 0 ? inbox_waiting_first(c, 10, &v) : 0;
    strbuf *b = &c->rs->body;
    html_printf(b,
                "<section class=\"panel\" id=\"home-queue\"><h2><a href=\"/incoming/inbox\">%s "
                "(<span class=\"count\">%d</span>)</a></h2>",
                _("Văn bản điện tử chờ vào sổ"), n < 0 ? 0 : n);
    if (n <= 0 || shown <= 0) {
        html_printf(b, "<p>%s</p></section>", _("Không có."));
        return;
    }
    html_raw(b, "<ul>");
    for (int i = 0; i < shown; i++)
        html_printf(b,
                    "<li><a href=\"/incoming/new?inbox_id=%lld\">%s — %s</a> <span "
                    "class=\"hint\">%s</span></li>",
                    (long long)v[i].id, v[i].code, v[i].subject,
                    v[i].from_name ? v[i].from_name : "");
    html_printf(b, "</ul><p><a href=\"/incoming/inbox\">%s</a></p></section>", _("Xem tất cả"));
}

/* ---- home sections ---------------------------------------------------------------------- */

/* Chậm trình (DOMAIN.md §2.2): a document registered and not yet routed more working days
 * after its arrival than the rule in force on that date allows (incoming.route_working_days,
 * default 1: the same day or the next working day). */
static bool route_late(ctx *c, const incoming *r)
{
    if (!r->arrival_date || strcmp(r->status, "registered") != 0)
        return false;
    int64_t limit = rules_int(c->db, "incoming.route_working_days", r->arrival_date);
    if (limit < 0)
        return true;
    /* More than limit working days in (arrival, today] is: the (limit + 1)-th working day after
     * the arrival is today or before. Asked that way the calendar is walked limit + 1 working
     * days from the arrival, not every day since (a year-old record cost 365 look-ups of the
     * calendar per listed row: a quarter of the home page, docs/perf/pages.md). */
    char nth[11];
    if (limit >= WORKDAY_SCAN || workdays_add(c->db, r->arrival_date, (int)limit + 1, nth) != 0)
        return workdays_between(c->db, r->arrival_date, web_today(c)) > limit;
    return strcmp(nth, web_today(c)) <= 0;
}

static void section(ctx *c, const char *title, const char *id, const in_filter *f, const char *more)
{
    incoming *rows;
    int64_t total;
    int n = incoming_list(c, f, &rows, &total);
    strbuf *b = &c->rs->body;
    if (n >= 0 && total > IN_COUNT_CAP)
        html_printf(b,
                    "<section class=\"panel\" id=\"%s\"><h2><a class=\"count-link\" href=\"%s\">"
                    "%s (%s <span class=\"count\">%d</span>)</a></h2>",
                    id, more, title, _("hơn"), IN_COUNT_CAP);
    else
        html_printf(b,
                    "<section class=\"panel\" id=\"%s\"><h2><a class=\"count-link\" href=\"%s\">"
                    "%s (<span class=\"count\">%lld</span>)</a></h2>",
                    id, more, title, (long long)(n < 0 ? 0 : total));
    if (n <= 0) {
        html_printf(b, "<p>%s</p></section>", _("Không có."));
        return;
    }
    html_raw(b, "<ul>");
    for (int i = 0; i < n; i++) {
        const incoming *r = &rows[i];
        html_printf(b, "<li class=\"%s\"><a href=\"/incoming/%lld\">%s — %s</a>",
                    r->overdue ? "overdue" : "", (long long)r->id, r->code, r->subject);
        if (urgency_is_urgent((enum urgency)r->urgency))
            html_printf(b, " <span class=\"mark mark-hoatoc\">%s</span>",
                        urgency_label((enum urgency)r->urgency));
        if (route_late(c, r))
            html_printf(b, " <span class=\"mark mark-overdue route-late\" title=\"%s\">%s</span>",
                        _("Quá thời hạn trình, phân công tính theo ngày làm việc"),
                        _("Chậm trình"));
        if (r->deadline)
            html_printf(b, " <span class=\"mark %s\">%s %s</span>",
                        r->overdue ? "mark-overdue" : "mark-due", _("hạn"),
                        web_date_vn(c, r->deadline));
        html_raw(b, "</li>");
    }
    html_printf(b, "</ul><p><a href=\"%s\">%s</a></p></section>", more, _("Xem tất cả"));
}

/* Every count links to the list with the same filter, so the list shows the same number. A
 * leader's counts are of their own register (org_register_unit), as their lists are. */
static void home_mine(ctx *c)
{
    in_filter f = {.urgency = -1, .mine = true, .status = "assigned", .limit = 10};
    section(c, _("Việc chờ tôi xử lý"), "home-mine", &f, "/incoming?mine=1&status=assigned");
    if (role_is_leader(c->user->role)) {
        int64_t reg = org_register_unit(c->db, c->user->unit_id);
        in_filter g = {.urgency = -1, .status = "registered", .unit_id = reg, .limit = 10};
        section(c, _("Văn bản chờ phân công"), "home-unrouted", &g,
                arena_printf(c->a, "/incoming?status=registered&unit_id=%lld", (long long)reg));
    }
}

static void home_due(ctx *c)
{
    /* Due within NOTIFY_DUE_SOON_DAYS: open, deadline between today and then. */
    in_filter f = {.urgency = -1, .mine = true, .status = "assigned", .limit = 50};
    incoming *rows;
    int64_t total;
    int n = incoming_list(c, &f, &rows, &total);
    const char *today = web_today(c), *soon = web_date_add(c, today, NOTIFY_DUE_SOON_DAYS);
    strbuf *b = &c->rs->body;
    int shown = 0;
    html_printf(b, "<section class=\"panel\" id=\"home-due\"><h2>%s</h2><ul>", _("Sắp đến hạn"));
    for (int i = 0; i < n; i++) {
        const incoming *r = &rows[i];
        if (!r->deadline || strcmp(r->deadline, today) < 0 || strcmp(r->deadline, soon) > 0)
            continue;
        shown++;
        html_printf(b,
                    "<li><a href=\"/incoming/%lld\">%s — %s</a> <span class=\"mark mark-due\">%s "
                    "%s</span></li>",
                    (long long)r->id, r->code, r->subject, _("hạn"), web_date_vn(c, r->deadline));
    }
    if (!shown)
        html_printf(b, "<li>%s</li>", _("Không có."));
    html_raw(b, "</ul></section>");
}

static void home_overdue(ctx *c)
{
    in_filter f = {.urgency = -1, .overdue_only = true, .limit = 10};
    if (role_is_leader(c->user->role)) {
        f.unit_id = org_register_unit(c->db, c->user->unit_id);
        section(c, _("Quá hạn"), "home-overdue", &f,
                arena_printf(c->a, "/incoming?overdue=1&unit_id=%lld", (long long)f.unit_id));
    } else {
        f.mine = true;
        section(c, _("Quá hạn"), "home-overdue", &f, "/incoming?overdue=1&mine=1");
    }
}

void incoming_home_routes(void)
{
    route_add("GET", "/incoming/inbox", h_inbox, 0);
    route_add("POST", "/incoming/inbox/{id}/refuse", h_inbox_refuse, 0);
    home_section_add(home_queue);
    home_section_add(home_mine);
    home_section_add(home_due);
    home_section_add(home_overdue);
    layout_nav_count_add("incoming", nav_queue, N_("Văn bản điện tử chờ vào sổ"));
}

static int record_visible_in(ctx *c, int64_t id, int *secrecy_r)
{
    const incoming *r = incoming_get(c, id, false);
    if (!r)
        return 0;
    *secrecy_r = r->secrecy;
    return 1;
}

/* The audit trail's resolvers (audit.h): an incoming row (registration, routing, notes,
 * attachment filenames) shows its contents to whoever may see the document; a queue refusal
 * to whoever may see the refused document. */
static bool audit_sees_incoming(ctx *c, const audit_row *row)
{
    return incoming_may_see(c, row->entity_id);
}

static bool audit_sees_inbox(ctx *c, const audit_row *row)
{
    return inbox_doc_may_see(c, row->entity_id);
}

void incoming_init(void)
{
    record_kind_register("in", record_visible_in);
    incoming_recall_init();
    audit_register_entity("incoming", audit_sees_incoming);
    audit_register_entity("inbox", audit_sees_inbox);
}

void incoming_routes(void)
{
    incoming_home_routes(); /* first: /incoming/inbox before /incoming/{id} */
    incoming_inbox_routes();
    incoming_web_routes();
    incoming_api_routes();
}
