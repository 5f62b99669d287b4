/* Party members and đảng phí (members.h, partyfees.h): rounding in integer đồng, dues from the
 * dated tables, reductions and their limit, closed months, the report and the transfer shares,
 * imports all-or-nothing, scope. Clock: 2026-03-02 (the fixture's). */
#include "test_outgoing_fixture.h"

#include "members/members.h"
#include "partyfees/partyfees.h"

static const db_query q_count_members = {"t.pf_members", "SELECT COUNT(*) FROM party_members",
                                         NULL};
static const db_query q_count_ex = {"t.pf_ex", "SELECT COUNT(*) FROM fee_exemptions", NULL};
static const db_query q_count_dues = {"t.pf_dues", "SELECT COUNT(*) FROM fee_dues", NULL};

static int64_t add(struct fx *f, const char *name, const char *cat, int64_t basis,
                   const char *admitted)
{
    web_err e = {0};
    member m = {.unit_id = U_WARD,
                .full_name = name,
                .admitted_on = admitted,
                .fee_category = cat,
                .fee_basis = basis,
                .wage_region = 2};
    int64_t id = members_save(&f->c[P_WARD_CLERK], 0, &m, &e);
    if (id < 0)
        fail_msg("members_save: %s", web_err_message(&e));
    return id;
}

static void t_round(void **state)
{
    (void)state;
    assert_int_equal(pf_round_share(8765432, 100, 10000, 1), 87654);    /* .32 down */
    assert_int_equal(pf_round_share(6543211, 50, 10000, 1), 32716);     /* .055 down */
    assert_int_equal(pf_round_share(6543300, 50, 10000, 1), 32717);     /* .5 up */
    assert_int_equal(pf_round_share(8765432, 100, 10000, 1000), 88000); /* to 1,000 đ */
    assert_int_equal(pf_round_share(0, 100, 10000, 1), 0);
    assert_int_equal(pf_round_share(10000000000LL, 10000, 10000, 1), 10000000000LL);
}

static void t_dues(void **state)
{
    struct fx *f = *state;
    int64_t a = add(f, "Nguyễn Văn A", "BHXH", 7000000, "2000-01-01");
    int64_t b = add(f, "Trần Thị B", "HUU_TRI", 6000001, "1990-01-01");
    int64_t s = add(f, "Lê Văn C", "HOC_SINH_SINH_VIEN", 0, "2024-01-01");
    int64_t n = add(f, "Phạm Văn D", "NGOAI_BHXH_TREN_TUOI_HUU", 0, "1985-01-01");
    int64_t old = add(f, "Võ Văn E", "HUU_TRI", 9000000, "1976-03-15");
    assert_int_equal(pf_member_due(f->d, a, "2026-03").due, 70000);
    assert_int_equal(pf_member_due(f->d, b, "2026-03").due, 30000); /* 30,000.005 */
    assert_int_equal(pf_member_due(f->d, s, "2026-03").due, 5000);
    assert_int_equal(pf_member_due(f->d, n, "2026-03").due, 9460);  /* 0.2 % of 4,730,000 */
    assert_int_equal(pf_member_due(f->d, n, "2028-01").due, 14190); /* 0.3 % from 2028 */
    /* 50 years of Party age in March 2026: exempt from that month, not before */
    assert_int_equal(pf_member_due(f->d, old, "2026-02").due, 45000);
    pf_due d = pf_member_due(f->d, old, "2026-03");
    assert_int_equal(d.due, 0);
    assert_int_equal(d.reduction, 100);
    /* before 01-QĐ/TW took effect no rate is in force */
    assert_true(pf_member_due(f->d, a, "2026-01").no_rate);
}

