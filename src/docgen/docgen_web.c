/* Pages of the document itself: the print preview (/outgoing/{id}/print: the format check
 * beside the PDF shown in the page), the downloads (/outgoing/{id}/document.pdf|.docx), the
 * section on the document's page ("out.files") and the layout admin page (/admin/layout).
 * Who may see a document decides who may preview and download it (outgoing_may_see): a
 * document the caller may not see answers 404. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/i18n.h"
#include "docgen/docgen.h"
#include "docgen/docgen_impl.h"
#include "http/router.h"
#include "outgoing/outgoing.h"
#include "web/dates.h"
#include "web/errors.h"
#include "web/forms.h"
#include "web/layout.h"
#include "web/params.h"
#include "web/records.h"
#include "web/respond.h"

#define B(c) (&(c)->rs->body)

static void send_bytes(ctx *c, strbuf *bytes, const char *mime, const char *disp,
                       const char *filename)
{
    c->rs->status = 200;
    sb_reset(B(c));
    sb_add(B(c), bytes->buf, bytes->len);
    resp_header(c->a, c->rs, "Content-Type", mime);
    resp_header(c->a, c->rs, "Content-Disposition",
                arena_printf(c->a, "%s; filename=\"%s\"", disp, filename));
    resp_header(c->a, c->rs, "Cache-Control", "no-store");
    if (!strcmp(mime, "application/pdf")) {
        /* The preview page frames it; nobody else's page may (the dispatcher's default is
         * DENY), and it runs nothing. */
        resp_header(c->a, c->rs, "Content-Security-Policy",
                    "default-src 'none'; object-src 'self'; frame-ancestors 'self'");
        resp_header(c->a, c->rs, "X-Frame-Options", "SAMEORIGIN");
    } else {
        resp_header(c->a, c->rs, "Content-Security-Policy", "default-src 'none'; sandbox");
    }
}

static const outgoing *visible(ctx *c)
{
    int64_t id = req_param_id(c->rq, "id");
    const outgoing *o = id > 0 ? outgoing_get(c, id) : NULL;
    if (!o)
        respond_not_found(c);
    return o;
}

static const char *file_stem(ctx *c, const outgoing *o)
{
    if (!o->notation)
        return arena_printf(c->a, "du-thao-%lld", (long long)o->id);
    char *s = arena_printf(c->a, "%s-%s", o->notation, o->issued_date ? o->issued_date : "");
    for (char *p = s; *p; p++)
        if (*p == '/' || *p == '"' || *p == '\\' || (unsigned char)*p < 0x20)
            *p = '_';
    return s;
}

static void h_pdf(ctx *c)
{
    static const char *const params[] = {"download", NULL};
    if (!params_check(c, params))
        return;
    const outgoing *o = visible(c);
    if (!o)
        return;
    strbuf pdf = STRBUF_INIT;
    char *err = NULL;
    if (docgen_pdf(c->db, o->id, &pdf, &err) != 0) {
        respond_error(c, 500, "render_failed", arena_strdup(c->a, err));
        free(err);
        sb_free(&pdf);
        return;
    }
    const char *dl = req_query(c->rq, "download");
    send_bytes(c, &pdf, "application/pdf", dl && !strcmp(dl, "1") ? "attachment" : "inline",
               arena_printf(c->a, "%s.pdf", file_stem(c, o)));
    sb_free(&pdf);
}

static void h_docx(ctx *c)
{
    static const char *const params[] = {NULL};
    if (!params_check(c, params))
        return;
    const outgoing *o = visible(c);
    if (!o)
        return;
    strbuf docx = STRBUF_INIT;
    char *err = NULL;
    if (docgen_docx(c->db, o->id, &docx, &err) != 0) {
        respond_error(c, 500, "render_failed", arena_strdup(c->a, err));
        free(err);
        sb_free(&docx);
        return;
    }
    send_bytes(c, &docx, "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
               "attachment", arena_printf(c->a, "%s.docx", file_stem(c, o)));
    sb_free(&docx);
}

static const char *field_label(const char *field)
{
    static const struct {
        const char *f, *l;
    } t[] = {{"subject", N_("Trích yếu")},   {"body", N_("Nội dung")},
             {"recipients", N_("Nơi nhận")}, {"signer_id", N_("Người ký")},
             {"date", N_("Ngày tháng")},     {"number", N_("Số, ký hiệu")},
             {"secrecy", N_("Độ mật")},      {"doc_type", N_("Loại văn bản")}};
    for (size_t i = 0; i < sizeof t / sizeof *t; i++)
        if (field && !strcmp(field, t[i].f))
            return _(t[i].l);
    return "";
}

