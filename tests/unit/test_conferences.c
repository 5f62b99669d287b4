/* Conferences: the invitation lead time counted on the holiday calendar (30/4 and 1/5 are not
 * working days) and as a rule value with effective dates, refusals that leave nothing behind,
 * who sees which materials by secrecy, the answers and the attendance roll-up, the minutes
 * recording absences, the conclusion notice's due date and its reminder, and scope. */
#include "test_outgoing_fixture.h"

#include "conferences/conferences.h"
#include "outgoing/outgoing.h"
#include "rules/rules.h"

static const db_query q_outgoing_n = {"t.conf.out_n", "SELECT count(*) FROM outgoing", NULL};
static const db_query q_conf_n = {"t.conf.n", "SELECT count(*) FROM conferences", NULL};
static const db_query q_notes_office = {
    "t.conf.notes",
    "SELECT count(*) FROM notifications WHERE user_id = 3 AND text LIKE '%kết luận%'", NULL};

static int64_t make(struct fx *f, const char *start, const char *end, bool ward)
{
    int64_t inv[] = {U_WARD, U_BTC};
    conf_input in = {.title = "Hội nghị quán triệt Nghị quyết",
                     .kind = "QUAN_TRIET",
                     .mode = "KET_HOP",
                     .starts_at = start,
                     .ends_at = end,
                     .venue = "Hội trường Thành ủy",
                     .chair_user_id = 2,
                     .invitees = ward ? inv : inv + 1,
                     .n_invitees = ward ? 2 : 1};
    web_err e = {0};
    int64_t id = conf_create(&f->c[P_CLERK], &in, &e);
    if (id <= 0)
        fail_msg("create: %s", web_err_message(&e));
    return id;
}

static void test_invite_lead_time(void **state)
{
    struct fx *f = *state;
    ctx *clerk = &f->c[P_CLERK];
    web_err e = {0};
    /* Refused input: the end before the start; nothing written. */
    conf_input bad = {.title = "Hội nghị",
                      .kind = "SO_KET",
                      .starts_at = "2026-05-04 14:00",
                      .ends_at = "2026-05-04 08:00"};
    assert_int_equal(conf_create(clerk, &bad, &e), -1);
    assert_non_null(web_err_field(&e, "ends_at"));
    assert_int_equal(fx_value(f, &q_conf_n), 0);
    /* A unit account cannot create one. */
    e = (web_err){0};
    bad.ends_at = "2026-05-04 16:00";
    assert_int_equal(conf_create(&f->c[P_UNIT], &bad, &e), -1);
    assert_int_equal(e.status, 403);

    int64_t id = make(f, "2026-05-04 08:00", "2026-05-04 11:30", true);
    /* After the conference: refused by name, no draft made. */
    e = (web_err){0};
    assert_int_equal(conf_invite(clerk, id, "2026-05-05", NULL, &e), -1);
    assert_non_null(web_err_field(&e, "date"));
    assert_int_equal(fx_value(f, &q_outgoing_n), 0);
    /* 29/4 → 4/5: five calendar days, one working day (30/4 and 1/5 are holidays). */
    e = (web_err){0};
    assert_int_equal(conf_invite(clerk, id, "2026-04-29", NULL, &e), -1);
    assert_non_null(web_err_field(&e, "reason"));
    assert_non_null(strstr(web_err_message(&e), "chỉ còn 1 ngày làm việc"));
    assert_int_equal(fx_value(f, &q_outgoing_n), 0);
    /* 27/4 (itself a day off) → 4/5: 28/4, 29/4, 4/5 — three working days, on time. */
    e = (web_err){0};
    int64_t oid = conf_invite(clerk, id, "2026-04-27", NULL, &e);
    assert_true(oid > 0);
    const conference *k = conf_get(clerk, id);
    assert_int_equal(k->invitation_id, oid);
    assert_int_equal(k->lead_days, 3);
    assert_null(k->late_reason);
    const outgoing *o = outgoing_get(clerk, oid);
    assert_string_equal(o->doc_type, "giay_moi");
    assert_non_null(strstr(o->body, "Đảng ủy phường Bình Thủy"));
    assert_non_null(strstr(o->body, "08 giờ 00, ngày 04/05/2026"));
    assert_int_equal(o->status, OUT_DRAFT);
    /* A second invitation: 409. */
    e = (web_err){0};
    assert_int_equal(conf_invite(clerk, id, NULL, NULL, &e), -1);
    assert_int_equal(e.status, 409);

    /* The rule as data: five working days from 2026 on; the same date is now late. */
    char err[256];
    assert_int_equal(rules_set(f->d, &f->users[P_ADMIN], "conferences.invite_lead_days", "5",
                               "2026-01-01", "Quy chế làm việc (thử)", err, sizeof err),
                     0);
    int64_t id2 = make(f, "2026-05-04 08:00", "2026-05-04 11:30", true);
    e = (web_err){0};
    assert_int_equal(conf_invite(clerk, id2, "2026-04-27", NULL, &e), -1);
    assert_non_null(strstr(web_err_message(&e), "ít nhất 5 ngày"));
    e = (web_err){0};
    assert_true(conf_invite(clerk, id2, "2026-04-27", "Họp đột xuất theo chỉ đạo", &e) > 0);
    assert_string_equal(conf_get(clerk, id2)->late_reason, "Họp đột xuất theo chỉ đạo");
}

