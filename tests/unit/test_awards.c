/* Awards and training (issue 20): milestones, occasions and gifts as rule values with
 * effective dates; the candidates job (milestone window, discipline wait, idempotent); early
 * and posthumous cases refused without their reason, nothing half-saved; the cycle with the
 * gift in whole đồng; who may write; training due by position. */
#include "test_outgoing_fixture.h"

#include "awards/awards.h"
#include "rules/rules.h"
#include "training/training.h"

static const db_query q_cases = {"t.aw_cases", "SELECT count(*) FROM badge_cases", NULL};
static const db_query q_audit = {
    "t.aw_audit", "SELECT count(*) FROM audit_log WHERE action LIKE 'badge.%'", NULL};

static int64_t add_member(struct fx *f, int64_t unit, const char *name, const char *admitted,
                          const char *status)
{
    static const db_query q = {
        "t.aw_member",
        "INSERT INTO party_members (unit_id, full_name, admitted_on, status, created_at,"
        " updated_at) VALUES (?1, ?2, ?3, ?4, 'x', 'x')",
        NULL};
    db_stmt *s = db_stmt_get(f->d, &q);
    db_bind_int(s, 1, unit);
    db_bind_text(s, 2, name);
    db_bind_text(s, 3, admitted);
    db_bind_text(s, 4, status);
    assert_int_equal(db_exec(s), DB_DONE);
    return db_last_id(f->d);
}

static void rules_are_data(void **state)
{
    struct fx *f = *state;
    assert_true(awards_is_milestone(f->d, 30, "2026-03-02"));
    assert_false(awards_is_milestone(f->d, 35, "2026-03-02"));
    assert_true(awards_is_milestone(f->d, 45, "2026-03-02"));
    assert_true(awards_is_milestone(f->d, 90, "2026-03-02"));
    assert_false(awards_is_milestone(f->d, 95, "2026-03-02"));
    assert_int_equal(awards_gift_tenths(f->d, 30, "2026-03-02"), 15);
    assert_int_equal(awards_gift_tenths(f->d, 80, "2026-03-02"), 150);
    assert_int_equal(awards_gift_tenths(f->d, 45, "2026-03-02"), 0); /* not entered */
    char err[256];
    assert_int_equal(
        rules_set(f->d, NULL, "awards.gift_tenths_45", "25", "2026-06-01", "thử", err, sizeof err),
        0);
    assert_int_equal(awards_gift_tenths(f->d, 45, "2026-05-31"), 0);
    assert_int_equal(awards_gift_tenths(f->d, 45, "2026-06-01"), 25);
    char buf[11];
    assert_string_equal(awards_next_occasion(f->d, "2026-03-02", buf), "2026-05-19");
    assert_string_equal(awards_next_occasion(f->d, "2026-05-19", buf), "2026-05-19");
    assert_string_equal(awards_next_occasion(f->d, "2026-11-08", buf), "2027-02-03");
    /* lead 60 days: 2026-03-02 + 60 = 2026-05-01 → 19/5 */
    assert_string_equal(awards_target_occasion(f->d, "2026-03-02", buf), "2026-05-19");
    assert_string_equal(awards_target_occasion(f->d, "2026-03-21", buf), "2026-09-02");
}

static void sweep_lists_once(void **state)
{
    struct fx *f = *state;
    add_member(f, U_WARD, "Đến hạn", "1996-04-01", "active");             /* 30 on 01/4/2026 */
    add_member(f, U_WARD, "Chưa đến", "1996-06-01", "active");            /* after 19/5 */
    add_member(f, U_WARD, "Quá xa", "1995-01-01", "active");              /* 30 > a year before */
    add_member(f, U_WARD, "Đã mất", "1976-04-01", "deceased");            /* not listed */
    int64_t w = add_member(f, U_WARD, "Kỷ luật", "1986-05-01", "active"); /* 40, but waits */
    web_err e;
    assert_true(awards_discipline_add(&f->c[P_OFFICE], w, "warning", "2026-01-10", &e) > 0);
    assert_int_equal(awards_sweep(f->d, NULL, "2026-03-02"), 1);
    assert_int_equal(awards_sweep(f->d, NULL, "2026-03-02"), 0);
    badge_case *v;
    assert_int_equal(awards_case_list(&f->c[P_OFFICE], "2026-05-19", NULL, NULL, &v), 1);
    assert_string_equal(v[0].member_name, "Đến hạn");
    assert_string_equal(v[0].due_date, "2026-04-01");
    assert_int_equal(v[0].milestone, 30);
    /* a warning waits 6 months: from 10/7/2026 the 2/9 occasion lists the member (and the one
     * reaching 30 on 01/6) */
    assert_int_equal(awards_sweep(f->d, NULL, "2026-06-20"), 2);
}

