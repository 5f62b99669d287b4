/* The xlsx reader (xlsx_read.h): libzip opens the workbook from memory, libxml2 parses each
 * part into a tree (the parts are bounded, so a tree is affordable and simpler than a
 * streaming reader). Nothing here touches the database or the disk. */
#include "files/xlsx_read.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <zip.h>

#include "base/i18n.h"

int xlsx_sniff(const void *data, size_t len)
{
    const unsigned char *p = data;
    if (len >= 4 && p[0] == 'P' && p[1] == 'K' && p[2] == 3 && p[3] == 4)
        return 1;
    return len >= 8 && memcmp(p, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) == 0;
}

/* ---- growing arrays ---- */

typedef struct strs {
    char **v;
    int n, cap;
} strs;

static int strs_push(strs *a, char *s)
{
    if (a->n == a->cap) {
        int cap = a->cap ? a->cap * 2 : 64;
        char **v = realloc(a->v, sizeof *v * (size_t)cap);
        if (!v)
            return -1;
        a->v = v;
        a->cap = cap;
    }
    a->v[a->n++] = s;
    return 0;
}

static void strs_free(strs *a)
{
    for (int i = 0; i < a->n; i++)
        free(a->v[i]);
    free(a->v);
}

/* ---- the zip ---- */

/* One part, inflated and NUL-terminated; NULL when absent (*missing set) or on error. */
static char *part_read(zip_t *z, const char *name, size_t *len_r, int *missing, const char **err_r)
{
    *missing = 0;
    zip_int64_t idx = zip_name_locate(z, name, ZIP_FL_NOCASE);
    if (idx < 0) {
        *missing = 1;
        return NULL;
    }
    zip_stat_t st;
    if (zip_stat_index(z, (zip_uint64_t)idx, 0, &st) != 0) {
        *err_r = _("Tệp không phải là bảng tính Excel (.xlsx) hợp lệ.");
        return NULL;
    }
    if ((st.valid & ZIP_STAT_ENCRYPTION_METHOD) && st.encryption_method != ZIP_EM_NONE) {
        *err_r = _("Bảng tính được đặt mật khẩu; hãy bỏ mật khẩu rồi nhập lại.");
        return NULL;
    }
    if ((st.valid & ZIP_STAT_SIZE) && st.size > XLSX_MAX_PART) {
        *err_r = _("Bảng tính quá lớn để nhập.");
        return NULL;
    }
    zip_file_t *f = zip_fopen_index(z, (zip_uint64_t)idx, 0);
    if (!f) {
        *err_r = _("Tệp không phải là bảng tính Excel (.xlsx) hợp lệ.");
        return NULL;
    }
    /* the declared size is not trusted: read in chunks up to the limit */
    size_t cap = 65536, len = 0;
    char *buf = malloc(cap + 1);
    for (;;) {
        if (!buf)
            break;
        if (len == cap) {
            if (cap >= XLSX_MAX_PART) {
                free(buf);
                zip_fclose(f);
                *err_r = _("Bảng tính quá lớn để nhập.");
                return NULL;
            }
            cap *= 2;
            char *b2 = realloc(buf, cap + 1);
            if (!b2) {
                free(buf);
                buf = NULL;
                break;
            }
            buf = b2;
        }
        zip_int64_t r = zip_fread(f, buf + len, cap - len);
        if (r < 0) {
            free(buf);
            buf = NULL;
            break;
        }
        if (r == 0)
            break;
        len += (size_t)r;
    }
    zip_fclose(f);
    if (!buf) {
        *err_r = _("Tệp không phải là bảng tính Excel (.xlsx) hợp lệ.");
        return NULL;
    }
    buf[len] = 0;
    *len_r = len;
    return buf;
}

static xmlDocPtr part_xml(zip_t *z, const char *name, int *missing, const char **err_r)
{
    size_t len = 0;
    char *t = part_read(z, name, &len, missing, err_r);
    if (!t)
        return NULL;
    if (len > (size_t)0x7fffffff) {
        free(t);
        *err_r = _("Bảng tính quá lớn để nhập.");
        return NULL;
    }
    /* no network, no entity substitution, no DTD loading: untrusted XML */
    xmlDocPtr d = xmlReadMemory(t, (int)len, name, NULL,
                                XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    free(t);
    if (!d)
        *err_r = _("Tệp không phải là bảng tính Excel (.xlsx) hợp lệ.");
    return d;
}

/* ---- XML helpers ---- */

static int is(xmlNodePtr n, const char *local)
{
    return n && n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, local) == 0;
}

