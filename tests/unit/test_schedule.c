/* The weekly calendar: ISO weeks, who drafts and publishes, validation with nothing
 * half-saved, clashes, publication once, amendments (next version, marks, notices), private
 * events as "Bận", the publication reminder by rule, and the iCalendar text (CRLF, folding at
 * 75 octets inside UTF-8, escaping, SEQUENCE, CANCELLED, revocation). */
#include "test_outgoing_fixture.h"

#include "schedule/schedule.h"

static const db_query q_notes = {
    "test.sched_notes", "SELECT count(*) FROM notifications WHERE user_id = ?1 AND text LIKE ?2",
    NULL};

static int notes(struct fx *f, int64_t user_id, const char *like)
{
    db_stmt *s = db_stmt_get(f->d, &q_notes);
    db_bind_int(s, 1, user_id);
    db_bind_text(s, 2, like);
    int n = db_step(s) == DB_ROW ? (int)db_col_int(s, 0) : -1;
    db_reset(s);
    return n;
}

static void test_weeks(void **state)
{
    (void)state;
    int y, w;
    char m[11];
    assert_int_equal(sched_iso_week("2026-12-03", &y, &w), 0);
    assert_int_equal(y, 2026);
    assert_int_equal(w, 49);
    assert_int_equal(sched_iso_week("2021-01-03", &y, &w), 0); /* a Sunday of 2020's week 53 */
    assert_int_equal(y, 2020);
    assert_int_equal(w, 53);
    assert_int_equal(sched_iso_week("2024-12-30", &y, &w), 0); /* a Monday of 2025's week 1 */
    assert_int_equal(y, 2025);
    assert_int_equal(w, 1);
    assert_int_equal(sched_week_monday(2026, 49, m), 0);
    assert_string_equal(m, "2026-11-30");
    assert_int_equal(sched_week_monday(2026, 53, m), 0); /* 2026 begins on a Thursday */
    assert_string_equal(m, "2026-12-28");
    assert_int_equal(sched_week_monday(2025, 53, m), -1);
    assert_int_equal(sched_parse_week("2026-W49", &y, &w), 0);
    assert_int_equal(w, 49);
    assert_int_equal(sched_parse_week("2026-W49x", &y, &w), -1);
    assert_int_equal(sched_parse_week("2026-W60", &y, &w), -1);
    assert_int_equal(sched_parse_week("2026-02-30", &y, &w), -1);
}

static sched_input ev_in(const char *day, const char *start, const char *end, const char *content,
                         int64_t chair)
{
    return (sched_input){.day = day,
                         .start_time = start,
                         .end_time = end,
                         .content = content,
                         .chair_user_id = chair};
}