static void early_needs_reason(void **state)
{
    struct fx *f = *state;
    int64_t m = add_member(f, U_WARD, "Sớm", "1996-09-01", "active"); /* 30 on 01/9/2026 */
    int64_t n0 = fx_value(f, &q_cases), a0 = fx_value(f, &q_audit);
    web_err e;
    badge_in in = {.member_id = m, .milestone = 30, .occasion_date = "2026-05-19"};
    assert_int_equal(awards_case_create(&f->c[P_OFFICE], &in, &e), -1);
    assert_int_equal(e.status, 400);
    assert_string_equal(e.e[0].field, "early");
    assert_non_null(strstr(e.e[0].message, "chưa đủ 30 năm tuổi Đảng"));
    in.early = "illness";
    assert_int_equal(awards_case_create(&f->c[P_OFFICE], &in, &e), -1);
    assert_string_equal(e.e[0].field, "early_reason");
    in.kind = "posthumous";
    in.early = "posthumous";
    in.early_reason = "x";
    assert_int_equal(awards_case_create(&f->c[P_OFFICE], &in, &e), -1);
    assert_string_equal(e.e[0].field, "kind");
    assert_int_equal(fx_value(f, &q_cases), n0);
    assert_int_equal(fx_value(f, &q_audit), a0);
    /* the clerk and committee leader do not create cases */
    in = (badge_in){.member_id = m,
                    .milestone = 30,
                    .early = "illness",
                    .early_reason = "Bệnh nặng",
                    .occasion_date = "2026-05-19"};
    assert_int_equal(awards_case_create(&f->c[P_CLERK], &in, &e), -1);
    assert_int_equal(e.status, 403);
    assert_true(awards_case_create(&f->c[P_OFFICE], &in, &e) > 0);
    assert_int_equal(awards_case_create(&f->c[P_OFFICE], &in, &e), -1);
    assert_int_equal(e.status, 409);
    /* 70 years: the illness window is 24 months */
    int64_t old = add_member(f, U_WARD, "Cao niên", "1958-03-01", "active"); /* 70 on 01/3/2028 */
    in = (badge_in){.member_id = old,
                    .milestone = 70,
                    .early = "illness",
                    .early_reason = "Bệnh nặng",
                    .occasion_date = "2026-05-19"};
    assert_true(awards_case_create(&f->c[P_OFFICE], &in, &e) > 0);
    int64_t dead = add_member(f, U_WARD, "Truy tặng", "1956-12-01", "deceased"); /* 70: 12/2026 */
    in = (badge_in){.member_id = dead,
                    .milestone = 70,
                    .kind = "posthumous",
                    .early = "posthumous",
                    .early_reason = "Từ trần",
                    .occasion_date = "2026-05-19"};
    /* no date of death on the record and none typed */
    assert_int_equal(awards_case_create(&f->c[P_OFFICE], &in, &e), -1);
    assert_string_equal(e.e[0].field, "died_on");
    /* died 14 months before the milestone: beyond the posthumous window (12), judged at death */
    in.died_on = "2025-10-01";
    assert_int_equal(awards_case_create(&f->c[P_OFFICE], &in, &e), -1);
    assert_string_equal(e.e[0].field, "milestone");
    in.died_on = "2026-01-10"; /* 11 months before */
    int64_t pid = awards_case_create(&f->c[P_OFFICE], &in, &e);
    assert_true(pid > 0);
    const badge_case *pb = awards_case_get(&f->c[P_OFFICE], pid);
    assert_string_equal(pb->died_on, "2026-01-10");
    assert_string_equal(pb->early, "posthumous");
    /* a milestone reached before death: posthumous, not early */
    in = (badge_in){.member_id = dead,
                    .milestone = 65,
                    .kind = "posthumous",
                    .died_on = "2026-01-10",
                    .occasion_date = "2026-05-19"};
    pid = awards_case_create(&f->c[P_OFFICE], &in, &e);
    assert_true(pid > 0);
    assert_string_equal(awards_case_get(&f->c[P_OFFICE], pid)->early, "none");
}

