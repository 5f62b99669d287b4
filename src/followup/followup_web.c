/* Pages of the follow-up: the list (/followup: the office's tasks, or "Nhiệm vụ được giao" for
 * a unit), assigning the clauses of a source (/followup/new), a task's page with the forms of
 * its cycle. Rules live in the service (followup.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/config.h"
#include "base/i18n.h"
#include "catalog/vocab.h"
#include "base/clock.h"
#include "files/files.h"
#include "incoming/incoming.h"
#include "followup/followup.h"
#include "followup/followup_impl.h"
#include "followup/followup_web_impl.h"
#include "http/router.h"
#include "org/org.h"
#include "outgoing/outgoing.h"
#include "rules/rules.h"
#include "web/dates.h"
#include "web/errors.h"
#include "web/forms.h"
#include "web/layout.h"
#include "web/pager.h"
#include "web/params.h"
#include "web/respond.h"
#include "workdays/workdays.h"

#define B fu_body
#define NEW_KEY "/followup/new"
#define NEW_ROWS 5

void fu_status_mark(ctx *c, enum fu_status s, bool awaiting)
{
    const char *cls = s == FU_OVERDUE || s == FU_DONE_LATE            ? "mark-overdue"
                      : s == FU_DONE_ON_TIME || s == FU_DONE_EXTENDED ? "mark-done"
                      : s == FU_IN_TIME                               ? "mark-due"
                                                                      : "";
    html_printf(B(c), "<span class=\"mark %s\">%s</span>", cls, followup_status_label(s));
    if (awaiting)
        html_printf(B(c), " <span class=\"mark mark-due\">%s</span>", _("Chờ xác nhận"));
}

/* form_val, never NULL: a failed form without the field gives dflt too. */
static const char *fv(ctx *c, const char *key, const char *name, const char *dflt)
{
    const char *v = form_val(c, key, name, dflt);
    return v ? v : dflt;
}

static const char *vn(ctx *c, const char *iso)
{
    return web_date_vn(c, iso);
}

static const char *due_text(ctx *c, const fu_task *t)
{
    return t->due_date ? vn(c, t->due_date) : _("Thường xuyên");
}

/* ---- the list ------------------------------------------------------------------------ */

static void task_rows(ctx *c, const fu_task *rows, int n)
{
    html_printf(B(c),
                "<div class=\"table-wrap\"><table class=\"fu-list\"><thead><tr><th>%s</th>"
                "<th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th></tr></thead><tbody>",
                _("Số"), _("Nội dung nhiệm vụ"), _("Nguồn"), _("Đơn vị chủ trì"),
                _("Hạn hoàn thành"), _("Tình trạng"));
    for (int i = 0; i < n; i++) {
        const fu_task *t = &rows[i];
        html_printf(B(c),
                    "<tr class=\"%s\"><td class=\"num\">%lld</td><td><a href=\"/followup/%lld\">"
                    "%s</a></td><td>%s%s%s</td><td>%s</td><td class=\"date\">%s</td><td>",
                    t->status == FU_OVERDUE ? "overdue" : "", (long long)t->id, (long long)t->id,
                    t->content, t->source_title, t->source_clause && *t->source_clause ? " — " : "",
                    t->source_clause ? t->source_clause : "", t->lead_unit_name, due_text(c, t));
        fu_status_mark(c, t->status, t->completed_on && !t->confirmed_on);
        html_raw(B(c), "</td></tr>");
    }
    if (!n)
        html_printf(B(c), "<tr><td colspan=\"6\">%s</td></tr>", _("Không có nhiệm vụ nào."));
    html_raw(B(c), "</tbody></table></div>");
}

static void h_list(ctx *c)
{
    fu_filter f = {0};
    const char *bucket = NULL;
    if (!fu_query_filter(c, &f, &bucket, true))
        return;
    int64_t page = 1;
    query_int(c, "page", 1, 100000, &page);
    f.limit = 50;
    f.offset = (int)(page - 1) * 50;
    fu_task *rows;
    int64_t total = 0;
    web_err e = {0};
    int n = followup_list(c, &f, &rows, &total, &e);
    if (n < 0) {
        web_err_respond(c, &e);
        return;
    }
    bool office = followup_may_assign(c);
    page_begin(c, office ? _("Theo dõi thực hiện nhiệm vụ") : _("Nhiệm vụ được giao"), "followup");
    html_raw(B(c), "<p class=\"actions no-print\">");
    if (office)
        html_printf(B(c), "<a class=\"button\" href=\"/followup/new\">%s</a> ", _("Giao nhiệm vụ"));
    html_printf(B(c),
                "<a href=\"/followup/report\">%s</a> <a href=\"/followup/overdue\">%s</a></p>",
                _("Báo cáo theo dõi"), _("Nhiệm vụ quá hạn, sắp đến hạn"));
    html_printf(B(c),
                "<form method=\"get\" action=\"/followup\" class=\"table-tools no-print\">"
                "<label>%s <select name=\"bucket\">",
                _("Tình trạng"));
    for (int i = 0; followup_buckets[i]; i++)
        html_printf(B(c), "<option value=\"%s\"%s>%s</option>", followup_buckets[i],
                    bucket && strcmp(bucket, followup_buckets[i]) == 0 ? " selected" : "",
                    followup_bucket_label(followup_buckets[i]));
    html_printf(B(c),
                "</select></label> <label>%s <input type=\"search\" name=\"q\" value=\"%s\">"
                "</label> <button>%s</button></form>",
                _("Tìm"), f.q ? f.q : "", _("Lọc"));
    if (f.lead_unit_id || f.leader_id || f.month || (bucket && strcmp(bucket, "all") != 0))
        html_printf(B(c), "<p class=\"fu-filter\">%s: %s. <a href=\"/followup\">%s</a></p>",
                    _("Đang lọc"), followup_bucket_label(bucket), _("Bỏ lọc"));
    html_printf(B(c), "<p id=\"fu-total\" data-total=\"%lld\">%s: %s</p>", (long long)total,
                _("Số nhiệm vụ"), web_number(c, total));
    task_rows(c, rows, n);
    const char *keep[] = {"bucket",       "q",         "from",  "to",        "asof", "by",
                          "lead_unit_id", "leader_id", "month", "due_until", NULL};
    pager p = {.path = "/followup",
               .keep = keep,
               .param = "page",
               .page = (int)page,
               .pages = (total + 49) / 50};
    page_pager(c, &p);
    page_end(c);
}

