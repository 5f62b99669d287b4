/* Pages and API of the work dossiers: /dossiers (the year plan), /dossiers/{id}, the
 * hand-over warning on the home page, /api/v1/dossiers…. Rules live in dossier.c. */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "web/errors.h"
#include "web/forms.h"
#include "web/params.h"
#include "web/respond.h"
#include "base/clock.h"
#include "base/i18n.h"
#include "dossiers/dossiers.h"
#include "incoming/incoming.h"
#include "org/org.h"
#include "outgoing/outgoing.h"
#include "search/search.h"
#include "web/records.h"
#include "web/layout.h"
#include "http/router.h"

static strbuf *B(ctx *c)
{
    return &c->rs->body;
}

static int this_year(void)
{
    char t[16];
    clock_vn_today(t, sizeof t);
    return atoi(t);
}

static const char *vn(ctx *c, const char *iso)
{
    char buf[16];
    if (!iso || !*iso)
        return "";
    clock_date_vn(iso, buf, sizeof buf);
    return arena_strdup(c->a, buf);
}

static const char *status_label(const char *s)
{
    if (strcmp(s, "open") == 0)
        return _("Đang mở");
    if (strcmp(s, "closed") == 0)
        return _("Đã đóng");
    return _("Trong kế hoạch");
}

static bool due_soon(const dossier *d)
{
    if (!d->handover_due || strcmp(d->status, "closed") != 0)
        return false;
    char iso[32], limit[16];
    clock_iso(clock_now() + VN_UTC_OFFSET + (int64_t)DOSSIER_WARN_DAYS * 86400, iso, sizeof iso);
    snprintf(limit, sizeof limit, "%.10s", iso);
    return strcmp(d->handover_due, limit) <= 0;
}

/* ---- pages ---- */

