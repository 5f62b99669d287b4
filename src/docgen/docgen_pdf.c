/* PDF: the document drawn with cairo + pango on A4 in Liberation Serif (Times-metric, from
 * Debian's fonts-liberation; cairo embeds the subsets it uses), then made PDF/A-2b by
 * ghostscript (docgen_pdfa.c). Coordinates are PDF points; pango is told 72 dpi so a style's
 * font size in points is a size in points on the page. */
#include <string.h>

#include <cairo-pdf.h>
#include <cairo.h>
#include <pango/pangocairo.h>

#include "docgen/docgen.h"
#include "docgen/docgen_impl.h"

#define A4_W 595.2756
#define A4_H 841.8898
#define MM (72.0 / 25.4)
#define FONT_FAMILY "Liberation Serif"
#define LEFT_COL_MM 78.0 /* the issuing body's column of the heading */

typedef struct pen {
    cairo_t *cr;
    const dg_layout *l;
    arena *a;
    double x0, w, top, bottom, y;
    int pages;
} pen;

static PangoLayout *mk(pen *p, const dg_style *st, const char *text, double width)
{
    PangoLayout *lay = pango_cairo_create_layout(p->cr);
    PangoContext *pc = pango_layout_get_context(lay);
    pango_cairo_context_set_resolution(pc, 72);
    pango_layout_context_changed(lay);
    PangoFontDescription *fd = pango_font_description_new();
    pango_font_description_set_family(fd, FONT_FAMILY);
    pango_font_description_set_size(fd, (int)(st->font_pt * PANGO_SCALE));
    pango_font_description_set_weight(fd, st->bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
    pango_font_description_set_style(fd, st->italic ? PANGO_STYLE_ITALIC : PANGO_STYLE_NORMAL);
    pango_layout_set_font_description(lay, fd);
    pango_font_description_free(fd);
    pango_layout_set_width(lay, (int)(width * PANGO_SCALE));
    pango_layout_set_wrap(lay, PANGO_WRAP_WORD_CHAR);
    const char *al = st->align ? st->align : "left";
    pango_layout_set_alignment(lay, !strcmp(al, "center")  ? PANGO_ALIGN_CENTER
                                    : !strcmp(al, "right") ? PANGO_ALIGN_RIGHT
                                                           : PANGO_ALIGN_LEFT);
    pango_layout_set_justify(lay, !strcmp(al, "justify"));
    if (st->indent_mm > 0)
        pango_layout_set_indent(lay, (int)(st->indent_mm * MM * PANGO_SCALE));
    const char *t = dg_text(p->a, st, text);
    pango_layout_set_text(lay, t, -1);
    return lay;
}

static double height_of(PangoLayout *lay)
{
    int w, h;
    pango_layout_get_size(lay, &w, &h);
    return (double)h / PANGO_SCALE;
}

static void page_number(pen *p)
{
    dg_style st = p->l->el[DG_BODY];
    st.align = "center";
    st.indent_mm = 0;
    PangoLayout *lay = mk(p, &st, arena_printf(p->a, "%d", p->pages), p->w);
    cairo_move_to(p->cr, p->x0, p->top - 10 * MM);
    pango_cairo_show_layout(p->cr, lay);
    g_object_unref(lay);
}

static void new_page(pen *p)
{
    cairo_show_page(p->cr);
    p->pages++;
    p->y = p->top;
    page_number(p); /* from page 2 on, the number at the top centre */
}

/* Underline as long as the text (the header's rule, "Nơi nhận:"). */
static void underline(pen *p, PangoLayout *lay, double x, double y)
{
    PangoRectangle ink, log;
    PangoLayoutIter *it = pango_layout_get_iter(lay);
    do {
        pango_layout_iter_get_line_extents(it, &ink, &log);
        double ly = y + (double)(log.y + log.height) / PANGO_SCALE + 1.0;
        cairo_move_to(p->cr, x + (double)log.x / PANGO_SCALE, ly);
        cairo_line_to(p->cr, x + (double)(log.x + log.width) / PANGO_SCALE, ly);
    } while (pango_layout_iter_next_line(it));
    pango_layout_iter_free(it);
    cairo_set_line_width(p->cr, 0.6);
    cairo_stroke(p->cr);
}

/* A block at (x, y) in a column of width w, without page breaks (the heading, the signature);
 * returns the height used, spacing included. */
static double block(pen *p, const dg_style *st, const char *text, double x, double y, double w)
{
    if (!text || !*text)
        return 0;
    PangoLayout *lay = mk(p, st, text, w);
    double top = y + st->space_before;
    cairo_move_to(p->cr, x, top);
    pango_cairo_show_layout(p->cr, lay);
    if (st->underline)
        underline(p, lay, x, top);
    double h = height_of(lay) + st->space_before + st->space_after;
    g_object_unref(lay);
    return h;
}

static double measure(pen *p, const dg_style *st, const char *text, double w)
{
    if (!text || !*text)
        return 0;
    PangoLayout *lay = mk(p, st, text, w);
    double h = height_of(lay) + st->space_before + st->space_after;
    g_object_unref(lay);
    return h;
}

/* A paragraph across the full width that may break between its lines onto the next page. */
static void flow(pen *p, const dg_style *st, const char *text)
{
    if (!text || !*text)
        return;
    PangoLayout *lay = mk(p, st, text, p->w);
    p->y += st->space_before;
    PangoLayoutIter *it = pango_layout_get_iter(lay);
    double base = 0; /* layout y of the first line on this page */
    bool first = true;
    do {
        PangoRectangle log;
        pango_layout_iter_get_line_extents(it, NULL, &log);
        double ly = (double)log.y / PANGO_SCALE, lh = (double)log.height / PANGO_SCALE;
        if (first)
            base = ly;
        first = false;
        if (p->y + (ly - base) + lh > p->bottom) {
            p->y += ly - base;
            new_page(p);
            base = ly;
        }
        double baseline = (double)pango_layout_iter_get_baseline(it) / PANGO_SCALE;
        cairo_move_to(p->cr, p->x0 + (double)log.x / PANGO_SCALE, p->y + (baseline - base));
        pango_cairo_show_layout_line(p->cr, pango_layout_iter_get_line_readonly(it));
        if (!pango_layout_iter_next_line(it)) {
            p->y += ly - base + lh;
            break;
        }
    } while (1);
    pango_layout_iter_free(it);
    g_object_unref(lay);
    p->y += st->space_after;
}

static cairo_status_t sink(void *closure, const unsigned char *data, unsigned int len)
{
    sb_add((strbuf *)closure, data, len);
    return CAIRO_STATUS_SUCCESS;
}

static void heading(pen *p, const dg_model *m)
{
    const dg_style *E = p->l->el;
    double lw = LEFT_COL_MM * MM, rx = p->x0 + lw, rw = p->w - lw;
    if (!m->issued) {
        const char *mark = E[DG_DRAFT_MARK].text ? E[DG_DRAFT_MARK].text : "Dự thảo";
        p->y += block(p, &E[DG_DRAFT_MARK], mark, p->x0, p->y, p->w);
    }
    double yl = p->y, yr = p->y;
    yr += block(p, &E[DG_HEADER], E[DG_HEADER].text ? E[DG_HEADER].text : "ĐẢNG CỘNG SẢN VIỆT NAM",
                rx, yr, rw);
    yl += block(p, &E[DG_SUPERIOR], m->superior, p->x0, yl, lw);
    yl += block(p, &E[DG_ISSUER], m->issuer, p->x0, yl, lw);
    dg_style star = E[DG_ISSUER];
    star.space_before = star.space_after = 0;
    star.upper = false;
    yl += block(p, &star, "*", p->x0, yl, lw);
    /* The number and the date line share a row (cells 3 and 4). */
    double row = yl > yr + 6 ? yl : yr + 6;
    yl = row + block(p, &E[DG_NUMBER], m->number_line, p->x0, row, lw);
    yr = row + block(p, &E[DG_PLACE_DATE], m->date_line, rx, row, rw);
    if (m->is_cong_van) {
        const char *vv = E[DG_CV_SUMMARY].text ? E[DG_CV_SUMMARY].text : "V/v";
        yl +=
            block(p, &E[DG_CV_SUMMARY], arena_printf(p->a, "%s %s", vv, m->subject), p->x0, yl, lw);
    }
    if (m->secrecy)
        yl += block(p, &E[DG_SECRECY], m->secrecy, p->x0, yl, lw);
    if (m->urgency)
        yl += block(p, &E[DG_URGENCY], m->urgency, p->x0, yl, lw);
    p->y = (yl > yr ? yl : yr) + 6;
    if (!m->is_cong_van) {
        p->y += block(p, &E[DG_TYPE_NAME], m->type_name, p->x0, p->y, p->w);
        p->y += block(p, &E[DG_SUMMARY], m->subject, p->x0, p->y, p->w);
    }
    p->y += 6;
}

static void signature(pen *p, const dg_model *m)
{
    const dg_style *E = p->l->el;
    double lw = p->w * 0.45, rx = p->x0 + lw, rw = p->w - lw;
    int nl;
    const char **lines = dg_recipient_lines(p->a, m, p->l, &nl);
    double hl = measure(p, &E[DG_RECIPIENTS_TITLE], E[DG_RECIPIENTS_TITLE].text, lw),
           hr = measure(p, &E[DG_AUTHORITY], m->sign.authority, rw) +
                measure(p, &E[DG_POSITION], m->sign.position, rw) +
                measure(p, &E[DG_SIGNER_NAME], m->has_signer ? m->sign.name : " ", rw);
    for (int i = 0; i < nl; i++)
        hl += measure(p, &E[DG_RECIPIENTS], lines[i], lw);
    double need = hl > hr ? hl : hr;
    if (p->y + need > p->bottom && need < p->bottom - p->top)
        new_page(p);
    double yl = p->y, yr = p->y;
    yr += block(p, &E[DG_AUTHORITY], m->sign.authority, rx, yr, rw);
    yr += block(p, &E[DG_POSITION], m->sign.position, rx, yr, rw);
    yr += block(p, &E[DG_SIGNER_NAME], m->has_signer ? m->sign.name : " ", rx, yr, rw);
    yl += block(p, &E[DG_RECIPIENTS_TITLE],
                E[DG_RECIPIENTS_TITLE].text ? E[DG_RECIPIENTS_TITLE].text : "Nơi nhận:", p->x0, yl,
                lw);
    for (int i = 0; i < nl; i++)
        yl += block(p, &E[DG_RECIPIENTS], lines[i], p->x0, yl, lw);
    p->y = yl > yr ? yl : yr;
    if (p->y + measure(p, &E[DG_TYPIST], m->typist, lw) > p->bottom)
        new_page(p);
    p->y += block(p, &E[DG_TYPIST], m->typist, p->x0, p->y, lw);
}

int dg_render_cairo(const dg_model *m, const dg_layout *l, strbuf *out, int *pages_r)
{
    arena *a = arena_new();
    cairo_surface_t *surf = cairo_pdf_surface_create_for_stream(sink, out, A4_W, A4_H);
    cairo_pdf_surface_restrict_to_version(surf, CAIRO_PDF_VERSION_1_5);
    cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_TITLE,
                                   m->issued ? m->number_line : m->subject);
    cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_CREATOR, "vanphong");
    cairo_t *cr = cairo_create(surf);
    cairo_set_source_rgb(cr, 0, 0, 0);
    pen p = {.cr = cr,
             .l = l,
             .a = a,
             .x0 = l->page.left * MM,
             .w = A4_W - (l->page.left + l->page.right) * MM,
             .top = l->page.top * MM,
             .bottom = A4_H - l->page.bottom * MM,
             .pages = 1};
    p.y = p.top;
    heading(&p, m);
    for (int i = 0; i < m->n_paras; i++)
        flow(&p, &l->el[DG_BODY], m->paras[i]);
    signature(&p, m);
    cairo_show_page(cr);
    cairo_status_t st = cairo_status(cr);
    cairo_destroy(cr);
    cairo_surface_finish(surf);
    if (st == CAIRO_STATUS_SUCCESS)
        st = cairo_surface_status(surf);
    cairo_surface_destroy(surf);
    arena_free(&a);
    if (pages_r)
        *pages_r = p.pages;
    return st == CAIRO_STATUS_SUCCESS ? 0 : -1;
}
