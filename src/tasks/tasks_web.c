/* Công việc của tôi (/tasks, GET /api/v1/tasks): everything waiting for the signed-in user, in
 * one place and one table —
 *   incoming documents assigned to me or to my unit (chủ trì / phối hợp), overdue first, then
 *     by deadline, those due within TASKS_DUE_SOON_DAYS marked;
 *   incoming documents of my committee waiting for my routing (leaders who may assign them);
 *   outgoing documents waiting for my step: approve, sign, issue;
 *   documents in my units' electronic queues waiting to be registered (clerks);
 *   closed dossiers I am responsible for (or, for the clerk, of my units) whose hand-over to
 *     the archive falls due within DOSSIER_WARN_DAYS or has passed.
 * Every group goes through the owning service's visibility and permission rules (the
 * incoming rule as SQL, outgoing_may_*, inbox_list, dossier_due_soon), so this page can show
 * nothing the user could not open: a secret document routed to someone else leaves no trace. */
#include <stdlib.h>
#include <string.h>

#include "web/dates.h"
#include "web/params.h"
#include "web/respond.h"
#include "base/clock.h"
#include "base/i18n.h"
#include "catalog/vocab.h"
#include "dossiers/dossiers.h"
#include "exchange/exchange.h"
#include "incoming/incoming.h"
#include "outgoing/outgoing.h"
#include "web/layout.h"
#include "org/org.h"
#include "http/router.h"
#include "tasks/tasks_impl.h"

#define TASKS_DUE_SOON_DAYS 3 /* "sắp đến hạn": the deadline is within three days */
#define TASKS_MAX 500         /* rows per group; a desk with more is a report, not a list */

/* Open shares of assigned documents held by the user or the user's unit, visible to the user
 * (IN_VISIBLE_SQL binds ?1..?4). ?5 the user's unit, ?6 today. */
static const db_query q_mine = {
    "tasks.incoming",
    "SELECT i.id, i.arrival_number, i.arrival_date, i.code, i.issuer_name, i.subject, i.secrecy,"
    " i.urgency, a.id, a.kind, a.due_date, a.instruction, COALESCE(tu.name, tn.name), ab.name"
    " FROM incoming_assignments a JOIN incoming i ON i.id = a.incoming_id"
    " LEFT JOIN users tu ON tu.id = a.to_user_id LEFT JOIN units tn ON tn.id = a.to_unit_id"
    " LEFT JOIN users ab ON ab.id = a.assigned_by"
    " WHERE a.status = 'open' AND i.status = 'assigned' AND (a.to_user_id = ?1 OR a.to_unit_id"
    " = ?5) AND " IN_VISIBLE_SQL " ORDER BY (a.due_date IS NOT NULL AND a.due_date < ?6) DESC,"
    " a.due_date IS NULL, a.due_date, i.urgency DESC, i.id LIMIT 500",
    NULL};

typedef struct task_in {
    int64_t id, arrival_number, assignment_id;
    const char *arrival_date, *code, *issuer, *subject, *kind, *due_date, *instruction, *holder,
        *assigned_by;
    int secrecy, urgency;
    bool overdue, due_soon;
} task_in;

typedef struct task_out {
    int64_t id;
    const char *subject, *doc_type, *step, *created_at, *drafter;
    int secrecy, urgency;
} task_out;

typedef struct tasks {
    const char *today, *soon;
    task_in *in;
    int n_in, n_overdue, n_due_soon;
    incoming *to_assign;
    int n_assign;
    bool routes;     /* a leader, or standing in for one today (ủy quyền) */
    int n_delegated; /* leaders the user stands in for today */
    task_out *out;
    int n_out;
    inbox_row *queue;
    int n_queue;
    dossier *dossiers;
    int n_dossiers;
} tasks;

static const char *col(ctx *c, db_stmt *s, int i)
{
    return arena_strdup(c->a, db_col_text(s, i));
}

