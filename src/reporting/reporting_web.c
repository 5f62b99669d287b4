/* The pages of the reporting regime (reporting.h): the list of one's reports, a report's page
 * with its form, review and history, and the POSTs behind them. The completeness matrix and
 * the aggregate are in reporting_matrix_web.c. */
#include <fcntl.h>
#include <math.h>
#include <sys/stat.h>
#include <unistd.h>
#include <stdlib.h>
#include <ctype.h>
#include <string.h>

#include "base/clock.h"
#include "base/config.h"
#include "base/i18n.h"
#include "catalog/vocab.h"
#include "http/router.h"
#include "org/org.h"
#include "reporting/reporting_impl.h"
#include "web/dates.h"
#include "web/errors.h"
#include "web/forms.h"
#include "web/layout.h"
#include "web/params.h"
#include "web/respond.h"

static strbuf *B(ctx *c)
{
    return &c->rs->body;
}

void rep_status_html(ctx *c, const char *status, const char *timely)
{
    html_printf(B(c), "<span class=\"rep-status rep-s-%s\">%s</span>", status,
                rep_status_label(status));
    if (timely && strcmp(timely, "late") == 0)
        html_printf(B(c), " <span class=\"mark mark-due\">%s</span>", _("Nộp muộn"));
}

static void list_table(ctx *c, const rep_instance *rows, int n, const char *id)
{
    html_printf(B(c),
                "<div class=\"table-wrap\"><table id=\"%s\"><thead><tr><th>%s</th><th>%s</th>"
                "<th>%s</th><th>%s</th><th>%s</th></tr></thead><tbody>",
                id, _("Loại báo cáo"), _("Kỳ"), _("Đơn vị"), _("Hạn nộp"), _("Trạng thái"));
    for (int i = 0; i < n; i++) {
        html_printf(B(c), "<tr><td><a href=\"/reports/%lld\">%s</a>", (long long)rows[i].id,
                    rows[i].type_name);
        docs_marks_html(B(c), rows[i].secrecy, 0, false); /* "Mật", as on a document */
        html_printf(B(c), "</td><td>%s</td><td>%s</td><td class=\"date\">%s</td><td>",
                    rep_period_label(c->a, rows[i].period), rows[i].unit_name,
                    web_date_vn(c, rows[i].due_date));
        rep_status_html(c, rep_status(c, &rows[i]), rep_timeliness(&rows[i]));
        html_raw(B(c), "</td></tr>");
    }
    if (n == 0)
        html_printf(B(c), "<tr><td colspan=\"5\" class=\"empty\">%s</td></tr>",
                    _("Không có báo cáo nào."));
    html_raw(B(c), "</tbody></table></div>");
}