static void h_plan(ctx *c)
{
    int64_t year_r = this_year();
    /* A refused heading comes back to /dossiers with its year among the typed values. */
    const char *fy = form_val(c, "/dossiers/headings", "year", NULL);
    if (fy)
        param_int(fy, 1930, 2099, &year_r);
    query_int(c, "year", 1930, 2099, &year_r); /* a year it cannot read: this year */
    int year = (int)year_r;
    if (year < 2000 || year > 2100)
        year = this_year();
    int64_t unit_id = c->user->unit_id;
    page_begin(c, _("Hồ sơ công việc"), "dossiers");
    dossier *due;
    int ndue = dossier_due_soon(c, &due);
    for (int i = 0; i < ndue; i++)
        page_alert(c, "warn",
                   arena_printf(c->a, _("Hồ sơ %s \"%s\" đến hạn nộp lưu ngày %s."), due[i].code,
                                due[i].title, vn(c, due[i].handover_due)));
    html_printf(B(c),
                "<form method=\"get\" action=\"/dossiers\" class=\"table-tools no-print\">"
                "<label>%s <input type=\"number\" name=\"year\" value=\"%d\" min=\"2000\" "
                "max=\"2100\"></label> <button>%s</button></form>",
                _("Năm"), year, _("Xem"));
    html_printf(B(c), "<h2>%s %d — %s</h2>", _("Danh mục hồ sơ năm"), year,
                c->user->unit_name ? c->user->unit_name : "");
    dossier_heading *hs;
    int nh = dossier_headings(c, unit_id, year, &hs);
    dossier *ds;
    int nd = dossier_list(c, unit_id, year, &ds);
    html_printf(B(c),
                "<div class=\"table-wrap landscape\"><table id=\"dossier-plan\"><thead><tr>"
                "<th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th></tr>"
                "</thead><tbody>",
                _("Số, ký hiệu hồ sơ"), _("Tên đề mục và tiêu đề hồ sơ"), _("Thời hạn bảo quản"),
                _("Đơn vị/người lập hồ sơ"), _("Trạng thái"), _("Hạn nộp lưu"));
    for (int h = 0; h < nh; h++) {
        html_printf(B(c),
                    "<tr class=\"heading\"><td>%s</td><td colspan=\"5\"><strong>%s. %s"
                    "</strong> (%s)</td></tr>",
                    "", hs[h].numeral, hs[h].title, hs[h].abbr);
        for (int i = 0; i < nd; i++) {
            if (ds[i].heading_id != hs[h].id)
                continue;
            html_printf(
                B(c),
                "<tr class=\"%s\"><td>%s</td><td><a href=\"/dossiers/%lld\">%s</a> <small>(%d %s)"
                "</small></td><td>%s</td><td>%s</td><td>%s</td><td class=\"date\">%s",
                due_soon(&ds[i]) ? "overdue" : "", ds[i].code, (long long)ds[i].id, ds[i].title,
                ds[i].doc_count, _("văn bản"), dossier_retention_label(c, ds[i].retention_years),
                outgoing_user_name(c, ds[i].responsible_id), status_label(ds[i].status),
                vn(c, ds[i].handover_due));
            if (due_soon(&ds[i]))
                html_printf(B(c), " <span class=\"mark mark-due\">%s</span>",
                            _("Sắp đến hạn nộp lưu"));
            html_raw(B(c), "</td></tr>");
        }
    }
    if (nh == 0)
        html_printf(B(c), "<tr><td colspan=\"6\" class=\"empty\">%s</td></tr>",
                    _("Chưa có danh mục hồ sơ cho năm này."));
    html_raw(B(c), "</tbody></table></div>");
    if (dossier_may_manage(c, unit_id)) {
        html_printf(B(c),
                    "<section class=\"panel no-print\"><h2>%s</h2><form class=\"form\" "
                    "method=\"post\" action=\"/dossiers/headings\">",
                    _("Thêm đề mục"));
        form_csrf(c);
        const char *hk = "/dossiers/headings";
        const char *parent = form_val(c, hk, "parent_id", "0");
        html_printf(B(c),
                    "<input type=\"hidden\" name=\"year\" value=\"%d\"><div class=\"field%s\">"
                    "<label for=\"h-parent\">%s</label><select id=\"h-parent\" name=\"parent_id\"",
                    year, form_err(c, hk, "parent_id") ? " has-error" : "", _("Thuộc đề mục lớn"));
        form_aria_html(c, hk, "parent_id", "h-parent");
        html_printf(B(c), "><option value=\"0\">%s</option>", _("(Đề mục lớn — số La Mã)"));
        for (int h = 0; h < nh; h++)
            if (!hs[h].parent_id)
                html_printf(B(c), "<option value=\"%lld\"%s>%s. %s</option>", (long long)hs[h].id,
                            parent && strtoll(parent, NULL, 10) == hs[h].id ? " selected" : "",
                            hs[h].numeral, hs[h].title);
        html_raw(B(c), "</select>");
        form_err_html(c, hk, "parent_id", "h-parent");
        html_raw(B(c), "</div>");
        form_field_html(
            c, hk,
            &(form_field){
                .name = "title", .label = _("Tên đề mục"), .id = "h-title", .required = true});
        form_field_html(c, hk,
                        &(form_field){.name = "abbr",
                                      .label = _("Ký hiệu đề mục (vd. TH, TC)"),
                                      .id = "h-abbr",
                                      .required = true});
        html_printf(B(c), "<div class=\"actions\"><button>%s</button></div></form></section>",
                    _("Thêm đề mục"));
        if (nh > 0) {
            html_printf(B(c),
                        "<section class=\"panel no-print\"><h2>%s</h2><form "
                        "class=\"form\" method=\"post\" action=\"/dossiers\">",
                        _("Thêm hồ sơ vào danh mục"));
            form_csrf(c);
            const char *pk = "/dossiers";
            const char *hv = form_val(c, pk, "heading_id", NULL);
            html_printf(B(c),
                        "<div class=\"field%s\"><label for=\"d-heading\">%s</label><select "
                        "id=\"d-heading\" name=\"heading_id\"",
                        form_err(c, pk, "heading_id") ? " has-error" : "", _("Đề mục"));
            form_aria_html(c, pk, "heading_id", "d-heading");
            html_raw(B(c), ">");
            for (int h = 0; h < nh; h++)
                html_printf(B(c), "<option value=\"%lld\"%s>%s. %s</option>", (long long)hs[h].id,
                            hv && strtoll(hv, NULL, 10) == hs[h].id ? " selected" : "",
                            hs[h].numeral, hs[h].title);
            html_raw(B(c), "</select>");
            form_err_html(c, pk, "heading_id", "d-heading");
            html_raw(B(c), "</div>");
            form_field_html(c, pk,
                            &(form_field){.name = "title",
                                          .label = _("Tiêu đề hồ sơ"),
                                          .id = "d-title",
                                          .required = true});
            form_field_html(c, pk,
                            &(form_field){.name = "retention_years",
                                          .label = _("Thời hạn bảo quản (năm)"),
                                          .type = "number",
                                          .value = "10",
                                          .id = "d-ret",
                                          .hint = _("0 = Vĩnh viễn")});
            const char *rv = form_val(c, pk, "responsible_id", NULL);
            int64_t resp = rv ? strtoll(rv, NULL, 10) : c->user->id;
            html_printf(B(c),
                        "<div class=\"field%s\"><label for=\"d-resp\">%s</label><select "
                        "id=\"d-resp\" name=\"responsible_id\"",
                        form_err(c, pk, "responsible_id") ? " has-error" : "",
                        _("Người lập hồ sơ"));
            form_aria_html(c, pk, "responsible_id", "d-resp");
            html_raw(B(c), ">");
            /* People by name (the unit's own first), never by an id no screen shows. */
            org_choice *people;
            int np = org_choice_people(c, unit_id, &people);
            bool self_listed = false;
            for (int i = 0; i < np; i++)
                self_listed = self_listed || people[i].id == c->user->id;
            if (!self_listed)
                html_printf(B(c), "<option value=\"%lld\"%s>%s</option>", (long long)c->user->id,
                            resp == c->user->id ? " selected" : "", c->user->name);
            for (int i = 0; i < np; i++) {
                html_printf(B(c), "<option value=\"%lld\"", (long long)people[i].id);
                if (people[i].id == resp)
                    html_raw(B(c), " selected");
                html_printf(B(c), ">%s</option>", people[i].name);
            }
            html_raw(B(c), "</select>");
            form_err_html(c, pk, "responsible_id", "d-resp");
            html_printf(B(c),
                        "</div><div class=\"actions\"><button>%s</button></div></form>"
                        "</section>",
                        _("Thêm hồ sơ"));
        }
    }
    page_end(c);
}