static int load_incoming(ctx *c, tasks *t)
{
    db_stmt *s = db_stmt_get(c->db, &q_mine);
    if (!s)
        return -1;
    docs_vis_bind(c, s);
    db_bind_int(s, 5, c->user->unit_id);
    db_bind_text(s, 6, t->today);
    t->in = arena_alloc(c->a, TASKS_MAX * sizeof *t->in);
    while (t->n_in < TASKS_MAX && db_step(s) == DB_ROW) {
        task_in *x = &t->in[t->n_in++];
        int k = 0;
        x->id = db_col_int(s, k++);
        x->arrival_number = db_col_int(s, k++);
        x->arrival_date = col(c, s, k++);
        x->code = col(c, s, k++);
        x->issuer = col(c, s, k++);
        x->subject = col(c, s, k++);
        x->secrecy = (int)db_col_int(s, k++);
        x->urgency = (int)db_col_int(s, k++);
        x->assignment_id = db_col_int(s, k++);
        x->kind = col(c, s, k++);
        x->due_date = col(c, s, k++);
        x->instruction = col(c, s, k++);
        x->holder = col(c, s, k++);
        x->assigned_by = col(c, s, k++);
        x->overdue = x->due_date && strcmp(x->due_date, t->today) < 0;
        x->due_soon = x->due_date && !x->overdue && strcmp(x->due_date, t->soon) <= 0;
        t->n_overdue += x->overdue;
        t->n_due_soon += x->due_soon;
    }
    db_reset(s);
    return 0;
}

static int load_to_assign(ctx *c, tasks *t)
{
    int64_t *leaders;
    t->n_delegated = delegation_leaders_today(c, &leaders);
    if (t->n_delegated < 0)
        return -1;
    t->routes = role_is_leader(c->user->role) || t->n_delegated > 0;
    if (!t->routes)
        return 0;
    /* The leader's own register, as the home page counts it; incoming_may_assign keeps a
     * ward's arrivals for the ward's leaders. */
    in_filter f = {.status = "registered",
                   .urgency = -1,
                   .unit_id = org_register_unit(c->db, c->user->unit_id),
                   .limit = TASKS_MAX};
    incoming *rows;
    int64_t total;
    int n = incoming_list(c, &f, &rows, &total);
    if (n < 0)
        return -1;
    t->to_assign = arena_alloc(c->a, (size_t)(n ? n : 1) * sizeof *t->to_assign);
    /* Documents of the user's own committee (its office included): a ward's arrivals wait for
     * the ward's leaders, even where the city's leaders could route them. */
    int64_t mine = org_scope_anchor(c->db, c->user->unit_id);
    /* A document returned to its clerk waits for the clerk, not for routing. */
    for (int i = 0; i < n; i++) {
        if (routing_returned(c, rows[i].id))
            continue;
        acting act;
        if ((org_scope_anchor(c->db, rows[i].unit_id) == mine &&
             incoming_may_assign(c, &rows[i])) ||
            (t->n_delegated > 0 && !incoming_may_assign(c, &rows[i]) &&
             routing_acting(c, &rows[i], &act)))
            t->to_assign[t->n_assign++] = rows[i];
    }
    return 0;
}

/* outgoing_list callback: keeps the documents whose next step is the caller's. */
static void out_step(ctx *c, const outgoing *o, void *arg)
{
    tasks *t = arg;
    const char *step = NULL;
    if (o->status == OUT_DRAFT && outgoing_may_approve(c, o))
        step = "approve";
    else if (o->status == OUT_APPROVED &&
             outgoing_may_sign(c, o, catalog_register_get(c, o->register_id)))
        step = "sign";
    else if (o->status == OUT_SIGNED && outgoing_may_issue(c, o))
        step = "issue";
    if (!step || t->n_out >= TASKS_MAX)
        return;
    t->out[t->n_out++] = (task_out){.id = o->id,
                                    .subject = o->subject,
                                    .doc_type = o->doc_type,
                                    .step = step,
                                    .created_at = o->created_at,
                                    .drafter = outgoing_user_name(c, o->drafted_by),
                                    .secrecy = o->secrecy,
                                    .urgency = o->urgency};
}

static void load_outgoing(ctx *c, tasks *t)
{
    t->out = arena_alloc(c->a, TASKS_MAX * sizeof *t->out);
    static const char *const states[] = {"draft", "approved", "signed"};
    for (int i = 0; i < 3; i++) {
        out_filter f = {.status = states[i], .limit = TASKS_MAX};
        outgoing_list(c, &f, out_step, t);
    }
}

static int load_queue(ctx *c, tasks *t)
{
    if (c->user->role != ROLE_CLERK)
        return 0;
    t->n_queue = inbox_list(c, true, &t->queue);
    if (t->n_queue < 0)
        return -1;
    int n = 0; /* waiting rows only: not yet registered, refused or recalled */
    for (int i = 0; i < t->n_queue; i++)
        if (strcmp(t->queue[i].status, INBOX_ARRIVED) == 0 && !t->queue[i].incoming_id)
            t->queue[n++] = t->queue[i];
    t->n_queue = n;
    return 0;
}