/* ---- assigning ----------------------------------------------------------------------- */

static void unit_options(ctx *c, const org_choice *u, int nu, const char *field, int64_t dflt,
                         bool multiple)
{
    for (int k = 0; k < nu; k++) {
        const char *id = arena_printf(c->a, "%lld", (long long)u[k].id);
        bool sel = form_failed(c, NEW_KEY) ? form_has(c, NEW_KEY, field, id)
                                           : (!multiple && u[k].id == dflt);
        html_printf(B(c), "<option value=\"%s\"%s>%s</option>", id, sel ? " selected" : "",
                    u[k].name);
    }
}

static void row_field_open(ctx *c, const char *name, const char *label, const char *id)
{
    html_printf(B(c), "<div class=\"field%s\"><label for=\"%s\">%s</label>",
                form_err(c, NEW_KEY, name) ? " has-error" : "", id, label);
}

static void row_field_close(ctx *c, const char *name, const char *id)
{
    form_err_html(c, NEW_KEY, name, id);
    html_raw(B(c), "</div>");
}

static void new_row(ctx *c, int i, const org_choice *u, int nu)
{
    const char *f_clause = arena_printf(c->a, "items.%d.clause", i),
               *f_content = arena_printf(c->a, "items.%d.content", i),
               *f_lead = arena_printf(c->a, "items.%d.lead", i),
               *f_coop = arena_printf(c->a, "items.%d.coop", i),
               *f_due = arena_printf(c->a, "items.%d.due", i),
               *f_ong = arena_printf(c->a, "items.%d.ongoing", i);
    const char *id = arena_printf(c->a, "fu-%d", i);
    html_printf(B(c), "<fieldset class=\"fu-row\" id=\"%s\"><legend>%s %d</legend>", id,
                _("Nhiệm vụ"), i + 1);
    form_field fc = {.name = f_clause,
                     .label = _("Mục, điểm của văn bản"),
                     .id = arena_printf(c->a, "%s-clause", id),
                     .hint = _("Ví dụ: Mục 2.1")};
    form_field_html(c, NEW_KEY, &fc);
    form_field fx = {.name = f_content,
                     .label = _("Nội dung nhiệm vụ"),
                     .type = "textarea",
                     .rows = 2,
                     .id = arena_printf(c->a, "%s-content", id)};
    form_field_html(c, NEW_KEY, &fx);
    const char *lid = arena_printf(c->a, "%s-lead", id);
    row_field_open(c, f_lead, _("Đơn vị chủ trì"), lid);
    html_printf(B(c), "<select name=\"%s\" id=\"%s\"", f_lead, lid);
    form_aria_html(c, NEW_KEY, f_lead, lid);
    html_printf(B(c), "><option value=\"\">%s</option>", _("— chọn đơn vị —"));
    unit_options(c, u, nu, f_lead, 0, false);
    html_raw(B(c), "</select>");
    row_field_close(c, f_lead, lid);
    const char *cid = arena_printf(c->a, "%s-coop", id);
    row_field_open(c, f_coop, _("Đơn vị phối hợp"), cid);
    html_printf(B(c), "<select name=\"%s\" id=\"%s\" multiple size=\"3\"", f_coop, cid);
    form_aria_html(c, NEW_KEY, f_coop, cid);
    html_raw(B(c), ">");
    unit_options(c, u, nu, f_coop, 0, true);
    html_raw(B(c), "</select>");
    row_field_close(c, f_coop, cid);
    const char *did = arena_printf(c->a, "%s-due", id);
    const char *due = fv(c, NEW_KEY, f_due, "");
    row_field_open(c, f_due, _("Hạn hoàn thành"), did);
    html_printf(B(c),
                "<span class=\"fu-due\"><input type=\"date\" name=\"%s\" id=\"%s\" value=\"%s\"",
                f_due, did, due);
    form_aria_html(c, NEW_KEY, f_due, did);
    html_printf(B(c),
                "> <label class=\"inline\"><input type=\"checkbox\" name=\"%s\" value=\"1\"%s> %s"
                "</label></span>",
                f_ong, form_has(c, NEW_KEY, f_ong, "1") ? " checked" : "", _("Thường xuyên"));
    row_field_close(c, f_due, did);
    /* A deadline refused for a day off: the next working day, one click away (app.js fills
     * the date; without scripts the button saves the form with that date). */
    if (form_err(c, NEW_KEY, f_due) && param_date(due) && !workdays_is_working(c->db, due)) {
        char next[11];
        if (workdays_next(c->db, due, next) == 0)
            html_printf(B(c),
                        "<p class=\"fu-suggest\"><button type=\"submit\" class=\"secondary\" "
                        "name=\"fill\" value=\"%d:%s\" data-fill=\"%s\" data-value=\"%s\">%s %s"
                        "</button></p>",
                        i, next, did, next, _("Dùng ngày làm việc tiếp theo"), vn(c, next));
    }
    html_raw(B(c), "</fieldset>");
}