static void t_exemptions(void **state)
{
    struct fx *f = *state;
    int64_t a = add(f, "Đỗ Văn Giảm", "BHXH", 8000000, "2000-01-01");
    ctx *c = &f->c[P_WARD_CLERK];
    web_err e = {0};
    int64_t before = fx_value(f, &q_count_ex);
    assert_true(pf_exempt(c, a, 50, "2026-01", "2027-01", "QĐ 1", "", &e) < 0);
    assert_string_equal(e.e[0].field, "to_month");
    assert_non_null(strstr(web_err_message(&e), "12 tháng"));
    e = (web_err){0};
    assert_true(pf_exempt(c, a, 40, "2026-01", "2026-02", "QĐ 1", "", &e) < 0);
    e = (web_err){0};
    assert_true(pf_exempt(c, a, 70, "2026-01", "2026-02", "", "", &e) < 0);
    assert_int_equal(fx_value(f, &q_count_ex), before);
    e = (web_err){0};
    assert_true(pf_exempt(c, a, 70, "2026-02", "2027-01", "QĐ 2-QĐ/ĐU", "ốm", &e) > 0);
    assert_int_equal(pf_member_due(f->d, a, "2026-03").due, 24000);
    e = (web_err){0};
    assert_true(pf_exempt(c, a, 30, "2026-12", "2027-02", "QĐ 3", "", &e) < 0);
    assert_int_equal(e.status, 409);
    /* a specialist may not; a ward's leader of another ward neither (scope) */
    e = (web_err){0};
    assert_true(pf_exempt(&f->c[P_SPEC], a, 30, "2027-03", "2027-03", "QĐ 4", "", &e) < 0);
}

static void t_month_cycle(void **state)
{
    struct fx *f = *state;
    int64_t a = add(f, "Ngô Văn Nộp", "BHXH", 5000000, "2000-01-01");
    int64_t b = add(f, "Dương Thị Nợ", "BHXH", 6000000, "2000-01-01");
    ctx *c = &f->c[P_WARD_CLERK];
    web_err e = {0};
    assert_int_equal(pf_pay(c, a, "2026-03", 50000, "DVCQG", "2026-03-02", &e), 0);
    e = (web_err){0};
    assert_true(pf_pay(c, a, "2026-04", 50000, "DVCQG", "2026-03-02", &e) < 0); /* future */
    e = (web_err){0};
    assert_true(pf_pay(c, a, "2026-03", 50000, "SEC", "2026-03-02", &e) < 0);
    pf_sheet sh;
    e = (web_err){0};
    assert_int_equal(pf_sheet_get(c, U_WARD, "2026-03", &sh, &e), 2);
    assert_int_equal(sh.due_total, 110000);
    assert_int_equal(sh.paid_total, 50000);
    assert_int_equal(sh.paid_members, 1);
    e = (web_err){0};
    assert_int_equal(pf_submit(c, U_WARD, "2026-03", &e), 0);
    e = (web_err){0};
    assert_true(pf_submit(c, U_WARD, "2026-03", &e) < 0);
    assert_int_equal(e.status, 409);
    int64_t dues = fx_value(f, &q_count_dues);
    assert_int_equal(dues, 2); /* both members' month stored when the report went up */
    e = (web_err){0};
    assert_true(pf_pay(c, b, "2026-03", 60000, "TIEN_MAT", "2026-03-02", &e) < 0);
    assert_int_equal(e.status, 409);
    assert_non_null(strstr(web_err_message(&e), "khóa sổ"));
    assert_int_equal(fx_value(f, &q_count_dues), dues);
    /* the ward (XA) keeps 90 %, passes 10 % to the Thành ủy */
    e = (web_err){0};
    assert_true(pf_transfer_record(c, U_WARD, "2026-03", "DVCQG", &e) > 0);
    pf_transfer *t;
    assert_int_equal(pf_transfers(c, U_WARD, "2026-03", &t), 1);
    assert_int_equal(t[0].collected, 50000);
    assert_int_equal(t[0].retained, 45000);
    assert_int_equal(t[0].passed_up, 5000);
    assert_int_equal(t[0].to_unit_id, U_TU);
    e = (web_err){0};
    assert_true(pf_transfer_record(c, U_WARD, "2026-03", "DVCQG", &e) < 0);
    /* the report up the tree: the ward's row under the Thành ủy */
    pf_agg *g;
    e = (web_err){0};
    int n = pf_tree_report(&f->c[P_CLERK], U_TU, "2026-03", &g, &e);
    assert_true(n >= 2);
    bool found = false;
    for (int i = 0; i < n; i++)
        if (g[i].unit_id == U_WARD) {
            found = true;
            assert_int_equal(g[i].members, 2);
            assert_int_equal(g[i].paid, 50000);
            assert_int_equal(g[i].units_reported, 1);
        }
    assert_true(found);
    /* scope: the specialist of the city office reads nothing */
    e = (web_err){0};
    assert_true(pf_sheet_get(&f->c[P_SPEC], U_WARD, "2026-03", &sh, &e) < 0);
    assert_int_equal(e.status, 403);
}