static int load_dossiers(ctx *c, tasks *t)
{
    dossier *all;
    int n = dossier_due_soon(c, &all);
    if (n < 0)
        return -1;
    t->dossiers = arena_alloc(c->a, (size_t)(n ? n : 1) * sizeof *t->dossiers);
    for (int i = 0; i < n; i++)
        if (all[i].responsible_id == c->user->id ||
            (c->user->role == ROLE_CLERK && dossier_may_manage(c, all[i].unit_id)))
            t->dossiers[t->n_dossiers++] = all[i];
    return 0;
}

static int tasks_load(ctx *c, tasks *t)
{
    memset(t, 0, sizeof *t);
    t->today = web_today(c);
    t->soon = web_date_add(c, t->today, TASKS_DUE_SOON_DAYS);
    if (load_incoming(c, t) || load_to_assign(c, t) || load_queue(c, t) || load_dossiers(c, t))
        return -1;
    load_outgoing(c, t);
    return 0;
}

static const char *step_label(const char *step)
{
    if (strcmp(step, "approve") == 0)
        return _("Chờ duyệt");
    if (strcmp(step, "sign") == 0)
        return _("Chờ ký");
    return _("Chờ phát hành");
}

/* ---- JSON -------------------------------------------------------------------------------- */

static json_t *tasks_json(ctx *c, const tasks *t)
{
    json_t *in = json_array(), *assign = json_array(), *out = json_array(), *queue = json_array(),
           *dos = json_array();
    for (int i = 0; i < t->n_in; i++) {
        const task_in *x = &t->in[i];
        json_array_append_new(
            in, json_pack("{s:I, s:I, s:I, s:s, s:s, s:s, s:s, s:s, s:s?, s:s?, s:s?, s:s?, s:b,"
                          " s:b, s:s, s:s, s:s}",
                          "id", (json_int_t)x->id, "assignment_id", (json_int_t)x->assignment_id,
                          "arrival_number", (json_int_t)x->arrival_number, "arrival_date",
                          x->arrival_date, "code", x->code, "issuer", x->issuer, "subject",
                          x->subject, "kind", x->kind, "due_date", x->due_date, "instruction",
                          x->instruction, "holder", x->holder, "assigned_by", x->assigned_by,
                          "overdue", x->overdue, "due_soon", x->due_soon, "secrecy",
                          secrecy_code(x->secrecy), "urgency", urgency_code(x->urgency), "url",
                          arena_printf(c->a, "/incoming/%lld", (long long)x->id)));
    }
    for (int i = 0; i < t->n_assign; i++) {
        const incoming *r = &t->to_assign[i];
        json_array_append_new(
            assign,
            json_pack("{s:I, s:I, s:s, s:s, s:s, s:s, s:s, s:s?, s:s, s:s, s:s}", "id",
                      (json_int_t)r->id, "arrival_number", (json_int_t)r->arrival_number,
                      "arrival_date", r->arrival_date, "code", r->code, "issuer", r->issuer_name,
                      "subject", r->subject, "unit", r->unit_name, "due_date", r->due_date,
                      "secrecy", secrecy_code(r->secrecy), "urgency", urgency_code(r->urgency),
                      "url", arena_printf(c->a, "/incoming/%lld", (long long)r->id)));
    }
    for (int i = 0; i < t->n_out; i++) {
        const task_out *o = &t->out[i];
        json_array_append_new(
            out, json_pack("{s:I, s:s, s:s, s:s, s:s?, s:s, s:s, s:s}", "id", (json_int_t)o->id,
                           "subject", o->subject, "doc_type", o->doc_type, "step", o->step,
                           "drafter", o->drafter, "secrecy", secrecy_code(o->secrecy), "urgency",
                           urgency_code(o->urgency), "url",
                           arena_printf(c->a, "/outgoing/%lld", (long long)o->id)));
    }
    for (int i = 0; i < t->n_queue; i++) {
        const inbox_row *q = &t->queue[i];
        json_array_append_new(
            queue,
            json_pack("{s:I, s:s, s:s, s:s?, s:s?, s:s, s:s, s:s}", "id", (json_int_t)q->id, "code",
                      q->code, "subject", q->subject, "from", q->from_name, "to", q->to_name,
                      "arrived_at", q->arrived_at, "urgency", urgency_code(q->urgency), "url",
                      arena_printf(c->a, "/incoming/new?inbox_id=%lld", (long long)q->id)));
    }
    for (int i = 0; i < t->n_dossiers; i++) {
        const dossier *d = &t->dossiers[i];
        json_array_append_new(
            dos, json_pack("{s:I, s:s, s:s, s:s?, s:b, s:s}", "id", (json_int_t)d->id, "code",
                           d->code, "title", d->title, "handover_due", d->handover_due, "overdue",
                           d->handover_due && strcmp(d->handover_due, t->today) < 0, "url",
                           arena_printf(c->a, "/dossiers/%lld", (long long)d->id)));
    }
    json_t *counts =
        json_pack("{s:i, s:i, s:i, s:i, s:i, s:i, s:i}", "incoming", t->n_in, "overdue",
                  t->n_overdue, "due_soon", t->n_due_soon, "to_assign", t->n_assign, "outgoing",
                  t->n_out, "queue", t->n_queue, "dossiers", t->n_dossiers);
    return json_pack("{s:s, s:o, s:o, s:o, s:o, s:o, s:o}", "today", t->today, "counts", counts,
                     "incoming", in, "to_assign", assign, "outgoing", out, "queue", queue,
                     "dossiers", dos);
}