static void test_materials_by_clearance(void **state)
{
    struct fx *f = *state;
    int64_t id = make(f, "2026-03-10 08:00", "2026-03-10 11:00", true);
    web_err e = {0};
    assert_true(conf_material_add(&f->c[P_CLERK], id, "Tài liệu hỏi đáp", 0, NULL, &e) > 0);
    assert_true(conf_material_add(&f->c[P_CLERK], id, "Báo cáo tình hình", 1, NULL, &e) > 0);
    assert_true(conf_material_add(&f->c[P_CLERK], id, "Đề án nhân sự", 2, NULL, &e) > 0);
    conf_material *m;
    int hidden;
    /* The organiser's clerk and leaders: all three. */
    assert_int_equal(conf_materials(&f->c[P_CLERK], id, &m, &hidden), 3);
    assert_int_equal(conf_materials(&f->c[P_OFFICE], id, &m, &hidden), 3);
    /* The office's specialist prepares it but is not cleared for secrets. */
    assert_int_equal(conf_materials(&f->c[P_SPEC], id, &m, &hidden), 1);
    assert_int_equal(hidden, 2);
    /* The invited ward: its leader reads Mật, never Tối mật; its clerk and account neither. */
    assert_int_equal(conf_materials(&f->c[P_WARD_LEADER], id, &m, &hidden), 2);
    assert_int_equal(hidden, 1);
    assert_int_equal(conf_materials(&f->c[P_WARD_CLERK], id, &m, &hidden), 1);
    assert_int_equal(conf_materials(&f->c[P_UNIT], id, &m, &hidden), 1);
    assert_string_equal(m[0].title, "Tài liệu hỏi đáp");
    assert_null(conf_material_get(&f->c[P_UNIT], id, 2));
}

static void test_scope(void **state)
{
    struct fx *f = *state;
    int64_t invited = make(f, "2026-03-10 08:00", "2026-03-10 11:00", true);
    int64_t other = make(f, "2026-03-11 08:00", "2026-03-11 11:00", false);
    assert_non_null(conf_get(&f->c[P_UNIT], invited));
    assert_null(conf_get(&f->c[P_UNIT], other));
    assert_null(conf_get(&f->c[P_WARD_CLERK], other));
    /* The board's specialist is invited to both (as its board), so sees them; cannot manage. */
    const conference *k = conf_get(&f->c[P_SPEC2], other);
    assert_non_null(k);
    assert_false(conf_may_manage(&f->c[P_SPEC2], k));
    assert_true(conf_may_manage(&f->c[P_SPEC], k));
    /* The ward answers for itself only. */
    web_err e = {0};
    assert_int_equal(conf_answer(&f->c[P_UNIT], invited, U_BTC, "attend", NULL, NULL, &e), -1);
    assert_int_equal(e.status, 403);
    e = (web_err){0};
    assert_int_equal(conf_answer(&f->c[P_UNIT], invited, U_WARD, "decline", "", NULL, &e), -1);
    assert_non_null(web_err_field(&e, "reason"));
    e = (web_err){0};
    assert_int_equal(conf_answer(&f->c[P_UNIT], invited, U_WARD, "attend", NULL, NULL, &e), 0);
}

