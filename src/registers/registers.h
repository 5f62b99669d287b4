#ifndef VP_REGISTERS_H
#define VP_REGISTERS_H
/* Registers: the legal books as printable pages and exports — sổ đăng ký văn bản đến, sổ
 * theo dõi giải quyết, sổ đăng ký văn bản đi — read from the documents through their
 * visibility rules (incoming.h IN_VISIBLE_SQL, outgoing.h). Writes no table.
 *
 * Export — one table, three shapes: the registers (sổ đăng ký đến/đi, sổ theo dõi) are exported the
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

/* Sổ đăng ký văn bản đến (10 columns) and sổ theo dõi giải quyết (7 columns) for the arrival
 * period [from, to] (NULL = the current year), visible records of unit_id (0 = the caller's
 * unit). Cells row-major into the arena; returns the row count or -1. */
extern const char *const incoming_register_headers[10];
extern const char *const followup_headers[7];
int incoming_register_rows(ctx *c, int64_t unit_id, const char *from, const char *to,
                           const char ***cells_r);
int followup_rows(ctx *c, int64_t unit_id, const char *from, const char *to, const char ***cells_r);

/* The outgoing register (sổ đăng ký văn bản đi, 10 columns) for issue dates in [from, to];
 * rows of documents the caller may see, ordered by register and number. Returns the row
 * count; cells (c->a) row-major, OUTREG_COLS per row. */
#define OUTREG_COLS 10
extern const char *const outreg_headers[OUTREG_COLS];
int register_out_rows(ctx *c, const char *from, const char *to, const char ***cells_r);

/* Routes: /registers/incoming, /registers/followup, /registers/outgoing and their API. */
void registers_routes(void);

#endif
