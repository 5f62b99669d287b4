/* The print preview as HTML at A4 width: the same model and the same layout as the PDF, for
 * browsers that show no PDF inside a page (phones, most headless ones). The styles come from
 * the layout in force today as a stylesheet of their own (/docgen/layout.css): the pages'
 * policy allows no inline styles. */
#include <stdio.h>
#include <string.h>

#include "base/i18n.h"
#include "docgen/docgen.h"
#include "docgen/docgen_impl.h"
#include "http/router.h"
#include "web/dates.h"
#include "web/respond.h"

#define B(c) (&(c)->rs->body)

static const char *css_align(const char *a)
{
    return a && (!strcmp(a, "center") || !strcmp(a, "right") || !strcmp(a, "justify")) ? a : "left";
}

static void h_css(ctx *c)
{
    dg_layout l;
    if (dg_layout_load(c->db, c->a, web_today(c), &l) != 0) {
        respond_error(c, 500, "internal", _("Không đọc được thể thức văn bản."));
        return;
    }
    strbuf *b = B(c);
    sb_reset(b);
    /* Numbers and fixed keywords only: nothing typed by a user reaches this stylesheet. */
    char line[512];
    snprintf(line, sizeof line,
             ".dg-paper{font-family:\"Liberation Serif\",\"Times New Roman\",serif;color:#000;"
             "background:#fff;width:210mm;max-width:100%%;box-sizing:border-box;"
             "padding:%.1fmm %.1fmm %.1fmm %.1fmm;margin:0 0 1rem;border:1px solid #ccc;"
             "line-height:1.2}\n",
             l.page.top, l.page.right, l.page.bottom, l.page.left);
    sb_adds(b, line);
    for (int i = 0; i < DG_N_EL; i++) {
        const dg_style *st = &l.el[i];
        snprintf(line, sizeof line,
                 ".dg-paper .dg-%s{font-size:%.1fpt;font-weight:%s;font-style:%s;"
                 "text-decoration:%s;text-align:%s;margin:%.1fpt 0 %.1fpt;text-indent:%.1fmm}\n",
                 dg_el_codes[i], st->font_pt, st->bold ? "bold" : "normal",
                 st->italic ? "italic" : "normal", st->underline ? "underline" : "none",
                 css_align(st->align), st->space_before, st->space_after, st->indent_mm);
        sb_adds(b, line);
    }
    c->rs->status = 200;
    resp_header(c->a, c->rs, "Content-Type", "text/css; charset=utf-8");
}

static void el(ctx *c, const dg_layout *l, enum dg_el e, const char *text)
{
    if (!text || !*text)
        return;
    html_printf(B(c), "<p class=\"dg-%s\">%s</p>", dg_el_codes[e], dg_text(c->a, &l->el[e], text));
}

void dg_html_paper(ctx *c, int64_t id)
{
    dg_model m;
    dg_layout l;
    if (dg_load(c->db, c->a, id, &m, &l) != 0)
        return;
    const dg_style *E = l.el;
    html_raw(B(c), "<link rel=\"stylesheet\" href=\"/docgen/layout.css\">"
                   "<article class=\"dg-paper\" lang=\"vi\">");
    if (!m.issued)
        el(c, &l, DG_DRAFT_MARK, E[DG_DRAFT_MARK].text ? E[DG_DRAFT_MARK].text : "Dự thảo");
    html_raw(B(c), "<div class=\"dg-head\"><div class=\"dg-left\">");
    el(c, &l, DG_SUPERIOR, m.superior);
    el(c, &l, DG_ISSUER, m.issuer);
    html_raw(B(c), "<p class=\"dg-issuer dg-star\">*</p>");
    el(c, &l, DG_NUMBER, m.number_line);
    if (m.is_cong_van)
        el(c, &l, DG_CV_SUMMARY,
           arena_printf(c->a, "%s %s", E[DG_CV_SUMMARY].text ? E[DG_CV_SUMMARY].text : "V/v",
                        m.subject));
    el(c, &l, DG_SECRECY, m.secrecy);
    el(c, &l, DG_URGENCY, m.urgency);
    html_raw(B(c), "</div><div class=\"dg-right\">");
    el(c, &l, DG_HEADER, E[DG_HEADER].text ? E[DG_HEADER].text : "ĐẢNG CỘNG SẢN VIỆT NAM");
    el(c, &l, DG_PLACE_DATE, m.date_line);
    html_raw(B(c), "</div></div>");
    if (!m.is_cong_van) {
        el(c, &l, DG_TYPE_NAME, m.type_name);
        el(c, &l, DG_SUMMARY, m.subject);
    }
    for (int i = 0; i < m.n_paras; i++)
        el(c, &l, DG_BODY, m.paras[i]);
    html_raw(B(c), "<div class=\"dg-foot\"><div class=\"dg-left\">");
    el(c, &l, DG_RECIPIENTS_TITLE,
       E[DG_RECIPIENTS_TITLE].text ? E[DG_RECIPIENTS_TITLE].text : "Nơi nhận:");
    int nl;
    const char **lines = dg_recipient_lines(c->a, &m, &l, &nl);
    for (int i = 0; i < nl; i++)
        el(c, &l, DG_RECIPIENTS, lines[i]);
    el(c, &l, DG_TYPIST, m.typist);
    html_raw(B(c), "</div><div class=\"dg-right\">");
    el(c, &l, DG_AUTHORITY, m.sign.authority);
    el(c, &l, DG_POSITION, m.sign.position);
    el(c, &l, DG_SIGNER_NAME, m.has_signer ? m.sign.name : "");
    html_raw(B(c), "</div></div></article>");
}

void dg_html_routes(void)
{
    route_add("GET", "/docgen/layout.css", h_css, 0);
}