static void h_new(ctx *c)
{
    if (!followup_may_assign(c)) {
        respond_forbidden(c);
        return;
    }
    const char *kind = "none", *title = req_query(c->rq, "title");
    int64_t sid = 0, v = 0;
    static const struct {
        const char *param, *kind;
    } src[] = {{"outgoing", "outgoing"},
               {"incoming", "incoming"},
               {"item", "programme_item"},
               {"conference", "conference"}};
    for (size_t i = 0; i < sizeof src / sizeof src[0]; i++)
        if (query_int(c, src[i].param, 1, INT64_MAX, &v) == PARAM_OK) {
            kind = src[i].kind;
            sid = v;
            break;
        }
    const char *source_label = NULL;
    if (strcmp(kind, "outgoing") == 0) {
        const outgoing *o = outgoing_get(c, sid);
        if (!o) {
            respond_not_found(c);
            return;
        }
        source_label = arena_printf(c->a, "%s %s", o->notation ? o->notation : "", o->subject);
    } else if (strcmp(kind, "incoming") == 0) {
        const incoming *d = incoming_get(c, sid, false);
        if (!d) {
            respond_not_found(c);
            return;
        }
        source_label = arena_printf(c->a, "%s %s", d->code ? d->code : "", d->subject);
    }
    if (!title)
        title = source_label;
    page_begin(c, _("Giao nhiệm vụ"), "followup");
    html_printf(B(c), "<form method=\"post\" action=\"%s\" class=\"form fu-new\">", NEW_KEY);
    form_csrf(c);
    html_printf(B(c),
                "<input type=\"hidden\" name=\"source_kind\" value=\"%s\"><input type=\"hidden\" "
                "name=\"source_id\" value=\"%lld\">",
                fv(c, NEW_KEY, "source_kind", kind),
                (long long)(sid ? sid : atoll(fv(c, NEW_KEY, "source_id", "0"))));
    form_field ft = {.name = "source_title",
                     .label = _("Văn bản, kết luận nguồn"),
                     .value = title ? title : "",
                     .required = true,
                     .hint = _("Thông báo kết luận, chỉ thị, nghị quyết, chương trình")};
    form_field_html(c, NEW_KEY, &ft);
    html_printf(B(c),
                "<div class=\"field\"><label for=\"f-assigned_by\">%s</label>"
                "<select name=\"assigned_by\" id=\"f-assigned_by\">",
                _("Cấp kết luận, giao"));
    const char *by = fv(c, NEW_KEY, "assigned_by", "TT");
    for (int i = 0; followup_assigners[i]; i++)
        html_printf(B(c), "<option value=\"%s\"%s>%s</option>", followup_assigners[i],
                    strcmp(by, followup_assigners[i]) == 0 ? " selected" : "",
                    followup_assigner_label(followup_assigners[i]));
    html_raw(B(c), "</select></div>");
    out_leader *ls;
    int nl = outgoing_leaders(c, c->user->unit_id, &ls);
    const char *lsel = fv(c, NEW_KEY, "leader_user_id", "");
    html_printf(B(c),
                "<div class=\"field%s\"><label for=\"f-leader_user_id\">%s</label><select "
                "name=\"leader_user_id\" id=\"f-leader_user_id\"><option value=\"\">%s</option>",
                form_err(c, NEW_KEY, "leader_user_id") ? " has-error" : "", _("Lãnh đạo kết luận"),
                _("— không ghi —"));
    for (int i = 0; i < nl; i++) {
        const char *id = arena_printf(c->a, "%lld", (long long)ls[i].id);
        html_printf(B(c), "<option value=\"%s\"%s>%s</option>", id,
                    strcmp(lsel, id) == 0 ? " selected" : "", ls[i].name);
    }
    html_raw(B(c), "</select>");
    form_err_html(c, NEW_KEY, "leader_user_id", "f-leader_user_id");
    html_raw(B(c), "</div>");
    form_field fd = {
        .name = "assigned_on", .label = _("Ngày giao"), .type = "date", .value = fu_today(c)};
    form_field_html(c, NEW_KEY, &fd);
    const char *sec = fv(c, NEW_KEY, "secrecy", "none");
    html_printf(B(c),
                "<div class=\"field\"><label for=\"f-secrecy\">%s</label><select "
                "name=\"secrecy\" id=\"f-secrecy\">",
                _("Độ mật"));
    for (int i = 0; secrecy_codes[i]; i++)
        html_printf(B(c), "<option value=\"%s\"%s>%s</option>", secrecy_codes[i],
                    strcmp(sec, secrecy_codes[i]) == 0 ? " selected" : "",
                    secrecy_label((enum secrecy)i));
    html_raw(B(c), "</select></div>");
    org_choice *units;
    int nu = org_choice_units(c, &units);
    int rows = NEW_ROWS;
    for (int i = NEW_ROWS; i < FU_MAX_ITEMS; i++)
        if (*fv(c, NEW_KEY, arena_printf(c->a, "items.%d.content", i), ""))
            rows = i + 1;
    form_err_html(c, NEW_KEY, "items", "fu-items");
    for (int i = 0; i < rows; i++)
        new_row(c, i, units, nu < 0 ? 0 : nu);
    html_printf(B(c),
                "<p class=\"hint\">%s</p><div class=\"actions\"><button type=\"submit\">%s</button>"
                " <a href=\"/followup\">%s</a></div></form>",
                _("Dòng để trống được bỏ qua. Hạn hoàn thành phải là ngày làm việc."),
                _("Giao nhiệm vụ"), _("Hủy"));
    page_end(c);
}

