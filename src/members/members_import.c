/* Importing a member list from a CSV spreadsheet (UTF-8, "," or ";", a header row naming the
 * columns). Every row is checked first and every error names its row; one bad row and nothing
 * is saved: the list is imported whole or not at all, in one transaction. An xlsx workbook is
 * read by files/xlsx_read into the same CSV text, the header row found under a title. */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "audit/audit.h"
#include "base/i18n.h"
#include "db/db.h"
#include "files/xlsx_read.h"
#include "members/members.h"
#include "members/members_impl.h"
#include "web/params.h"

const char *mem_date_in(ctx *c, const char *s)
{
    if (!s || !*s)
        return "";
    if (strlen(s) == 10 && s[2] == '/' && s[5] == '/')
        return arena_printf(c->a, "%.4s-%.2s-%.2s", s + 6, s + 3, s);
    return s;
}

const char *mem_date_out(ctx *c, const char *s)
{
    if (!s || strlen(s) < 10)
        return "";
    return arena_printf(c->a, "%.2s/%.2s/%.4s", s + 8, s + 5, s);
}

/* Splits one CSV record at *p (quotes "" escape a quote) into up to max fields (arena). */
static int csv_record(ctx *c, const char **p, const char *end, char sep, char **f, int max)
{
    int n = 0;
    const char *s = *p;
    if (s >= end)
        return -1;
    for (;;) {
        size_t cap = 64, len = 0;
        char *buf = arena_alloc(c->a, cap);
        if (s < end && *s == '"') {
            s++;
            while (s < end) {
                if (*s == '"' && s + 1 < end && s[1] == '"') {
                    s += 2;
                    if (len + 1 >= cap) {
                        char *b2 = arena_alloc(c->a, cap * 2);
                        memcpy(b2, buf, len);
                        buf = b2;
                        cap *= 2;
                    }
                    buf[len++] = '"';
                    continue;
                }
                if (*s == '"') {
                    s++;
                    break;
                }
                if (len + 1 >= cap) {
                    char *b2 = arena_alloc(c->a, cap * 2);
                    memcpy(b2, buf, len);
                    buf = b2;
                    cap *= 2;
                }
                buf[len++] = *s++;
            }
        }
        while (s < end && *s != sep && *s != '\n' && *s != '\r') {
            if (len + 1 >= cap) {
                char *b2 = arena_alloc(c->a, cap * 2);
                memcpy(b2, buf, len);
                buf = b2;
                cap *= 2;
            }
            buf[len++] = *s++;
        }
        buf[len] = 0;
        /* trim blanks typed around a value */
        while (len && (buf[len - 1] == ' ' || buf[len - 1] == '\t'))
            buf[--len] = 0;
        char *t = buf;
        while (*t == ' ' || *t == '\t')
            t++;
        if (n < max)
            f[n++] = t;
        if (s < end && *s == sep) {
            s++;
            continue;
        }
        break;
    }
    if (s < end && *s == '\r')
        s++;
    if (s < end && *s == '\n')
        s++;
    *p = s;
    return n;
}

enum {
    C_NAME,
    C_BIRTH,
    C_GENDER,
    C_IDNO,
    C_ADMIT,
    C_OFFICIAL,
    C_CARD,
    C_CAT,
    C_BASIS,
    C_REGION,
    C_NOTE,
    C_N
};
static const char *const col_keys[C_N] = {
    "ho_ten",      "ngay_sinh", "gioi_tinh",  "cccd", "ngay_vao_dang", "ngay_chinh_thuc",
    "so_the_dang", "doi_tuong", "muc_can_cu", "vung", "ghi_chu"};

/* line0: the sheet row of the header (1 for a CSV file; the header's row in a workbook, so
 * that every error names the row the user sees in Excel). */