/* ---- the page ---------------------------------------------------------------------------- */

/* A group's heading row inside the one table; id is the anchor of the summary's link. */
static void group_row(ctx *c, const char *id, const char *title, int n)
{
    html_printf(&c->rs->body,
                "<tbody id=\"%s\"><tr class=\"group\"><th colspan=\"6\">%s "
                "<span class=\"count\">(%d)</span></th></tr>",
                id, title, n);
}

static void summary(ctx *c, const tasks *t)
{
    strbuf *b = &c->rs->body;
    html_raw(b, "<p class=\"tasks-summary\">");
    html_printf(b, "<a href=\"#t-incoming\">%s: <strong id=\"n-incoming\">%d</strong></a>",
                _("Văn bản đến được giao"), t->n_in);
    if (t->n_overdue)
        html_printf(b, " <span class=\"mark mark-overdue\" id=\"n-overdue\">%d %s</span>",
                    t->n_overdue, _("quá hạn"));
    if (t->n_due_soon)
        html_printf(b, " <span class=\"mark mark-due\" id=\"n-due-soon\">%d %s</span>",
                    t->n_due_soon, _("sắp đến hạn"));
    if (t->routes)
        html_printf(b, " · <a href=\"#t-assign\">%s: <strong id=\"n-assign\">%d</strong></a>",
                    _("Chờ phân công"), t->n_assign);
    html_printf(b, " · <a href=\"#t-outgoing\">%s: <strong id=\"n-outgoing\">%d</strong></a>",
                _("Văn bản đi chờ tôi"), t->n_out);
    if (c->user->role == ROLE_CLERK)
        html_printf(b, " · <a href=\"#t-queue\">%s: <strong id=\"n-queue\">%d</strong></a>",
                    _("Chờ vào sổ"), t->n_queue);
    html_printf(b, " · <a href=\"#t-dossiers\">%s: <strong id=\"n-dossiers\">%d</strong></a></p>",
                _("Hồ sơ đến hạn nộp lưu"), t->n_dossiers);
}

static void rows_incoming(ctx *c, const tasks *t)
{
    strbuf *b = &c->rs->body;
    group_row(c, "t-incoming", _("Văn bản đến được giao cho tôi hoặc đơn vị tôi"), t->n_in);
    for (int i = 0; i < t->n_in; i++) {
        const task_in *x = &t->in[i];
        html_printf(b, "<tr class=\"%s\"><td class=\"date\">%s",
                    x->overdue    ? "overdue"
                    : x->due_soon ? "due-soon"
                                  : "open",
                    x->due_date ? web_date_vn(c, x->due_date) : "—");
        if (x->overdue)
            html_printf(b, " <span class=\"mark mark-overdue\">%s</span>", _("Quá hạn"));
        else if (x->due_soon)
            html_printf(b, " <span class=\"mark mark-due\">%s</span>", _("Sắp đến hạn"));
        html_printf(b,
                    "</td><td>%s</td><td><a href=\"/incoming/%lld\">%s</a><br><small>%s %lld · "
                    "%s</small></td><td><a href=\"/incoming/%lld\">%s</a>",
                    strcmp(x->kind, "lead") == 0 ? _("Chủ trì") : _("Phối hợp"), (long long)x->id,
                    x->code, _("Số đến"), (long long)x->arrival_number,
                    web_date_vn(c, x->arrival_date), (long long)x->id, x->subject);
        docs_marks_html(&c->rs->body, x->secrecy, x->urgency, false);
        html_printf(b, "</td><td>%s</td><td>%s%s%s</td></tr>", x->issuer,
                    x->instruction ? x->instruction : "", x->assigned_by ? " — " : "",
                    x->assigned_by ? x->assigned_by : "");
    }
    if (!t->n_in)
        html_printf(b, "<tr><td colspan=\"6\">%s</td></tr>", _("Không có văn bản nào đang chờ."));
    html_raw(b, "</tbody>");
}