static void h_new_post(ctx *c)
{
    web_err e = {0};
    fu_batch_in in = {0};
    in.source_kind = req_form(c->rq, "source_kind");
    in.source_id = form_id(c, "source_id");
    in.source_title = req_form(c->rq, "source_title");
    in.assigned_by = req_form(c->rq, "assigned_by");
    in.leader_user_id = form_id(c, "leader_user_id");
    in.assigned_on = req_form(c->rq, "assigned_on");
    const char *sec = req_form(c->rq, "secrecy");
    in.secrecy = sec && *sec ? secrecy_from_code(sec) : 0; /* unknown: -1, refused by name */
    /* The day-off button without scripts: "N:YYYY-MM-DD" replaces row N's deadline. */
    const char *fill = req_form(c->rq, "fill");
    int fill_row = -1;
    char fill_date[11] = "";
    if (fill && sscanf(fill, "%d:%10s", &fill_row, fill_date) != 2)
        fill_row = -1;
    /* Blank rows are skipped; map[] remembers each saved row's place in the form, so that a
     * message comes back beside the row typed. */
    fu_item_in packed[FU_MAX_ITEMS];
    int map[FU_MAX_ITEMS], np = 0;
    memset(packed, 0, sizeof packed);
    for (int i = 0; i < FU_MAX_ITEMS; i++) {
        char k[48];
        snprintf(k, sizeof k, "items.%d.content", i);
        const char *content = req_form(c->rq, k);
        snprintf(k, sizeof k, "items.%d.lead", i);
        const char *lead = req_form(c->rq, k);
        snprintf(k, sizeof k, "items.%d.due", i);
        const char *due = req_form(c->rq, k);
        snprintf(k, sizeof k, "items.%d.clause", i);
        const char *clause = req_form(c->rq, k);
        if (!(content && *content) && !(lead && *lead) && !(due && *due) && !(clause && *clause))
            continue;
        fu_item_in *it = &packed[np];
        map[np++] = i;
        it->content = content;
        it->clause = clause;
        it->lead_unit_id = lead ? atoll(lead) : 0;
        it->due = i == fill_row && param_date(fill_date) ? arena_strdup(c->a, fill_date) : due;
        snprintf(k, sizeof k, "items.%d.ongoing", i);
        const char *og = req_form(c->rq, k);
        it->ongoing = og && strcmp(og, "1") == 0;
        snprintf(k, sizeof k, "items.%d.coop", i);
        for (size_t j = 0; j < c->rq->form.n && it->n_coop < FU_MAX_COOP; j++)
            if (strcmp(c->rq->form.v[j].name, k) == 0 && *c->rq->form.v[j].value)
                it->coop[it->n_coop++] = atoll(c->rq->form.v[j].value);
    }
    in.items = packed;
    in.n_items = np;
    int64_t ids[FU_MAX_ITEMS];
    int rc = followup_create(c, &in, ids, &e);
    if (rc < 0) {
        /* Field names carry the packed index; the form's rows are the typed ones. */
        for (int k = 0; k < e.n; k++) {
            int idx;
            char rest[32];
            if (e.e[k].field && sscanf(e.e[k].field, "items.%d.%31s", &idx, rest) == 2 &&
                idx >= 0 && idx < np)
                e.e[k].field = arena_printf(c->a, "items.%d.%s", map[idx], rest);
        }
        /* Back to the form without its query: a kept form is found by path, and the source
         * travels in the typed (hidden) values. */
        web_after_post(c, NEW_KEY, -1, &e, NULL);
        return;
    }
    page_flash_set(c, arena_printf(c->a, _("Đã giao %d nhiệm vụ."), rc));
    respond_redirect(c, rc == 1 ? arena_printf(c->a, "/followup/%lld", (long long)ids[0])
                                : "/followup");
}

