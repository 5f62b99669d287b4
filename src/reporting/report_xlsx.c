/* A report's form as an .xlsx template and its upload (reporting.h): the template is one sheet
 * "Báo cáo" (code, indicator, unit, value — one row per indicator in the form's order) and a
 * hidden sheet "_meta" naming the type, form version, unit and period; an upload is read back
 * cell by cell (unzip in the jobs sandbox, the sheet XML scanned here), checked against the
 * template's shape — no extra sheet, no shifted column or row, the same report — and saved
 * through rep_save, so a wrong value or a broken rule is an error of its cell
 * ("Báo cáo!D5: …") and nothing is saved until every cell is right. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <xlsxwriter.h>

#include "base/i18n.h"
#include "jobs/jobs.h"
#include "reporting/reporting_impl.h"

#define SHEET_MAIN "Báo cáo"
#define SHEET_META "_meta"
#define XLSX_MAX_UNZIPPED ((size_t)16 * 1024 * 1024)
#define XLSX_MAX_ROWS 1000

static const char *const headers[] = {"Mã chỉ tiêu", "Chỉ tiêu", "Đơn vị tính", "Giá trị"};

int rep_template_xlsx(ctx *c, const rep_instance *r, const rep_form *f, const char *path)
{
    lxw_workbook *wb = workbook_new(path);
    if (!wb)
        return -1;
    lxw_worksheet *ws = workbook_add_worksheet(wb, SHEET_MAIN);
    lxw_worksheet *meta = workbook_add_worksheet(wb, SHEET_META);
    lxw_format *bold = workbook_add_format(wb);
    format_set_bold(bold);
    for (int k = 0; k < 4; k++)
        worksheet_write_string(ws, 0, (lxw_col_t)k, headers[k], bold);
    json_t *vals = rep_values_json(c, r, f);
    for (int i = 0; i < f->n_ind; i++) {
        const rep_indicator *d = &f->ind[i];
        lxw_row_t row = (lxw_row_t)(i + 1);
        worksheet_write_string(ws, row, 0, d->code, NULL);
        worksheet_write_string(ws, row, 1, d->name, NULL);
        worksheet_write_string(ws, row, 2, d->unit ? d->unit : "", NULL);
        json_t *x = json_object_get(vals, d->code);
        if (json_is_number(x))
            worksheet_write_number(ws, row, 3, json_number_value(x), NULL);
        else if (json_is_boolean(x))
            worksheet_write_string(ws, row, 3, json_is_true(x) ? "Có" : "Không", NULL);
        else if (json_is_string(x))
            worksheet_write_string(ws, row, 3, json_string_value(x), NULL);
    }
    json_decref(vals);
    worksheet_set_column(ws, 0, 0, 20, NULL);
    worksheet_set_column(ws, 1, 1, 50, NULL);
    worksheet_set_column(ws, 3, 3, 30, NULL);
    const rep_type *t = rep_type_get(c, r->type_id);
    worksheet_write_string(meta, 0, 0, t ? t->code : "", NULL);
    worksheet_write_number(meta, 1, 0, f->version, NULL);
    worksheet_write_number(meta, 2, 0, (double)r->unit_id, NULL);
    worksheet_write_string(meta, 3, 0, r->period, NULL);
    worksheet_hide(meta);
    return workbook_close(wb) == LXW_NO_ERROR ? 0 : -1;
}

/* ---- reading ---------------------------------------------------------------------------- */

static int unzip(const char *path, const char *member, strbuf *out)
{
    const char *argv[] = {"unzip", "-p", "-qq", path, member, NULL};
    exec_limits lim = EXEC_DEFAULT_LIMITS;
    lim.out_max = XLSX_MAX_UNZIPPED;
    lim.wall_s = 20;
    bool trunc = false;
    char *detail = NULL;
    int rc = jobs_exec(argv, NULL, &lim, out, &trunc, &detail);
    free(detail);
    return rc != 0 || trunc ? -1 : 0;
}

