/* The xlsx reader (files/xlsx_read.h) on workbooks written by libxlsxwriter and on broken
 * files; the member import from xlsx (all or nothing, errors naming the sheet's rows); status
 * changes and discipline (members.h): dates, roles and scope, the state they leave, the
 * discipline row awards/ reads. Clock: 2026-03-02 (the fixture's). */
#include "test_outgoing_fixture.h"

#include <xlsxwriter.h>

#include "awards/awards.h"
#include "files/xlsx_read.h"
#include "members/members.h"

static const db_query q_count_members = {"t.mx_members", "SELECT COUNT(*) FROM party_members",
                                         NULL};
static const db_query q_disc = {
    "t.mx_disc",
    "SELECT COUNT(*) FROM member_disciplines WHERE form = 'warning' AND decided_on = "
    "'2025-06-10' AND decision_no = '15-QĐ/ĐU'",
    NULL};

/* The bytes of a file (malloc'd). */
static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *b = malloc((size_t)n + 1);
    assert_int_equal(fread(b, 1, (size_t)n, f), (size_t)n);
    fclose(f);
    *len = (size_t)n;
    return b;
}

/* A workbook like an office's: a merged title row, the header, rows of text, numbers, dates
 * (date-formatted serials), a blank cell and a skipped row; a second sheet by name. */
static char *make_book(const char *path, int constant_memory, size_t *len)
{
    lxw_workbook_options opt = {.constant_memory = (uint8_t)constant_memory};
    lxw_workbook *wb = workbook_new_opt(path, &opt);
    lxw_worksheet *ws = workbook_add_worksheet(wb, "Danh sách");
    lxw_worksheet *ws2 = workbook_add_worksheet(wb, "Thứ hai");
    lxw_format *date = workbook_add_format(wb);
    format_set_num_format(date, "dd/mm/yyyy");
    lxw_format *title = workbook_add_format(wb);
    format_set_bold(title);
    if (!constant_memory)
        worksheet_merge_range(ws, 0, 0, 0, 3, "DANH SÁCH ĐẢNG VIÊN CHI BỘ 1", title);
    else
        worksheet_write_string(ws, 0, 0, "DANH SÁCH ĐẢNG VIÊN CHI BỘ 1", title);
    worksheet_write_string(ws, 1, 0, "ho_ten", NULL);
    worksheet_write_string(ws, 1, 1, "ngay_vao_dang", NULL);
    worksheet_write_string(ws, 1, 2, "muc_can_cu", NULL);
    worksheet_write_string(ws, 1, 3, "ghi_chu", NULL);
    worksheet_write_string(ws, 2, 0, "Nguyễn Thị Ánh, \"Út\"", NULL);
    lxw_datetime d = {.year = 2005, .month = 5, .day = 19};
    worksheet_write_datetime(ws, 2, 1, &d, date);
    worksheet_write_number(ws, 2, 2, 8500000, NULL);
    worksheet_write_string(ws, 2, 3, "dòng 3", NULL);
    /* row 4 left out; row 5: a blank second cell, a decimal */
    worksheet_write_string(ws, 4, 0, "Lê Văn Bình", NULL);
    worksheet_write_number(ws, 4, 2, 0.5, NULL);
    lxw_datetime d0 = {.year = 1900, .month = 2, .day = 28};
    worksheet_write_datetime(ws, 4, 3, &d0, date);
    worksheet_write_string(ws2, 0, 0, "khác", NULL);
    assert_int_equal(workbook_close(wb), LXW_NO_ERROR);
    return slurp(path, len);
}

static void check_book(const xlsx_sheet *s, int merged)
{
    assert_string_equal(s->name, "Danh sách");
    assert_int_equal(s->n, 4);
    assert_int_equal(s->rows[0].num, 1);
    assert_string_equal(s->rows[0].cells[0], "DANH SÁCH ĐẢNG VIÊN CHI BỘ 1");
    assert_int_equal(s->rows[0].n, 1); /* a merged range keeps its value in one cell */
    (void)merged;
    assert_int_equal(s->rows[1].num, 2);
    assert_string_equal(s->rows[1].cells[1], "ngay_vao_dang");
    assert_string_equal(s->rows[2].cells[0], "Nguyễn Thị Ánh, \"Út\"");
    assert_string_equal(s->rows[2].cells[1], "2005-05-19");
    assert_string_equal(s->rows[2].cells[2], "8500000");
    assert_int_equal(s->rows[3].num, 5);
    assert_string_equal(s->rows[3].cells[1], "");
    assert_string_equal(s->rows[3].cells[2], "0.5");
    assert_string_equal(s->rows[3].cells[3], "1900-02-28");
}