/* ---- a task's page ------------------------------------------------------------------- */

static const char *event_label(const char *k)
{
    if (!strcmp(k, "completion"))
        return _("Báo cáo hoàn thành");
    if (!strcmp(k, "confirmed"))
        return _("Văn phòng xác nhận");
    if (!strcmp(k, "returned"))
        return _("Văn phòng trả lại kết quả");
    if (!strcmp(k, "extension"))
        return _("Gia hạn");
    if (!strcmp(k, "cancelled"))
        return _("Dừng nhiệm vụ");
    return _("Báo cáo tiến độ");
}

static const char *ext_status_label(const char *s)
{
    return !strcmp(s, "approved")  ? _("Đồng ý")
           : !strcmp(s, "refused") ? _("Không đồng ý")
                                   : _("Chờ quyết định");
}

static void issued_docs_cb(ctx *c, const outgoing *o, void *arg)
{
    const fu_task *t = arg;
    if (o->unit_id != t->lead_unit_id || o->status != OUT_ISSUED || !o->issued_date ||
        strcmp(o->issued_date, t->assigned_on) < 0)
        return;
    html_printf(B(c), "<option value=\"%lld\">%s — %s (%s)</option>", (long long)o->id,
                o->notation ? o->notation : "", o->subject, vn(c, o->issued_date));
}

static void post_form(ctx *c, int64_t id, const char *action)
{
    html_printf(B(c),
                "<form method=\"post\" action=\"/followup/%lld/%s\" class=\"form\" "
                "enctype=\"multipart/form-data\">",
                (long long)id, action);
    form_csrf(c);
}