static void cycle_and_gift(void **state)
{
    struct fx *f = *state;
    int64_t m = add_member(f, U_WARD, "Chu trình", "1996-04-01", "active");
    int64_t m45 = add_member(f, U_WARD, "Bốn lăm", "1981-04-01", "active");
    assert_int_equal(awards_sweep(f->d, NULL, "2026-03-02"), 2);
    badge_case *v;
    assert_int_equal(awards_case_list(&f->c[P_OFFICE], NULL, "candidate", NULL, &v), 2);
    int64_t id = v[0].member_id == m ? v[0].id : v[1].id;
    int64_t id45 = v[0].member_id == m45 ? v[0].id : v[1].id;
    web_err e;
    assert_int_equal(awards_case_propose(&f->c[P_OFFICE], id, "2026-04-01", &e), -1);
    assert_int_equal(e.status, 409);
    assert_int_equal(awards_case_review(&f->c[P_CLERK], id, "2026-03-20", "", &e), -1);
    assert_int_equal(e.status, 403);
    assert_int_equal(awards_case_review(&f->c[P_SPEC], id, "2026-03-20", "", &e), -1);
    assert_int_equal(e.status, 404); /* the ward is not the specialist's unit */
    assert_int_equal(awards_case_review(&f->c[P_UNIT], id, "2026-03-20", "Nhất trí", &e), 0);
    assert_int_equal(awards_case_propose(&f->c[P_UNIT], id, "2026-04-01", &e), -1);
    assert_int_equal(e.status, 403);
    assert_int_equal(awards_case_propose(&f->c[P_OFFICE], id, "2026-04-01", &e), 0);
    assert_int_equal(awards_case_decide(&f->c[P_OFFICE], id, "", "2026-04-20", NULL, "HH1", 0, &e),
                     -1);
    assert_string_equal(e.e[0].field, "decision_no");
    assert_int_equal(
        awards_case_decide(&f->c[P_OFFICE], id, "1200-QĐ/TU", "2026-04-20", NULL, "HH1", 0, &e), 0);
    const badge_case *b = awards_case_get(&f->c[P_OFFICE], id);
    assert_string_equal(b->list_form, "4");
    assert_int_equal(b->gift_tenths, 15);
    assert_int_equal(b->gift_amount, 3510000);
    assert_string_equal(b->decided_by, "Ban Thường vụ Thành ủy");
    assert_int_equal(awards_case_ceremony(&f->c[P_OFFICE], id, "2026-04-19", &e), -1);
    assert_int_equal(awards_case_ceremony(&f->c[P_OFFICE], id, "2026-05-19", &e), 0);
    assert_string_equal(awards_case_get(&f->c[P_OFFICE], id)->status, "presented");
    /* 45 years: no multiple entered, the gift stays empty */
    assert_int_equal(awards_case_review(&f->c[P_OFFICE], id45, "2026-03-20", "", &e), 0);
    assert_int_equal(awards_case_propose(&f->c[P_OFFICE], id45, "2026-04-01", &e), 0);
    assert_int_equal(
        awards_case_decide(&f->c[P_OFFICE], id45, "1201-QĐ/TU", "2026-04-20", NULL, "HH1", 0, &e),
        -1);
    assert_int_equal(e.status, 409); /* the badge number is taken */
    assert_int_equal(
        awards_case_decide(&f->c[P_OFFICE], id45, "1201-QĐ/TU", "2026-04-20", NULL, "HH2", 0, &e),
        0);
    assert_int_equal(awards_case_get(&f->c[P_OFFICE], id45)->gift_amount, -1);
    /* a reissue of the presented badge goes on form 4A */
    badge_in in = {
        .member_id = m, .milestone = 30, .kind = "reissue", .occasion_date = "2026-09-02"};
    int64_t n0 = fx_value(f, &q_cases);
    assert_int_equal(awards_case_create(&f->c[P_OFFICE], &in, &e), -1); /* no original, reason */
    assert_int_equal(e.n, 2);
    in.reissue_reason = "lost";
    in.original_case_id = id45; /* decided, not presented */
    assert_int_equal(awards_case_create(&f->c[P_OFFICE], &in, &e), -1);
    assert_string_equal(e.e[0].field, "original_case_id");
    assert_int_equal(fx_value(f, &q_cases), n0);
    in.original_case_id = id;
    int64_t r = awards_case_create(&f->c[P_OFFICE], &in, &e);
    assert_true(r > 0);
    const badge_case *rb = awards_case_get(&f->c[P_OFFICE], r);
    assert_string_equal(awards_form_of(rb->kind), "4A");
    assert_string_equal(rb->reissue_reason, "lost");
    assert_string_equal(rb->original_decision_no, "1200-QĐ/TU");
    assert_int_equal(awards_case_create(&f->c[P_OFFICE], &in, &e), -1); /* one open reissue */
    assert_int_equal(e.status, 409);
}