static void t_reader(void **state)
{
    (void)state;
    char path[] = "/tmp/vp-xlsx-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    for (int cm = 0; cm < 2; cm++) { /* shared strings, then inline strings */
        size_t len;
        char *b = make_book(path, cm, &len);
        assert_true(xlsx_sniff(b, len));
        const char *err = NULL;
        xlsx_sheet *s = xlsx_read(b, len, NULL, &err);
        if (!s)
            fail_msg("xlsx_read: %s", err);
        check_book(s, !cm);
        /* as CSV from the header row: line k is sheet row 2 + k - 1, the gap kept */
        int first = 0;
        size_t n = 0;
        char *csv = xlsx_to_csv(s, "ho_ten", &first, &n, &err);
        assert_non_null(csv);
        assert_int_equal(first, 2);
        assert_string_equal(csv, "ho_ten,ngay_vao_dang,muc_can_cu,ghi_chu\n"
                                 "\"Nguyễn Thị Ánh, \"\"Út\"\"\",2005-05-19,8500000,dòng 3\n"
                                 "\n"
                                 "Lê Văn Bình,,0.5,1900-02-28\n");
        free(csv);
        assert_null(xlsx_to_csv(s, "member_id", &first, &n, &err));
        assert_non_null(err);
        xlsx_free(s);
        s = xlsx_read(b, len, "Thứ hai", &err);
        assert_non_null(s);
        assert_string_equal(s->rows[0].cells[0], "khác");
        xlsx_free(s);
        assert_null(xlsx_read(b, len, "Không có", &err));
        assert_non_null(strstr(err, "trang tính"));
        /* the same zip cut in half is refused, not crashed on */
        assert_null(xlsx_read(b, len / 2, NULL, &err));
        assert_non_null(strstr(err, ".xlsx"));
        free(b);
    }
    unlink(path);
}

static void t_broken(void **state)
{
    (void)state;
    const char *err = NULL;
    static const char junk[] = "PK\x03\x04 this is not a zip at all";
    assert_null(xlsx_read(junk, sizeof junk - 1, NULL, &err));
    assert_string_equal(err, "Tệp không phải là bảng tính Excel (.xlsx) hợp lệ.");
    assert_null(xlsx_read("", 0, NULL, &err));
    assert_non_null(err);
    static const char ole[] = "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1 EncryptedPackage";
    assert_true(xlsx_sniff(ole, sizeof ole - 1));
    assert_null(xlsx_read(ole, sizeof ole - 1, NULL, &err));
    assert_non_null(strstr(err, "mật khẩu"));
    assert_null(xlsx_read(junk, XLSX_MAX_BYTES + 1, NULL, &err)); /* refused before reading */
    assert_non_null(strstr(err, "8 MB"));
    assert_false(xlsx_sniff("ho_ten,ngay", 11));
}

/* A workbook for the import: title, header, rows (bad ones where asked). */
static char *import_book(struct fx *f, int bad, size_t *len)
{
    char path[160];
    snprintf(path, sizeof path, "%s/import.xlsx", f->tmp);
    lxw_workbook *wb = workbook_new(path);
    lxw_worksheet *ws = workbook_add_worksheet(wb, NULL);
    lxw_format *date = workbook_add_format(wb);
    format_set_num_format(date, "dd/mm/yyyy");
    worksheet_merge_range(ws, 0, 0, 0, 2, "Chi bộ khu vực 1", NULL);
    worksheet_write_string(ws, 1, 0, "ho_ten", NULL);
    worksheet_write_string(ws, 1, 1, "ngay_vao_dang", NULL);
    worksheet_write_string(ws, 1, 2, "doi_tuong", NULL);
    worksheet_write_string(ws, 1, 3, "muc_can_cu", NULL);
    lxw_datetime d = {.year = 2001, .month = 9, .day = 2};
    worksheet_write_string(ws, 2, 0, "Trương Văn Một", NULL);
    worksheet_write_datetime(ws, 2, 1, &d, date);
    worksheet_write_string(ws, 2, 2, "BHXH", NULL);
    worksheet_write_number(ws, 2, 3, 9000000, NULL);
    worksheet_write_string(ws, 3, 0, "Đoàn Thị Hai", NULL);
    worksheet_write_string(ws, 3, 1, "03/02/2010", NULL);
    worksheet_write_string(ws, 3, 2, bad ? "KHONG_CO" : "NUOC_NGOAI", NULL);
    assert_int_equal(workbook_close(wb), LXW_NO_ERROR);
    return slurp(path, len);
}

