#ifndef VP_XLSX_READ_H
#define VP_XLSX_READ_H
/* A small reader of Office Open XML workbooks (.xlsx), for the spreadsheet imports (members,
 * đảng phí payments): offices keep these lists in Excel. An xlsx file is a zip of XML parts;
 * this reads xl/workbook.xml (which sheet), its relationships (where the sheet lives),
 * xl/sharedStrings.xml, xl/styles.xml (which number formats are dates) and the sheet, and
 * returns its rows as UTF-8 text cells:
 *   - shared strings, inline strings, formula strings, booleans ("1"/"0") as typed;
 *   - numbers as the shortest decimal ("12", "6500000", "0.5");
 *   - numbers whose cell style is a date format as "yyyy-mm-dd" (1900 date system, with
 *     Excel's phantom 29/02/1900 skipped; 1904 workbooks are honoured too);
 *   - empty cells (and cells skipped in the XML) as "".
 * Merged cells keep their value in the top-left cell only, as Excel stores them, so a merged
 * title row above the header is simply a row with one value.
 *
 * Untrusted input: the zip is opened from memory, every part is bounded (XLSX_MAX_PART bytes
 * once inflated, which stops zip bombs), the XML is parsed without network or entity
 * expansion, and the row and column counts are bounded. Errors are Vietnamese sentences for
 * the user (a file that is not xlsx, an encrypted workbook, a file over the limit). */
#include <stddef.h>

#define XLSX_MAX_BYTES (8u * 1024u * 1024u) /* the file itself */
#define XLSX_MAX_PART (64u * 1024u * 1024u) /* one XML part once inflated */
#define XLSX_MAX_ROWS 100000                /* rows returned */
#define XLSX_MAX_COLS 256                   /* columns returned per row */

typedef struct xlsx_row {
    int num; /* the row number in the sheet (1 = the first row) */
    int n;   /* cells, the last non-empty one included */
    char **cells;
} xlsx_row;

typedef struct xlsx_sheet {
    char *name;
    int n; /* rows, in sheet order; rows absent from the XML are absent here */
    xlsx_row *rows;
} xlsx_sheet;

/* True when data starts like a zip (an xlsx) or an OLE compound file (an encrypted xlsx). */
int xlsx_sniff(const void *data, size_t len);

/* Reads the sheet named sheet (NULL: the first sheet) of the workbook in data. Returns a
 * sheet to free with xlsx_free, or NULL with *err_r set to a static Vietnamese message. */
xlsx_sheet *xlsx_read(const void *data, size_t len, const char *sheet, const char **err_r);
void xlsx_free(xlsx_sheet *s);

/* The sheet as CSV text for the existing importers (comma separated, quoted where needed),
 * starting at the first row whose cells include header_key (a merged title row above the
 * header is skipped), one line per sheet row from there, so line k of the text is sheet row
 * *first_row_r + k - 1 (rows absent from the XML become blank lines). malloc'd; NULL with
 * *err_r when no row holds header_key. */
char *xlsx_to_csv(const xlsx_sheet *s, const char *header_key, int *first_row_r, size_t *len_r,
                  const char **err_r);

#endif