static void h_home(ctx *c)
{
    page_begin(c, _("Báo cáo định kỳ"), "periodic");
    /* The reports the caller's own unit owes, then (for the office) those waiting for review. */
    int64_t own = org_scope_anchor(c->db, c->user->unit_id);
    rep_filter f = {.unit_id = own, .limit = 24};
    rep_instance *rows;
    int n = rep_list(c, &f, &rows);
    if (n > 0) {
        html_printf(B(c), "<section class=\"panel\"><h2>%s</h2>", _("Báo cáo đơn vị phải nộp"));
        list_table(c, rows, n, "rep-own");
        html_raw(B(c), "</section>");
    }
    rep_filter w = {.status = "submitted", .limit = 100};
    n = rep_list(c, &w, &rows);
    int k = 0;
    for (int i = 0; i < n; i++)
        if (rep_may_review(c, &rows[i]))
            rows[k++] = rows[i];
    if (k > 0) {
        html_printf(B(c), "<section class=\"panel\"><h2>%s</h2>", _("Báo cáo chờ kiểm tra"));
        list_table(c, rows, k, "rep-review");
        html_raw(B(c), "</section>");
    }
    rep_type *t;
    int nt = rep_types(c, &t);
    html_printf(B(c),
                "<section class=\"panel\"><h2>%s</h2><div class=\"table-wrap\"><table "
                "id=\"rep-types\"><thead><tr><th>%s</th><th>%s</th><th>%s</th></tr></thead><tbody>",
                _("Loại báo cáo"), _("Tên"), _("Nơi nhận"), _("Xem"));
    for (int i = 0; i < nt; i++) {
        bool monthly = false;
        for (int j = 0; j < t[i].n_cycles; j++)
            monthly = monthly || strcmp(t[i].cycles[j], "month") == 0;
        html_printf(B(c),
                    "<tr><td>%s</td><td>%s</td><td><a href=\"/reports/types/%lld\">%s</a> · "
                    "<a href=\"/reports/types/%lld/aggregate\">%s</a></td></tr>",
                    t[i].name, t[i].recipient_name, (long long)t[i].id, _("Tình hình nộp"),
                    (long long)t[i].id, _("Số liệu tổng hợp"));
        (void)monthly;
    }
    html_raw(B(c), "</tbody></table></div>");
    if (rep_may_admin(c))
        html_printf(B(c), "<p><a href=\"/admin/report-types\">%s</a></p>",
                    _("Quản lý loại báo cáo"));
    html_raw(B(c), "</section>");
    page_end(c);
}

static const char *value_text(ctx *c, const rep_indicator *d, json_t *x)
{
    if (!x)
        return "";
    if (json_is_boolean(x))
        return json_is_true(x) ? "co" : "khong";
    if (json_is_integer(x))
        return arena_printf(c->a, "%lld", (long long)json_integer_value(x));
    if (json_is_real(x)) {
        double v = json_real_value(x);
        return v == floor(v) ? arena_printf(c->a, "%.0f", v) : arena_printf(c->a, "%g", v);
    }
    (void)d;
    return json_string_value(x) ? json_string_value(x) : "";
}

/* A formula as the unit reads it: each indicator's code replaced by its name in «», the
 * operators kept ("«Nam» + «Nữ»"); codes are the administrator's, not the unit's words. */
static const char *formula_words(ctx *c, const rep_form *f, const char *s)
{
    const char *out = "";
    while (*s) {
        if (isalpha((unsigned char)*s) || *s == '_') {
            const char *b = s;
            while (isalnum((unsigned char)*s) || *s == '_')
                s++;
            const char *code = arena_strndup(c->a, b, (size_t)(s - b));
            const rep_indicator *o = rep_form_find(f, code);
            out =
                arena_printf(c->a, "%s%s%s%s", out, o ? "«" : "", o ? o->name : code, o ? "»" : "");
        } else
            out = arena_printf(c->a, "%s%c", out, *s++);
    }
    return out;
}

static void field_html(ctx *c, const char *key, const rep_form *form, const rep_indicator *d,
                       const char *value)
{
    const char *id = arena_printf(c->a, "f-%s", d->code);
    const char *label =
        d->unit && *d->unit ? arena_printf(c->a, "%s (%s)", d->name, d->unit) : d->name;
    if (d->formula) {
        /* worked out by the server on save: shown, never typed */
        html_printf(B(c),
                    "<div class=\"field\"><span class=\"label\">%s</span><output id=\"%s\">%s"
                    "</output><span class=\"hint\">%s %s</span></div>",
                    label, id, *value ? value : "—", _("Tự tính:"),
                    formula_words(c, form, d->formula));
        return;
    }
    if (d->type == IND_BOOL || d->type == IND_CHOICE) {
        const char *v = form_val(c, key, d->code, value);
        html_printf(B(c),
                    "<div class=\"field%s\"><label for=\"%s\">%s%s</label><select id=\"%s\""
                    " name=\"%s\"",
                    form_err(c, key, d->code) ? " has-error" : "", id, label,
                    d->required ? " *" : "", id, d->code);
        form_aria_html(c, key, d->code, id);
        html_printf(B(c), "><option value=\"\">%s</option>", _("— chọn —"));
        if (d->type == IND_BOOL)
            html_printf(B(c),
                        "<option value=\"co\"%s>%s</option><option value=\"khong\"%s>%s"
                        "</option>",
                        strcmp(v, "co") == 0 ? " selected" : "", _("Có"),
                        strcmp(v, "khong") == 0 ? " selected" : "", _("Không"));
        for (int i = 0; d->type == IND_CHOICE && i < d->n_choices; i++)
            html_printf(B(c), "<option%s>%s</option>",
                        strcmp(v, d->choices[i]) == 0 ? " selected" : "", d->choices[i]);
        html_raw(B(c), "</select>");
        form_err_html(c, key, d->code, id);
        html_raw(B(c), "</div>");
        return;
    }
    form_field f = {.name = d->code,
                    .label = d->required ? arena_printf(c->a, "%s *", label) : label,
                    .type = d->type == IND_TEXT ? "textarea" : "text",
                    .value = value,
                    .id = id,
                    .rows = d->section ? 5 : 2};
    form_field_html(c, key, &f);
}