static void training_due_by_position(void **state)
{
    struct fx *f = *state;
    static const db_query q_staff = {
        "t.tr_staff",
        "INSERT INTO staff (unit_id, full_name, position, created_at, updated_at) VALUES"
        " (2, 'Ngô Thanh Tùng', 'Chuyên viên', 'x', 'x'), (2, 'Lê Hoàng Phúc', 'Chuyên viên', 'x',"
        " 'x')",
        NULL};
    assert_int_equal(db_exec(db_stmt_get(f->d, &q_staff)), DB_DONE);
    int64_t phuc = db_last_id(f->d);
    web_err e;
    assert_int_equal(
        training_requirement_add(&f->c[P_OFFICE], "Chuyên viên", "state", "", "2026-01-01", &e),
        -1);
    assert_true(
        training_requirement_add(&f->c[P_ADMIN], "Chuyên viên", "state", "", "2026-01-01", &e) > 0);
    training_due *d;
    assert_int_equal(training_due_list(&f->c[P_OFFICE], "2026-03-02", &d), 2);
    assert_int_equal(training_due_list(&f->c[P_OFFICE], "2025-12-31", &d),
                     0); /* not yet in force */
    training_record r = {.staff_id = phuc,
                         .kind = "state",
                         .name = "Ngạch chuyên viên",
                         .started_on = "2026-02-01",
                         .ended_on = "2026-01-01"};
    assert_int_equal(training_create(&f->c[P_OFFICE], &r, &e), -1);
    assert_string_equal(e.e[0].field, "ended_on");
    r.ended_on = "2026-02-28";
    assert_int_equal(training_create(&f->c[P_UNIT], &r, &e), -1);
    assert_int_equal(e.status, 403);
    assert_true(training_create(&f->c[P_OFFICE], &r, &e) > 0);
    assert_int_equal(training_due_list(&f->c[P_OFFICE], "2026-03-02", &d), 1);
    assert_string_equal(d[0].staff_name, "Ngô Thanh Tùng");
    /* retiring the rule: nobody due by it from that day, still due the day before */
    training_rule *rules;
    assert_int_equal(training_rules(&f->c[P_OFFICE], &rules), 1);
    assert_int_equal(training_rule_retire(&f->c[P_OFFICE], rules[0].id, "2026-06-01", &e), -1);
    assert_int_equal(e.status, 403);
    assert_int_equal(training_rule_retire(&f->c[P_ADMIN], rules[0].id, "2025-06-01", &e), -1);
    assert_string_equal(e.e[0].field, "effective_to");
    assert_int_equal(training_rule_retire(&f->c[P_ADMIN], rules[0].id, "2026-06-01", &e), 0);
    assert_int_equal(training_due_list(&f->c[P_OFFICE], "2026-05-31", &d), 1);
    assert_int_equal(training_due_list(&f->c[P_OFFICE], "2026-06-01", &d), 0);
    assert_int_equal(training_rule_retire(&f->c[P_ADMIN], rules[0].id, "2026-07-01", &e), -1);
    assert_int_equal(e.status, 409);
    /* editing: a clash with another rule of the same position, kind and day is refused */
    assert_true(
        training_requirement_add(&f->c[P_ADMIN], "Chuyên viên", "it", "", "2026-01-01", &e) > 0);
    training_rule ed = {.position = "Chuyên viên", .kind = "it", .effective_from = "2026-01-01"};
    assert_int_equal(training_rule_edit(&f->c[P_ADMIN], rules[0].id, &ed, &e), -1);
    assert_int_equal(e.status, 409);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(rules_are_data, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(sweep_lists_once, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(early_needs_reason, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(cycle_and_gift, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(training_due_by_position, fx_setup, fx_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