/* XML text with its five entities and numeric references decoded (arena). */
static char *xml_text(arena *a, const char *s, size_t n)
{
    char *o = arena_alloc(a, n * 4 + 1), *w = o;
    for (size_t i = 0; i < n; i++) {
        if (s[i] != '&') {
            *w++ = s[i];
            continue;
        }
        const char *semi = memchr(s + i, ';', n - i < 12 ? n - i : 12);
        if (!semi) {
            *w++ = s[i];
            continue;
        }
        size_t len = (size_t)(semi - (s + i));
        static const struct {
            const char *e, *c;
        } ents[] = {{"&amp", "&"}, {"&lt", "<"}, {"&gt", ">"}, {"&quot", "\""}, {"&apos", "'"}};
        bool done = false;
        for (size_t k = 0; k < 5 && !done; k++)
            if (len == strlen(ents[k].e) && strncmp(s + i, ents[k].e, len) == 0) {
                *w++ = ents[k].c[0];
                done = true;
            }
        if (!done && s[i + 1] == '#') {
            unsigned long cp =
                s[i + 2] == 'x' ? strtoul(s + i + 3, NULL, 16) : strtoul(s + i + 2, NULL, 10);
            if (cp < 0x80)
                *w++ = (char)cp;
            else if (cp < 0x800)
                *w++ = (char)(0xC0 | (cp >> 6)), *w++ = (char)(0x80 | (cp & 0x3F));
            else if (cp < 0x10000)
                *w++ = (char)(0xE0 | (cp >> 12)), *w++ = (char)(0x80 | ((cp >> 6) & 0x3F)),
                *w++ = (char)(0x80 | (cp & 0x3F));
            done = true;
        }
        if (done)
            i += len;
        else
            *w++ = s[i];
    }
    *w = 0;
    return o;
}

/* The value of attribute name in the tag starting at p (up to '>'), or NULL (arena). */
static const char *attr(arena *a, const char *p, const char *name)
{
    const char *end = strchr(p, '>');
    size_t n = strlen(name);
    for (const char *q = p; q && end && q < end; q++) {
        if ((q[-1] == ' ' || q[-1] == '\t' || q[-1] == '\n') && strncmp(q, name, n) == 0 &&
            q[n] == '=' && (q[n + 1] == '"' || q[n + 1] == '\'')) {
            const char *v = q + n + 2, *e = strchr(v, q[n + 1]);
            return e ? xml_text(a, v, (size_t)(e - v)) : NULL;
        }
    }
    return NULL;
}

/* The concatenated <t> texts between p and end. */
static const char *texts(arena *a, const char *p, const char *end)
{
    strbuf b = STRBUF_INIT;
    while ((p = strstr(p, "<t")) && p < end) {
        if (p[2] != '>' && p[2] != ' ') {
            p += 2;
            continue;
        }
        const char *v = strchr(p, '>');
        if (!v || v[-1] == '/') {
            p += 2;
            continue;
        }
        v++;
        const char *e = strstr(v, "</t>");
        if (!e || e > end)
            break;
        sb_add(&b, v, (size_t)(e - v));
        p = e + 4;
    }
    const char *r = xml_text(a, sb_str(&b), b.len);
    sb_free(&b);
    return r;
}

typedef struct sheet {
    int rows;
    const char **cell; /* cell[row * 4 + col], rows from 0; NULL when empty */
    bool wide;         /* a value beyond column D */
} sheet;

static int col_of(const char *ref, int *row_r)
{
    int col = 0;
    while (isupper((unsigned char)*ref))
        col = col * 26 + (*ref++ - 'A' + 1);
    *row_r = atoi(ref) - 1;
    return col - 1;
}

static void read_sheet(arena *a, const char *xml, const char **shared, int n_shared, sheet *sh)
{
    sh->cell = arena_alloc(a, (size_t)XLSX_MAX_ROWS * 4 * sizeof *sh->cell);
    for (const char *p = strstr(xml, "<c "); p; p = strstr(p + 3, "<c ")) {
        const char *ref = attr(a, p, "r"), *t = attr(a, p, "t");
        const char *tag_end = strchr(p, '>');
        if (!ref || !tag_end)
            continue;
        int row, col = col_of(ref, &row);
        const char *end = tag_end[-1] == '/' ? tag_end : strstr(tag_end, "</c>");
        if (!end)
            break;
        const char *v = NULL;
        if (t && strcmp(t, "inlineStr") == 0)
            v = texts(a, tag_end, end);
        else {
            const char *vs = strstr(tag_end, "<v>");
            if (vs && vs < end) {
                const char *ve = strstr(vs, "</v>");
                v = ve ? xml_text(a, vs + 3, (size_t)(ve - vs - 3)) : NULL;
            }
            if (v && t && strcmp(t, "s") == 0) {
                int k = atoi(v);
                v = k >= 0 && k < n_shared ? shared[k] : NULL;
            } else if (v && t && strcmp(t, "b") == 0)
                v = strcmp(v, "1") == 0 ? "Có" : "Không";
        }
        if (!v || !*v || row < 0 || row >= XLSX_MAX_ROWS || col < 0)
            continue;
        if (col > 3) {
            sh->wide = true;
            continue;
        }
        sh->cell[row * 4 + col] = v;
        if (row + 1 > sh->rows)
            sh->rows = row + 1;
    }
}

