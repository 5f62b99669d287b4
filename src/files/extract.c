/* Text of attachments for the index: PDF text layer, OCR of scans and images, Office/ODF XML,
 * plain text. Every outside tool runs in the jobs_exec sandbox. Contract in search.h. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/strbuf.h"
#include "jobs/jobs.h"
#include "files/files.h"
#include "text/vi.h"

/* A PDF with fewer letters than this per page is taken for a scan (a text layer of page
 * numbers or a stamp only). */
enum { MIN_LETTERS_PER_PAGE = 20 };

static void set_err(char **err_r, const char *msg, const char *detail)
{
    if (asprintf(err_r, "%s%s%s", msg, detail ? " " : "", detail ? detail : "") < 0)
        abort();
}

/* Runs a tool with the default limits; its stdout is appended to out. */
static int run(const char *const argv[], const char *cwd, strbuf *out, char **detail_r)
{
    exec_limits lim = EXEC_DEFAULT_LIMITS;
    bool trunc = false;
    return jobs_exec(argv, cwd, &lim, out, &trunc, detail_r);
}

/* ---- XML (DOCX, ODT, XLSX) ---------------------------------------------------------------- */

static void put_cp(strbuf *sb, unsigned long cp)
{
    if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        return;
    char b[4];
    int n;
    if (cp < 0x80) {
        b[0] = (char)cp;
        n = 1;
    } else if (cp < 0x800) {
        b[0] = (char)(0xC0 | (cp >> 6));
        b[1] = (char)(0x80 | (cp & 0x3F));
        n = 2;
    } else if (cp < 0x10000) {
        b[0] = (char)(0xE0 | (cp >> 12));
        b[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        b[2] = (char)(0x80 | (cp & 0x3F));
        n = 3;
    } else {
        b[0] = (char)(0xF0 | (cp >> 18));
        b[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
        b[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
        b[3] = (char)(0x80 | (cp & 0x3F));
        n = 4;
    }
    sb_add(sb, b, (size_t)n);
}

/* Tags that end a paragraph, a cell or a line break in the three formats. */
static bool tag_breaks(const char *t, size_t n)
{
    static const char *const names[] = {
        "/w:p",     "w:br", "w:tab", "/text:p",           "/text:h", "text:line-break",
        "text:tab", "/si",  "/w:tc", "/table:table-cell", NULL};
    for (int i = 0; names[i]; i++) {
        size_t k = strlen(names[i]);
        if (n >= k && memcmp(t, names[i], k) == 0 &&
            (n == k || t[k] == ' ' || t[k] == '/' || t[k] == '>'))
            return true;
    }
    return false;
}

char *files_xml_text(const char *xml, size_t n)
{
    strbuf sb = STRBUF_INIT;
    size_t i = 0;
    while (i < n) {
        char c = xml[i];
        if (c == '<') {
            size_t j = i + 1;
            while (j < n && xml[j] != '>')
                j++;
            if (tag_breaks(xml + i + 1, j - i - 1) && sb.len > 0 && sb.buf[sb.len - 1] != '\n')
                sb_addc(&sb, '\n');
            i = j < n ? j + 1 : n;
            continue;
        }
        if (c == '&') {
            size_t j = i + 1;
            while (j < n && j - i < 12 && xml[j] != ';')
                j++;
            if (j < n && xml[j] == ';') {
                const char *e = xml + i + 1;
                size_t k = j - i - 1;
                if (k == 3 && memcmp(e, "amp", 3) == 0)
                    sb_addc(&sb, '&');
                else if (k == 2 && memcmp(e, "lt", 2) == 0)
                    sb_addc(&sb, '<');
                else if (k == 2 && memcmp(e, "gt", 2) == 0)
                    sb_addc(&sb, '>');
                else if (k == 4 && memcmp(e, "quot", 4) == 0)
                    sb_addc(&sb, '"');
                else if (k == 4 && memcmp(e, "apos", 4) == 0)
                    sb_addc(&sb, '\'');
                else if (k >= 2 && e[0] == '#') {
                    char num[16];
                    snprintf(num, sizeof num, "%.*s", (int)(k - 1), e + 1);
                    unsigned long cp = (num[0] == 'x' || num[0] == 'X') ? strtoul(num + 1, NULL, 16)
                                                                        : strtoul(num, NULL, 10);
                    put_cp(&sb, cp);
                }
                i = j + 1;
                continue;
            }
        }
        sb_addc(&sb, c);
        i++;
    }
    return sb_steal(&sb);
}

/* XML unpacked from one Office/ODF file: more than this is a zip bomb, not a document. */
#define MAX_UNZIPPED ((size_t)64 * 1024 * 1024)

static int zip_xml(const char *path, const char *const parts[], strbuf *text, char **err_r)
{
    strbuf xml = STRBUF_INIT;
    char *detail = NULL;
    /* unzip -p prints the members in the order given; a missing member is not an error as
     * long as one is found (exit 11 = "no matching files" for all of them). */
    const char *argv[12] = {"unzip", "-p", "-qq", path};
    int k = 4;
    for (int i = 0; parts[i] && k < 11; i++)
        argv[k++] = parts[i];
    argv[k] = NULL;
    exec_limits lim = EXEC_DEFAULT_LIMITS;
    lim.out_max = MAX_UNZIPPED;
    bool trunc = false;
    int r = jobs_exec(argv, NULL, &lim, &xml, &trunc, &detail);
    if (trunc) {
        set_err(err_r,
                "Tệp Office/ODF giải nén ra quá lớn (hơn 64 MB): không xử lý (nghi tệp độc hại).",
                NULL);
        free(detail);
        sb_free(&xml);
        return -1;
    }
    if (r != 0 && xml.len == 0) {
        set_err(err_r, "Không giải nén được tệp Office/ODF (tệp hỏng hoặc không đúng định dạng).",
                detail);
        free(detail);
        sb_free(&xml);
        return -1;
    }
    free(detail);
    char *t = files_xml_text(sb_str(&xml), xml.len);
    sb_adds(text, t);
    free(t);
    sb_free(&xml);
    return 0;
}

/* ---- OCR ------------------------------------------------------------------------------------ */

static int ocr_image(const char *img, strbuf *text, char **err_r)
{
    const char *argv[] = {"tesseract", img, "-", "-l", "vie", "--oem", "1", "--psm", "3", NULL};
    char *detail = NULL;
    if (run(argv, NULL, text, &detail) != 0) {
        set_err(err_r, "Không nhận dạng được chữ (OCR) trong ảnh:", detail);
        free(detail);
        return -1;
    }
    sb_addc(text, '\n');
    return 0;
}

static bool ocr_readable(const char *name)
{
    const char *dot = strrchr(name, '.');
    if (!dot)
        return false;
    return strcmp(dot, ".jpg") == 0 || strcmp(dot, ".png") == 0 || strcmp(dot, ".tif") == 0 ||
           strcmp(dot, ".ppm") == 0 || strcmp(dot, ".pbm") == 0 || strcmp(dot, ".pgm") == 0;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Takes the page images out of a scanned PDF and OCRs them in page order. */
static int ocr_pdf(const char *path, const char *tmp_dir, strbuf *text, char **err_r)
{
    char dir[4096];
    snprintf(dir, sizeof dir, "%s/extract-XXXXXX", tmp_dir && *tmp_dir ? tmp_dir : "/tmp");
    if (tmp_dir && *tmp_dir) /* NULL falls back to /tmp above: mkdir(NULL) would crash */
        mkdir(tmp_dir, 0700);
    if (!mkdtemp(dir)) {
        set_err(err_r, "Không tạo được thư mục tạm để nhận dạng chữ.", NULL);
        return -1;
    }
    char prefix[4200];
    snprintf(prefix, sizeof prefix, "%s/p", dir);
    const char *argv[] = {"pdfimages", "-all", "-q", path, prefix, NULL};
    strbuf ignore = STRBUF_INIT;
    char *detail = NULL;
    int rc = run(argv, NULL, &ignore, &detail);
    sb_free(&ignore);
    char **names = NULL;
    size_t n = 0, cap = 0;
    DIR *dh = opendir(dir);
    if (dh) {
        struct dirent *e;
        while ((e = readdir(dh)) != NULL) {
            if (e->d_name[0] == '.')
                continue;
            if (n == cap) {
                cap = cap ? cap * 2 : 16;
                names = realloc(names, cap * sizeof *names);
                if (!names)
                    abort();
            }
            names[n] = strdup(e->d_name);
            if (!names[n])
                abort();
            n++;
        }
        closedir(dh);
    }
    if (n > 1) /* no pages: names is NULL, which qsort must not get */
        qsort(names, n, sizeof *names, cmp_str);
    int pages = 0, failed = 0;
    char *first_err = NULL;
    for (size_t i = 0; i < n; i++) {
        char full[8400];
        snprintf(full, sizeof full, "%s/%s", dir, names[i]);
        if (ocr_readable(names[i]) && pages < FILES_MAX_OCR_PAGES && !jobs_exec_cancelled()) {
            pages++;
            char *e = NULL;
            if (ocr_image(full, text, &e) != 0) {
                failed++;
                if (!first_err)
                    first_err = e;
                else
                    free(e);
            }
        }
        unlink(full);
        free(names[i]);
    }
    free(names);
    rmdir(dir);
    if (pages == 0) {
        if (rc != 0)
            set_err(err_r, "Không đọc được tệp PDF (tệp hỏng hoặc có mật khẩu):", detail);
        else
            set_err(err_r, "Tệp PDF không có lớp chữ và không có ảnh trang để nhận dạng.", NULL);
        free(detail);
        free(first_err);
        return -1;
    }
    free(detail);
    if (failed == pages) {
        *err_r = first_err;
        return -1;
    }
    free(first_err);
    return 0;
}

/* ---- by type ----------------------------------------------------------------------------------
 */

static size_t count_letters(const char *s, size_t n)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c >= 0xC0)
            k++;
    }
    return k;
}

/* pdftotext ends every page with a form feed. */
static int pdf_pages(const char *s, size_t n)
{
    int pages = 0;
    for (size_t i = 0; i < n; i++)
        pages += s[i] == '\f';
    return pages > 0 ? pages : 1;
}

static int read_plain(const char *path, strbuf *text, char **err_r)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        set_err(err_r, "Không đọc được tệp.", NULL);
        return -1;
    }
    char buf[65536];
    size_t k;
    while ((k = fread(buf, 1, sizeof buf, f)) > 0 && text->len < FILES_MAX_TEXT)
        sb_add(text, buf, k);
    fclose(f);
    return 0;
}