/* The check's findings as a list, errors in red, each naming its field. */
static void check_html(ctx *c, int64_t id)
{
    docgen_issue *v;
    int n = docgen_check(c->db, c->a, id, &v);
    if (n < 0)
        return;
    html_printf(B(c), "<div class=\"dg-check\" id=\"dg-check\"><h3>%s</h3>",
                _("Kiểm tra thể thức"));
    if (n == 0) {
        html_printf(B(c), "<p class=\"dg-ok\">%s</p></div>",
                    _("Dự thảo đúng thể thức, không có lỗi nào."));
        return;
    }
    html_raw(B(c), "<ul class=\"dg-issues\">");
    for (int i = 0; i < n; i++)
        html_printf(B(c),
                    "<li class=\"%s\" data-field=\"%s\"><strong>%s</strong> <span>%s</span> "
                    "<em>%s</em></li>",
                    v[i].error ? "dg-error error" : "dg-warn", v[i].field,
                    v[i].error ? _("Lỗi") : _("Lưu ý"), v[i].message, field_label(v[i].field));
    html_raw(B(c), "</ul></div>");
}

static void links_html(ctx *c, int64_t id)
{
    html_printf(B(c),
                "<p class=\"dg-links actions\"><a class=\"button\" href=\"/outgoing/%lld/print\">"
                "%s</a> <a href=\"/outgoing/%lld/document.pdf?download=1\" download>%s</a> "
                "<a href=\"/outgoing/%lld/document.docx\" download>%s</a></p>",
                (long long)id, _("Xem bản in"), (long long)id, _("Tải PDF"), (long long)id,
                _("Tải DOCX"));
}

/* The signing authority the drafter may choose (TUQ. and the like, which no rule infers). */
static void authority_form(ctx *c, int64_t id)
{
    const char *key = arena_printf(c->a, "/outgoing/%lld/authority", (long long)id);
    enum docgen_authority cur = dg_authority_of(c->db, id);
    const char *v = form_val(c, key, "authority", dg_authority_codes[cur]);
    html_printf(B(c),
                "<form class=\"form dg-authority\" method=\"post\" action=\"%s\">"
                "<div class=\"field%s\"><label for=\"dg-auth\">%s</label>"
                "<select id=\"dg-auth\" name=\"authority\"",
                key, form_err(c, key, "authority") ? " has-error" : "", _("Thẩm quyền ký"));
    form_aria_html(c, key, "authority", "dg-auth");
    html_raw(B(c), ">");
    for (int i = 0; dg_authority_codes[i]; i++)
        html_printf(B(c), "<option value=\"%s\"%s>%s</option>", dg_authority_codes[i],
                    v && !strcmp(v, dg_authority_codes[i]) ? " selected" : "",
                    dg_authority_label(i));
    html_raw(B(c), "</select>");
    form_err_html(c, key, "authority", "dg-auth");
    form_csrf(c);
    html_printf(B(c),
                "</div><div class=\"actions\"><button type=\"submit\">%s</button></div>"
                "</form>",
                _("Lưu thẩm quyền ký"));
}

static void h_authority(ctx *c)
{
    int64_t id = req_param_id(c->rq, "id");
    const char *err = NULL;
    int status = 0;
    int rc = dg_set_authority(c, id, req_form(c->rq, "authority"), &err, &status);
    web_after_post_field(c, arena_printf(c->a, "/outgoing/%lld", (long long)id), rc, status, err,
                         "authority", _("Đã lưu thẩm quyền ký."));
}

/* On the document's own page: the links and, while it is a draft, the check. */
static void section(ctx *c, const char *kind, int64_t id)
{
    (void)kind;
    const outgoing *o = outgoing_get(c, id);
    if (!o)
        return;
    html_printf(B(c), "<section class=\"panel dg-panel\"><h2>%s</h2>", _("Văn bản theo thể thức"));
    links_html(c, id);
    if (o->status == OUT_DRAFT)
        check_html(c, id);
    if (outgoing_may_edit(c, o))
        authority_form(c, id);
    html_raw(B(c), "</section>");
}

static void h_print(ctx *c)
{
    static const char *const params[] = {NULL};
    if (!params_check(c, params))
        return;
    const outgoing *o = visible(c);
    if (!o)
        return;
    page_begin(c, _("Bản in văn bản"), "outgoing");
    html_printf(B(c), "<p><a href=\"/outgoing/%lld\">%s</a> — %s</p>", (long long)o->id,
                _("Về trang văn bản"), o->subject);
    links_html(c, o->id);
    if (o->status != OUT_ISSUED && o->status != OUT_RECALLED)
        check_html(c, o->id);
    dg_html_paper(c, o->id);
    /* The PDF itself where the browser can show it inside the page (desktop browsers). */
    html_printf(B(c),
                "<details class=\"dg-pdf\"><summary>%s</summary><div class=\"dg-frame-wrap\">"
                "<iframe class=\"dg-frame\" title=\"%s\" src=\"/outgoing/%lld/document.pdf\">"
                "</iframe></div></details>",
                _("Xem bản PDF trong trang"), _("Bản in văn bản (PDF)"), (long long)o->id);
    page_end(c);
}

void dg_web_routes(void)
{
    route_add("GET", "/outgoing/{id}/print", h_print, 0);
    route_add("GET", "/outgoing/{id}/document.pdf", h_pdf, 0);
    route_add("GET", "/outgoing/{id}/document.docx", h_docx, 0);
    route_add("POST", "/outgoing/{id}/authority", h_authority, 0);
    record_section_register("out.files", section);
}