static void doc_row(ctx *c, const char *kind, int64_t doc_id, int ordinal, void *arg)
{
    if (strcmp(kind, "out") == 0) {
        const outgoing *o = outgoing_get(c, doc_id);
        html_printf(B(c),
                    "<tr><td class=\"num\">%d</td><td>%s</td><td><a href=\"/outgoing/%lld"
                    "\">%s</a></td><td>%s</td></tr>",
                    ordinal, _("Văn bản đi"), (long long)doc_id,
                    o && o->notation ? o->notation : _("(chưa cấp số)"), o ? o->subject : "");
    } else {
        const incoming *r = incoming_get(c, doc_id, false);
        html_printf(B(c),
                    "<tr><td class=\"num\">%d</td><td>%s</td><td><a class=\"docno\" "
                    "href=\"/incoming/%lld\">%s</a></td><td>%s</td></tr>",
                    ordinal, _("Văn bản đến"), (long long)doc_id,
                    r && r->code && *r->code ? r->code : _("(không số)"), r ? r->subject : "");
    }
}

/* The document picker of an open dossier: a search by số/ký hiệu or trích yếu (?find=),
 * each hit with its own "Đưa vào hồ sơ" button, so no one needs a document's internal id. */
static void doc_picker(ctx *c, int64_t id)
{
    const char *find = req_query(c->rq, "find");
    html_printf(B(c),
                "<form class=\"filters no-print\" id=\"pick\" method=\"get\" "
                "action=\"/dossiers/%lld#pick\"><label>%s <input type=\"search\" name=\"find\" "
                "maxlength=\"500\" value=\"%s\"></label> <button type=\"submit\">%s</button>"
                "</form>",
                (long long)id, _("Tìm văn bản để đưa vào hồ sơ (số, ký hiệu hoặc trích yếu)"),
                find ? find : "", _("Tìm"));
    if (!find || !*find)
        return;
    search_filter f = {0};
    f.q = find;
    f.secrecy = -1;
    f.limit = 20;
    search_result r;
    int status = 0;
    const char *code = NULL, *err = NULL;
    if (search_run(c, &f, &r, &status, &code, &err) != 0) {
        html_printf(B(c), "<p class=\"alert alert-error\">%s</p>",
                    err ? err : _("Không tìm được. Hãy thử lại."));
        return;
    }
    if (r.n_hits == 0) {
        html_printf(B(c), "<p class=\"empty\">%s</p>",
                    _("Không tìm thấy văn bản nào; hãy thử số ký hiệu hoặc vài từ của trích yếu."));
        return;
    }
    html_printf(B(c),
                "<div class=\"table-wrap\"><table id=\"dossier-pick\"><thead><tr><th>%s</th>"
                "<th>%s</th><th>%s</th><th></th></tr></thead><tbody>",
                _("Loại"), _("Số, ký hiệu"), _("Trích yếu"));
    for (int i = 0; i < r.n_hits; i++) {
        const search_hit *h = &r.hits[i];
        bool out = strcmp(h->kind, "out") == 0;
        html_printf(B(c),
                    "<tr><td>%s</td><td class=\"docno\">%s</td><td>%s</td><td><form "
                    "method=\"post\" action=\"/dossiers/%lld/documents\" class=\"inline\">"
                    "<input type=\"hidden\" name=\"doc_kind\" value=\"%s\"><input "
                    "type=\"hidden\" name=\"doc_id\" value=\"%lld\">",
                    out ? _("Văn bản đi") : _("Văn bản đến"), h->code, h->subject, (long long)id,
                    out ? "out" : "in", (long long)h->id);
        form_csrf(c);
        html_printf(B(c),
                    "<button type=\"submit\" class=\"secondary\">%s</button></form></td></tr>",
                    _("Đưa vào hồ sơ"));
    }
    html_raw(B(c), "</tbody></table></div>");
}

