/* Pages of the incoming side: the list (/incoming), the registration form (/incoming/new),
 * a document with its files, routing, progress and trace (/incoming/{id}). Each handler:
 * (dispatcher: authenticate, CSRF) → the service authorizes and validates → act → 303. */
#include <stdlib.h>
#include <string.h>

#include "web/dates.h"
#include "web/errors.h"
#include "web/forms.h"
#include "web/pager.h"
#include "web/params.h"
#include "web/records.h"
#include "web/respond.h"
#include "base/clock.h"
#include "base/i18n.h"
#include "files/files.h"
#include "filters/filters.h"
#include "catalog/catalog.h"
#include "catalog/vocab.h"
#include "exchange/exchange.h"
#include "incoming/incoming_impl.h"
#include "web/layout.h"
#include "http/router.h"
#include "org/org.h"

/* ---- shared bits ------------------------------------------------------------------------ */

static const char *status_label(const char *s)
{
    if (strcmp(s, "registered") == 0)
        return _("Chờ phân công");
    if (strcmp(s, "assigned") == 0)
        return _("Đang xử lý");
    if (strcmp(s, "done") == 0)
        return _("Đã xử lý xong");
    if (strcmp(s, "recalled") == 0)
        return _("Đã thu hồi");
    return s;
}

static const char *event_label(const char *k)
{
    static const struct {
        const char *k, *label;
    } t[] = {
        {"register", N_("Vào sổ")},
        {"assign", N_("Phân công")},
        {"pass", N_("Chuyển tiếp")},
        {"progress", N_("Tiến độ")},
        {"extend", N_("Gia hạn")},
        {"done", N_("Hoàn thành")},
        {"recall", N_("Thu hồi")},
        {"attach", N_("Thêm tệp")},
        {"sender_update", N_("Cơ quan gửi cập nhật")},
    };
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++)
        if (strcmp(t[i].k, k) == 0)
            return _(t[i].label);
    return k;
}

/* attach_list callback: keeps the id of the first PDF or image in *(int64_t *)arg. */
static void first_previewable(ctx *c, const attachment *a, void *arg)
{
    int64_t *id = arg;
    if (!*id && attach_mime_previewable(a->mime))
        *id = a->id;
}

static const char *vn_time(ctx *c, const char *iso)
{
    int64_t t = iso ? clock_parse_iso(iso) : -1;
    if (t < 0)
        return "";
    char buf[24];
    clock_vn_datetime(t, buf, sizeof buf);
    return arena_strdup(c->a, buf);
}

/* ---- /incoming -------------------------------------------------------------------------- */

/* The unit filter: the registers in the viewer's scope; "0" every one of them. */
static void unit_filter(ctx *c, int64_t current, bool all)
{
    strbuf *b = &c->rs->body;
    unit *units;
    int *depth;
    int n = org_unit_list(c, true, &units, &depth);
    html_printf(
        b, "<label>%s <select name=\"unit_id\" id=\"f-unit\"><option value=\"0\"%s>%s</option>",
        _("Đơn vị"), all || !current ? " selected" : "", _("Tất cả đơn vị"));
    for (int i = 0; i < n; i++)
        html_printf(b, "<option value=\"%lld\"%s>%s</option>", (long long)units[i].id,
                    !all && units[i].id == current ? " selected" : "", units[i].name);
    html_raw(b, "</select></label> ");
}