static xmlNodePtr child(xmlNodePtr n, const char *local)
{
    for (xmlNodePtr c = n ? n->children : NULL; c; c = c->next)
        if (is(c, local))
            return c;
    return NULL;
}

/* An attribute by local name, whatever its namespace (r:id, id). malloc'd or NULL. */
static char *attr(xmlNodePtr n, const char *local)
{
    for (xmlAttrPtr a = n->properties; a; a = a->next)
        if (strcmp((const char *)a->name, local) == 0) {
            xmlChar *v = xmlNodeGetContent((xmlNodePtr)a);
            char *s = v ? strdup((const char *)v) : NULL;
            xmlFree(v);
            return s;
        }
    return NULL;
}

/* The text of every <t> under n, phonetic runs (<rPh>) left out: a rich string is a list of
 * runs. */
static void text_of(xmlNodePtr n, char **acc, size_t *len)
{
    for (xmlNodePtr c = n->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE || is(c, "rPh"))
            continue;
        if (is(c, "t")) {
            xmlChar *v = xmlNodeGetContent(c);
            size_t k = v ? strlen((const char *)v) : 0;
            char *b = realloc(*acc, *len + k + 1);
            if (b) {
                memcpy(b + *len, v ? (const char *)v : "", k);
                *len += k;
                b[*len] = 0;
                *acc = b;
            }
            xmlFree(v);
        } else
            text_of(c, acc, len);
    }
}

static char *text_dup(xmlNodePtr n)
{
    char *acc = strdup("");
    size_t len = 0;
    if (acc && n)
        text_of(n, &acc, &len);
    return acc;
}

/* ---- dates ---- */

/* Whether a number format code shows a date: d, m or y outside quotes and brackets ([Red],
 * [h]) — "0.00", "#,##0" and "@" are not dates. */
static int fmt_is_date(const char *code)
{
    int q = 0, br = 0;
    for (const char *p = code; *p; p++) {
        if (*p == '"')
            q = !q;
        else if (q)
            continue;
        else if (*p == '\\' && p[1])
            p++;
        else if (*p == '[')
            br = 1;
        else if (*p == ']')
            br = 0;
        else if (!br && strchr("dDmMyY", *p))
            return 1;
    }
    return 0;
}

static int builtin_date(long id)
{
    return (id >= 14 && id <= 22) || (id >= 27 && id <= 36) || (id >= 45 && id <= 47) ||
           (id >= 50 && id <= 58);
}

/* The date styles: date_xf[i] is 1 when cellXfs entry i formats a date. */
static unsigned char *date_styles(zip_t *z, int *n_r, const char **err_r)
{
    int missing = 0;
    *n_r = 0;
    xmlDocPtr d = part_xml(z, "xl/styles.xml", &missing, err_r);
    if (!d)
        return missing ? calloc(1, 1) : NULL;
    xmlNodePtr root = xmlDocGetRootElement(d);
    long custom_ids[512];
    unsigned char custom_date[512];
    int nc = 0;
    for (xmlNodePtr f = child(child(root, "numFmts"), "numFmt"); f; f = f->next) {
        if (!is(f, "numFmt") || nc >= 512)
            continue;
        char *id = attr(f, "numFmtId"), *code = attr(f, "formatCode");
        custom_ids[nc] = id ? strtol(id, NULL, 10) : -1;
        custom_date[nc++] = code ? (unsigned char)fmt_is_date(code) : 0;
        free(id);
        free(code);
    }
    int n = 0;
    xmlNodePtr xfs = child(root, "cellXfs");
    for (xmlNodePtr x = xfs ? xfs->children : NULL; x; x = x->next)
        if (is(x, "xf"))
            n++;
    if (n > 65536)
        n = 65536;
    unsigned char *v = calloc((size_t)n + 1, 1);
    int i = 0;
    for (xmlNodePtr x = xfs ? xfs->children : NULL; v && x && i < n; x = x->next) {
        if (!is(x, "xf"))
            continue;
        char *id = attr(x, "numFmtId");
        long fid = id ? strtol(id, NULL, 10) : 0;
        free(id);
        int date = builtin_date(fid);
        for (int k = 0; k < nc; k++)
            if (custom_ids[k] == fid)
                date = custom_date[k];
        v[i++] = (unsigned char)date;
    }
    xmlFreeDoc(d);
    *n_r = n;
    return v;
}