static void test_day_minutes_and_conclusion_clock(void **state)
{
    struct fx *f = *state;
    ctx *clerk = &f->c[P_CLERK];
    int64_t id = make(f, "2026-04-29 08:00", "2026-04-29 11:00", true);
    web_err e = {0};
    assert_int_equal(conf_answer(clerk, id, U_BTC, "decline", "Trùng lịch kiểm tra", NULL, &e), 0);
    /* Check-in and minutes wait for the day. */
    assert_int_equal(conf_checkin(clerk, id, U_WARD, true, &e), -1);
    assert_int_equal(e.status, 409);
    e = (web_err){0};
    assert_int_equal(conf_minutes(clerk, id, &e), -1);
    clock_set_fake(FX_NOW + 58 * 86400); /* 2026-04-29 10:00 in Vietnam */
    e = (web_err){0};
    assert_int_equal(conf_checkin(clerk, id, U_WARD, true, &e), 0);
    conf_attendance a = {.unit_id = U_WARD,
                         .membership = 120,
                         .committee_members = 15,
                         .party_members = 110,
                         .non_members = 40,
                         .absent_with_reason = 6,
                         .absent_without_reason = 4};
    assert_int_equal(conf_attendance_set(&f->c[P_UNIT], id, &a, &e), 0);
    conf_attendance bad = a;
    bad.party_members = 121;
    assert_int_equal(conf_attendance_set(&f->c[P_UNIT], id, &bad, &e), -1);
    assert_non_null(web_err_field(&e, "party_members"));
    conf_rollup_row *rows;
    int n = conf_rollup(clerk, id, &rows);
    /* Two units (the ward recorded, the board not), one group (Thành ủy), the total. */
    assert_int_equal(n, 4);
    assert_false(rows[n - 1].a.recorded == false);
    assert_true(rows[n - 1].total);
    assert_int_equal(rows[n - 1].a.party_members, 110);
    assert_true(rows[n - 1].pct > 91.66 && rows[n - 1].pct < 91.67);

    e = (web_err){0};
    int64_t mid = conf_minutes(clerk, id, &e);
    assert_true(mid > 0);
    const outgoing *o = outgoing_get(clerk, mid);
    assert_string_equal(o->doc_type, "bien_ban");
    assert_non_null(strstr(o->body, "Đơn vị có mặt (1):\n- Đảng ủy phường Bình Thủy"));
    assert_non_null(strstr(o->body, "vắng có lý do (1):\n- Ban Tổ chức Thành ủy: Trùng lịch"));
    /* 29/4 + 5 working days, over 30/4, 1/5 and the weekend: 8/5. */
    const conference *k = conf_get(clerk, id);
    assert_string_equal(k->conclusion_due, "2026-05-08");
    assert_string_equal(conf_status(clerk, k), "DA_KET_THUC");

    /* The reminder: nothing on 5/5; on 7/5 (one working day ahead) once, to the office. */
    clock_set_fake(FX_NOW + 64 * 86400); /* 2026-05-05 */
    assert_int_equal(conf_remind(f->d), 0);
    clock_set_fake(FX_NOW + 66 * 86400); /* 2026-05-07 */
    assert_int_equal(conf_remind(f->d), 1);
    assert_int_equal(conf_remind(f->d), 0);
    assert_int_equal(fx_value(f, &q_notes_office), 1);
    /* Overdue on 11/5: on the office head's list. */
    clock_set_fake(FX_NOW + 70 * 86400); /* 2026-05-11 */
    conf_due *due;
    assert_int_equal(conf_conclusions_due(&f->c[P_OFFICE], &due), 1);
    assert_true(due[0].overdue);
    assert_int_equal(due[0].days_late, 1);
    assert_int_equal(conf_conclusions_due(&f->c[P_UNIT], &due), 0);
    e = (web_err){0};
    int64_t cid = conf_conclusion(clerk, id, &e);
    assert_true(cid > 0);
    assert_string_equal(outgoing_get(clerk, cid)->doc_type, "thong_bao");
    /* A drafted notice is still due until it is issued. */
    assert_int_equal(conf_conclusions_due(&f->c[P_OFFICE], &due), 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_invite_lead_time, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_materials_by_clearance, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_scope, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_day_minutes_and_conclusion_clock, fx_setup,
                                        fx_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
