/* DOCX: WordprocessingML parts written as escaped XML text and zipped with libzip. The
 * heading and the signature/recipients block are borderless two-column tables, the way
 * offices lay them out in Word; sizes and styles come from the same layout as the PDF. */
#include <stdio.h>
#include <string.h>

#include <zip.h>

#include "base/i18n.h"
#include "docgen/docgen.h"
#include "docgen/docgen_impl.h"

#define TWIPS_PER_MM (1440.0 / 25.4)
#define A4_W_TW 11906
#define A4_H_TW 16838
#define LEFT_COL_MM 78.0

static void esc(strbuf *b, const char *s)
{
    for (; s && *s; s++) {
        switch (*s) {
        case '&':
            sb_adds(b, "&amp;");
            break;
        case '<':
            sb_adds(b, "&lt;");
            break;
        case '>':
            sb_adds(b, "&gt;");
            break;
        case '"':
            sb_adds(b, "&quot;");
            break;
        default:
            /* Control characters are not allowed in XML 1.0. */
            if ((unsigned char)*s >= 0x20 || *s == '\t')
                sb_addc(b, *s);
        }
    }
}

static const char *jc(const char *align)
{
    if (!align || !strcmp(align, "left"))
        return "left";
    if (!strcmp(align, "justify"))
        return "both";
    return align; /* center, right */
}

static void para(strbuf *b, arena *a, const dg_style *st, const char *text)
{
    sb_printf(b,
              "<w:p><w:pPr><w:spacing w:before=\"%d\" w:after=\"%d\"/>"
              "<w:ind w:firstLine=\"%d\"/><w:jc w:val=\"%s\"/></w:pPr>",
              (int)(st->space_before * 20), (int)(st->space_after * 20),
              (int)(st->indent_mm * TWIPS_PER_MM), jc(st->align));
    if (text && *text) {
        sb_adds(b, "<w:r><w:rPr>");
        if (st->bold)
            sb_adds(b, "<w:b/>");
        if (st->italic)
            sb_adds(b, "<w:i/>");
        if (st->underline)
            sb_adds(b, "<w:u w:val=\"single\"/>");
        sb_printf(b,
                  "<w:sz w:val=\"%d\"/><w:szCs w:val=\"%d\"/></w:rPr><w:t xml:space=\"preserve\">",
                  (int)(st->font_pt * 2 + 0.5), (int)(st->font_pt * 2 + 0.5));
        esc(b, dg_text(a, st, text));
        sb_adds(b, "</w:t></w:r>");
    }
    sb_adds(b, "</w:p>");
}

static void table_open(strbuf *b, int w1, int w2)
{
    sb_printf(b,
              "<w:tbl><w:tblPr><w:tblW w:w=\"%d\" w:type=\"dxa\"/><w:tblLayout w:type=\"fixed\"/>"
              "<w:tblBorders><w:top w:val=\"nil\"/><w:left w:val=\"nil\"/><w:bottom w:val=\"nil\"/>"
              "<w:right w:val=\"nil\"/><w:insideH w:val=\"nil\"/><w:insideV w:val=\"nil\"/>"
              "</w:tblBorders><w:tblCellMar><w:left w:w=\"0\" w:type=\"dxa\"/>"
              "<w:right w:w=\"0\" w:type=\"dxa\"/></w:tblCellMar></w:tblPr>"
              "<w:tblGrid><w:gridCol w:w=\"%d\"/><w:gridCol w:w=\"%d\"/></w:tblGrid>",
              w1 + w2, w1, w2);
}

static void cell_open(strbuf *b, int w)
{
    sb_printf(b, "<w:tc><w:tcPr><w:tcW w:w=\"%d\" w:type=\"dxa\"/></w:tcPr>", w);
}