static void h_show(ctx *c)
{
    int64_t id = req_param_id(c->rq, "id");
    const fu_task *t = followup_get(c, id);
    if (!t) {
        respond_not_found(c);
        return;
    }
    page_begin(c, arena_printf(c->a, _("Nhiệm vụ số %lld"), (long long)id), "followup");
    if (t->secrecy > 0)
        docs_marks_html(B(c), t->secrecy, 0, false);
    html_printf(B(c), "<p class=\"fu-status\">%s: ", _("Tình trạng"));
    fu_status_mark(c, t->status, t->completed_on && !t->confirmed_on);
    html_raw(B(c), "</p><dl class=\"props\">");
    html_printf(B(c), "<dt>%s</dt><dd>%s</dd>", _("Nội dung"), t->content);
    html_printf(B(c), "<dt>%s</dt><dd>", _("Nguồn"));
    if (t->source_kind && !strcmp(t->source_kind, "outgoing") && t->source_id)
        html_printf(B(c), "<a href=\"/outgoing/%lld\">%s</a>", (long long)t->source_id,
                    t->source_title);
    else if (t->source_kind && !strcmp(t->source_kind, "incoming") && t->source_id)
        html_printf(B(c), "<a href=\"/incoming/%lld\">%s</a>", (long long)t->source_id,
                    t->source_title);
    else if (t->source_kind && !strcmp(t->source_kind, "programme_item") && t->source_id)
        html_printf(B(c), "<a href=\"/programmes/items/%lld\">%s</a>", (long long)t->source_id,
                    t->source_title);
    else if (t->source_kind && !strcmp(t->source_kind, "conference") && t->source_id)
        html_printf(B(c), "<a href=\"/conferences/%lld\">%s</a>", (long long)t->source_id,
                    t->source_title);
    else
        html_printf(B(c), "%s", t->source_title);
    if (t->source_clause && *t->source_clause)
        html_printf(B(c), " — %s", t->source_clause);
    html_raw(B(c), "</dd>");
    html_printf(B(c), "<dt>%s</dt><dd>%s%s%s</dd>", _("Cấp kết luận, giao"),
                followup_assigner_label(t->assigned_by), t->leader_name ? " — " : "",
                t->leader_name ? t->leader_name : "");
    html_printf(B(c), "<dt>%s</dt><dd>%s</dd>", _("Văn phòng theo dõi"), t->unit_name);
    html_printf(B(c), "<dt>%s</dt><dd>%s</dd>", _("Đơn vị chủ trì"), t->lead_unit_name);
    int64_t *cids;
    const char **cnames;
    int nc = followup_coop_units(c, id, &cids, &cnames);
    html_printf(B(c), "<dt>%s</dt><dd>", _("Đơn vị phối hợp"));
    for (int i = 0; i < nc; i++)
        html_printf(B(c), "%s%s", i ? ", " : "", cnames[i]);
    html_printf(B(c), "</dd><dt>%s</dt><dd>%s</dd>", _("Ngày giao"), vn(c, t->assigned_on));
    html_printf(B(c), "<dt>%s</dt><dd>%s", _("Hạn hoàn thành"), due_text(c, t));
    if (t->original_due && t->due_date && strcmp(t->original_due, t->due_date) != 0)
        html_printf(B(c), " <small>(%s %s)</small>", _("hạn ban đầu"), vn(c, t->original_due));
    html_raw(B(c), "</dd>");
    if (t->completed_on) {
        html_printf(B(c), "<dt>%s</dt><dd>%s", _("Ngày hoàn thành"), vn(c, t->completed_on));
        if (t->completion_outgoing_id)
            html_printf(B(c), " — <a href=\"/outgoing/%lld\">%s</a>",
                        (long long)t->completion_outgoing_id, _("văn bản báo cáo"));
        if (t->has_completion_file)
            html_printf(B(c), " — <a href=\"/followup/%lld/completion-file\">%s</a>", (long long)id,
                        t->completion_filename);
        html_printf(B(c), "%s</dd>",
                    t->confirmed_on ? ""
                                    : arena_printf(c->a, " (%s)", _("chờ văn phòng xác nhận")));
    }
    if (t->cancelled_on)
        html_printf(B(c), "<dt>%s</dt><dd>%s — %s</dd>", _("Đã dừng"), vn(c, t->cancelled_on),
                    t->cancel_reason ? t->cancel_reason : "");
    html_raw(B(c), "</dl>");

    bool open = !t->cancelled_on && !t->confirmed_on;
    /* The unit's forms. */
    if (open && followup_may_report(c, t)) {
        html_printf(B(c), "<section class=\"panel\"><h2>%s</h2>", _("Báo cáo tiến độ"));
        post_form(c, id, "progress");
        form_field fn = {.name = "note",
                         .label = _("Nội dung báo cáo"),
                         .type = "textarea",
                         .rows = 3,
                         .id = "f-progress-note",
                         .required = true};
        form_field_html(c, arena_printf(c->a, "/followup/%lld/progress", (long long)id), &fn);
        form_field ff = {
            .name = "file", .label = _("Tệp đính kèm"), .type = "file", .id = "f-progress-file"};
        form_field_html(c, arena_printf(c->a, "/followup/%lld/progress", (long long)id), &ff);
        html_printf(B(c), "<div class=\"actions\"><button>%s</button></div></form></section>",
                    _("Gửi báo cáo tiến độ"));
    }
    if (open && followup_is_lead(c, t) && !t->completed_on) {
        const char *key = arena_printf(c->a, "/followup/%lld/complete", (long long)id);
        html_printf(B(c), "<section class=\"panel\"><h2>%s</h2>", _("Báo cáo hoàn thành"));
        post_form(c, id, "complete");
        html_printf(B(c),
                    "<div class=\"field%s\"><label for=\"f-outgoing_id\">%s</label><select "
                    "name=\"outgoing_id\" id=\"f-outgoing_id\"><option value=\"\">%s</option>",
                    form_err(c, key, "outgoing_id") ? " has-error" : "",
                    _("Văn bản báo cáo của đơn vị"), _("— tải lên tệp thay vì chọn —"));
        out_filter of = {.status = "issued", .limit = 100};
        outgoing_list(c, &of, issued_docs_cb, (void *)t);
        html_raw(B(c), "</select>");
        form_err_html(c, key, "outgoing_id", "f-outgoing_id");
        html_raw(B(c), "</div>");
        form_field ff = {.name = "file",
                         .label = _("Hoặc tệp văn bản báo cáo"),
                         .type = "file",
                         .id = "f-complete-file"};
        form_field_html(c, key, &ff);
        form_field fd = {.name = "doc_date",
                         .label = _("Ngày của văn bản (khi tải tệp)"),
                         .type = "date",
                         .id = "f-doc_date"};
        form_field_html(c, key, &fd);
        form_field fn = {.name = "note",
                         .label = _("Ghi chú"),
                         .type = "textarea",
                         .rows = 2,
                         .id = "f-complete-note"};
        form_field_html(c, key, &fn);
        html_printf(B(c), "<div class=\"actions\"><button>%s</button></div></form></section>",
                    _("Báo cáo hoàn thành"));
    }
    if (open && followup_is_lead(c, t) && t->due_date && !t->completed_on &&
        !t->pending_extension) {
        const char *key = arena_printf(c->a, "/followup/%lld/extend", (long long)id);
        html_printf(B(c), "<section class=\"panel\"><h2>%s</h2>", _("Đề nghị gia hạn"));
        post_form(c, id, "extend");
        form_field fd = {.name = "new_due",
                         .label = _("Hạn mới"),
                         .type = "date",
                         .id = "f-new_due",
                         .required = true};
        form_field_html(c, key, &fd);
        const char *nd = fv(c, key, "new_due", "");
        if (form_err(c, key, "new_due") && param_date(nd) && !workdays_is_working(c->db, nd)) {
            char next[11];
            if (workdays_next(c->db, nd, next) == 0)
                html_printf(B(c),
                            "<p class=\"fu-suggest\"><button type=\"button\" class=\"secondary\" "
                            "data-fill=\"f-new_due\" data-value=\"%s\">%s %s</button></p>",
                            next, _("Dùng ngày làm việc tiếp theo"), vn(c, next));
        }
        form_field fr = {.name = "reason",
                         .label = _("Lý do"),
                         .type = "textarea",
                         .rows = 2,
                         .id = "f-ext-reason",
                         .required = true};
        form_field_html(c, key, &fr);
        html_printf(B(c), "<div class=\"actions\"><button>%s</button></div></form></section>",
                    _("Gửi đề nghị gia hạn"));
    }
    /* The office's answers. */
    if (open && t->completed_on && followup_may_manage(c, t)) {
        html_printf(B(c), "<section class=\"panel\"><h2>%s</h2>", _("Xác nhận kết quả"));
        post_form(c, id, "confirm");
        html_printf(B(c), "<div class=\"actions\"><button>%s</button></div></form>",
                    _("Xác nhận hoàn thành"));
        post_form(c, id, "return");
        form_field fr = {.name = "reason",
                         .label = _("Lý do trả lại"),
                         .type = "textarea",
                         .rows = 2,
                         .id = "f-return-reason",
                         .required = true};
        form_field_html(c, arena_printf(c->a, "/followup/%lld/return", (long long)id), &fr);
        html_printf(B(c),
                    "<div class=\"actions\"><button class=\"secondary\">%s</button></div></form>"
                    "</section>",
                    _("Trả lại để cập nhật"));
    }
    fu_extension *xs;
    int nx = followup_extensions(c, id, &xs);
    if (nx > 0) {
        html_printf(B(c),
                    "<section class=\"panel\"><h2>%s</h2><div class=\"table-wrap\"><table>"
                    "<thead><tr><th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th></tr>"
                    "</thead><tbody>",
                    _("Gia hạn"), _("Hạn cũ"), _("Hạn mới"), _("Lý do"), _("Quyết định"),
                    _("Người quyết định"));
        for (int i = 0; i < nx; i++) {
            html_printf(B(c),
                        "<tr><td class=\"date\">%s</td><td class=\"date\">%s</td><td>%s</td>"
                        "<td>%s%s%s</td><td>%s</td></tr>",
                        vn(c, xs[i].old_due), vn(c, xs[i].new_due), xs[i].reason,
                        ext_status_label(xs[i].status), xs[i].note ? ": " : "",
                        xs[i].note ? xs[i].note : "", xs[i].decided_name ? xs[i].decided_name : "");
            if (!strcmp(xs[i].status, "pending") && open && followup_may_extend(c, t)) {
                html_printf(B(c),
                            "<tr><td colspan=\"5\"><form method=\"post\" "
                            "action=\"/followup/extensions/%lld/decide\" class=\"form\">",
                            (long long)xs[i].id);
                form_csrf(c);
                form_field fn = {.name = "note", .label = _("Ý kiến"), .id = "f-ext-note"};
                form_field_html(
                    c, arena_printf(c->a, "/followup/extensions/%lld/decide", (long long)xs[i].id),
                    &fn);
                html_printf(B(c),
                            "<div class=\"actions\"><button name=\"decision\" value=\"approve\">"
                            "%s</button> <button name=\"decision\" value=\"refuse\" "
                            "class=\"secondary\">%s</button></div></form></td></tr>",
                            _("Đồng ý gia hạn"), _("Không đồng ý"));
            }
        }
        html_raw(B(c), "</tbody></table></div></section>");
    }
    fu_event *ev;
    int ne = followup_events(c, id, &ev);
    html_printf(B(c), "<section class=\"panel\"><h2>%s</h2><ol class=\"fu-events\">",
                _("Quá trình thực hiện"));
    for (int i = 0; i < ne; i++) {
        char when[20] = "";
        int64_t ts = clock_parse_iso(ev[i].at);
        if (ts > 0)
            clock_vn_datetime(ts, when, sizeof when);
        html_printf(B(c), "<li><strong>%s</strong> — %s, %s (%s): %s", event_label(ev[i].kind),
                    when, ev[i].user_name ? ev[i].user_name : "",
                    ev[i].unit_name ? ev[i].unit_name : "", ev[i].note);
        if (ev[i].sha256)
            html_printf(B(c), " <a href=\"/followup/%lld/files/%lld\">%s</a>", (long long)id,
                        (long long)ev[i].id, ev[i].filename);
        html_raw(B(c), "</li>");
    }
    if (!ne)
        html_printf(B(c), "<li>%s</li>", _("Chưa có báo cáo."));
    html_raw(B(c), "</ol></section>");
    if (open && followup_may_cancel(c, t)) {
        html_printf(B(c), "<details class=\"no-print\"><summary>%s</summary>", _("Dừng nhiệm vụ"));
        post_form(c, id, "cancel");
        form_field fr = {.name = "reason",
                         .label = _("Lý do dừng"),
                         .type = "textarea",
                         .rows = 2,
                         .id = "f-cancel-reason",
                         .required = true};
        form_field_html(c, arena_printf(c->a, "/followup/%lld/cancel", (long long)id), &fr);
        html_printf(B(c),
                    "<div class=\"actions\"><button class=\"danger\" data-confirm=\"%s\">%s"
                    "</button></div></form></details>",
                    _("Dừng nhiệm vụ này?"), _("Dừng nhiệm vụ"));
    }
    page_end(c);
}