static void h_list(ctx *c)
{
    /* Reading and writing 50 records with their joins was most of a register page once its
     * count was memoised, and a clerk pages back and forth through the same register. */
    page_memo memo;
    if (page_memo_hit(c, &memo, _("Văn bản đến"), "incoming"))
        return;
    int64_t page_r = 1;
    query_int(c, "page", 1, 1000000, &page_r); /* a page number it cannot read: the first */
    int page = (int)page_r;
    in_filter f;
    web_err e = {0};
    in_filter_from_query(c, &f, &e); /* the page ignores a filter it cannot read */
    /* The viewer's own register unless the address names a unit ("0": every unit in scope);
     * "mine" is what the viewer holds, wherever it was registered. */
    const char *uq = req_query(c->rq, "unit_id");
    bool all_units = uq && strcmp(uq, "0") == 0;
    if ((!uq || !*uq) && !f.mine)
        f.unit_id = org_register_unit(c->db, c->user->unit_id);
    f.limit = IN_PAGE;
    f.offset = (page - 1) * IN_PAGE;
    incoming *rows;
    int64_t total;
    bool partial;
    int n = incoming_list_ex(c, &f, &rows, &total, &partial);
    if (n < 0) {
        respond_error(c, 500, "internal", _(WEB_MSG_DB));
        return;
    }
    page_begin(c, _("Văn bản đến"), "incoming");
    strbuf *b = &c->rs->body;
    page_memo_mark(c, &memo);
    filters_bar_html(c, "incoming", "/incoming");
    html_raw(b, "<p class=\"no-print\">");
    if (incoming_may_register(c))
        html_printf(b,
                    "<a class=\"button\" href=\"/incoming/new\">%s</a> "
                    "<a href=\"/incoming/inbox\">%s</a> · ",
                    _("Vào sổ văn bản đến"), _("Hàng chờ văn bản điện tử"));
    html_printf(b,
                "<a href=\"/incoming?mine=1\">%s</a> · <a href=\"/incoming?overdue=1\">%s</a> · "
                "<a href=\"/registers/incoming\">%s</a> · <a href=\"/registers/followup\">%s</a>"
                "</p>",
                _("Việc của tôi"), _("Quá hạn"), _("Sổ đăng ký"), _("Sổ theo dõi giải quyết"));
    html_printf(b,
                "<form class=\"filters no-print\" method=\"get\" action=\"/incoming\">"
                "<label>%s <input type=\"search\" name=\"q\" value=\"%s\"></label> "
                "<label>%s <input type=\"date\" name=\"from\" value=\"%s\"></label> "
                "<label>%s <input type=\"date\" name=\"to\" value=\"%s\"></label> ",
                _("Tìm"), f.q ? f.q : "", _("Từ ngày"), f.from ? f.from : "", _("Đến ngày"),
                f.to ? f.to : "");
    html_printf(b, "<label>%s <select name=\"status\"><option value=\"\">%s</option>",
                _("Trạng thái"), _("Tất cả"));
    static const char *const sts[] = {"registered", "assigned", "done", "recalled"};
    for (int i = 0; i < 4; i++)
        html_printf(b, "<option value=\"%s\"%s>%s</option>", sts[i],
                    f.status && strcmp(f.status, sts[i]) == 0 ? " selected" : "",
                    status_label(sts[i]));
    html_printf(b,
                "</select></label> <label><input type=\"checkbox\" name=\"overdue\" value=\"1\"%s>"
                " %s</label> ",
                f.overdue_only ? " checked" : "", _("Chỉ quá hạn"));
    unit_filter(c, f.unit_id, all_units || f.mine);
    if (f.mine)
        html_raw(b, "<input type=\"hidden\" name=\"mine\" value=\"1\">");
    html_printf(b, "<button type=\"submit\">%s</button></form>", _("Lọc"));
    html_printf(b,
                "<p class=\"list-count\">%s: <strong id=\"incoming-total\">%lld</strong></p>"
                "<div class=\"table-wrap\"><table class=\"list\" id=\"incoming-list\"><thead><tr>"
                "<th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th>"
                "<th>%s</th><th>%s</th></tr></thead><tbody>",
                _("Số văn bản"), (long long)total, _("Số đến"), _("Ngày đến"), _("Đơn vị"),
                _("Tác giả"), _("Số, ký hiệu"), _("Trích yếu"), _("Chủ trì"), _("Hạn xử lý"),
                _("Trạng thái"));
    bool *opened = arena_alloc(c->a, (size_t)(n > 0 ? n : 1) * sizeof *opened);
    if (incoming_opened(c, rows, n, opened) != 0)
        for (int i = 0; i < n; i++)
            opened[i] = true; /* unknown: nothing in bold rather than everything */
    for (int i = 0; i < n; i++) {
        const incoming *r = &rows[i];
        bool hot = urgency_is_urgent((enum urgency)r->urgency);
        html_printf(b, "<tr class=\"%s%s%s\"><td class=\"num\">%lld</td><td class=\"date\">%s</td>",
                    r->overdue ? "overdue" : "", hot ? " urgent" : "", opened[i] ? "" : " unread",
                    (long long)r->arrival_number, web_date_vn(c, r->arrival_date));
        html_printf(b,
                    "<td class=\"unit\">%s</td><td>%s</td><td>%s</td>"
                    "<td><a href=\"/incoming/%lld\">%s</a>",
                    r->unit_name ? r->unit_name : "", r->issuer_name, r->code, (long long)r->id,
                    r->subject);
        docs_marks_html(&c->rs->body, r->secrecy, r->urgency, r->overdue);
        html_printf(b, "</td><td>%s</td><td class=\"date\">%s</td><td>%s</td></tr>",
                    r->lead_name ? r->lead_name : "", web_date_vn(c, r->deadline),
                    status_label(r->status));
    }
    if (n == 0)
        html_printf(b, "<tr><td colspan=\"9\">%s</td></tr>", _("Không có văn bản nào."));
    html_raw(b, "</tbody></table></div>");
    int64_t pages = (total + IN_PAGE - 1) / IN_PAGE;
    /* a count that stopped (past IN_COUNT_CAP, or a text filter's): a next page while this
     * one is full */
    if ((partial || total > IN_COUNT_CAP) && n == IN_PAGE && pages <= page)
        pages = page + 1;
    static const char *const keep[] = {"q",    "from",    "to",      "status",       "overdue",
                                       "mine", "unit_id", "urgency", "lead_unit_id", NULL};
    page_pager(c,
               &(pager){.path = "/incoming",
                        .keep = keep,
                        .param = "page",
                        .page = page,
                        .pages = total > IN_COUNT_CAP ? IN_COUNT_CAP / IN_PAGE : pages,
                        .at_least = partial || total > IN_COUNT_CAP,
                        .more = n == IN_PAGE && page >= pages,
                        .note = partial || total > IN_COUNT_CAP ? _("(hãy lọc theo ngày)") : NULL});
    page_memo_store(c, &memo);
    page_end(c);
}