static void document_xml(strbuf *b, arena *a, const dg_model *m, const dg_layout *l)
{
    const dg_style *E = l->el;
    int tw = (int)(A4_W_TW - (l->page.left + l->page.right) * TWIPS_PER_MM);
    int lw = (int)(LEFT_COL_MM * TWIPS_PER_MM), rw = tw - lw;
    sb_adds(b, "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
               "<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/"
               "main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/"
               "relationships\"><w:body>");
    if (!m->issued)
        para(b, a, &E[DG_DRAFT_MARK], E[DG_DRAFT_MARK].text ? E[DG_DRAFT_MARK].text : "Dự thảo");
    /* Heading: row 1 bodies | "ĐẢNG CỘNG SẢN VIỆT NAM"; row 2 number… | place and date. */
    table_open(b, lw, rw);
    sb_adds(b, "<w:tr>");
    cell_open(b, lw);
    if (m->superior && *m->superior)
        para(b, a, &E[DG_SUPERIOR], m->superior);
    para(b, a, &E[DG_ISSUER], m->issuer);
    dg_style star = E[DG_ISSUER];
    star.space_before = star.space_after = 0;
    para(b, a, &star, "*");
    sb_adds(b, "</w:tc>");
    cell_open(b, rw);
    para(b, a, &E[DG_HEADER], E[DG_HEADER].text ? E[DG_HEADER].text : "ĐẢNG CỘNG SẢN VIỆT NAM");
    sb_adds(b, "</w:tc></w:tr><w:tr>");
    cell_open(b, lw);
    para(b, a, &E[DG_NUMBER], m->number_line);
    if (m->is_cong_van)
        para(b, a, &E[DG_CV_SUMMARY],
             arena_printf(a, "%s %s", E[DG_CV_SUMMARY].text ? E[DG_CV_SUMMARY].text : "V/v",
                          m->subject));
    if (m->secrecy)
        para(b, a, &E[DG_SECRECY], m->secrecy);
    if (m->urgency)
        para(b, a, &E[DG_URGENCY], m->urgency);
    sb_adds(b, "</w:tc>");
    cell_open(b, rw);
    para(b, a, &E[DG_PLACE_DATE], m->date_line);
    sb_adds(b, "</w:tc></w:tr></w:tbl>");
    if (!m->is_cong_van) {
        para(b, a, &E[DG_TYPE_NAME], m->type_name);
        para(b, a, &E[DG_SUMMARY], m->subject);
    }
    for (int i = 0; i < m->n_paras; i++)
        para(b, a, &E[DG_BODY], m->paras[i]);
    /* Signature block: recipients left, authority/position/name right. */
    int sl = (int)(tw * 0.45), sr = tw - sl;
    table_open(b, sl, sr);
    sb_adds(b, "<w:tr><w:trPr><w:cantSplit/></w:trPr>");
    cell_open(b, sl);
    para(b, a, &E[DG_RECIPIENTS_TITLE],
         E[DG_RECIPIENTS_TITLE].text ? E[DG_RECIPIENTS_TITLE].text : "Nơi nhận:");
    int nl;
    const char **lines = dg_recipient_lines(a, m, l, &nl);
    for (int i = 0; i < nl; i++)
        para(b, a, &E[DG_RECIPIENTS], lines[i]);
    para(b, a, &E[DG_TYPIST], m->typist);
    sb_adds(b, "</w:tc>");
    cell_open(b, sr);
    if (*m->sign.authority)
        para(b, a, &E[DG_AUTHORITY], m->sign.authority);
    para(b, a, &E[DG_POSITION], m->sign.position);
    para(b, a, &E[DG_SIGNER_NAME], m->has_signer ? m->sign.name : "");
    sb_adds(b, "</w:tc></w:tr></w:tbl>");
    /* The page number (header1.xml) from page 2 on: titlePg gives page 1 its own header, and
     * there is none, so page 1 stays bare. */
    sb_printf(b,
              "<w:sectPr><w:headerReference w:type=\"default\" r:id=\"rId2\"/><w:pgSz w:w=\"%d\" "
              "w:h=\"%d\"/><w:pgMar w:top=\"%d\" w:right=\"%d\" "
              "w:bottom=\"%d\" w:left=\"%d\" w:header=\"567\" w:footer=\"567\" w:gutter=\"0\"/>"
              "<w:titlePg/></w:sectPr></w:body></w:document>",
              A4_W_TW, A4_H_TW, (int)(l->page.top * TWIPS_PER_MM),
              (int)(l->page.right * TWIPS_PER_MM), (int)(l->page.bottom * TWIPS_PER_MM),
              (int)(l->page.left * TWIPS_PER_MM));
}