static int import_from(ctx *c, int64_t unit_id, const char *csv, size_t len, int line0, web_err *e)
{
    if (!members_may_write(c, unit_id)) {
        web_err_add(e, 403, "forbidden", "unit_id",
                    _("Bạn không có quyền nhập đảng viên cho tổ chức đảng này."));
        return -1;
    }
    const char *p = csv, *end = csv + len;
    if (len >= 3 && (unsigned char)p[0] == 0xEF && (unsigned char)p[1] == 0xBB &&
        (unsigned char)p[2] == 0xBF)
        p += 3; /* the byte-order mark a spreadsheet program writes */
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    const char *hl_end = nl ? nl : end;
    char sep = memchr(p, ';', (size_t)(hl_end - p)) ? ';' : ',';
    char *hdr[32];
    int nh = csv_record(c, &p, end, sep, hdr, 32);
    int col[C_N];
    for (int k = 0; k < C_N; k++) {
        col[k] = -1;
        for (int i = 0; i < nh; i++)
            if (strcmp(hdr[i], col_keys[k]) == 0)
                col[k] = i;
    }
    if (nh <= 0 || col[C_NAME] < 0 || col[C_ADMIT] < 0) {
        web_err_add(e, 400, "invalid_input", "file",
                    _("Tệp không có dòng tiêu đề với các cột «ho_ten» và «ngay_vao_dang»."));
        return -1;
    }
    int cap = 256, n = 0, bad = 0, line = line0;
    member *rows = arena_alloc(c->a, sizeof *rows * (size_t)cap);
    while (p < end) {
        char *f[32];
        line++;
        int nf = csv_record(c, &p, end, sep, f, 32);
        if (nf <= 0 || (nf == 1 && !*f[0]))
            continue; /* a blank line */
        if (n >= MEMBER_IMPORT_MAX_ROWS) {
            web_err_add(e, 400, "invalid_input", "file",
                        _("Tệp có quá nhiều dòng (tối đa 5.000 đảng viên mỗi lần)."));
            return -1;
        }
        if (n == cap) {
            member *w = arena_alloc(c->a, sizeof *w * (size_t)cap * 2);
            memcpy(w, rows, sizeof *rows * (size_t)n);
            rows = w;
            cap *= 2;
        }
        const char *v[C_N];
        for (int k = 0; k < C_N; k++)
            v[k] = col[k] >= 0 && col[k] < nf ? f[col[k]] : "";
        member in = {.unit_id = unit_id,
                     .full_name = v[C_NAME],
                     .birth_date = mem_date_in(c, v[C_BIRTH]),
                     .gender = strcmp(v[C_GENDER], "nữ") == 0 || strcmp(v[C_GENDER], "Nữ") == 0
                                   ? "nu"
                               : strcmp(v[C_GENDER], "Nam") == 0 ? "nam"
                                                                 : v[C_GENDER],
                     .id_number = v[C_IDNO],
                     .admitted_on = mem_date_in(c, v[C_ADMIT]),
                     .official_on = mem_date_in(c, v[C_OFFICIAL]),
                     .party_card_no = v[C_CARD],
                     .fee_category = *v[C_CAT] ? v[C_CAT] : "BHXH",
                     .note = v[C_NOTE],
                     .wage_region = 1};
        int64_t x = 0;
        web_err one = {0};
        if (param_int(v[C_BASIS], 0, 10000000000LL, &x) == PARAM_BAD)
            in.fee_basis = -1;
        else
            in.fee_basis = x;
        x = 1;
        if (param_int(v[C_REGION], 1, 4, &x) == PARAM_BAD)
            x = 0;
        in.wage_region = (int)x;
        in.retired = strcmp(in.fee_category, "HUU_TRI") == 0;
        in.student = strcmp(in.fee_category, "HOC_SINH_SINH_VIEN") == 0;
        mem_validate(c, &in, &rows[n], arena_printf(c->a, _("Dòng %d: "), line), &one);
        if (one.n) {
            bad++;
            for (int i = 0; i < one.n; i++)
                if (e->n < WEB_MAX_ERRORS)
                    web_err_add(e, 400, "invalid_input", arena_printf(c->a, "row %d", line),
                                one.e[i].message);
        }
        n++;
    }
    if (bad)
        return -1;
    if (n == 0) {
        web_err_add(e, 400, "invalid_input", "file", _("Tệp không có dòng đảng viên nào."));
        return -1;
    }
    if (db_begin_write(c->db) != 0) {
        web_err_add(e, 503, "busy", NULL, _("Cơ sở dữ liệu đang bận, vui lòng thử lại."));
        return -1;
    }
    for (int i = 0; i < n; i++)
        if (mem_write_tx(c, 0, unit_id, &rows[i]) < 0)
            return web_err_rollback(c, e);
    if (audit_commit(c->db, c->user, "members.import", "unit", unit_id,
                     json_pack("{s:i}", "rows", n)) != 0) {
        web_err_db(c, e);
        return -1;
    }
    return n;
}

int members_import_csv(ctx *c, int64_t unit_id, const char *csv, size_t len, web_err *e)
{
    return import_from(c, unit_id, csv, len, 1, e);
}

int members_import_file(ctx *c, int64_t unit_id, const char *data, size_t len, web_err *e)
{
    if (!xlsx_sniff(data, len))
        return import_from(c, unit_id, data, len, 1, e);
    if (!members_may_write(c, unit_id)) {
        web_err_add(e, 403, "forbidden", "unit_id",
                    _("Bạn không có quyền nhập đảng viên cho tổ chức đảng này."));
        return -1;
    }
    const char *err = NULL;
    xlsx_sheet *s = xlsx_read(data, len, NULL, &err);
    int first = 1;
    size_t n = 0;
    char *csv = s ? xlsx_to_csv(s, col_keys[C_NAME], &first, &n, &err) : NULL;
    xlsx_free(s);
    if (!csv) {
        web_err_add(e, 400, "invalid_input", "file", err);
        return -1;
    }
    char *t = arena_strndup(c->a, csv, n);
    free(csv);
    return import_from(c, unit_id, t, n, first, e);
}