/* Serial day → yyyy-mm-dd. 1900 system: serial 1 is 1900-01-01 and Excel counts a 29/02/1900
 * that never was, so serials from 61 are one day late; 1904 system: serial 0 is 1904-01-01. */
static void serial_date(double serial, int date1904, char out[40])
{
    long days = (long)floor(serial);
    /* days since 1970-01-01 */
    long z;
    if (date1904)
        z = days + 24107; /* 1904-01-01 */
    else
        z = days - 25569 + (days < 61 ? 1 : 0);
    /* civil from days (Howard Hinnant's algorithm) */
    z += 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long y = yoe + era * 400, doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153, d = doy - (153 * mp + 2) / 5 + 1;
    long m = mp < 10 ? mp + 3 : mp - 9;
    if (m <= 2)
        y++;
    snprintf(out, 40, "%04d-%02d-%02d", (int)(y % 10000), (int)(m % 100), (int)(d % 100));
}

/* ---- the sheet ---- */

/* "B12" → column 1 (0-based); -1 when there are no letters. */
static int col_of(const char *ref)
{
    int c = 0, k = 0;
    for (; ref[k] >= 'A' && ref[k] <= 'Z' && k < 4; k++)
        c = c * 26 + (ref[k] - 'A' + 1);
    return k ? c - 1 : -1;
}

static char *number_text(const char *v, int date, int date1904)
{
    char *end = NULL;
    double x = strtod(v, &end);
    if (!end || end == v || !isfinite(x))
        return strdup(v);
    char buf[40];
    if (date && x >= 1 && x < 2958466)
        serial_date(x, date1904, buf);
    else if (x == floor(x) && fabs(x) < 1e15)
        snprintf(buf, sizeof buf, "%.0f", x);
    else
        snprintf(buf, sizeof buf, "%.15g", x);
    return strdup(buf);
}

static int read_row(xmlNodePtr row, int num, const strs *ss, const unsigned char *dxf, int ndxf,
                    int date1904, xlsx_row *out)
{
    char *cells[XLSX_MAX_COLS] = {0};
    int n = 0, next = 0;
    for (xmlNodePtr c = row->children; c; c = c->next) {
        if (!is(c, "c"))
            continue;
        char *ref = attr(c, "r"), *t = attr(c, "t"), *s = attr(c, "s");
        int col = ref ? col_of(ref) : -1;
        if (col < 0)
            col = next;
        next = col + 1;
        char *val = NULL;
        xmlNodePtr v = child(c, "v");
        if (t && strcmp(t, "inlineStr") == 0)
            val = text_dup(child(c, "is"));
        else if (v) {
            xmlChar *raw = xmlNodeGetContent(v);
            const char *r = raw ? (const char *)raw : "";
            if (t && strcmp(t, "s") == 0) {
                long i = strtol(r, NULL, 10);
                val = strdup(i >= 0 && i < ss->n ? ss->v[i] : "");
            } else if (t && strcmp(t, "d") == 0) /* an ISO 8601 date cell: its day */
                val = strndup(r, 10);
            else if (t && (strcmp(t, "str") == 0 || strcmp(t, "b") == 0 || strcmp(t, "e") == 0))
                val = strdup(r);
            else {
                long si = s ? strtol(s, NULL, 10) : 0;
                val = number_text(r, si >= 0 && si < ndxf && dxf[si], date1904);
            }
            xmlFree(raw);
        }
        free(ref);
        free(t);
        free(s);
        if (col >= XLSX_MAX_COLS || !val || !*val) {
            free(val);
            continue;
        }
        free(cells[col]);
        cells[col] = val;
        if (col + 1 > n)
            n = col + 1;
    }
    out->num = num;
    out->n = n;
    out->cells = calloc((size_t)n + 1, sizeof *out->cells);
    if (!out->cells) {
        for (int i = 0; i < XLSX_MAX_COLS; i++)
            free(cells[i]);
        return -1;
    }
    for (int i = 0; i < n; i++)
        out->cells[i] = cells[i] ? cells[i] : strdup("");
    return 0;
}

/* The path of the sheet in the zip: the workbook's sheet (named or first) through its
 * relationship. malloc'd name into *name_r. */
