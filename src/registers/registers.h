#ifndef VP_EXPORT_H
#define VP_EXPORT_H
/* One table, three shapes: the registers (sổ đăng ký đến/đi, sổ theo dõi) are exported the
 * way offices expect them.
 *
 *   json — {"title":…, "columns":[…], "rows":[[…],…]} (NULL cells are "")
 *   csv  — UTF-8 with a BOM (so Excel shows Vietnamese), CRLF rows, RFC 4180 quoting via
 *          csv_field (formula-looking cells neutralised), the header row first
 *   xlsx — libxlsxwriter: a merged bold title row, bold wrapped headers, column widths from
 *          the content, A4 landscape fit to one page wide, headers repeated on every printed
 *          page. Written to a temporary file under config.tmp_dir, sent through rs->file_fd and
 *          unlinked at once (the open descriptor keeps the data until sent).
 *
 * `filename` is the download name without extension ("so-van-ban-di-2026"); ASCII only.
 * cells is row-major, nrows*ncols entries, NULL = empty. Writes the whole response (status
 * 200, Content-Type, Content-Disposition: attachment for csv/xlsx). Returns 0, or -1 after
 * answering 400 (unknown format) or 500 (the xlsx could not be written). */
#include "base/config.h"
#include "web/ctx.h"
#include "base/strbuf.h"

int export_table(ctx *c, const char *format /* json|csv|xlsx */, const char *filename,
                 const char *title, int ncols, const char *const *headers, int nrows,
                 const char *const *cells);

/* True for "json", "csv", "xlsx". */
int export_format_ok(const char *format);

/* Lower-level writers used by export_table (exposed for unit tests). Each returns 0 or -1. */
void export_csv(strbuf *out, int ncols, const char *const *headers, int nrows,
                const char *const *cells);
int export_xlsx_file(const char *path, const char *title, int ncols, const char *const *headers,
                     int nrows, const char *const *cells);

#endif