static void values_view(ctx *c, const rep_form *f, json_t *vals)
{
    html_raw(B(c), "<dl class=\"props rep-values\">");
    for (int i = 0; i < f->n_ind; i++) {
        json_t *x = json_object_get(vals, f->ind[i].code);
        const char *v = value_text(c, &f->ind[i], x);
        if (f->ind[i].type == IND_BOOL && *v)
            v = strcmp(v, "co") == 0 ? _("Có") : _("Không");
        html_printf(B(c), "<dt>%s</dt><dd id=\"v-%s\">%s%s%s</dd>", f->ind[i].name, f->ind[i].code,
                    *v ? v : "—", *v && f->ind[i].unit ? " " : "",
                    *v && f->ind[i].unit ? f->ind[i].unit : "");
    }
    html_raw(B(c), "</dl>");
}

/* The buttons that take figures from another module (report_sources.c) and, when the page was
 * asked (?prefill=source&ref=id, a GET: nothing is written), the values they give in place of
 * the saved ones: the user reviews them and saves or submits as usual. Returns the values to
 * show (vals, or the prefilled ones, vals released). */
static json_t *sources_panel(ctx *c, const rep_instance *r, const rep_form *f, json_t *vals)
{
    const rep_source **src;
    int n = rep_form_sources(c, f, &src);
    if (n == 0)
        return vals;
    const char *want = req_query(c->rq, "prefill");
    if (want && *want) {
        const char *rs = req_query(c->rq, "ref");
        int64_t ref = rs ? strtoll(rs, NULL, 10) : 0;
        json_t *pv, *filled;
        web_err e;
        if (rep_prefill(c, r, want, ref > 0 ? ref : 0, &pv, &filled, &e) == 0) {
            html_printf(B(c),
                        "<p class=\"alert alert-warn rep-prefilled\" id=\"rep-prefilled\" "
                        "role=\"status\">%s</p>",
                        arena_printf(c->a,
                                     _("Đã điền %d chỉ tiêu từ nguồn số liệu. Số liệu chưa được "
                                       "lưu: kiểm tra lại, sửa nếu cần, rồi bấm «Lưu nháp» hoặc "
                                       "«Kiểm tra và nộp»."),
                                     (int)json_array_size(filled)));
            json_decref(filled);
            json_decref(vals);
            vals = pv;
        } else {
            html_printf(
                B(c),
                "<p class=\"alert alert-error\" id=\"rep-prefill-error\" role=\"alert\">%s</p>",
                web_err_message(&e));
        }
    }
    html_raw(B(c), "<div class=\"rep-sources no-print\">");
    for (int i = 0; i < n; i++) {
        rep_source_ref *refs = NULL;
        int nr = src[i]->refs ? src[i]->refs(c, r->unit_id, r->data_from, r->cutoff, &refs) : -1;
        if (nr == 0) {
            html_printf(B(c), "<p class=\"muted\">%s</p>",
                        _("Chưa có hội nghị nào có báo cáo học tập của đơn vị để lấy số liệu."));
            continue;
        }
        html_printf(B(c),
                    "<form method=\"get\" action=\"/reports/%lld\" class=\"inline rep-source\">"
                    "<input type=\"hidden\" name=\"prefill\" value=\"%s\">",
                    (long long)r->id, src[i]->name);
        if (nr > 0) {
            html_printf(B(c),
                        "<label for=\"rep-ref-%s\">%s</label> <select id=\"rep-ref-%s\" "
                        "name=\"ref\">",
                        src[i]->name, _("Hội nghị"), src[i]->name);
            for (int k = 0; k < nr; k++)
                html_printf(B(c), "<option value=\"%lld\"%s>%s</option>", (long long)refs[k].id,
                            refs[k].in_period ? " selected" : "", refs[k].label);
            html_raw(B(c), "</select> ");
        }
        html_printf(B(c),
                    "<button type=\"submit\" class=\"secondary\" id=\"rep-prefill-%s\">%s"
                    "</button></form>",
                    src[i]->name, _(src[i]->button));
    }
    html_raw(B(c), "</div>");
    return vals;
}

