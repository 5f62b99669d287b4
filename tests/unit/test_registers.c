/* export_table's writers checked cell by cell: the CSV bytes (BOM, quoting, formula
 * neutralisation, CRLF) and the XLSX read back from its zip (shared strings, print setup). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/strbuf.h"
#include "registers/registers.h"

static const char *const headers[3] = {"Số, ký hiệu", "Ngày tháng", "Tên loại và trích yếu"};
static const char *const cells[6] = {
    "05-CV/VPTU", "02/03/2026", "Công văn: về việc \"học tập\" Nghị quyết",
    "=1+1",       NULL,         "Dòng một\ndòng hai",
};

static void test_csv(void **state)
{
    strbuf sb = STRBUF_INIT;
    export_csv(&sb, 3, headers, 2, cells);
    const char *want = "\xEF\xBB\xBF"
                       "\"Số, ký hiệu\",Ngày tháng,Tên loại và trích yếu\r\n"
                       "05-CV/VPTU,02/03/2026,\"Công văn: về việc \"\"học tập\"\" Nghị quyết\"\r\n";
    assert_memory_equal(sb.buf, want, strlen(want));
    const char *row2 = sb.buf + strlen(want);
    /* A formula smuggled into a cell is neutralised; an empty cell stays empty; a newline is
     * quoted inside the field. */
    assert_non_null(strstr(row2, "'=1+1"));
    assert_null(strstr(row2, ",=1+1"));
    assert_non_null(strstr(row2, ",,\"Dòng một\ndòng hai\"\r\n"));
    sb_free(&sb);
}

/* Reads one member of the zip with unzip(1) into a malloc'd string. */
static char *unzip_member(const char *zip, const char *member)
{
    char cmd[512];
    snprintf(cmd, sizeof cmd, "unzip -p '%s' '%s'", zip, member);
    FILE *p = popen(cmd, "r");
    assert_non_null(p);
    strbuf sb = STRBUF_INIT;
    char buf[4096];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, p)) > 0)
        sb_add(&sb, buf, n);
    assert_int_equal(pclose(p), 0);
    sb_addc(&sb, '\0');
    return sb_steal(&sb);
}

static void test_xlsx(void **state)
{
    char path[] = "/tmp/vp-test-export-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    assert_int_equal(export_xlsx_file(path, "SỔ ĐĂNG KÝ VĂN BẢN ĐI", 3, headers, 2, cells), 0);
    char *strings = unzip_member(path, "xl/sharedStrings.xml");
    char *sheet = unzip_member(path, "xl/worksheets/sheet1.xml");
    /* Every text cell is there, exactly (libxlsxwriter escapes XML; quotes become &quot;). */
    assert_non_null(strstr(strings, "SỔ ĐĂNG KÝ VĂN BẢN ĐI"));
    assert_non_null(strstr(strings, "Số, ký hiệu"));
    assert_non_null(strstr(strings, "05-CV/VPTU"));
    assert_non_null(strstr(strings, "Công văn: về việc &quot;học tập&quot; Nghị quyết") ||
                    strstr(strings, "Công văn: về việc \"học tập\" Nghị quyết"));
    assert_non_null(strstr(strings, "=1+1")); /* a string, never a formula */
    assert_null(strstr(sheet, "<f>"));
    /* Title merged over the columns; headers on row 2, data from row 3; A4 landscape. */
    assert_non_null(strstr(sheet, "<mergeCell ref=\"A1:C1\"/>"));
    assert_non_null(strstr(sheet, "<c r=\"A2\""));
    assert_non_null(strstr(sheet, "<c r=\"C4\""));
    /* The NULL cell is a blank (bordered) cell without a value. */
    const char *b4 = strstr(sheet, "<c r=\"B4\"");
    assert_non_null(b4);
    assert_true(strncmp(strchr(b4, '>') - 1, "/>", 2) == 0);
    assert_non_null(strstr(sheet, "paperSize=\"9\""));
    assert_non_null(strstr(sheet, "orientation=\"landscape\""));
    free(strings);
    free(sheet);
    unlink(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_csv),
        cmocka_unit_test(test_xlsx),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