static void t_import_xlsx(void **state)
{
    struct fx *f = *state;
    ctx *c = &f->c[P_WARD_CLERK];
    int64_t before = fx_value(f, &q_count_members);
    size_t len;
    char *b = import_book(f, 1, &len);
    web_err e = {0};
    assert_int_equal(members_import_file(c, U_WARD, b, len, &e), -1);
    assert_int_equal(e.n, 1);
    assert_string_equal(e.e[0].field, "row 4"); /* the row Excel shows */
    assert_non_null(strstr(e.e[0].message, "Dòng 4"));
    assert_int_equal(fx_value(f, &q_count_members), before);
    free(b);
    b = import_book(f, 0, &len);
    e = (web_err){0};
    assert_int_equal(members_import_file(c, U_WARD, b, len, &e), 2);
    assert_int_equal(fx_value(f, &q_count_members), before + 2);
    member *m;
    assert_int_equal(members_list(c, U_WARD, false, "Đoàn Thị Hai", &m), 1);
    assert_string_equal(m[0].fee_category, "NUOC_NGOAI");
    assert_int_equal(members_list(c, U_WARD, false, "Trương Văn Một", &m), 1);
    assert_string_equal(m[0].admitted_on, "2001-09-02");
    assert_int_equal(m[0].fee_basis, 9000000);
    /* another ward's specialist may not import; a broken file names the file */
    e = (web_err){0};
    assert_int_equal(members_import_file(&f->c[P_SPEC2], U_WARD, b, len, &e), -1);
    assert_int_equal(e.status, 403);
    e = (web_err){0};
    assert_int_equal(members_import_file(c, U_WARD, b, len / 3, &e), -1);
    assert_string_equal(e.e[0].field, "file");
    free(b);
}