static void h_show(ctx *c)
{
    const rep_instance *r = rep_get(c, req_param_id(c->rq, "id"));
    if (!r) {
        respond_not_found(c);
        return;
    }
    const rep_form *f = rep_form_for(c, r->type_id, NULL, r->form_id);
    if (!f) {
        respond_error(c, 500, "internal", _(WEB_MSG_DB));
        return;
    }
    const char *status = rep_status(c, r);
    page_begin(c, arena_printf(c->a, "%s — %s", r->type_name, rep_period_label(c->a, r->period)),
               "reports");
    html_printf(B(c),
                "<dl class=\"props\"><dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>%s → %s</dd>"
                "<dt>%s</dt><dd class=\"date\">%s</dd><dt>%s</dt><dd id=\"rep-status\">",
                _("Đơn vị báo cáo"), r->unit_name, _("Số liệu từ ngày"),
                web_date_vn(c, r->data_from), web_date_vn(c, r->cutoff), _("Hạn nộp"),
                web_date_vn(c, r->due_date), _("Trạng thái"));
    rep_status_html(c, status, rep_timeliness(r));
    html_raw(B(c), "</dd>");
    if (r->secrecy > 0) {
        html_printf(B(c), "<dt>%s</dt><dd>", _("Độ mật"));
        docs_marks_html(B(c), r->secrecy, 0, false);
        html_raw(B(c), "</dd>");
    }
    if (r->doc_code)
        html_printf(B(c), "<dt>%s</dt><dd>%s, %s</dd>", _("Văn bản báo cáo"), r->doc_code,
                    web_date_vn(c, r->doc_date));
    if (r->file_name)
        html_printf(B(c), "<dt>%s</dt><dd>%s</dd>", _("Tệp có chữ ký"), r->file_name);
    if (r->incoming_id)
        html_printf(B(c), "<dt>%s</dt><dd><a href=\"/incoming/%lld\">%s</a></dd>",
                    _("Vào sổ văn bản đến"), (long long)r->incoming_id, _("Xem văn bản đến"));
    if (r->review_comment && strcmp(r->status, "returned") == 0)
        html_printf(B(c), "<dt>%s</dt><dd class=\"rep-comment\">%s</dd>", _("Yêu cầu sửa"),
                    r->review_comment);
    html_raw(B(c), "</dl>");
    json_t *vals = rep_values_json(c, r, f);
    bool editable = rep_may_submit(c, r) &&
                    (strcmp(r->status, "open") == 0 || strcmp(r->status, "returned") == 0);
    if (editable) {
        const char *key = arena_printf(c->a, "/reports/%lld", (long long)r->id);
        html_printf(B(c), "<section class=\"panel\"><h2>%s</h2>", _("Nhập số liệu báo cáo"));
        vals = sources_panel(c, r, f, vals);
        html_printf(B(c),
                    "<form class=\"form rep-form\" method=\"post\" action=\"%s\" "
                    "enctype=\"multipart/form-data\">",
                    key);
        form_csrf(c);
        for (int i = 0; i < f->n_ind; i++)
            field_html(c, key, f, &f->ind[i],
                       value_text(c, &f->ind[i], json_object_get(vals, f->ind[i].code)));
        form_field doc = {.name = "doc_code",
                          .label = _("Số, ký hiệu văn bản báo cáo"),
                          .value = r->doc_code ? r->doc_code : "",
                          .hint = _("Ví dụ: 15-BC/ĐU")};
        form_field_html(c, key, &doc);
        form_field date = {.name = "doc_date",
                           .label = _("Ngày văn bản"),
                           .type = "date",
                           .value = r->doc_date ? r->doc_date : ""};
        form_field_html(c, key, &date);
        form_field file = {
            .name = "file", .label = _("Văn bản có chữ ký (PDF, DOCX)"), .type = "file"};
        form_field_html(c, key, &file);
        html_printf(B(c),
                    "<div class=\"actions\"><button type=\"submit\" name=\"action\" "
                    "value=\"save\" class=\"secondary\">%s</button> <button type=\"submit\" "
                    "name=\"action\" value=\"submit\">%s</button></div></form></section>",
                    _("Lưu nháp"), _("Kiểm tra và nộp"));
        const char *uk = arena_printf(c->a, "/reports/%lld/upload", (long long)r->id);
        html_printf(B(c),
                    "<section class=\"panel no-print\"><h2>%s</h2><p><a id=\"rep-template\" "
                    "href=\"/reports/%lld/template.xlsx\">%s</a></p><form class=\"form\" "
                    "method=\"post\" action=\"%s\" enctype=\"multipart/form-data\">",
                    _("Nhập từ tệp Excel"), (long long)r->id, _("Tải biểu mẫu Excel"), uk);
        form_csrf(c);
        form_field up = {.name = "file",
                         .label = _("Tệp biểu mẫu đã điền (.xlsx)"),
                         .type = "file",
                         .id = "rep-upload-file"};
        form_field_html(c, uk, &up);
        html_printf(B(c),
                    "<label><input type=\"checkbox\" name=\"submit\" value=\"1\"> %s</label> "
                    "<button type=\"submit\" class=\"secondary\" id=\"rep-upload\">%s</button>"
                    "</form></section>",
                    _("Nộp luôn khi tệp hợp lệ"), _("Tải lên"));
    } else {
        html_printf(B(c), "<section class=\"panel\"><h2>%s</h2>", _("Số liệu báo cáo"));
        values_view(c, f, vals);
        html_raw(B(c), "</section>");
    }
    json_decref(vals);
    if (rep_may_review(c, r) && strcmp(r->status, "submitted") == 0) {
        html_printf(B(c), "<section class=\"panel no-print\"><h2>%s</h2>", _("Kiểm tra báo cáo"));
        html_printf(B(c), "<form method=\"post\" action=\"/reports/%lld/accept\" class=\"inline\">",
                    (long long)r->id);
        form_csrf(c);
        html_printf(B(c), "<button type=\"submit\" id=\"rep-accept\">%s</button></form>",
                    _("Tiếp nhận và vào sổ"));
        const char *rk = arena_printf(c->a, "/reports/%lld/return", (long long)r->id);
        html_printf(B(c), "<form method=\"post\" action=\"%s\" class=\"form\">", rk);
        form_csrf(c);
        form_field cm = {.name = "comment",
                         .label = _("Nội dung cần sửa"),
                         .type = "textarea",
                         .rows = 3,
                         .id = "rep-comment"};
        form_field_html(c, rk, &cm);
        html_printf(B(c),
                    "<button type=\"submit\" class=\"secondary\" id=\"rep-return\">%s</button>"
                    "</form></section>",
                    _("Trả lại để sửa"));
    }
    rep_event *ev;
    int ne = rep_events(c, r->id, &ev);
    if (ne > 0) {
        html_printf(B(c), "<section class=\"panel\"><h2>%s</h2><ul class=\"rep-history\">",
                    _("Lịch sử"));
        for (int i = 0; i < ne; i++) {
            const char *kind = strcmp(ev[i].kind, "submit") == 0   ? _("Nộp báo cáo")
                               : strcmp(ev[i].kind, "save") == 0   ? _("Lưu nháp")
                               : strcmp(ev[i].kind, "return") == 0 ? _("Trả lại để sửa")
                               : strcmp(ev[i].kind, "accept") == 0 ? _("Tiếp nhận")
                                                                   : _("Cập nhật");
            char when[32];
            clock_vn_datetime(clock_parse_iso(ev[i].at), when, sizeof when);
            html_printf(B(c), "<li>%s — %s, %s%s%s</li>", when, kind, ev[i].actor_name,
                        ev[i].note ? ": " : "", ev[i].note ? ev[i].note : "");
        }
        html_raw(B(c), "</ul></section>");
    }
    page_end(c);
}