static void h_show(ctx *c)
{
    int64_t id = req_param_id(c->rq, "id");
    const dossier *d = dossier_get(c, id);
    if (!d) {
        respond_not_found(c);
        return;
    }
    page_begin(c, arena_printf(c->a, "%s %s", _("Hồ sơ"), d->code), "dossiers");
    if (due_soon(d))
        page_alert(c, "warn",
                   arena_printf(c->a, _("Hồ sơ đến hạn nộp lưu ngày %s."), vn(c, d->handover_due)));
    html_printf(B(c),
                "<dl class=\"props\"><dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>%s</dd><dt>%s</dt>"
                "<dd>%s</dd><dt>%s</dt><dd>%s</dd><dt>%s</dt><dd id=\"dossier-status\">%s</dd>"
                "<dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>%s</dd></dl>",
                _("Số, ký hiệu"), d->code, _("Tiêu đề"), d->title, _("Đề mục"), d->heading_title,
                _("Thời hạn bảo quản"), dossier_retention_label(c, d->retention_years),
                _("Trạng thái"), status_label(d->status), _("Ngày mở"), vn(c, d->opened_on),
                _("Ngày đóng"), vn(c, d->closed_on), _("Hạn nộp lưu"), vn(c, d->handover_due));
    html_raw(B(c), "<div class=\"actions no-print\">");
    const char *act = strcmp(d->status, "planned") == 0 ? "open"
                      : strcmp(d->status, "open") == 0  ? "close"
                                                        : NULL;
    if (act) {
        html_printf(B(c), "<form method=\"post\" action=\"/dossiers/%lld/%s\" class=\"inline\">",
                    (long long)id, act);
        form_csrf(c);
        html_printf(B(c), "<button>%s</button></form>",
                    strcmp(act, "open") == 0 ? _("Mở hồ sơ") : _("Đóng hồ sơ"));
    }
    html_raw(B(c), "</div>");
    html_printf(B(c),
                "<section class=\"panel\"><h2>%s</h2><div class=\"table-wrap\"><table "
                "id=\"dossier-docs\"><thead><tr><th>%s</th><th>%s</th><th>%s</th><th>%s</th>"
                "</tr></thead><tbody>",
                _("Văn bản trong hồ sơ"), _("STT"), _("Loại"), _("Số, ký hiệu"), _("Trích yếu"));
    dossier_docs_each(c, id, doc_row, NULL);
    html_raw(B(c), "</tbody></table></div>");
    if (strcmp(d->status, "open") == 0)
        doc_picker(c, id);
    html_raw(B(c), "</section>");
    page_end(c);
}