static char *sheet_path(zip_t *z, const char *want, char **name_r, int *date1904,
                        const char **err_r)
{
    int missing = 0;
    xmlDocPtr wb = part_xml(z, "xl/workbook.xml", &missing, err_r);
    if (!wb) {
        if (missing)
            *err_r = _("Tệp không phải là bảng tính Excel (.xlsx) hợp lệ.");
        return NULL;
    }
    xmlNodePtr root = xmlDocGetRootElement(wb);
    xmlNodePtr pr = child(root, "workbookPr");
    char *d1904 = pr ? attr(pr, "date1904") : NULL;
    *date1904 = d1904 && (strcmp(d1904, "1") == 0 || strcmp(d1904, "true") == 0);
    free(d1904);
    char *rid = NULL;
    for (xmlNodePtr s = child(child(root, "sheets"), "sheet"); s; s = s->next) {
        if (!is(s, "sheet"))
            continue;
        char *name = attr(s, "name");
        if (!want || (name && strcmp(name, want) == 0)) {
            rid = attr(s, "id");
            *name_r = name;
            break;
        }
        free(name);
    }
    xmlFreeDoc(wb);
    if (!rid) {
        *err_r = want ? _("Bảng tính không có trang tính cần nhập.")
                      : _("Bảng tính không có trang tính nào.");
        return NULL;
    }
    xmlDocPtr rels = part_xml(z, "xl/_rels/workbook.xml.rels", &missing, err_r);
    char *target = NULL;
    for (xmlNodePtr r = rels ? xmlDocGetRootElement(rels)->children : NULL; r; r = r->next) {
        if (!is(r, "Relationship"))
            continue;
        char *id = attr(r, "Id");
        if (id && strcmp(id, rid) == 0)
            target = attr(r, "Target");
        free(id);
        if (target)
            break;
    }
    if (rels)
        xmlFreeDoc(rels);
    free(rid);
    char *path = NULL;
    if (!target) /* the usual place when the relationships are missing */
        path = strdup("xl/worksheets/sheet1.xml");
    else if (target[0] == '/')
        path = strdup(target + 1);
    else if (asprintf(&path, "xl/%s", target) < 0)
        path = NULL;
    free(target);
    if (!path)
        *err_r = _("Tệp không phải là bảng tính Excel (.xlsx) hợp lệ.");
    return path;
}

xlsx_sheet *xlsx_read(const void *data, size_t len, const char *sheet, const char **err_r)
{
    static const char *not_xlsx = NULL;
    not_xlsx = _("Tệp không phải là bảng tính Excel (.xlsx) hợp lệ.");
    *err_r = NULL;
    if (len > XLSX_MAX_BYTES) {
        *err_r = _("Bảng tính quá lớn (tối đa 8 MB).");
        return NULL;
    }
    if (len >= 8 && memcmp(data, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) == 0) {
        /* an encrypted xlsx is an OLE compound file holding the encrypted package (an old
         * .xls is one too: neither can be read) */
        *err_r = _("Bảng tính được đặt mật khẩu hoặc ở định dạng Excel cũ (.xls); hãy bỏ "
                   "mật khẩu và lưu lại dạng .xlsx.");
        return NULL;
    }
    zip_error_t ze;
    zip_error_init(&ze);
    zip_source_t *src = len ? zip_source_buffer_create(data, len, 0, &ze) : NULL;
    zip_t *z = src ? zip_open_from_source(src, ZIP_RDONLY, &ze) : NULL;
    zip_error_fini(&ze);
    if (!z) {
        if (src)
            zip_source_free(src);
        *err_r = not_xlsx;
        return NULL;
    }
    xlsx_sheet *out = calloc(1, sizeof *out);
    strs ss = {0};
    unsigned char *dxf = NULL;
    int ndxf = 0, date1904 = 0, missing = 0;
    char *path = out ? sheet_path(z, sheet, &out->name, &date1904, err_r) : NULL;
    if (!path)
        goto fail;
    xmlDocPtr sd = part_xml(z, "xl/sharedStrings.xml", &missing, err_r);
    if (!sd && !missing)
        goto fail;
    for (xmlNodePtr si = sd ? xmlDocGetRootElement(sd)->children : NULL; si; si = si->next) {
        if (!is(si, "si"))
            continue;
        char *t = text_dup(si);
        if (!t || strs_push(&ss, t) != 0) {
            free(t);
            xmlFreeDoc(sd);
            *err_r = not_xlsx;
            goto fail;
        }
    }
    if (sd)
        xmlFreeDoc(sd);
    dxf = date_styles(z, &ndxf, err_r);
    if (!dxf)
        goto fail;
    xmlDocPtr ws = part_xml(z, path, &missing, err_r);
    if (!ws) {
        if (missing)
            *err_r = not_xlsx;
        goto fail;
    }
    xmlNodePtr data_n = child(xmlDocGetRootElement(ws), "sheetData");
    int cap = 0, prev = 0;
    for (xmlNodePtr r = data_n ? data_n->children : NULL; r; r = r->next) {
        if (!is(r, "row"))
            continue;
        char *rn = attr(r, "r");
        long num = rn ? strtol(rn, NULL, 10) : prev + 1;
        free(rn);
        if (num <= prev || num > 1048576)
            num = prev + 1;
        prev = (int)num;
        if (out->n >= XLSX_MAX_ROWS) {
            xmlFreeDoc(ws);
            *err_r = _("Bảng tính có quá nhiều dòng.");
            goto fail;
        }
        if (out->n == cap) {
            cap = cap ? cap * 2 : 64;
            xlsx_row *v = realloc(out->rows, sizeof *v * (size_t)cap);
            if (!v) {
                xmlFreeDoc(ws);
                *err_r = not_xlsx;
                goto fail;
            }
            out->rows = v;
        }
        if (read_row(r, (int)num, &ss, dxf, ndxf, date1904, &out->rows[out->n]) != 0) {
            xmlFreeDoc(ws);
            *err_r = not_xlsx;
            goto fail;
        }
        out->n++;
    }
    xmlFreeDoc(ws);
    free(path);
    free(dxf);
    strs_free(&ss);
    zip_discard(z);
    return out;
fail:
    free(path);
    free(dxf);
    strs_free(&ss);
    zip_discard(z);
    xlsx_free(out);
    if (!*err_r)
        *err_r = not_xlsx;
    return NULL;
}