static void rows_assign(ctx *c, const tasks *t)
{
    strbuf *b = &c->rs->body;
    group_row(c, "t-assign", _("Văn bản đến chờ tôi phân công"), t->n_assign);
    for (int i = 0; i < t->n_assign; i++) {
        const incoming *r = &t->to_assign[i];
        html_printf(b,
                    "<tr><td class=\"date\">%s</td><td><label class=\"check\"><input "
                    "type=\"checkbox\" name=\"id\" value=\"%lld\" form=\"batch-form\"> %s"
                    "</label></td><td><a href=\"/incoming/%lld\">%s"
                    "</a><br><small>%s %lld · %s</small></td><td><a href=\"/incoming/%lld\">%s"
                    "</a>",
                    r->due_date ? web_date_vn(c, r->due_date) : "—", (long long)r->id,
                    _("Phân công"), (long long)r->id, r->code, _("Số đến"),
                    (long long)r->arrival_number, web_date_vn(c, r->arrival_date), (long long)r->id,
                    r->subject);
        docs_marks_html(&c->rs->body, r->secrecy, r->urgency, false);
        html_printf(b, "</td><td>%s</td><td>%s</td></tr>", r->issuer_name, r->unit_name);
    }
    if (!t->n_assign)
        html_printf(b, "<tr><td colspan=\"6\">%s</td></tr>", _("Không có văn bản chờ phân công."));
    html_raw(b, "</tbody>");
}

static void rows_outgoing(ctx *c, const tasks *t)
{
    strbuf *b = &c->rs->body;
    group_row(c, "t-outgoing", _("Văn bản đi chờ tôi duyệt, ký, phát hành"), t->n_out);
    for (int i = 0; i < t->n_out; i++) {
        const task_out *o = &t->out[i];
        char when[20] = "";
        int64_t at = o->created_at ? clock_parse_iso(o->created_at) : -1;
        if (at > 0)
            clock_vn_date(at, when, sizeof when);
        html_printf(b,
                    "<tr><td class=\"date\">—</td><td>%s</td><td><a href=\"/outgoing/%lld\">%s"
                    "</a></td><td><a href=\"/outgoing/%lld\">%s</a>",
                    step_label(o->step), (long long)o->id, _("Dự thảo"), (long long)o->id,
                    o->subject);
        docs_marks_html(&c->rs->body, o->secrecy, o->urgency, false);
        html_printf(b, "</td><td>%s</td><td>%s %s</td></tr>", o->drafter ? o->drafter : "",
                    _("Dự thảo ngày"), when);
    }
    if (!t->n_out)
        html_printf(b, "<tr><td colspan=\"6\">%s</td></tr>", _("Không có văn bản đi nào chờ."));
    html_raw(b, "</tbody>");
}

static void rows_queue(ctx *c, const tasks *t)
{
    strbuf *b = &c->rs->body;
    group_row(c, "t-queue", _("Văn bản điện tử chờ vào sổ"), t->n_queue);
    for (int i = 0; i < t->n_queue; i++) {
        const inbox_row *q = &t->queue[i];
        char when[20] = "";
        int64_t at = clock_parse_iso(q->arrived_at);
        if (at > 0)
            clock_vn_datetime(at, when, sizeof when);
        html_printf(b,
                    "<tr><td class=\"date\">%s</td><td>%s</td><td><a "
                    "href=\"/incoming/new?inbox_id=%lld\">%s</a></td><td>%s",
                    when, _("Vào sổ"), (long long)q->id, q->code, q->subject);
        docs_marks_html(&c->rs->body, 0, q->urgency, false);
        html_printf(b, "</td><td>%s</td><td>%s</td></tr>", q->from_name ? q->from_name : "",
                    q->to_name ? q->to_name : "");
    }
    if (!t->n_queue)
        html_printf(b, "<tr><td colspan=\"6\">%s</td></tr>", _("Hàng chờ trống."));
    html_raw(b, "</tbody>");
}