static void t_status(void **state)
{
    struct fx *f = *state;
    ctx *c = &f->c[P_WARD_CLERK];
    web_err e = {0};
    member in = {.unit_id = U_WARD,
                 .full_name = "Phan Văn Hưu",
                 .admitted_on = "1995-03-10",
                 .fee_category = "BHXH",
                 .fee_basis = 9000000,
                 .wage_region = 2};
    int64_t id = members_save(c, 0, &in, &e);
    assert_true(id > 0);
    /* retirement without the pension, in the future, before the admission: refused */
    assert_int_equal(members_status_add(c, id, "retired", "2026-01-01", "", -1, "", &e), -1);
    assert_string_equal(e.e[0].field, "fee_basis");
    e = (web_err){0};
    assert_int_equal(members_status_add(c, id, "retired", "2026-03-03", "", 6000000, "", &e), -1);
    assert_string_equal(e.e[0].field, "happened_on");
    e = (web_err){0};
    assert_int_equal(members_status_add(c, id, "retired", "01/01/1990", "", 6000000, "", &e), -1);
    assert_string_equal(e.e[0].field, "happened_on");
    assert_non_null(strstr(e.e[0].message, "vào Đảng"));
    e = (web_err){0};
    assert_int_equal(members_status_add(c, id, "bogus", "2026-01-01", "", -1, "", &e), -1);
    assert_string_equal(e.e[0].field, "kind");
    /* a specialist and another unit's specialist may not write */
    e = (web_err){0};
    assert_int_equal(members_status_add(&f->c[P_SPEC], id, "abroad", "2026-01-01", "", -1, "", &e),
                     -1);
    e = (web_err){0};
    assert_int_equal(
        members_discipline_add(&f->c[P_SPEC2], id, "warning", "2025-06-10", "1", "", &e), -1);
    member_event *ev;
    assert_int_equal(members_status_history(c, id, &ev), 0);
    /* abroad, back home, retired: the category follows, the history keeps each */
    e = (web_err){0};
    assert_true(members_status_add(c, id, "abroad", "01/06/2025", "", 20000000, "Nhật Bản", &e) >
                0);
    const member *m = members_get(c, id);
    assert_string_equal(m->fee_category, "NUOC_NGOAI");
    assert_int_equal(m->fee_basis, 20000000);
    assert_true(members_status_add(c, id, "returned", "2025-12-01", "", 9500000, "", &e) > 0);
    m = members_get(c, id);
    assert_string_equal(m->fee_category, "BHXH");
    assert_true(members_status_add(c, id, "retired", "2026-02-01", "QĐ 12", 6000000, "", &e) > 0);
    m = members_get(c, id);
    assert_string_equal(m->fee_category, "HUU_TRI");
    assert_true(m->retired);
    assert_int_equal(m->fee_basis, 6000000);
    assert_int_equal(members_status_history(c, id, &ev), 3);
    assert_string_equal(ev[2].kind, "retired");
    assert_string_equal(ev[2].decision_no, "QĐ 12");
    /* discipline: the decision number is required; the row is the one awards/ reads */
    e = (web_err){0};
    assert_int_equal(members_discipline_add(c, id, "warning", "2025-06-10", "", "", &e), -1);
    assert_string_equal(e.e[0].field, "decision_no");
    e = (web_err){0};
    assert_int_equal(members_discipline_add(c, id, "warning", "2027-01-01", "1", "", &e), -1);
    assert_string_equal(e.e[0].field, "decided_on");
    e = (web_err){0};
    assert_true(members_discipline_add(c, id, "warning", "10/06/2025", "15-QĐ/ĐU", "", &e) > 0);
    assert_int_equal(fx_value(f, &q_disc), 1);
    member_discipline *d;
    assert_int_equal(members_disciplines(c, id, &d), 1);
    assert_string_equal(member_discipline_label(d[0].form), "Cảnh cáo");
    /* death closes the record: no further change */
    assert_true(members_status_add(c, id, "deceased", "2026-03-01", "", -1, "", &e) > 0);
    m = members_get(c, id);
    assert_string_equal(m->status, "deceased");
    assert_string_equal(m->status_on, "2026-03-01");
    e = (web_err){0};
    assert_int_equal(members_status_add(c, id, "struck_off", "2026-03-01", "", -1, "", &e), -1);
    assert_int_equal(e.status, 409);
}

/* The contract with awards/: a discipline recorded on the member page holds the badge back. */
static const db_query q_cases = {"t.mx_cases",
                                 "SELECT COUNT(*) FROM badge_cases WHERE milestone_years = 30 AND "
                                 "member_id IN (SELECT id FROM party_members WHERE full_name "
                                 "LIKE 'Huy hiệu %')",
                                 NULL};
static const db_query q_case_of_b = {
    "t.mx_case_b",
    "SELECT COUNT(*) FROM badge_cases b JOIN party_members m ON m.id = b.member_id WHERE "
    "m.full_name = 'Huy hiệu Bị Kỷ Luật'",
    NULL};

static void t_badge_wait(void **state)
{
    struct fx *f = *state;
    ctx *c = &f->c[P_WARD_CLERK];
    web_err e = {0};
    member a = {.unit_id = U_WARD,
                .full_name = "Huy hiệu Đủ Điều Kiện",
                .admitted_on = "1996-03-01",
                .fee_category = "BHXH",
                .fee_basis = 8000000,
                .wage_region = 2};
    member b = a;
    b.full_name = "Huy hiệu Bị Kỷ Luật";
    assert_true(members_save(c, 0, &a, &e) > 0);
    int64_t idb = members_save(c, 0, &b, &e);
    assert_true(idb > 0);
    assert_true(members_discipline_add(c, idb, "dismissal", "2026-02-01", "03-QĐ/ĐU", "", &e) > 0);
    assert_true(awards_sweep(f->d, &f->users[P_ADMIN], "2026-03-02") >= 1);
    assert_int_equal(fx_value(f, &q_cases), 1);
    assert_int_equal(fx_value(f, &q_case_of_b), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(t_reader),
        cmocka_unit_test(t_broken),
        cmocka_unit_test_setup_teardown(t_import_xlsx, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(t_status, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(t_badge_wait, fx_setup, fx_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
