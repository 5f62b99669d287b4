/* Register exports: JSON, CSV with BOM, XLSX (see export.h for the shapes). */
#include "registers/registers.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jansson.h>
#include <xlsxwriter.h>

#include "base/config.h"
#include "web/respond.h"
#include "base/i18n.h"

#define EXPORT_MIN_WIDTH 8.0
#define EXPORT_MAX_WIDTH 60.0
#define LXW_PAPER_A4 9 /* libxlsxwriter's paper code for A4 */

int export_format_ok(const char *format)
{
    return format && (strcmp(format, "json") == 0 || strcmp(format, "csv") == 0 ||
                      strcmp(format, "xlsx") == 0);
}

static const char *cell(const char *const *cells, int ncols, int r, int col)
{
    const char *s = cells[(size_t)r * (size_t)ncols + (size_t)col];
    return s ? s : "";
}

void export_csv(strbuf *out, int ncols, const char *const *headers, int nrows,
                const char *const *cells)
{
    /* The BOM is what makes Excel on an office PC read the file as UTF-8 rather than the
     * Windows code page, so Vietnamese shows correctly. */
    sb_add(out, "\xEF\xBB\xBF", 3);
    for (int col = 0; col < ncols; col++) {
        if (col)
            sb_addc(out, ',');
        csv_field(out, headers[col]);
    }
    sb_add(out, "\r\n", 2);
    for (int r = 0; r < nrows; r++) {
        for (int col = 0; col < ncols; col++) {
            if (col)
                sb_addc(out, ',');
            csv_field(out, cell(cells, ncols, r, col));
        }
        sb_add(out, "\r\n", 2);
    }
}

/* Display width of UTF-8 text in characters (continuation bytes do not count); for multi-line
 * cells the longest line. */
static double text_width(const char *s)
{
    double best = 0, cur = 0;
    for (; *s; s++) {
        if (*s == '\n') {
            if (cur > best)
                best = cur;
            cur = 0;
        } else if (((unsigned char)*s & 0xC0) != 0x80) {
            cur++;
        }
    }
    return cur > best ? cur : best;
}

int export_xlsx_file(const char *path, const char *title, int ncols, const char *const *headers,
                     int nrows, const char *const *cells)
{
    lxw_workbook *wb = workbook_new(path);
    if (!wb)
        return -1;
    lxw_worksheet *ws = workbook_add_worksheet(wb, NULL);
    lxw_format *f_title = workbook_add_format(wb);
    format_set_bold(f_title);
    format_set_font_size(f_title, 14);
    format_set_align(f_title, LXW_ALIGN_CENTER);
    lxw_format *f_head = workbook_add_format(wb);
    format_set_bold(f_head);
    format_set_text_wrap(f_head);
    format_set_border(f_head, LXW_BORDER_THIN);
    format_set_align(f_head, LXW_ALIGN_CENTER);
    format_set_align(f_head, LXW_ALIGN_VERTICAL_CENTER);
    lxw_format *f_cell = workbook_add_format(wb);
    format_set_text_wrap(f_cell);
    format_set_border(f_cell, LXW_BORDER_THIN);
    format_set_align(f_cell, LXW_ALIGN_VERTICAL_TOP);

    if (ncols > 1)
        worksheet_merge_range(ws, 0, 0, 0, (lxw_col_t)(ncols - 1), title ? title : "", f_title);
    else
        worksheet_write_string(ws, 0, 0, title ? title : "", f_title);
    for (int col = 0; col < ncols; col++) {
        double w = text_width(headers[col]) + 2;
        worksheet_write_string(ws, 1, (lxw_col_t)col, headers[col], f_head);
        for (int r = 0; r < nrows; r++) {
            const char *s = cell(cells, ncols, r, col);
            worksheet_write_string(ws, (lxw_row_t)(r + 2), (lxw_col_t)col, s, f_cell);
            double tw = text_width(s) + 2;
            if (tw > w)
                w = tw;
        }
        if (w < EXPORT_MIN_WIDTH)
            w = EXPORT_MIN_WIDTH;
        if (w > EXPORT_MAX_WIDTH)
            w = EXPORT_MAX_WIDTH;
        worksheet_set_column(ws, (lxw_col_t)col, (lxw_col_t)col, w, NULL);
    }
    /* The paper register: A4 landscape, one page wide, headers on every page. */
    worksheet_set_landscape(ws);
    worksheet_set_paper(ws, LXW_PAPER_A4);
    worksheet_fit_to_pages(ws, 1, 0);
    worksheet_repeat_rows(ws, 1, 1);
    worksheet_freeze_panes(ws, 2, 0);
    return workbook_close(wb) == LXW_NO_ERROR ? 0 : -1;
}

static void set_download(ctx *c, const char *mime, const char *filename, const char *ext)
{
    resp_header(c->a, c->rs, "Content-Type", mime);
    resp_header(c->a, c->rs, "Content-Disposition",
                arena_printf(c->a, "attachment; filename=\"%s.%s\"", filename, ext));
    resp_header(c->a, c->rs, "X-Content-Type-Options", "nosniff");
    resp_header(c->a, c->rs, "Cache-Control", "no-store");
}

static int send_xlsx(ctx *c, const char *filename, const char *title, int ncols,
                     const char *const *headers, int nrows, const char *const *cells)
{
    char *path = arena_printf(c->a, "%s/export-XXXXXX", config.tmp_dir ? config.tmp_dir : "/tmp");
    int tmp = mkstemp(path);
    if (tmp < 0)
        goto fail;
    close(tmp);
    if (export_xlsx_file(path, title, ncols, headers, nrows, cells) != 0) {
        unlink(path);
        goto fail;
    }
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    unlink(path); /* the open descriptor keeps the data until the adapter has sent it */
    struct stat st;
    if (fd < 0 || fstat(fd, &st) != 0) {
        if (fd >= 0)
            close(fd);
        goto fail;
    }
    c->rs->status = 200;
    set_download(c, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", filename,
                 "xlsx");
    c->rs->file_fd = fd;
    c->rs->file_size = st.st_size;
    return 0;
fail:
    respond_error(c, 500, "export_failed", _("Không tạo được tệp Excel. Vui lòng thử lại."));
    return -1;
}

int export_table(ctx *c, const char *format, const char *filename, const char *title, int ncols,
                 const char *const *headers, int nrows, const char *const *cells)
{
    if (!format || strcmp(format, "json") == 0) {
        json_t *cols = json_array(), *rows = json_array();
        for (int col = 0; col < ncols; col++)
            json_array_append_new(cols, json_string(headers[col]));
        for (int r = 0; r < nrows; r++) {
            json_t *row = json_array();
            for (int col = 0; col < ncols; col++)
                json_array_append_new(row, json_string(cell(cells, ncols, r, col)));
            json_array_append_new(rows, row);
        }
        respond_json(c, 200,
                     json_pack("{s:s, s:o, s:i, s:o}", "title", title ? title : "", "columns", cols,
                               "total", nrows, "rows", rows));
        return 0;
    }
    if (strcmp(format, "csv") == 0) {
        c->rs->status = 200;
        set_download(c, "text/csv; charset=utf-8", filename, "csv");
        export_csv(&c->rs->body, ncols, headers, nrows, cells);
        return 0;
    }
    if (strcmp(format, "xlsx") == 0)
        return send_xlsx(c, filename, title, ncols, headers, nrows, cells);
    respond_error(c, 400, "invalid_input", _("Định dạng xuất không hợp lệ (json, csv, xlsx)."));
    return -1;
}