/* The field of the heading and plan forms a dossier service's message is about, or NULL. */
static const char *field_of(const char *err)
{
    static const struct {
        const char *msg, *field;
    } map[] = {
        {"Tên đề mục là bắt buộc (tối đa 500 ký tự).", "title"},
        {"Ký hiệu đề mục là bắt buộc, không có khoảng trắng, dấu chấm hay dấu /.", "abbr"},
        {"Đề mục lớn không hợp lệ (chỉ có hai cấp: đề mục lớn và đề mục nhỏ).", "parent_id"},
        {"Tiêu đề hồ sơ là bắt buộc (tối đa 500 ký tự).", "title"},
        {"Thời hạn bảo quản không hợp lệ.", "retention_years"},
        {"Người lập hồ sơ không hợp lệ.", "responsible_id"},
    };
    for (size_t i = 0; err && i < sizeof map / sizeof map[0]; i++)
        if (strcmp(err, _(map[i].msg)) == 0)
            return map[i].field;
    return NULL;
}

static void back(ctx *c, const char *to, int rc, const char *ok, const char *err, int status)
{
    /* A heading the caller may not see stays a 404 (the authorization matrix). */
    web_after_post_field(c, to, rc, status, err, rc < 0 ? field_of(err) : NULL, ok);
}

static void h_heading_post(ctx *c)
{
    const char *y = req_form(c->rq, "year"), *err = NULL;
    int status = 0;
    int64_t year = 0;
    /* A malformed number reaches the service as 0, which it refuses by name. */
    form_int(c, "year", 1930, 2099, &year);
    int64_t rc =
        dossier_heading_add(c, c->user->unit_id, (int)year, form_id(c, "parent_id"),
                            req_form(c->rq, "title"), req_form(c->rq, "abbr"), &err, &status);
    /* A refusal comes back to the page the form is kept for (no query: the year travels with
     * the typed values). */
    back(c, rc < 0 ? "/dossiers" : arena_printf(c->a, "/dossiers?year=%s", y ? y : ""),
         rc < 0 ? -1 : 0, _("Đã thêm đề mục."), err, status);
}

static void h_plan_post(ctx *c)
{
    const char *err = NULL;
    int status = 0;
    int64_t retention = 0;
    web_err e = {0};
    if (form_range(c, "retention_years", 0, 100, &retention, &e) == PARAM_BAD) {
        web_after_post(c, "/dossiers", -1, &e, NULL);
        return;
    }
    int64_t rc = dossier_plan_add(c, form_id(c, "heading_id"), req_form(c->rq, "title"),
                                  (int)retention, form_id(c, "responsible_id"), &err, &status);
    back(c, "/dossiers", rc < 0 ? -1 : 0, _("Đã thêm hồ sơ vào danh mục."), err, status);
}

static void h_open_post(ctx *c)
{
    int64_t id = req_param_id(c->rq, "id");
    const char *err = NULL;
    int status = 0;
    int rc = dossier_open(c, id, &err, &status);
    back(c, arena_printf(c->a, "/dossiers/%lld", (long long)id), rc, _("Đã mở hồ sơ."), err,
         status);
}

static void h_close_post(ctx *c)
{
    int64_t id = req_param_id(c->rq, "id");
    const char *err = NULL;
    int status = 0;
    int rc = dossier_close(c, id, &err, &status);
    back(c, arena_printf(c->a, "/dossiers/%lld", (long long)id), rc, _("Đã đóng hồ sơ."), err,
         status);
}