/* ---- /incoming/new ---------------------------------------------------------------------- */

typedef struct reg_form {
    const char *issuer_name, *code, *doc_type, *issued_date, *subject, *signer, *pages, *secrecy,
        *urgency, *due_date, *notes, *duplicate_reason;
    int64_t issuer_unit_id, inbox_id;
    int64_t unit_id; /* receiving unit when not the clerk's own (in scope), 0 = own */
} reg_form;

#define REG_KEY "/incoming/new"

static void text_field(ctx *c, const char *name, const char *label, const char *type,
                       const char *value, bool required)
{
    form_field_html(
        c, REG_KEY,
        &(form_field){
            .name = name, .label = label, .type = type, .value = value, .required = required});
}

/* A select whose error shows beside it like any field's. */
static void select_open(ctx *c, const char *name, const char *label, bool required)
{
    const char *id = arena_printf(c->a, "f-%s", name);
    html_printf(&c->rs->body,
                "<div class=\"field%s\"><label for=\"%s\">%s%s</label><select "
                "id=\"%s\" name=\"%s\"",
                form_err(c, REG_KEY, name) ? " has-error" : "", id, label, required ? " *" : "", id,
                name);
    form_aria_html(c, REG_KEY, name, id);
    html_raw(&c->rs->body, ">");
}

static void select_close(ctx *c, const char *name)
{
    html_raw(&c->rs->body, "</select>");
    form_err_html(c, REG_KEY, name, arena_printf(c->a, "f-%s", name));
    html_raw(&c->rs->body, "</div>");
}