/* ---- the forms' POSTs ---------------------------------------------------------------- */

static const char *task_path(ctx *c, int64_t id)
{
    return arena_printf(c->a, "/followup/%lld", (long long)id);
}

static void h_progress(ctx *c)
{
    int64_t id = req_param_id(c->rq, "id");
    web_err e = {0};
    int64_t rc = followup_progress(c, id, req_form(c->rq, "note"), req_upload(c->rq, "file"), &e);
    web_after_post(c, task_path(c, id), rc < 0 ? -1 : 0, &e, _("Đã gửi báo cáo tiến độ."));
}

static void h_complete(ctx *c)
{
    int64_t id = req_param_id(c->rq, "id");
    web_err e = {0};
    int rc = followup_complete(c, id, form_id(c, "outgoing_id"), req_upload(c->rq, "file"),
                               req_form(c->rq, "doc_date"), req_form(c->rq, "note"), &e);
    web_after_post(c, task_path(c, id), rc, &e,
                   _("Đã báo cáo hoàn thành, chờ văn phòng xác nhận."));
}

static void h_confirm(ctx *c)
{
    int64_t id = req_param_id(c->rq, "id");
    web_err e = {0};
    int rc = followup_confirm(c, id, &e);
    web_after_post(c, task_path(c, id), rc, &e, _("Đã xác nhận hoàn thành."));
}