static void h_file_post(ctx *c)
{
    int64_t id = req_param_id(c->rq, "id");
    const char *err = NULL;
    int status = 0;
    int rc = dossier_file(c, id, req_form(c->rq, "doc_kind"), form_id(c, "doc_id"), &err, &status);
    if (rc < 0 && status == 404 && dossier_get(c, id))
        status = 400; /* the document was not found; the dossier page itself exists */
    const char *kind = req_form(c->rq, "doc_kind"), *from = req_form(c->rq, "back");
    const char *to = arena_printf(c->a, "/dossiers/%lld", (long long)id);
    if (from && strcmp(from, "doc") == 0 && kind && (!strcmp(kind, "in") || !strcmp(kind, "out")))
        to = arena_printf(c->a, "/%s/%lld", strcmp(kind, "in") == 0 ? "incoming" : "outgoing",
                          (long long)form_id(c, "doc_id"));
    back(c, to, rc, _("Đã đưa văn bản vào hồ sơ."), err, status);
}

/* ---- "Đưa vào hồ sơ" on a document's page (places "in.dossier", "out.dossier") ---- */

/* The open dossiers of the caller's unit this year that the caller may fill, each a button
 * that files the document and comes back to it. Nothing when there is none. */
static void dossier_section(ctx *c, const char *place, int64_t doc_id)
{
    if (!c->user)
        return;
    const char *kind = strncmp(place, "out", 3) == 0 ? "out" : "in";
    dossier *ds;
    int n = dossier_list(c, c->user->unit_id, this_year(), &ds);
    bool manages = dossier_may_manage(c, c->user->unit_id), any = false;
    for (int i = 0; i < n; i++) {
        if (strcmp(ds[i].status, "open") != 0 || (!manages && ds[i].responsible_id != c->user->id))
            continue;
        if (!any)
            html_printf(B(c),
                        "<details class=\"panel no-print\" id=\"to-dossier\"><summary>%s</summary>"
                        "<ul class=\"links\">",
                        _("Đưa vào hồ sơ"));
        any = true;
        html_printf(B(c),
                    "<li><form method=\"post\" action=\"/dossiers/%lld/documents\" "
                    "class=\"inline\"><input type=\"hidden\" name=\"doc_kind\" value=\"%s\">"
                    "<input type=\"hidden\" name=\"doc_id\" value=\"%lld\"><input "
                    "type=\"hidden\" name=\"back\" value=\"doc\">",
                    (long long)ds[i].id, kind, (long long)doc_id);
        form_csrf(c);
        html_printf(B(c),
                    "<button type=\"submit\" class=\"secondary\">%s %s</button> %s</form></li>",
                    _("Đưa vào hồ sơ"), ds[i].code, ds[i].title);
    }
    if (any)
        html_raw(B(c), "</ul></details>");
}

void dossier_init(void)
{
    record_section_register("in.dossier", dossier_section);
    record_section_register("out.dossier", dossier_section);
}

/* ---- home section: dossiers due for hand-over ---- */

static void home_due(ctx *c)
{
    if (!c->user)
        return;
    dossier *due;
    int n = dossier_due_soon(c, &due);
    if (n == 0)
        return;
    /* Closed dossiers of past years can be long overdue: "sắp đến hạn" over a date of 2022
     * would tell the clerk the opposite of the truth, so overdue ones say so, in red. */
    char iso[32], today[16];
    clock_iso(clock_now() + VN_UTC_OFFSET, iso, sizeof iso);
    snprintf(today, sizeof today, "%.10s", iso);
    int late = 0;
    for (int i = 0; i < n; i++)
        late += strcmp(due[i].handover_due, today) < 0;
    html_printf(B(c), "<section class=\"panel\" id=\"home-dossiers\"><h2>%s (%d)</h2><ul>",
                late ? _("Hồ sơ quá hạn, sắp đến hạn nộp lưu") : _("Hồ sơ sắp đến hạn nộp lưu"), n);
    for (int i = 0; i < n && i < 10; i++) {
        bool over = strcmp(due[i].handover_due, today) < 0;
        html_printf(
            B(c),
            "<li><a href=\"/dossiers/%lld\">%s — %s</a> <span class=\"%s\">(%s %s)</span></li>",
            (long long)due[i].id, due[i].code, due[i].title, over ? "overdue-text" : "due",
            over ? _("quá hạn từ") : _("hạn"), vn(c, due[i].handover_due));
    }
    if (n > 10)
        html_printf(
            B(c), "<li>%s</li>",
            arena_printf(c->a, _("… và %d hồ sơ khác (xem danh mục hồ sơ từng năm)"), n - 10));
    html_raw(B(c), "</ul></section>");
}