static void select_codes(ctx *c, const char *name, const char *label, const char *value,
                         bool secrecy)
{
    strbuf *b = &c->rs->body;
    value = form_val(c, REG_KEY, name, value);
    select_open(c, name, label, false);
    int n = secrecy ? 4 : 5;
    for (int i = 0; i < n; i++) {
        const char *code = secrecy ? secrecy_code((enum secrecy)i) : urgency_code((enum urgency)i);
        const char *lab = secrecy ? secrecy_label((enum secrecy)i) : urgency_label((enum urgency)i);
        html_printf(b, "<option value=\"%s\"%s>%s</option>", code,
                    value && strcmp(value, code) == 0 ? " selected" : "", lab);
    }
    select_close(c, name);
}

static void delivered_file(ctx *c, int64_t file_id, const char *filename, const char *mime,
                           int64_t size, void *arg)
{
    (void)file_id;
    (void)arg;
    html_printf(&c->rs->body, "<li>%s <small>(%s, %lld KB)</small></li>", filename, mime,
                (long long)((size + 1023) / 1024));
}

/* What came with a queued document: its files and its text, registered with it. */
static void delivered_html(ctx *c, int64_t inbox_id)
{
    strbuf *b = &c->rs->body;
    html_printf(b, "<div class=\"field\" id=\"delivered\"><span class=\"label\">%s</span><ul>",
                _("Tệp gửi kèm (được vào sổ cùng văn bản)"));
    if (inbox_files_each(c, inbox_id, delivered_file, NULL) <= 0)
        html_printf(b, "<li class=\"empty\">%s</li>", _("Không có tệp gửi kèm."));
    html_raw(b, "</ul>");
    const char *body = inbox_body(c, inbox_id);
    if (*body)
        html_printf(b,
                    "<details><summary>%s</summary><div class=\"draft-body pre-line\">%s</div>"
                    "</details>",
                    _("Nội dung văn bản"), body);
    html_raw(b, "</div>");
}

/* kept: the files of a refused registration held for the next try (web/forms.h
 * form_upload_keep), n_kept of them. */
static void new_page(ctx *c, const reg_form *f, const web_err *e, const http_upload *kept,
                     const char **tokens, int n_kept)
{
    page_begin(c, _("Vào sổ văn bản đến"), "incoming");
    strbuf *b = &c->rs->body;
    bool duplicate = e && e->status == 409 && e->code && strcmp(e->code, "duplicate") == 0;
    if (duplicate) {
        page_alert(c, "warn", web_err_message(e));
        if (e->existing_id)
            html_printf(b, "<p><a href=\"/incoming/%lld\">%s</a></p>", (long long)e->existing_id,
                        _("Xem văn bản đã vào sổ"));
    }
    html_raw(b, "<form class=\"form\" method=\"post\" action=\"/incoming/new\" "
                "enctype=\"multipart/form-data\" data-draft>");
    form_csrf(c);
    if (f->unit_id)
        html_printf(b, "<input type=\"hidden\" name=\"unit_id\" value=\"%lld\">",
                    (long long)f->unit_id);
    if (f->inbox_id)
        html_printf(b, "<input type=\"hidden\" name=\"inbox_id\" value=\"%lld\">",
                    (long long)f->inbox_id);
    org_choice *units;
    int nu = org_choice_units(c, &units);
    select_open(c, "issuer_unit_id", _("Tác giả (đơn vị trong hệ thống)"), false);
    html_printf(b, "<option value=\"\">%s</option>", _("— cơ quan ngoài: ghi ở ô dưới —"));
    for (int i = 0; i < nu; i++)
        html_printf(b, "<option value=\"%lld\"%s>%s</option>", (long long)units[i].id,
                    f->issuer_unit_id == units[i].id ? " selected" : "", units[i].name);
    select_close(c, "issuer_unit_id");
    text_field(c, "issuer_name", _("Tác giả (cơ quan ngoài)"), "text", f->issuer_name, false);
    text_field(c, "code", _("Số, ký hiệu (như in trên văn bản)"), "text", f->code, true);
    doc_type *types;
    int nt = catalog_doc_types(c, &types);
    const char *dt = form_val(c, REG_KEY, "doc_type", f->doc_type);
    select_open(c, "doc_type", _("Loại văn bản"), true);
    for (int i = 0; i < nt; i++)
        html_printf(b, "<option value=\"%s\"%s>%s</option>", types[i].code,
                    dt && strcmp(dt, types[i].code) == 0 ? " selected" : "", types[i].name);
    select_close(c, "doc_type");
    text_field(c, "issued_date", _("Ngày tháng văn bản"), "date", f->issued_date, true);
    text_field(c, "subject", _("Trích yếu"), "textarea", f->subject, true);
    text_field(c, "signer", _("Người ký"), "text", f->signer, false);
    text_field(c, "pages", _("Số trang"), "number", f->pages, false);
    select_codes(c, "secrecy", _("Độ mật"), f->secrecy, true);
    select_codes(c, "urgency", _("Độ khẩn"), f->urgency, false);
    text_field(c, "due_date", _("Hạn giải quyết (nếu văn bản có)"), "date", f->due_date, false);
    text_field(c, "notes", _("Ghi chú"), "textarea", f->notes, false);
    if (f->inbox_id)
        delivered_html(c, f->inbox_id);
    if (!f->inbox_id) {
        if (n_kept > 0) {
            html_printf(b, "<div class=\"field kept-files\"><span class=\"label\">%s</span><ul>",
                        _("Tệp đã chọn (được giữ lại, không cần chọn lại)"));
            for (int i = 0; i < n_kept; i++)
                html_printf(b, "<li><input type=\"hidden\" name=\"kept_file\" value=\"%s\">%s</li>",
                            tokens[i], kept[i].filename ? kept[i].filename : "");
            html_raw(b, "</ul></div>");
        }
        form_field_html(
            c, REG_KEY,
            &(form_field){.name = "file",
                          .label = n_kept ? _("Thêm tệp khác") : _("Bản quét / tệp đính kèm"),
                          .type = "file",
                          .multiple = true,
                          .hint = _("PDF, ảnh, DOC/DOCX, ODT, XLS/XLSX, TXT; mỗi tệp "
                                    "tối đa 50 MB.")});
    }
    if (duplicate)
        text_field(c, "duplicate_reason", _("Lý do vẫn vào sổ"), "textarea", f->duplicate_reason,
                   true);
    html_printf(b, "<div class=\"actions\"><button type=\"submit\">%s</button></div></form>",
                _("Vào sổ"));
    page_end(c);
}