static void rows_dossiers(ctx *c, const tasks *t)
{
    strbuf *b = &c->rs->body;
    group_row(c, "t-dossiers", _("Hồ sơ đến hạn nộp lưu"), t->n_dossiers);
    for (int i = 0; i < t->n_dossiers; i++) {
        const dossier *d = &t->dossiers[i];
        bool late = d->handover_due && strcmp(d->handover_due, t->today) < 0;
        html_printf(b,
                    "<tr class=\"%s\"><td class=\"date\">%s <span class=\"mark %s\">%s</span></td>"
                    "<td>%s</td><td><a href=\"/dossiers/%lld\">%s</a></td><td><a "
                    "href=\"/dossiers/%lld\">%s</a></td><td>%s</td><td>%d %s</td></tr>",
                    late ? "overdue" : "due-soon", web_date_vn(c, d->handover_due),
                    late ? "mark-overdue" : "mark-due", late ? _("Quá hạn") : _("Sắp đến hạn"),
                    _("Nộp lưu"), (long long)d->id, d->code, (long long)d->id, d->title,
                    dossier_retention_label(c, d->retention_years), d->doc_count, _("văn bản"));
    }
    if (!t->n_dossiers)
        html_printf(b, "<tr><td colspan=\"6\">%s</td></tr>", _("Không có hồ sơ đến hạn nộp lưu."));
    html_raw(b, "</tbody>");
}

static void h_tasks(ctx *c)
{
    if (!params_check(c, NULL))
        return;
    tasks t;
    if (tasks_load(c, &t) != 0) {
        respond_error(c, 500, "internal", _(WEB_MSG_DB));
        return;
    }
    if (c->is_api) {
        respond_json(c, 200, tasks_json(c, &t));
        return;
    }
    page_begin(c, _("Công việc của tôi"), "tasks");
    strbuf *b = &c->rs->body;
    summary(c, &t);
    html_printf(b,
                "<div class=\"table-wrap\"><table class=\"tasks\"><thead><tr><th>%s</th>"
                "<th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th></tr></thead>",
                _("Hạn"), _("Việc"), _("Số, ký hiệu"), _("Trích yếu"), _("Từ"), _("Ghi chú"));
    rows_incoming(c, &t);
    if (t.routes)
        rows_assign(c, &t);
    rows_outgoing(c, &t);
    if (c->user->role == ROLE_CLERK)
        rows_queue(c, &t);
    rows_dossiers(c, &t);
    html_raw(b, "</table></div>");
    if (t.routes && t.n_assign) {
        /* Routing several at once: the rows' checkboxes belong to this form (form="…"). */
        html_printf(b,
                    "<details class=\"panel handle-tab\" id=\"batch\"><summary>%s</summary>"
                    "<form class=\"form\" id=\"batch-form\" method=\"post\" "
                    "action=\"/tasks/assign\">",
                    _("Phân công các văn bản đã chọn"));
        form_csrf(c);
        routing_tree(c);
        html_printf(b,
                    "<div class=\"field\"><label for=\"f-due\">%s</label><input id=\"f-due\" "
                    "type=\"date\" name=\"due_date\"></div><div class=\"field\"><label "
                    "for=\"f-instruction\">%s</label><textarea id=\"f-instruction\" "
                    "name=\"instruction\" rows=\"2\"></textarea></div><div class=\"actions\">"
                    "<button type=\"submit\">%s</button></div></form></details>",
                    _("Hạn xử lý"), _("Ý kiến chỉ đạo"), _("Phân công"));
    }
    if (role_is_leader(c->user->role) || t.n_delegated > 0)
        html_printf(b, "<p><a href=\"/tasks/delegations\" id=\"delegations-link\">%s</a></p>",
                    _("Ủy quyền phân công xử lý"));
    page_end(c);
}

/* The menu's count beside "Công việc": the shares the user holds, the first group of /tasks. */
static int nav_tasks(ctx *c)
{
    if (!c->user)
        return 0;
    tasks t = {.today = web_today(c)};
    t.soon = web_date_add(c, t.today, TASKS_DUE_SOON_DAYS);
    return load_incoming(c, &t) == 0 ? t.n_in : 0;
}

void tasks_web_routes(void)
{
    layout_nav_count_add("tasks", nav_tasks, N_("Việc được giao đang xử lý"));
    route_add("GET", "/tasks", h_tasks, 0);
    route_add("GET", "/api/v1/tasks", h_tasks, ROUTE_API);
}