/* ---- API ---- */

static json_t *dossier_json(ctx *c, const dossier *d)
{
    json_t *j = json_pack("{s:I, s:I, s:i, s:s, s:s, s:s, s:I, s:i}", "id", (json_int_t)d->id,
                          "unit_id", (json_int_t)d->unit_id, "year", d->year, "code", d->code,
                          "title", d->title, "status", d->status, "heading_id",
                          (json_int_t)d->heading_id, "documents", d->doc_count);
    json_object_set_new(j, "retention_years",
                        d->retention_years ? json_integer(d->retention_years) : json_null());
    json_object_set_new(j, "retention",
                        json_string(dossier_retention_label(c, d->retention_years)));
    if (d->responsible_id)
        json_object_set_new(j, "responsible_id", json_integer(d->responsible_id));
    if (d->handover_due)
        json_object_set_new(j, "handover_due", json_string(d->handover_due));
    json_object_set_new(j, "handover_warning", json_boolean(due_soon(d)));
    return j;
}

/* Answers e when it holds an error; true then. */
static bool refused(ctx *c, const web_err *e)
{
    if (!e->n)
        return false;
    web_err_respond(c, e);
    return true;
}

static void api_list(ctx *c)
{
    static const char *const params[] = {"year", "unit_id", NULL};
    if (!params_check(c, params))
        return;
    web_err e = {0};
    int64_t year = this_year(), unit_r = c->user->unit_id;
    query_range(c, "year", 1930, 2099, &year, &e);
    query_id(c, "unit_id", &unit_r, &e);
    if (refused(c, &e))
        return;
    dossier_heading *hs;
    int nh = dossier_headings(c, unit_r, (int)year, &hs);
    dossier *ds;
    int nd = dossier_list(c, unit_r, (int)year, &ds);
    json_t *jh = json_array(), *jd = json_array();
    for (int i = 0; i < nh; i++)
        json_array_append_new(jh,
                              json_pack("{s:I, s:I, s:s, s:s, s:s}", "id", (json_int_t)hs[i].id,
                                        "parent_id", (json_int_t)hs[i].parent_id, "numeral",
                                        hs[i].numeral, "title", hs[i].title, "abbr", hs[i].abbr));
    for (int i = 0; i < nd; i++)
        json_array_append_new(jd, dossier_json(c, &ds[i]));
    respond_json(c, 200,
                 json_pack("{s:I, s:i, s:o, s:o}", "year", (json_int_t)year, "total",
                           nd < 0 ? 0 : nd, "headings", jh, "dossiers", jd));
}

static void api_heading(ctx *c)
{
    static const char *const members[] = {"year", "title", "abbr", "parent_id", "unit_id", NULL};
    json_t *j = params_json(c, members);
    if (!j)
        return;
    web_err e = {0};
    int64_t unit_r = c->user->unit_id, year = 0, parent = 0;
    const char *title = NULL, *abbr = NULL;
    json_member_id(c, j, "unit_id", &unit_r, &e);
    json_member_range(c, j, "year", 1930, 2099, &year, &e);
    json_member_id(c, j, "parent_id", &parent, &e);
    json_member_text(c, j, "title", &title, &e);
    json_member_text(c, j, "abbr", &abbr, &e);
    if (refused(c, &e))
        return;
    const char *err;
    int status;
    int64_t id = dossier_heading_add(c, unit_r, (int)year, parent, title, abbr, &err, &status);
    if (id < 0)
        respond_api_fail(c, status, err);
    else
        respond_json(c, 201, json_pack("{s:I}", "id", (json_int_t)id));
}