static void h_new(ctx *c)
{
    if (!incoming_may_register(c)) {
        respond_forbidden(c);
        return;
    }
    reg_form f = {0};
    int64_t inbox_id = 0;
    if (query_int(c, "inbox_id", 1, INT64_MAX, &inbox_id) == PARAM_OK) {
        const inbox_row *r = inbox_get(c, inbox_id);
        if (!r) {
            respond_not_found(c);
            return;
        }
        f.inbox_id = r->id;
        f.issuer_unit_id = r->from_unit_id;
        f.code = r->code;
        f.doc_type = r->doc_type;
        f.issued_date = r->issued_date;
        f.subject = r->subject;
        f.secrecy = secrecy_code((enum secrecy)r->secrecy);
        f.urgency = urgency_code((enum urgency)r->urgency);
        f.signer = r->signer;
    }
    new_page(c, &f, NULL, NULL, NULL, 0);
}

static void h_new_post(ctx *c)
{
    reg_form f = {
        .issuer_name = req_form(c->rq, "issuer_name"),
        .code = req_form(c->rq, "code"),
        .doc_type = req_form(c->rq, "doc_type"),
        .issued_date = req_form(c->rq, "issued_date"),
        .subject = req_form(c->rq, "subject"),
        .signer = req_form(c->rq, "signer"),
        .pages = req_form(c->rq, "pages"),
        .secrecy = req_form(c->rq, "secrecy"),
        .urgency = req_form(c->rq, "urgency"),
        .due_date = req_form(c->rq, "due_date"),
        .notes = req_form(c->rq, "notes"),
        .duplicate_reason = req_form(c->rq, "duplicate_reason"),
        .issuer_unit_id = form_id(c, "issuer_unit_id"),
        .inbox_id = form_id(c, "inbox_id"),
        .unit_id = form_id(c, "unit_id"),
    };
    /* Unreadable ("abc", "3 tờ") is -1, which the service refuses beside the field. */
    int64_t pages = 0;
    if (form_int(c, "pages", 1, IN_MAX_PAGES, &pages) == PARAM_BAD)
        pages = -1;
    in_new in = {
        .unit_id = f.unit_id,
        .inbox_id = f.inbox_id,
        .issuer_unit_id = f.issuer_unit_id,
        .issuer_name = f.issuer_name,
        .code = f.code,
        .doc_type = f.doc_type,
        .issued_date = f.issued_date,
        .subject = f.subject,
        .signer = f.signer,
        .notes = f.notes,
        .pages = pages,
        .secrecy = f.secrecy,
        .urgency = f.urgency,
        .due_date = f.due_date,
        .duplicate_reason = f.duplicate_reason,
    };
    /* Only the parts that carry a file; an empty file input sends a part with no bytes. The
     * files kept through a refusal (the duplicate warning) come back by their tokens. */
    size_t n_kept_in = 0;
    for (size_t i = 0; i < c->rq->form.n; i++)
        n_kept_in += strcmp(c->rq->form.v[i].name, "kept_file") == 0;
    http_upload *ups = arena_alloc(c->a, (c->rq->n_uploads + n_kept_in + 1) * sizeof *ups);
    int nu = 0;
    for (size_t i = 0; i < c->rq->form.n; i++)
        if (strcmp(c->rq->form.v[i].name, "kept_file") == 0 &&
            form_upload_take(c, c->rq->form.v[i].value, &ups[nu]) == 0)
            nu++;
    for (size_t i = 0; i < c->rq->n_uploads; i++)
        if (c->rq->uploads[i].size > 0 ||
            (c->rq->uploads[i].filename && *c->rq->uploads[i].filename))
            ups[nu++] = c->rq->uploads[i];
    web_err e;
    int64_t number;
    int64_t id = incoming_register_with_files(c, &in, ups, nu, &number, &e);
    if (id < 0) {
        if (e.status == 403 || e.status == 404 || e.status >= 500) {
            web_err_respond(c, &e);
            return;
        }
        /* Refused: the same page with what was typed, and the chosen files kept on the server
         * so the next try needs no new choice — unless a file was what was wrong. */
        form_fail(c, &e);
        const char **tokens = arena_alloc(c->a, (size_t)(nu + 1) * sizeof *tokens);
        http_upload *kept = arena_alloc(c->a, (size_t)(nu + 1) * sizeof *kept);
        int nk = 0;
        for (int i = 0; !web_err_field(&e, "file") && i < nu; i++)
            if ((tokens[nk] = form_upload_keep(c, &ups[i])))
                kept[nk++] = ups[i];
        new_page(c, &f, &e, kept, tokens, nk);
        c->rs->status = e.status;
        return;
    }
    page_flash_set(c,
                   arena_printf(c->a, _("Đã vào sổ văn bản đến, số đến %lld."), (long long)number));
    respond_redirect(c, arena_printf(c->a, "/incoming/%lld", (long long)id));
}