void xlsx_free(xlsx_sheet *s)
{
    if (!s)
        return;
    for (int i = 0; i < s->n; i++) {
        for (int k = 0; k < s->rows[i].n; k++)
            free(s->rows[i].cells[k]);
        free(s->rows[i].cells);
    }
    free(s->rows);
    free(s->name);
    free(s);
}

/* ---- as CSV ---- */

typedef struct sbuf {
    char *p;
    size_t len, cap;
} sbuf;

static int sb_put(sbuf *b, const char *s, size_t n)
{
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 4096;
        while (b->len + n + 1 > cap)
            cap *= 2;
        char *p = realloc(b->p, cap);
        if (!p)
            return -1;
        b->p = p;
        b->cap = cap;
    }
    memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = 0;
    return 0;
}

static int sb_cell(sbuf *b, const char *s)
{
    if (!strpbrk(s, ",;\"\r\n"))
        return sb_put(b, s, strlen(s));
    int rc = sb_put(b, "\"", 1);
    for (const char *p = s; *p && !rc; p++)
        rc = *p == '"' ? sb_put(b, "\"\"", 2) : sb_put(b, p, 1);
    return rc ? rc : sb_put(b, "\"", 1);
}

char *xlsx_to_csv(const xlsx_sheet *s, const char *header_key, int *first_row_r, size_t *len_r,
                  const char **err_r)
{
    int h = -1;
    for (int i = 0; i < s->n && h < 0; i++)
        for (int k = 0; k < s->rows[i].n; k++)
            if (strcmp(s->rows[i].cells[k], header_key) == 0) {
                h = i;
                break;
            }
    if (h < 0) {
        *err_r = _("Bảng tính không có dòng tiêu đề với các cột cần nhập.");
        return NULL;
    }
    sbuf b = {0};
    int rc = sb_put(&b, "", 0);
    int line = s->rows[h].num;
    for (int i = h; i < s->n && !rc; i++) {
        const xlsx_row *r = &s->rows[i];
        for (; line < r->num && !rc; line++)
            rc = sb_put(&b, "\n", 1); /* a row absent from the XML keeps its number */
        for (int k = 0; k < r->n && !rc; k++) {
            if (k)
                rc = sb_put(&b, ",", 1);
            if (!rc)
                rc = sb_cell(&b, r->cells[k]);
        }
        if (!rc)
            rc = sb_put(&b, "\n", 1);
        line++;
    }
    if (rc) {
        free(b.p);
        *err_r = _("Bảng tính quá lớn để nhập.");
        return NULL;
    }
    *first_row_r = s->rows[h].num;
    *len_r = b.len;
    return b.p;
}