static void api_plan(ctx *c)
{
    static const char *const members[] = {"heading_id", "title", "retention_years",
                                          "responsible_id", NULL};
    json_t *j = params_json(c, members);
    if (!j)
        return;
    web_err e = {0};
    int64_t heading = 0, retention = 0, responsible = 0;
    const char *title = NULL;
    json_member_id(c, j, "heading_id", &heading, &e);
    json_member_text(c, j, "title", &title, &e);
    json_member_range(c, j, "retention_years", 0, 100, &retention, &e);
    json_member_id(c, j, "responsible_id", &responsible, &e);
    if (refused(c, &e))
        return;
    const char *err;
    int status;
    int64_t id = dossier_plan_add(c, heading, title, (int)retention, responsible, &err, &status);
    if (id < 0) {
        respond_api_fail(c, status, err);
        return;
    }
    respond_json(c, 201, dossier_json(c, dossier_get(c, id)));
}

static void api_get(ctx *c)
{
    if (!params_check(c, NULL))
        return;
    const dossier *d = dossier_get(c, req_param_id(c->rq, "id"));
    if (!d) {
        respond_api_fail(c, 404, _("Không tìm thấy hồ sơ."));
        return;
    }
    respond_json(c, 200, dossier_json(c, d));
}

static void api_state(ctx *c, bool open)
{
    if (!params_json_optional(c, NULL))
        return;
    int64_t id = req_param_id(c->rq, "id");
    const char *err;
    int status;
    int rc = open ? dossier_open(c, id, &err, &status) : dossier_close(c, id, &err, &status);
    if (rc != 0)
        respond_api_fail(c, status, err);
    else
        respond_json(c, 200, dossier_json(c, dossier_get(c, id)));
}

static void api_open(ctx *c)
{
    api_state(c, true);
}

static void api_close(ctx *c)
{
    api_state(c, false);
}

static const char *const doc_kinds[] = {"in", "out", NULL};

static void api_file(ctx *c)
{
    static const char *const members[] = {"doc_kind", "doc_id", NULL};
    json_t *j = params_json(c, members);
    if (!j)
        return;
    web_err e = {0};
    int kind = -1;
    int64_t doc_id = 0;
    json_member_enum(c, j, "doc_kind", doc_kinds, &kind, &e);
    json_member_id(c, j, "doc_id", &doc_id, &e);
    if (refused(c, &e))
        return;
    int64_t id = req_param_id(c->rq, "id");
    const char *err;
    int status;
    if (dossier_file(c, id, kind < 0 ? NULL : doc_kinds[kind], doc_id, &err, &status) != 0)
        respond_api_fail(c, status, err);
    else
        respond_json(c, 200, dossier_json(c, dossier_get(c, id)));
}

void dossier_routes(void)
{
    audit_register_entity("dossier", dossier_audit_may_see);
    route_add("GET", "/dossiers", h_plan, 0);
    route_add("POST", "/dossiers", h_plan_post, 0);
    route_add("POST", "/dossiers/headings", h_heading_post, 0);
    route_add("GET", "/dossiers/{id}", h_show, 0);
    route_add("POST", "/dossiers/{id}/open", h_open_post, 0);
    route_add("POST", "/dossiers/{id}/close", h_close_post, 0);
    route_add("POST", "/dossiers/{id}/documents", h_file_post, 0);
    route_add("GET", "/api/v1/dossiers", api_list, ROUTE_API);
    route_add("POST", "/api/v1/dossiers", api_plan, ROUTE_API);
    route_add("POST", "/api/v1/dossiers/headings", api_heading, ROUTE_API);
    route_add("GET", "/api/v1/dossiers/{id}", api_get, ROUTE_API);
    route_add("POST", "/api/v1/dossiers/{id}/open", api_open, ROUTE_API);
    route_add("POST", "/api/v1/dossiers/{id}/close", api_close, ROUTE_API);
    route_add("POST", "/api/v1/dossiers/{id}/documents", api_file, ROUTE_API);
    home_section_add(home_due);
}