static void h_return(ctx *c)
{
    int64_t id = req_param_id(c->rq, "id");
    web_err e = {0};
    int rc = followup_return(c, id, req_form(c->rq, "reason"), &e);
    web_after_post(c, task_path(c, id), rc, &e, _("Đã trả lại kết quả để đơn vị cập nhật."));
}

static void h_extend(ctx *c)
{
    int64_t id = req_param_id(c->rq, "id");
    web_err e = {0};
    char sug[11];
    int64_t rc = followup_extend_request(c, id, req_form(c->rq, "new_due"),
                                         req_form(c->rq, "reason"), sug, &e);
    web_after_post(c, task_path(c, id), rc < 0 ? -1 : 0, &e, _("Đã gửi đề nghị gia hạn."));
}

static void h_decide(ctx *c)
{
    int64_t xid = req_param_id(c->rq, "id");
    web_err e = {0};
    const char *d = req_form(c->rq, "decision");
    bool approve = d && strcmp(d, "approve") == 0;
    int rc = followup_extend_decide(c, xid, approve, req_form(c->rq, "note"), &e);
    const char *back = form_referer_path(c);
    web_after_post(c, back ? back : "/followup", rc, &e,
                   approve ? _("Đã đồng ý gia hạn.") : _("Đã không đồng ý gia hạn."));
}

static void h_cancel(ctx *c)
{
    int64_t id = req_param_id(c->rq, "id");
    web_err e = {0};
    int rc = followup_cancel(c, id, req_form(c->rq, "reason"), &e);
    web_after_post(c, task_path(c, id), rc, &e, _("Đã dừng nhiệm vụ."));
}

static void h_file(ctx *c)
{
    const fu_event *ev =
        followup_event_get(c, req_param_id(c->rq, "id"), req_param_id(c->rq, "eid"));
    if (!ev || !ev->sha256) {
        respond_not_found(c);
        return;
    }
    attach_serve_blob(c, ev->sha256, ev->filename, ev->mime, false);
}

static const db_query q_completion_file = {
    "followup.completion_file",
    "SELECT completion_sha256, completion_filename, completion_mime FROM followup_tasks "
    "WHERE id = ?1 AND completion_sha256 IS NOT NULL",
    NULL};

static void h_completion_file(ctx *c)
{
    int64_t id = req_param_id(c->rq, "id");
    if (!followup_get(c, id)) {
        respond_not_found(c);
        return;
    }
    db_stmt *s = db_stmt_get(c->db, &q_completion_file);
    if (!s) {
        respond_not_found(c);
        return;
    }
    db_bind_int(s, 1, id);
    if (db_step(s) != DB_ROW) {
        db_reset(s);
        respond_not_found(c);
        return;
    }
    const char *sha = arena_strdup(c->a, db_col_text(s, 0)),
               *name = arena_strdup(c->a, db_col_text(s, 1)),
               *mime = arena_strdup(c->a, db_col_text(s, 2));
    db_reset(s);
    attach_serve_blob(c, sha, name, mime, false);
}

void followup_web_routes(void)
{
    route_add("GET", "/followup", h_list, 0);
    route_add("GET", "/followup/new", h_new, 0);
    route_add("POST", "/followup/new", h_new_post, 0);
    route_add("GET", "/followup/report", fu_h_report, 0);
    route_add("GET", "/followup/overdue", fu_h_overdue, 0);
    route_add("POST", "/followup/extensions/{id}/decide", h_decide, 0);
    route_add("GET", "/followup/{id}", h_show, 0);
    route_add("POST", "/followup/{id}/progress", h_progress, 0);
    route_add("POST", "/followup/{id}/complete", h_complete, 0);
    route_add("POST", "/followup/{id}/confirm", h_confirm, 0);
    route_add("POST", "/followup/{id}/return", h_return, 0);
    route_add("POST", "/followup/{id}/extend", h_extend, 0);
    route_add("POST", "/followup/{id}/cancel", h_cancel, 0);
    route_add("GET", "/followup/{id}/files/{eid}", h_file, 0);
    route_add("GET", "/followup/{id}/completion-file", h_completion_file, 0);
}