static void t_import(void **state)
{
    struct fx *f = *state;
    ctx *c = &f->c[P_WARD_CLERK];
    int64_t before = fx_value(f, &q_count_members);
    const char bad[] = "ho_ten,ngay_vao_dang,doi_tuong\n"
                       "Nguyễn Văn Một,01/02/2003,BHXH\n"
                       "\"Trần, Văn Hai\",31/02/2003,BHXH\n"
                       ",01/02/2003,XYZ\n";
    web_err e = {0};
    assert_int_equal(members_import_csv(c, U_WARD, bad, sizeof bad - 1, &e), -1);
    assert_true(e.n >= 3);
    assert_string_equal(e.e[0].field, "row 3");
    assert_int_equal(fx_value(f, &q_count_members), before);
    const char good[] = "\xEF\xBB\xBFho_ten;ngay_vao_dang;doi_tuong;muc_can_cu\r\n"
                        "\"Trần, Văn Hai\";01/02/2003;BHXH;7000000\r\n"
                        "Lê Thị Ba;2004-05-06;HUU_TRI;5000000\r\n";
    e = (web_err){0};
    assert_int_equal(members_import_csv(c, U_WARD, good, sizeof good - 1, &e), 2);
    assert_int_equal(fx_value(f, &q_count_members), before + 2);
    member *m;
    int n = members_list(c, U_WARD, false, "Trần, Văn", &m);
    assert_int_equal(n, 1);
    assert_int_equal(m[0].fee_basis, 7000000);
    /* another ward's clerk may not import into this one; the specialist lists nothing */
    e = (web_err){0};
    assert_int_equal(members_import_csv(&f->c[P_SPEC2], U_WARD, good, sizeof good - 1, &e), -1);
    assert_int_equal(members_list(&f->c[P_SPEC], 0, true, NULL, &m), 0);
}

/* Members abroad (NUOC_NGOAI) are counted apart in the book, stored with the report and rolled
 * up the tree; a closed month keeps the category it closed with when the member comes home. */
static const db_query q_home = {
    "t.pf_home", "UPDATE party_members SET fee_category = 'BHXH' WHERE id = ?1 RETURNING id", NULL};

static void t_abroad(void **state)
{
    struct fx *f = *state;
    int64_t x = add(f, "Hồ Văn Xa", "NUOC_NGOAI", 20000000, "2010-01-01");
    add(f, "Mai Thị Nhà", "BHXH", 5000000, "2010-01-01");
    ctx *c = &f->c[P_WARD_CLERK];
    web_err e = {0};
    pf_sheet sh;
    assert_int_equal(pf_sheet_get(c, U_WARD, "2026-03", &sh, &e), 2);
    assert_int_equal(sh.abroad_members, 1);
    assert_int_equal(pf_submit(c, U_WARD, "2026-03", &e), 0);
    db_stmt *s = db_stmt_get(f->d, &q_home);
    assert_non_null(s);
    db_bind_int(s, 1, x);
    assert_int_equal(db_step(s), DB_ROW);
    db_reset(s);
    e = (web_err){0};
    assert_int_equal(pf_sheet_get(c, U_WARD, "2026-03", &sh, &e), 2);
    assert_int_equal(sh.abroad_members, 1); /* as the month closed */
    pf_agg *g;
    int n = pf_tree_report(&f->c[P_CLERK], U_TU, "2026-03", &g, &e);
    int total = 0;
    for (int i = 0; i < n; i++) {
        total += g[i].abroad_members;
        if (g[i].unit_id == U_WARD)
            assert_int_equal(g[i].abroad_members, 1);
    }
    assert_int_equal(total, 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(t_round),
        cmocka_unit_test_setup_teardown(t_dues, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(t_exemptions, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(t_month_cycle, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(t_import, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(t_abroad, fx_setup, fx_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