static void h_save(ctx *c)
{
    int64_t id = req_param_id(c->rq, "id");
    const char *back = arena_printf(c->a, "/reports/%lld", (long long)id);
    const rep_instance *r = rep_get(c, id);
    if (!r) {
        respond_not_found(c);
        return;
    }
    const rep_form *f = rep_form_for(c, r->type_id, NULL, r->form_id);
    json_t *vals = json_object();
    for (int i = 0; f && i < f->n_ind; i++) {
        const char *v = req_form(c->rq, f->ind[i].code);
        if (v)
            json_object_set_new(vals, f->ind[i].code, json_string(v));
    }
    const char *action = req_form(c->rq, "action");
    const http_upload *u = req_upload(c->rq, "file");
    rep_submission s = {.values = vals,
                        .submit = action && strcmp(action, "submit") == 0,
                        .doc_code = req_form(c->rq, "doc_code"),
                        .doc_date = req_form(c->rq, "doc_date"),
                        .file = u && u->size > 0 ? u : NULL};
    web_err e;
    int rc = rep_save(c, id, &s, &e);
    json_decref(vals);
    web_after_post(c, back, rc, &e, s.submit ? _("Đã nộp báo cáo.") : _("Đã lưu nháp."));
}

static void h_accept(ctx *c)
{
    int64_t id = req_param_id(c->rq, "id");
    web_err e;
    int rc = rep_accept(c, id, &e);
    web_after_post(c, arena_printf(c->a, "/reports/%lld", (long long)id), rc, &e,
                   _("Đã tiếp nhận báo cáo và vào sổ văn bản đến."));
}