static const char *cell(const sheet *sh, int row, int col)
{
    return row < sh->rows ? sh->cell[row * 4 + col] : NULL;
}

static const char *ref(ctx *c, const char *sheet_name, int row, int col)
{
    return arena_printf(c->a, "%s!%c%d", sheet_name, 'A' + col, row + 1);
}

int rep_upload_xlsx(ctx *c, int64_t id, const http_upload *u, bool submit, web_err *e)
{
    memset(e, 0, sizeof *e);
    const rep_instance *r = rep_get(c, id);
    if (!r) {
        web_err_add(e, 404, "not_found", NULL, _("Không tìm thấy báo cáo."));
        return -1;
    }
    if (!rep_may_submit(c, r)) {
        web_err_add(e, 403, "forbidden", NULL,
                    _("Chỉ đơn vị báo cáo được nhập và nộp báo cáo này."));
        return -1;
    }
    if (!u || u->size <= 0) {
        web_err_add(e, 422, "invalid_input", "file", _("Hãy chọn tệp Excel (.xlsx) đã điền."));
        return -1;
    }
    const rep_form *f = rep_form_for(c, r->type_id, NULL, r->form_id);
    if (!f) {
        web_err_db(c, e);
        return -1;
    }
    strbuf wbx = STRBUF_INIT, rels = STRBUF_INIT, ss = STRBUF_INIT;
    int rc = -1;
    if (unzip(u->tmp_path, "xl/workbook.xml", &wbx) != 0 || !wbx.len) {
        web_err_add(e, 422, "invalid_input", "file",
                    _("Không đọc được tệp: hãy tải lên tệp .xlsx lấy từ «Tải biểu mẫu Excel»."));
        goto out;
    }
    unzip(u->tmp_path, "xl/_rels/workbook.xml.rels", &rels);
    unzip(u->tmp_path, "xl/sharedStrings.xml", &ss);
    /* The sheets, in order, with the part each one is. */
    const char *names[8], *parts[8];
    int n_sheets = 0;
    const char *wx = sb_str(&wbx), *rx = sb_str(&rels);
    for (const char *p = strstr(wx, "<sheet "); p; p = strstr(p + 7, "<sheet ")) {
        if (n_sheets == 8)
            break;
        const char *rid = attr(c->a, p, "r:id");
        names[n_sheets] = attr(c->a, p, "name");
        parts[n_sheets] = NULL;
        for (const char *q = strstr(rx, "<Relationship "); rid && q;
             q = strstr(q + 14, "<Relationship ")) {
            const char *qid = attr(c->a, q, "Id");
            if (qid && strcmp(qid, rid) == 0) {
                const char *target = attr(c->a, q, "Target");
                if (target)
                    parts[n_sheets] = target[0] == '/' ? arena_strdup(c->a, target + 1)
                                                       : arena_printf(c->a, "xl/%s", target);
            }
        }
        n_sheets++;
    }
    int main_ix = -1, meta_ix = -1;
    for (int i = 0; i < n_sheets; i++) {
        if (names[i] && strcmp(names[i], SHEET_MAIN) == 0)
            main_ix = i;
        else if (names[i] && strcmp(names[i], SHEET_META) == 0)
            meta_ix = i;
        else
            web_err_add(e, 422, "invalid_input", "file",
                        arena_printf(c->a,
                                     _("Tệp có trang tính thừa «%s»: chỉ giữ trang «%s» của "
                                       "biểu mẫu."),
                                     names[i] ? names[i] : "?", SHEET_MAIN));
    }
    if (main_ix < 0 || meta_ix < 0 || !parts[main_ix] || !parts[meta_ix])
        web_err_add(e, 422, "invalid_input", "file",
                    _("Tệp không phải biểu mẫu của báo cáo này (thiếu trang «Báo cáo» hoặc "
                      "trang thông tin ẩn)."));
    if (e->n)
        goto out;
    /* Shared strings, in order. */
    int n_shared = 0, cap = 64;
    const char **shared = arena_alloc(c->a, (size_t)cap * sizeof *shared);
    const char *sx = sb_str(&ss);
    for (const char *p = strstr(sx, "<si>"); p; p = strstr(p + 4, "<si>")) {
        const char *end = strstr(p, "</si>");
        if (!end)
            break;
        ARENA_GROW(c->a, shared, n_shared, cap);
        shared[n_shared++] = texts(c->a, p, end);
    }
    sheet sm = {0}, mt = {0};
    strbuf x1 = STRBUF_INIT, x2 = STRBUF_INIT;
    if (unzip(u->tmp_path, parts[main_ix], &x1) != 0 ||
        unzip(u->tmp_path, parts[meta_ix], &x2) != 0) {
        sb_free(&x1);
        sb_free(&x2);
        web_err_add(e, 422, "invalid_input", "file", _("Không đọc được trang tính của tệp."));
        goto out;
    }
    read_sheet(c->a, sb_str(&x1), shared, n_shared, &sm);
    read_sheet(c->a, sb_str(&x2), shared, n_shared, &mt);
    sb_free(&x1);
    sb_free(&x2);
    /* The same report: type, form version, unit and period of the hidden sheet. */
    const rep_type *t = rep_type_get(c, r->type_id);
    const char *m_type = cell(&mt, 0, 0), *m_ver = cell(&mt, 1, 0), *m_unit = cell(&mt, 2, 0),
               *m_period = cell(&mt, 3, 0);
    if (!m_type || !t || strcmp(m_type, t->code) != 0 || !m_ver || atoi(m_ver) != f->version ||
        !m_unit || atoll(m_unit) != r->unit_id || !m_period || strcmp(m_period, r->period) != 0) {
        web_err_add(e, 422, "invalid_input", "file",
                    _("Tệp là biểu mẫu của báo cáo khác (loại, phiên bản biểu mẫu, đơn vị hoặc "
                      "kỳ không khớp): hãy tải biểu mẫu của báo cáo này."));
        goto out;
    }
    /* The shape: the header row, then each indicator on its row, nothing beyond column D. */
    for (int k = 0; k < 4; k++) {
        const char *h = cell(&sm, 0, k);
        if (!h || strcmp(h, headers[k]) != 0)
            web_err_add(e, 422, "invalid_input", "file",
                        arena_printf(c->a, _("%s phải là «%s»: các cột đã bị dịch chuyển."),
                                     ref(c, SHEET_MAIN, 0, k), headers[k]));
    }
    if (sm.wide)
        web_err_add(e, 422, "invalid_input", "file",
                    _("Có dữ liệu ngoài cột D: các cột đã bị dịch chuyển hoặc thêm cột."));
    json_t *vals = json_object();
    for (int i = 0; i < f->n_ind && !e->n; i++) {
        const char *code = cell(&sm, i + 1, 0);
        if (!code || strcmp(code, f->ind[i].code) != 0) {
            web_err_add(e, 422, "invalid_input", "file",
                        arena_printf(c->a,
                                     _("%s phải là mã chỉ tiêu %s: các dòng đã bị dịch "
                                       "chuyển."),
                                     ref(c, SHEET_MAIN, i + 1, 0), f->ind[i].code));
            continue;
        }
        const char *v = cell(&sm, i + 1, 3);
        if (f->ind[i].type == IND_BOOL && v)
            v = strcmp(v, "Có") == 0 ? "co" : strcmp(v, "Không") == 0 ? "khong" : v;
        json_object_set_new(vals, code, v ? json_string(v) : json_null());
    }
    if (sm.rows > f->n_ind + 1 && !e->n)
        web_err_add(e, 422, "invalid_input", "file",
                    arena_printf(c->a, _("%s: có dòng thừa sau chỉ tiêu cuối cùng."),
                                 ref(c, SHEET_MAIN, f->n_ind + 1, 0)));
    if (e->n) {
        json_decref(vals);
        goto out;
    }
    rep_submission sub = {.values = vals, .submit = submit};
    web_err se;
    rc = rep_save(c, id, &sub, &se);
    json_decref(vals);
    if (rc != 0) {
        /* Each field's message at its cell. */
        e->status = se.status;
        e->code = se.code;
        for (int k = 0; k < se.n; k++) {
            int row = -1;
            for (int i = 0; se.e[k].field && i < f->n_ind; i++)
                if (strcmp(f->ind[i].code, se.e[k].field) == 0)
                    row = i + 1;
            web_err_add(
                e, se.status, se.code, "file",
                row > 0 ? arena_printf(c->a, "%s: %s", ref(c, SHEET_MAIN, row, 3), se.e[k].message)
                        : se.e[k].message);
        }
    }
out:
    sb_free(&wbx);
    sb_free(&rels);
    sb_free(&ss);
    return rc;
}