/* ---- /incoming/{id} --------------------------------------------------------------------- */

static void show_page(ctx *c, const incoming *r, page_memo *memo)
{
    const char *title = arena_printf(c->a, _("Văn bản đến số %lld"), (long long)r->arrival_number);
    page_begin(c, title, "incoming");
    page_memo_mark(c, memo);
    strbuf *b = &c->rs->body;
    html_printf(b, "<p class=\"doc-marks\">%s", status_label(r->status));
    docs_marks_html(&c->rs->body, r->secrecy, r->urgency, r->overdue);
    html_raw(b, "</p><dl class=\"props\">");
    html_printf(b, "<dt>%s</dt><dd id=\"arrival-number\">%lld</dd>", _("Số đến"),
                (long long)r->arrival_number);
    html_printf(b, "<dt>%s</dt><dd>%s (%s)</dd>", _("Ngày đến"), web_date_vn(c, r->arrival_date),
                strcmp(r->channel, "paper") == 0 ? _("bản giấy") : _("điện tử"));
    html_printf(b, "<dt>%s</dt><dd>%s</dd>", _("Đơn vị nhận"), r->unit_name);
    html_printf(b, "<dt>%s</dt><dd>%s</dd>", _("Tác giả"), r->issuer_name);
    html_printf(b, "<dt>%s</dt><dd>%s</dd>", _("Số, ký hiệu"), r->code);
    html_printf(b, "<dt>%s</dt><dd>%s</dd>", _("Ngày tháng văn bản"),
                web_date_vn(c, r->issued_date));
    html_printf(b, "<dt>%s</dt><dd>%s</dd>", _("Loại văn bản"), r->doc_type_name);
    html_printf(b, "<dt>%s</dt><dd>%s</dd>", _("Trích yếu"), r->subject);
    if (r->signer)
        html_printf(b, "<dt>%s</dt><dd>%s</dd>", _("Người ký"), r->signer);
    if (r->pages)
        html_printf(b, "<dt>%s</dt><dd>%d</dd>", _("Số trang"), r->pages);
    if (r->lead_name)
        html_printf(b, "<dt>%s</dt><dd id=\"lead\">%s</dd>", _("Chủ trì"), r->lead_name);
    if (r->deadline)
        html_printf(b, "<dt>%s</dt><dd id=\"deadline\">%s</dd>", _("Hạn xử lý"),
                    web_date_vn(c, r->deadline));
    else if (r->due_date)
        html_printf(b, "<dt>%s</dt><dd>%s</dd>", _("Hạn theo văn bản"),
                    web_date_vn(c, r->due_date));
    if (r->progress)
        html_printf(b, "<dt>%s</dt><dd>%s</dd>", _("Tiến độ"), r->progress);
    if (r->reply_code)
        html_printf(b, "<dt>%s</dt><dd>%s</dd>", _("Văn bản trả lời"), r->reply_code);
    if (r->notes)
        html_printf(b, "<dt>%s</dt><dd>%s</dd>", _("Ghi chú"), r->notes);
    if (r->duplicate_of)
        html_printf(b, "<dt>%s</dt><dd><a href=\"/incoming/%lld\">%s</a>: %s</dd>",
                    _("Vào sổ trùng"), (long long)r->duplicate_of, _("bản đã vào sổ"),
                    r->duplicate_reason ? r->duplicate_reason : "");
    html_printf(b, "<dt>%s</dt><dd>%s</dd></dl>", _("Người vào sổ"),
                r->registered_by_name ? r->registered_by_name : "");

    const char *body = r->inbox_id ? inbox_body(c, r->inbox_id) : "";
    if (*body)
        html_printf(b,
                    "<section class=\"panel\" id=\"body\"><h2>%s</h2><div "
                    "class=\"draft-body pre-line\">%s</div></section>",
                    _("Nội dung văn bản"), body);
    html_printf(b, "<section class=\"panel\"><h2>%s</h2>", _("Tệp đính kèm"));
    attach_html_list(c, "in", r->id);
    record_sections_html(c, "in.files", r->id);
    const char *akey = arena_printf(c->a, "/incoming/%lld/attach", (long long)r->id);
    html_printf(b,
                "<form class=\"form no-print attach-form\" method=\"post\" action=\"%s\" "
                "enctype=\"multipart/form-data\">",
                akey);
    form_csrf(c);
    form_field_html(c, akey,
                    &(form_field){.name = "file",
                                  .label = _("Tệp"),
                                  .type = "file",
                                  .id = "f-attach",
                                  .hint = _("PDF, ảnh, DOC/DOCX, ODT, XLS/XLSX, TXT; mỗi tệp "
                                            "tối đa 50 MB.")});
    html_printf(b,
                "<div class=\"actions\"><button type=\"submit\" class=\"secondary\">%s</button>"
                "</div></form></section>",
                _("Thêm tệp"));

    record_sections_html(c, "in.dossier", r->id);
    inbox_updates_html(c, r->inbox_id); /* the sender's corrections (edXML update) */
    /* The scan or PDF beside the handling panel (issue "Daily use" item 18): the reader routes
     * or reports while reading the document itself. Two columns from 1200 px, stacked below. */
    int64_t scan_id = 0;
    attach_list(c, "in", r->id, first_previewable, &scan_id);
    if (scan_id)
        html_raw(b, "<div class=\"with-scan\"><div class=\"with-scan-panel\">");
    record_sections_html(c, "in.handling", r->id);
    if (scan_id)
        html_printf(b,
                    "</div><aside class=\"panel scan\" id=\"scan\"><h2>%s</h2>"
                    "<iframe src=\"/attachments/%lld/preview\" title=\"%s\"></iframe>"
                    "<p class=\"no-print\"><a href=\"/attachments/%lld/preview\" "
                    "target=\"_blank\" rel=\"noopener\">%s</a></p></aside></div>",
                    _("Bản gốc"), (long long)scan_id, _("Bản gốc"), (long long)scan_id,
                    _("Mở trong cửa sổ mới"));

    in_event *ev;
    int ne = incoming_trace(c, r->id, &ev);
    html_printf(b,
                "<section class=\"panel\"><h2>%s</h2><div class=\"table-wrap\"><table "
                "id=\"trace\"><thead><tr><th>%s</th><th>%s</th><th>%s</th><th>%s</th></tr></thead>"
                "<tbody>",
                _("Quá trình xử lý"), _("Thời gian"), _("Người thực hiện"), _("Bước"),
                _("Nội dung"));
    for (int i = 0; i < ne; i++) {
        html_printf(b, "<tr><td class=\"date\">%s</td><td>%s</td><td>%s</td><td>%s",
                    vn_time(c, ev[i].at), ev[i].actor_name ? ev[i].actor_name : "",
                    event_label(ev[i].kind), ev[i].text ? ev[i].text : "");
        if (ev[i].new_due)
            html_printf(b, " (%s %s%s%s)", _("hạn"),
                        ev[i].old_due ? web_date_vn(c, ev[i].old_due) : "",
                        ev[i].old_due ? " → " : "", web_date_vn(c, ev[i].new_due));
        html_raw(b, "</td></tr>");
    }
    html_raw(b, "</tbody></table></div></section>");
    page_memo_store_titled(c, memo, title);
    page_end(c);
}