static void test_cycle(void **state)
{
    struct fx *f = *state;
    ctx *clerk = &f->c[P_CLERK], *spec = &f->c[P_SPEC], *office = &f->c[P_OFFICE];
    ctx *leader = &f->c[P_LEADER], *unitc = &f->c[P_UNIT], *admin = &f->c[P_ADMIN];
    int64_t tu = sched_home_unit(clerk);
    assert_int_equal(tu, U_TU); /* the office works on its committee's calendar */
    sched_clash *cl;
    int n;
    web_err e = {0};
    /* An event ending before it starts: refused by name, nothing saved. */
    sched_input bad = ev_in("2026-03-10", "15:00", "14:00", "Họp", 2);
    assert_int_equal(sched_event_create(clerk, &bad, &cl, &n, &e), -1);
    assert_int_equal(e.status, 400);
    assert_string_equal(web_err_field(&e, "end_time"), "Giờ kết thúc phải sau giờ bắt đầu.");
    sched_event *list;
    assert_int_equal(sched_week_events(clerk, tu, 2026, 11, NULL, &list), 0);
    /* Who drafts. */
    sched_input a =
        ev_in("2026-03-10", "08:00", "10:00", "Họp Ban Thường vụ, cho ý kiến; dự thảo", 2);
    e = (web_err){0};
    assert_int_equal(sched_event_create(leader, &a, &cl, &n, &e), -1);
    assert_int_equal(e.status, 403);
    e = (web_err){0};
    assert_int_equal(sched_event_create(unitc, &a, &cl, &n, &e), -1);
    assert_int_equal(e.status, 403);
    e = (web_err){0};
    int64_t id1 = sched_event_create(clerk, &a, &cl, &n, &e);
    assert_true(id1 > 0);
    assert_int_equal(n, 0);
    /* The same leader at an overlapping hour: saved, with the clash named. */
    sched_input b = ev_in("2026-03-10", "09:30", NULL, "Tiếp khách", 2);
    int64_t id2 = sched_event_create(spec, &b, &cl, &n, &e);
    assert_true(id2 > 0);
    assert_int_equal(n, 1);
    assert_non_null(strstr(cl[0].message, "Trùng lịch"));
    assert_string_equal(sched_event_get(spec, id2)->session, "sang");
    /* Not overlapping (10:30 after the first ends at 10:00 and the second at 10:30). */
    sched_input c3 = ev_in("2026-03-10", "10:30", "11:00", "Làm việc", 2);
    assert_true(sched_event_create(spec, &c3, &cl, &n, &e) > 0);
    assert_int_equal(n, 0);
    /* Drafts: the office only. */
    assert_null(sched_event_get(admin, id1));
    assert_int_equal(sched_week_events(admin, tu, 2026, 11, NULL, &list), 0);
    assert_int_equal(sched_week_events(leader, tu, 2026, 11, NULL, &list), 3);
    assert_true(list[0].clash && list[1].clash);
    /* A private event of the leader. */
    sched_input p = ev_in("2026-03-11", NULL, NULL, "Việc riêng", 2);
    p.session = "toi";
    p.visibility = "private";
    int64_t idp = sched_event_create(clerk, &p, &cl, &n, &e);
    assert_true(idp > 0);
    /* Publication: leaders only, once. */
    e = (web_err){0};
    assert_int_equal(sched_week_publish(spec, tu, 2026, 11, &e), -1);
    assert_int_equal(e.status, 403);
    e = (web_err){0};
    assert_int_equal(sched_week_publish(office, tu, 2026, 11, &e), 0);
    assert_int_equal(sched_week_publish(leader, tu, 2026, 11, &e), -1);
    assert_int_equal(e.status, 409);
    sched_week wk;
    sched_week_get(clerk, tu, 2026, 11, &wk);
    assert_int_equal(wk.version, 1);
    /* Readers: the private event is "Bận" to the admin, whole to its chair. */
    n = sched_week_events(admin, tu, 2026, 11, NULL, &list);
    assert_int_equal(n, 4);
    int busy = 0;
    for (int i = 0; i < n; i++)
        if (list[i].busy_only) {
            busy++;
            assert_string_equal(list[i].content, "Bận");
        }
    assert_int_equal(busy, 1);
    assert_null(sched_event_get(admin, idp));
    assert_non_null(sched_event_get(leader, idp));
    /* An amendment: revision up, marked, version 2 with the note, the chair told. */
    sched_input a2 = a;
    a2.start_time = "08:30";
    a2.end_time = "10:30";
    a2.note = "Lùi 30 phút";
    e = (web_err){0};
    assert_int_equal(sched_event_update(clerk, id1, &a2, &cl, &n, &e), 0);
    const sched_event *ev = sched_event_get(clerk, id1);
    assert_true(ev->amended);
    assert_int_equal(ev->revision, 1);
    sched_week *vers;
    assert_int_equal(sched_week_versions(clerk, tu, 2026, 11, &vers), 2);
    assert_int_equal(vers[0].version, 2);
    assert_string_equal(vers[0].note, "Lùi 30 phút");
    assert_int_equal(notes(f, 2, "%(bản số 2): Lùi 30 phút"), 1);
    /* A bad change leaves the event as it was. */
    sched_input badu = a2;
    badu.end_time = "07:00";
    e = (web_err){0};
    assert_int_equal(sched_event_update(clerk, id1, &badu, &cl, &n, &e), -1);
    assert_int_equal(sched_event_get(clerk, id1)->revision, 1);
    assert_int_equal(sched_week_versions(clerk, tu, 2026, 11, &vers), 2);
}

/* Each content line of an iCalendar text: CRLF ends, at most 75 octets, a fold never splits
 * a UTF-8 character. */
static void check_lines(const char *t)
{
    const char *p = t;
    while (*p) {
        const char *eol = strstr(p, "\r\n");
        assert_non_null(eol);
        assert_true(eol - p <= 75);
        for (const char *q = p; q < eol; q++)
            assert_true(*q != '\n' && *q != '\r');
        if (*p == ' ')
            assert_true(((unsigned char)p[1] & 0xC0) != 0x80);
        p = eol + 2;
    }
}