static bool mime_is(const char *mime, const char *want)
{
    return mime && strcmp(mime, want) == 0;
}

static int extract_raw(const char *path, const char *mime, const char *tmp_dir, strbuf *text,
                       const char **method_r, char **err_r)
{
    if (mime_is(mime, "application/pdf")) {
        const char *argv[] = {"pdftotext", "-enc", "UTF-8", "-q", path, "-", NULL};
        char *detail = NULL;
        if (run(argv, NULL, text, &detail) != 0) {
            set_err(err_r, "Không đọc được tệp PDF (tệp hỏng hoặc có mật khẩu):", detail);
            free(detail);
            return -1;
        }
        free(detail);
        *method_r = "pdftotext";
        if (count_letters(sb_str(text), text->len) <
            (size_t)MIN_LETTERS_PER_PAGE * (size_t)pdf_pages(sb_str(text), text->len)) {
            /* little or no text layer: a scan, unless it has no page images either */
            strbuf ocr = STRBUF_INIT;
            char *ocr_err = NULL;
            if (ocr_pdf(path, tmp_dir, &ocr, &ocr_err) == 0) {
                sb_reset(text);
                sb_add(text, sb_str(&ocr), ocr.len);
                *method_r = "ocr";
            } else if (count_letters(sb_str(text), text->len) == 0) {
                *err_r = ocr_err;
                ocr_err = NULL;
                sb_free(&ocr);
                return -1;
            }
            free(ocr_err);
            sb_free(&ocr);
        }
        return 0;
    }
    if (mime_is(mime, "image/jpeg") || mime_is(mime, "image/png") || mime_is(mime, "image/tiff")) {
        *method_r = "ocr";
        return ocr_image(path, text, err_r);
    }
    if (mime_is(mime, "application/vnd.openxmlformats-officedocument.wordprocessingml.document")) {
        *method_r = "docx";
        static const char *const parts[] = {"word/document.xml", "word/footnotes.xml", NULL};
        return zip_xml(path, parts, text, err_r);
    }
    if (mime_is(mime, "application/vnd.oasis.opendocument.text")) {
        *method_r = "odt";
        static const char *const parts[] = {"content.xml", NULL};
        return zip_xml(path, parts, text, err_r);
    }
    if (mime_is(mime, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")) {
        *method_r = "xlsx";
        static const char *const parts[] = {"xl/sharedStrings.xml", NULL};
        return zip_xml(path, parts, text, err_r);
    }
    if (mime && strncmp(mime, "text/", 5) == 0) {
        *method_r = "text";
        return read_plain(path, text, err_r);
    }
    *method_r = "none";
    return 0;
}

int files_extract(const char *path, const char *mime, const char *tmp_dir, char **text_r,
                  const char **method_r, char **err_r)
{
    *text_r = NULL;
    *err_r = NULL;
    *method_r = "none";
    strbuf text = STRBUF_INIT;
    if (extract_raw(path, mime, tmp_dir, &text, method_r, err_r) != 0) {
        sb_free(&text);
        return -1;
    }
    size_t n = text.len;
    if (n == 0) {
        sb_free(&text);
        *text_r = strdup("");
        if (!*text_r)
            abort();
        return 0;
    }
    if (n > FILES_MAX_TEXT) {
        n = FILES_MAX_TEXT;
        while (n > 0 && ((unsigned char)text.buf[n] & 0xC0) == 0x80)
            n--;
    }
    /* NUL bytes and the form feeds between PDF pages become spaces */
    for (size_t i = 0; i < n; i++)
        if (text.buf[i] == 0 || text.buf[i] == '\f')
            text.buf[i] = ' ';
    if (!vi_valid_utf8(text.buf, n)) {
        sb_free(&text);
        set_err(err_r,
                "Văn bản trong tệp không phải UTF-8 (có thể là bảng mã cũ); hãy lưu lại tệp "
                "theo Unicode.",
                NULL);
        return -1;
    }
    char *nfc = vi_nfc(text.buf, n);
    sb_free(&text);
    if (!nfc) {
        set_err(err_r, "Văn bản trong tệp không đọc được.", NULL);
        return -1;
    }
    if (vi_looks_legacy(nfc, strlen(nfc))) {
        free(nfc);
        set_err(err_r,
                "Văn bản dùng phông chữ cũ (TCVN3/VNI), không tìm kiếm được: hãy chuyển tệp "
                "sang Unicode rồi đính kèm lại.",
                NULL);
        return -1;
    }
    *text_r = nfc;
    return 0;
}