/* A document page, memoised while the database is unchanged (web/layout.h page_memo, with its
 * title): the record, its trace, assignments, files, dossiers and routing choices are a dozen
 * queries. Only a record of no secrecy: opening a secret one is audited on every request, so
 * its page is always read and written afresh. A memoised page was the session's own since the
 * last commit anywhere: its visibility, and the user's mark as having opened it
 * (incoming_mark_opened, written when it was rendered), still hold. */
static void h_show(ctx *c)
{
    page_memo memo;
    if (page_memo_hit(c, &memo, NULL, "incoming"))
        return;
    const incoming *r = incoming_get(c, req_param_id(c->rq, "id"), true);
    if (!r) {
        respond_not_found(c);
        return;
    }
    incoming_mark_opened(c, r->id); /* a failed mark leaves the row bold, nothing worse */
    if (r->secrecy > 0)
        memo.key = NULL;
    show_page(c, r, &memo);
}

static void h_attach(ctx *c)
{
    int64_t id = req_param_id(c->rq, "id");
    if (!incoming_may_see(c, id)) {
        respond_not_found(c);
        return;
    }
    const http_upload *u = req_upload(c->rq, "file");
    web_err e;
    int64_t aid =
        incoming_attach(c, id, u && (u->size > 0 || (u->filename && *u->filename)) ? u : NULL, &e);
    web_after_post(c, arena_printf(c->a, "/incoming/%lld", (long long)id), aid < 0 ? -1 : 0, &e,
                   _("Đã thêm tệp."));
}

void incoming_web_routes(void)
{
    route_add("GET", "/incoming", h_list, 0);
    route_add("GET", "/incoming/new", h_new, 0);
    route_add("POST", "/incoming/new", h_new_post, 0);
    route_add("GET", "/incoming/{id}", h_show, 0);
    route_add("POST", "/incoming/{id}/attach", h_attach, 0);
}
