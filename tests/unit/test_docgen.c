/* docgen: the date line (leading zeros by rule), the signing block (T/M, K/T, T/L, TUQ.), the
 * format check's rules, and the PDF and DOCX bytes of a draft of the fixture office. */
#include "test_outgoing_fixture.h"

#include <cairo.h>
#include <pango/pangocairo.h>

#include "base/strbuf.h"
#include "docgen/docgen.h"
#include "rules/rules.h"

static const db_query q_draft = {
    "test.dg_draft",
    "INSERT INTO outgoing (id, register_id, unit_id, doc_type, subject, body, status, drafted_by,"
    " copies) VALUES (50, 1, 2, 'ke_hoach', 'Kế hoạch tổ chức hội nghị', '', 'draft', 5, 3)",
    NULL};
static const db_query q_fix = {
    "test.dg_fix",
    "UPDATE outgoing SET subject = 'Tổ chức hội nghị sơ kết', body = 'Đoạn một.\nĐoạn hai.'"
    " WHERE id = 50",
    NULL};
static const db_query q_rcpt = {
    "test.dg_rcpt",
    "INSERT INTO outgoing_recipients (outgoing_id, unit_id, name) VALUES (50, 4, 'Đảng ủy phường')",
    NULL};

static void t_date_line(void **state)
{
    struct fx *f = *state;
    assert_string_equal(docgen_date_line(f->d, f->a, "Cần Thơ", "2026-12-03"),
                        "Cần Thơ, ngày 03 tháng 12 năm 2026");
    assert_string_equal(docgen_date_line(f->d, f->a, "Cần Thơ", "2026-02-15"),
                        "Cần Thơ, ngày 15 tháng 02 năm 2026");
    assert_string_equal(docgen_date_line(f->d, f->a, "Cần Thơ", "2026-11-10"),
                        "Cần Thơ, ngày 10 tháng 11 năm 2026");
    assert_null(docgen_date_line(f->d, f->a, "Cần Thơ", "2026-13-01"));
    /* The ND 30 form from a date on: only months 1 and 2 padded. */
    char err[200];
    assert_int_equal(
        rules_set(f->d, NULL, "docgen.month_zero_below", "3", "2027-01-01", "thử", err, sizeof err),
        0);
    assert_string_equal(docgen_date_line(f->d, f->a, "Cần Thơ", "2027-05-04"),
                        "Cần Thơ, ngày 04 tháng 5 năm 2027");
    assert_string_equal(docgen_date_line(f->d, f->a, "Cần Thơ", "2026-05-04"),
                        "Cần Thơ, ngày 04 tháng 05 năm 2026");
}

static void t_sign(void **state)
{
    struct fx *f = *state;
    docgen_sign_block b;
    docgen_sign(f->a,
                &(docgen_sign_in){"TINH", "committee-leader", "Phó Bí thư Thường trực Thành ủy",
                                  "Nguyễn Văn Hùng", DG_AUTH_AUTO},
                &b);
    assert_string_equal(b.authority, "T/M BAN THƯỜNG VỤ");
    assert_string_equal(b.position, "PHÓ BÍ THƯ THƯỜNG TRỰC");
    assert_string_equal(b.name, "Nguyễn Văn Hùng");
    docgen_sign(f->a,
                &(docgen_sign_in){"TINH", "office-leader", "Chánh Văn phòng Thành ủy", "Phạm Bảo",
                                  DG_AUTH_AUTO},
                &b);
    assert_string_equal(b.authority, "T/L BAN THƯỜNG VỤ");
    assert_string_equal(b.position, "CHÁNH VĂN PHÒNG");
    docgen_sign(f->a,
                &(docgen_sign_in){"BAN", "office-leader", "Phó Chánh Văn phòng Thành ủy", "Võ Hà",
                                  DG_AUTH_AUTO},
                &b);
    assert_string_equal(b.authority, "K/T CHÁNH VĂN PHÒNG");
    assert_string_equal(b.position, "PHÓ CHÁNH VĂN PHÒNG");
    docgen_sign(f->a,
                &(docgen_sign_in){"BAN", "office-leader", "Chánh Văn phòng Thành ủy", "Phạm Bảo",
                                  DG_AUTH_AUTO},
                &b);
    assert_string_equal(b.authority, "");
    assert_string_equal(b.position, "CHÁNH VĂN PHÒNG");
    docgen_sign(
        f->a,
        &(docgen_sign_in){"BAN", "specialist", "Trưởng phòng Tổng hợp", "Lê Minh", DG_AUTH_TUQ},
        &b);
    assert_string_equal(b.authority, "TUQ. TRƯỞNG PHÒNG TỔNG HỢP");
}

static bool has(docgen_issue *v, int n, const char *field, bool error)
{
    for (int i = 0; i < n; i++)
        if (!strcmp(v[i].field, field) && v[i].error == error)
            return true;
    return false;
}

static void t_check_and_render(void **state)
{
    struct fx *f = *state;
    assert_int_equal(db_exec(db_stmt_get(f->d, &q_draft)), DB_DONE);
    docgen_issue *v;
    int n = docgen_check(f->d, f->a, 50, &v);
    assert_true(has(v, n, "subject", true));    /* "Kế hoạch" repeated */
    assert_true(has(v, n, "body", true));       /* empty */
    assert_true(has(v, n, "recipients", true)); /* none */
    assert_true(has(v, n, "signer_id", false)); /* a warning only */
    assert_non_null(docgen_check_blocking(f->d, f->a, 50));
    assert_int_equal(db_exec(db_stmt_get(f->d, &q_fix)), DB_DONE);
    assert_int_equal(db_exec(db_stmt_get(f->d, &q_rcpt)), DB_DONE);
    n = docgen_check(f->d, f->a, 50, &v);
    assert_false(has(v, n, "subject", true));
    assert_false(has(v, n, "body", true));
    assert_false(has(v, n, "recipients", true));
    assert_null(docgen_check_blocking(f->d, f->a, 50));
    assert_int_equal(docgen_check(f->d, f->a, 9999, &v), -1);

    strbuf pdf = STRBUF_INIT, docx = STRBUF_INIT;
    char *err = NULL;
    assert_int_equal(docgen_pdf(f->d, 50, &pdf, &err), 0);
    assert_memory_equal(pdf.buf, "%PDF-", 5);
    assert_non_null(memmem(pdf.buf, pdf.len, "pdfaid:part='2'", 15));
    assert_int_equal(docgen_docx(f->d, 50, &docx, &err), 0);
    assert_memory_equal(docx.buf, "PK", 2);
    /* The page-number header part is in the package (zip names are stored uncompressed). */
    assert_non_null(memmem(docx.buf, docx.len, "word/header1.xml", 16));
    assert_int_equal(docgen_pdf(f->d, 9999, &pdf, &err), -1);
    assert_non_null(err);
    free(err);
    sb_free(&pdf);
    sb_free(&docx);
}

/* fontconfig's configuration and font caches live for the whole process (pango's font map holds
 * them; fontconfig itself is not on our link line to FcFini them): LeakSanitizer is told about
 * that library only, in this binary only. */
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void)
{
    return "leak:libfontconfig.so\n";
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(t_date_line, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(t_sign, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(t_check_and_render, fx_setup, fx_teardown),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    /* pango, cairo and fontconfig keep process-lifetime caches; release them so LeakSanitizer
     * sees only what docgen itself might leak. */
    pango_cairo_font_map_set_default(NULL);
    cairo_debug_reset_static_data();
    return rc;
}