static void h_return(ctx *c)
{
    int64_t id = req_param_id(c->rq, "id");
    web_err e;
    int rc = rep_return(c, id, req_form(c->rq, "comment"), &e);
    web_after_post(c, arena_printf(c->a, "/reports/%lld", (long long)id), rc, &e,
                   _("Đã trả lại báo cáo để đơn vị sửa."));
}

static void h_template(ctx *c)
{
    const rep_instance *r = rep_get(c, req_param_id(c->rq, "id"));
    const rep_form *f = r ? rep_form_for(c, r->type_id, NULL, r->form_id) : NULL;
    if (!r || !f) {
        respond_not_found(c);
        return;
    }
    char *path = arena_printf(c->a, "%s/rep-XXXXXX", config.tmp_dir ? config.tmp_dir : "/tmp");
    int fd = mkstemp(path);
    if (fd >= 0)
        close(fd);
    if (fd < 0 || rep_template_xlsx(c, r, f, path) != 0 ||
        (fd = open(path, O_RDONLY | O_CLOEXEC)) < 0) {
        unlink(path);
        respond_error(c, 500, "export_failed", _("Không tạo được tệp Excel. Vui lòng thử lại."));
        return;
    }
    unlink(path); /* the descriptor keeps the bytes until they are sent */
    struct stat st;
    fstat(fd, &st);
    c->rs->status = 200;
    resp_header(c->a, c->rs, "Content-Type",
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    resp_header(c->a, c->rs, "Content-Disposition",
                arena_printf(c->a, "attachment; filename=\"bao-cao-%lld.xlsx\"", (long long)r->id));
    resp_header(c->a, c->rs, "X-Content-Type-Options", "nosniff");
    resp_header(c->a, c->rs, "Cache-Control", "no-store");
    c->rs->file_fd = fd;
    c->rs->file_size = st.st_size;
}

static void h_upload(ctx *c)
{
    int64_t id = req_param_id(c->rq, "id");
    const char *sub = req_form(c->rq, "submit");
    web_err e;
    int rc = rep_upload_xlsx(c, id, req_upload(c->rq, "file"), sub && strcmp(sub, "1") == 0, &e);
    web_after_post(c, arena_printf(c->a, "/reports/%lld", (long long)id), rc, &e,
                   sub ? _("Đã nộp báo cáo.") : _("Đã lưu nháp."));
}

/* The home page: the reports the caller's unit still owes (waiting, overdue, returned) and, for
 * the receiving office's clerks and leaders, how many wait for review — each a way into
 * /reports/periodic. */
static void home_reports(ctx *c)
{
    if (!c->user || c->user->role == ROLE_ADMIN)
        return;
    rep_filter f = {.unit_id = org_scope_anchor(c->db, c->user->unit_id), .limit = 24};
    rep_instance *rows;
    int n = rep_list(c, &f, &rows), k = 0;
    for (int i = 0; i < n; i++) {
        const char *st = rep_status(c, &rows[i]);
        if (strcmp(st, "waiting") == 0 || strcmp(st, "overdue") == 0 || strcmp(st, "returned") == 0)
            rows[k++] = rows[i];
    }
    int waiting = rep_review_waiting_count(c);
    if (k == 0 && waiting == 0)
        return;
    html_printf(B(c), "<section class=\"panel\" id=\"home-reports\"><h2>%s</h2><ul>",
                _("Báo cáo định kỳ"));
    for (int i = 0; i < k && i < 6; i++) {
        html_printf(B(c), "<li><a href=\"/reports/%lld\">%s — %s</a> ", (long long)rows[i].id,
                    rows[i].type_name, rep_period_label(c->a, rows[i].period));
        rep_status_html(c, rep_status(c, &rows[i]), NULL);
        html_printf(B(c), " (%s %s)</li>", _("hạn"), web_date_vn(c, rows[i].due_date));
    }
    if (waiting)
        html_printf(B(c), "<li><a href=\"/reports/periodic\">%s</a></li>",
                    arena_printf(c->a, _("%d báo cáo của đơn vị cấp dưới chờ kiểm tra"), waiting));
    html_printf(B(c), "</ul><p><a href=\"/reports/periodic\">%s</a></p></section>",
                _("Tất cả báo cáo định kỳ"));
}

void rep_matrix_routes(void);

void reporting_web_routes(void)
{
    route_add("GET", "/reports/periodic", h_home, 0);
    route_add("GET", "/reports/{id}", h_show, 0);
    route_add("POST", "/reports/{id}", h_save, 0);
    route_add("POST", "/reports/{id}/accept", h_accept, 0);
    /* The template also to API tokens: a unit's own system fetches it (ROUTE_BEARER). */
    route_add("GET", "/reports/{id}/template.xlsx", h_template, ROUTE_BEARER);
    route_add("POST", "/reports/{id}/upload", h_upload, 0);
    route_add("POST", "/reports/{id}/return", h_return, 0);
    rep_matrix_routes();
    home_section_add(home_reports);
}