static void test_ical(void **state)
{
    struct fx *f = *state;
    ctx *clerk = &f->c[P_CLERK], *leader = &f->c[P_LEADER];
    int64_t tu = sched_home_unit(clerk);
    sched_clash *cl;
    int n;
    web_err e = {0};
    sched_input a = ev_in("2026-03-17", "08:00", NULL,
                          "Hội nghị Ban Chấp hành Đảng bộ thành phố lần thứ năm; quán triệt, "
                          "triển khai Nghị quyết, Chỉ thị của Trung ương (đợt 2), phần \\ cuối",
                          2);
    a.participants = "Ủy viên Ban Chấp hành\nLãnh đạo các ban";
    int64_t id = sched_event_create(clerk, &a, &cl, &n, &e);
    assert_true(id > 0);
    assert_int_equal(sched_week_publish(&f->c[P_OFFICE], tu, 2026, 12, &e), 0);
    const char *token = NULL;
    int64_t feed = sched_feed_create(leader, "person", 0, &token, &e);
    assert_true(feed > 0);
    ctx anon = {.a = f->a, .db = f->d, .data_dir = f->dir};
    strbuf out = {0};
    assert_int_equal(sched_ical(&anon, token, &out), 0);
    const char *t = sb_str(&out);
    check_lines(t);
    assert_non_null(strstr(t, "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"));
    assert_non_null(strstr(t, "TZID:Asia/Ho_Chi_Minh\r\n"));
    assert_non_null(strstr(t, "DTSTART;TZID=Asia/Ho_Chi_Minh:20260317T080000\r\n"));
    assert_non_null(strstr(t, "DTEND;TZID=Asia/Ho_Chi_Minh:20260317T090000\r\n"));
    assert_non_null(strstr(t, "SEQUENCE:0\r\n"));
    assert_non_null(strstr(t, "STATUS:CONFIRMED\r\n"));
    const sched_event *ev = sched_event_get(clerk, id);
    char uid[128];
    snprintf(uid, sizeof uid, "UID:%s\r\n", ev->uid);
    assert_non_null(strstr(t, uid));
    /* Unfolded, the summary has its commas, semicolons and backslash escaped. */
    strbuf un = {0};
    for (const char *p = t; *p; p++) {
        if (p[0] == '\r' && p[1] == '\n' && p[2] == ' ') {
            p += 2;
            continue;
        }
        sb_addc(&un, *p);
    }
    assert_non_null(strstr(sb_str(&un), "lần thứ năm\\; quán triệt\\, triển khai"));
    assert_non_null(strstr(sb_str(&un), "phần \\\\ cuối"));
    assert_non_null(strstr(sb_str(&un), "Ủy viên Ban Chấp hành\\nLãnh đạo"));
    sb_free(&un);
    sb_free(&out);
    /* Cancelled: still in the feed, CANCELLED, SEQUENCE risen. */
    assert_int_equal(sched_event_cancel(clerk, id, NULL, &e), 0);
    out = (strbuf){0};
    anon.user = NULL;
    assert_int_equal(sched_ical(&anon, token, &out), 0);
    assert_non_null(strstr(sb_str(&out), "STATUS:CANCELLED\r\n"));
    assert_non_null(strstr(sb_str(&out), "SEQUENCE:1\r\n"));
    sb_free(&out);
    /* Only its owner revokes; then the token is dead. */
    e = (web_err){0};
    assert_int_equal(sched_feed_revoke(clerk, feed, &e), -1);
    assert_int_equal(e.status, 404);
    assert_int_equal(sched_feed_revoke(leader, feed, &e), 0);
    anon.user = NULL;
    out = (strbuf){0};
    assert_int_equal(sched_ical(&anon, token, &out), -1);
    sb_free(&out);
    assert_int_equal(sched_ical(&anon, "not-a-token-at-all-xxxxxxxx", &out), -1);
    sb_free(&out);
}

static void test_publication_due(void **state)
{
    struct fx *f = *state;
    ctx *office = &f->c[P_OFFICE];
    int64_t tu = sched_home_unit(office);
    int y, w;
    sched_clash *cl;
    int ncl;
    web_err e = {0};
    sched_input a = ev_in("2026-03-10", "08:00", "10:00", "Giao ban Văn phòng", 2);
    assert_true(sched_event_create(&f->c[P_CLERK], &a, &cl, &ncl, &e) > 0);
    clock_set_fake(1772420400 + 3 * 86400); /* Thursday 2026-03-05: before the Friday */
    assert_false(sched_publication_due(office, tu, &y, &w));
    assert_int_equal(sched_publication_remind(f->d, "2026-03-05"), 0);
    clock_set_fake(1772420400 + 4 * 86400); /* Friday 2026-03-06 */
    assert_true(sched_publication_due(office, tu, &y, &w));
    assert_int_equal(w, 11);
    /* The Chánh Văn phòng and the Thường trực of the committee are told, once a week. */
    assert_int_equal(sched_publication_remind(f->d, "2026-03-06"), 2);
    assert_int_equal(sched_publication_remind(f->d, "2026-03-06"), 0);
    assert_int_equal(sched_week_publish(office, tu, y, w, &e), 0);
    assert_false(sched_publication_due(office, tu, &y, &w));
    clock_set_fake(1772420400 + 5 * 86400);
    assert_int_equal(sched_publication_remind(f->d, "2026-03-07"), 0); /* published: quiet */
    clock_set_fake(FX_NOW);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_weeks),
        cmocka_unit_test_setup_teardown(test_cycle, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_ical, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_publication_due, fx_setup, fx_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