static const char content_types[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
    "<Default Extension=\"rels\" "
    "ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
    "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
    "<Override PartName=\"/word/document.xml\" "
    "ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+"
    "xml\"/>"
    "<Override PartName=\"/word/header1.xml\" "
    "ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml\"/>"
    "<Override PartName=\"/word/styles.xml\" "
    "ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml\"/>"
    "</Types>";
static const char rels[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
    "<Relationship Id=\"rId1\" "
    "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" "
    "Target=\"word/document.xml\"/></Relationships>";
static const char doc_rels[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
    "<Relationship Id=\"rId1\" "
    "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" "
    "Target=\"styles.xml\"/><Relationship Id=\"rId2\" "
    "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/header\" "
    "Target=\"header1.xml\"/></Relationships>";
/* Times New Roman in Word; LibreOffice substitutes the metric-compatible Liberation Serif. */
static const char styles[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    "<w:styles xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">"
    "<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii=\"Times New Roman\" "
    "w:hAnsi=\"Times New Roman\" w:cs=\"Times New Roman\" w:eastAsia=\"Times New Roman\"/>"
    "<w:sz w:val=\"28\"/><w:szCs w:val=\"28\"/><w:lang w:val=\"vi-VN\"/></w:rPr></w:rPrDefault>"
    "<w:pPrDefault><w:pPr><w:spacing w:before=\"0\" w:after=\"0\" w:line=\"240\" "
    "w:lineRule=\"auto\"/></w:pPr></w:pPrDefault></w:docDefaults>"
    "<w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"Normal\"><w:name w:val=\"Normal\"/>"
    "</w:style></w:styles>";

/* The page number at the top centre in Arabic figures, a PAGE field (Word and LibreOffice fill
 * it in), in the body's size: the Party layout numbers pages from the second on. */
static void header_xml(strbuf *b, const dg_layout *l)
{
    int sz = (int)(l->el[DG_BODY].font_pt * 2 + 0.5);
    sb_printf(b,
              "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
              "<w:hdr xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">"
              "<w:p><w:pPr><w:jc w:val=\"center\"/></w:pPr>"
              "<w:r><w:rPr><w:sz w:val=\"%d\"/></w:rPr><w:fldChar w:fldCharType=\"begin\"/></w:r>"
              "<w:r><w:rPr><w:sz w:val=\"%d\"/></w:rPr>"
              "<w:instrText xml:space=\"preserve\"> PAGE \\* Arabic </w:instrText></w:r>"
              "<w:r><w:rPr><w:sz w:val=\"%d\"/></w:rPr><w:fldChar w:fldCharType=\"separate\"/>"
              "</w:r><w:r><w:rPr><w:sz w:val=\"%d\"/></w:rPr><w:t>2</w:t></w:r>"
              "<w:r><w:rPr><w:sz w:val=\"%d\"/></w:rPr><w:fldChar w:fldCharType=\"end\"/></w:r>"
              "</w:p></w:hdr>",
              sz, sz, sz, sz, sz);
}

static int add(zip_t *za, const char *name, const char *data, size_t n)
{
    zip_source_t *s = zip_source_buffer(za, data, n, 0);
    if (!s)
        return -1;
    if (zip_file_add(za, name, s, ZIP_FL_ENC_UTF_8 | ZIP_FL_OVERWRITE) < 0) {
        zip_source_free(s);
        return -1;
    }
    return 0;
}

int dg_render_docx(const dg_model *m, const dg_layout *l, strbuf *out, char **err_r)
{
    arena *a = arena_new();
    strbuf doc = STRBUF_INIT, hdr = STRBUF_INIT;
    document_xml(&doc, a, m, l);
    header_xml(&hdr, l);
    int rc = -1;
    zip_error_t ze;
    zip_error_init(&ze);
    zip_source_t *src = zip_source_buffer_create(NULL, 0, 0, &ze);
    zip_t *za = src ? zip_open_from_source(src, ZIP_TRUNCATE, &ze) : NULL;
    if (!za) {
        if (src)
            zip_source_free(src);
        goto done;
    }
    zip_source_keep(src); /* the bytes are read back from it after zip_close */
    if (add(za, "[Content_Types].xml", content_types, strlen(content_types)) != 0 ||
        add(za, "_rels/.rels", rels, strlen(rels)) != 0 ||
        add(za, "word/_rels/document.xml.rels", doc_rels, strlen(doc_rels)) != 0 ||
        add(za, "word/styles.xml", styles, strlen(styles)) != 0 ||
        add(za, "word/header1.xml", hdr.buf, hdr.len) != 0 ||
        add(za, "word/document.xml", doc.buf, doc.len) != 0) {
        zip_discard(za);
        zip_source_free(src);
        goto done;
    }
    if (zip_close(za) != 0) {
        zip_discard(za);
        zip_source_free(src);
        goto done;
    }
    zip_stat_t st;
    if (zip_source_stat(src, &st) == 0 && zip_source_open(src) == 0) {
        char buf[65536];
        zip_int64_t r;
        while ((r = zip_source_read(src, buf, sizeof buf)) > 0)
            sb_add(out, buf, (size_t)r);
        rc = r == 0 ? 0 : -1;
        zip_source_close(src);
    }
    zip_source_free(src);
done:
    zip_error_fini(&ze);
    sb_free(&doc);
    sb_free(&hdr);
    arena_free(&a);
    if (rc != 0 && err_r)
        *err_r = strdup(_("Không tạo được tệp DOCX của văn bản."));
    return rc;
}
