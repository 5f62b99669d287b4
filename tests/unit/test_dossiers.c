/* Work dossiers: the year plan (Roman/Arabic headings, dossier numbers), opening, filing a
 * visible document, closing (hand-over due one year later) and the 30-day warning with a
 * controllable clock; a secret document filed there leaves no trace for others. */
#include "test_outgoing_fixture.h"

#include "dossiers/dossiers.h"
#include "outgoing/outgoing.h"

static void test_roman(void **state)
{
    struct fx *f = *state;
    ctx *c = &f->c[P_CLERK];
    assert_string_equal(dossier_roman(c, 1), "I");
    assert_string_equal(dossier_roman(c, 4), "IV");
    assert_string_equal(dossier_roman(c, 9), "IX");
    assert_string_equal(dossier_roman(c, 14), "XIV");
    assert_string_equal(dossier_roman(c, 2026), "MMXXVI");
    assert_string_equal(dossier_retention_label(c, 0), "Vĩnh viễn");
    assert_string_equal(dossier_retention_label(c, 10), "10 năm");
}

static int count_docs_cb_n;
static void count_docs(ctx *c, const char *kind, int64_t id, int ord, void *arg)
{
    count_docs_cb_n++;
}

static void test_plan_and_lifecycle(void **state)
{
    struct fx *f = *state;
    ctx *clerk = &f->c[P_CLERK];
    const char *err;
    int status;
    /* A specialist cannot edit the plan. */
    assert_int_equal(
        dossier_heading_add(&f->c[P_SPEC], U_VPTU, 2026, 0, "Tổng hợp", "TH", &err, &status), -1);
    assert_int_equal(status, 403);
    int64_t h1 =
        dossier_heading_add(clerk, U_VPTU, 2026, 0, "Công tác tổng hợp", "TH", &err, &status);
    int64_t h2 =
        dossier_heading_add(clerk, U_VPTU, 2026, 0, "Công tác tổ chức", "TC", &err, &status);
    int64_t h21 = dossier_heading_add(clerk, U_VPTU, 2026, h2, "Cán bộ", "CB", &err, &status);
    assert_true(h1 > 0 && h2 > 0 && h21 > 0);
    /* Only two levels. */
    assert_int_equal(dossier_heading_add(clerk, U_VPTU, 2026, h21, "x", "X", &err, &status), -1);
    dossier_heading *hs;
    int nh = dossier_headings(clerk, U_VPTU, 2026, &hs);
    assert_int_equal(nh, 3);
    assert_string_equal(hs[0].numeral, "I");
    assert_string_equal(hs[1].numeral, "II");
    assert_string_equal(hs[2].numeral, "1");
    assert_int_equal(hs[2].parent_id, h2);

    int64_t d1 = dossier_plan_add(clerk, h1, "Báo cáo tháng năm 2026", 10, 5, &err, &status);
    int64_t d2 = dossier_plan_add(clerk, h21, "Hồ sơ quy hoạch cán bộ", 0, 5, &err, &status);
    assert_true(d1 > 0 && d2 > 0);
    assert_string_equal(dossier_get(clerk, d1)->code, "01.TH");
    assert_string_equal(dossier_get(clerk, d2)->code, "02.CB");
    assert_int_equal(dossier_get(clerk, d2)->retention_years, 0);
    /* Out of scope: not found. */
    assert_null(dossier_get(&f->c[P_SPEC2], d1));

    /* Filing needs an open dossier and a document the caller may see. */
    out_draft in = {.register_id = 1, .doc_type = "bao_cao", .subject = "Báo cáo tháng 3"};
    int64_t doc = outgoing_create(&f->c[P_SPEC], &in, &err, &status);
    in.secrecy = 1;
    in.subject = "Báo cáo mật";
    int64_t secret = outgoing_create(clerk, &in, &err, &status);
    assert_true(doc > 0 && secret > 0);
    assert_int_equal(dossier_file(&f->c[P_SPEC], d1, "out", doc, &err, &status), -1);
    assert_int_equal(status, 409);                                       /* still planned */
    assert_int_equal(dossier_open(&f->c[P_SPEC], d1, &err, &status), 0); /* responsible person */
    assert_int_equal(dossier_file(&f->c[P_SPEC], d1, "out", doc, &err, &status), 0);
    assert_int_equal(dossier_file(&f->c[P_SPEC], d1, "out", doc, &err, &status), -1);
    assert_int_equal(status, 409); /* already filed */
    assert_int_equal(dossier_file(&f->c[P_SPEC], d1, "out", secret, &err, &status), -1);
    assert_int_equal(status, 404); /* the specialist may not see it */
    assert_int_equal(dossier_file(clerk, d1, "out", secret, &err, &status), 0);
    count_docs_cb_n = 0;
    dossier_docs_each(&f->c[P_SPEC], d1, count_docs, NULL);
    assert_int_equal(count_docs_cb_n, 1);
    count_docs_cb_n = 0;
    dossier_docs_each(clerk, d1, count_docs, NULL);
    assert_int_equal(count_docs_cb_n, 2);

    /* Closing in 2026 sets the hand-over to 31/12/2027 (archives.handover_years = 1, the same
     * rule as the archive's lists); the warning starts 30 days before. */
    assert_int_equal(dossier_close(&f->c[P_SPEC], d1, &err, &status), 0);
    assert_string_equal(dossier_get(clerk, d1)->handover_due, "2027-12-31");
    assert_int_equal(dossier_close(clerk, d1, &err, &status), -1);
    assert_int_equal(status, 409);
    dossier *due;
    assert_int_equal(dossier_due_soon(clerk, &due), 0);
    clock_set_fake(FX_NOW + (669 - 31) * 86400LL);
    assert_int_equal(dossier_due_soon(clerk, &due), 0);
    clock_set_fake(FX_NOW + (669 - 29) * 86400LL);
    assert_int_equal(dossier_due_soon(clerk, &due), 1);
    assert_string_equal(due[0].code, "01.TH");
    assert_int_equal(dossier_due_soon(&f->c[P_SPEC2], &due), 0); /* out of scope */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_roman, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_plan_and_lifecycle, fx_setup, fx_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
