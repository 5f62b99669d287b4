/* Facilities: the overlap rule of bookings (touching slots pass, overlaps are refused naming
 * the holder, cancelled ones free the slot), the calendar's room guard (an event refused in a
 * booked room, a booking refused in an event's room), assets (unique code, hand-over moves the
 * responsible person, disposal freezes) and who may do what. */
#include "test_outgoing_fixture.h"

#include "facilities/facilities.h"
#include "schedule/schedule.h"

static const db_query q_bookings = {"test.fac_bookings", "SELECT count(*) FROM facility_bookings",
                                    NULL};
static const db_query q_audit = {
    "test.fac_audit", "SELECT count(*) FROM audit_log WHERE action LIKE 'facilities.%'", NULL};

static int64_t book(struct fx *f, int who, int64_t room, int64_t car, const char *from,
                    const char *to, web_err *e)
{
    fac_booking_input in = {
        .room_id = room, .vehicle_id = car, .starts_at = from, .ends_at = to, .purpose = "Họp thử"};
    return fac_booking_create(&f->c[who], &in, e);
}

static void test_bookings(void **state)
{
    struct fx *f = *state;
    web_err e = {0};
    int64_t room = sched_room_add(&f->c[P_CLERK], 0, "Phòng họp số 1", 20, &e);
    assert_true(room > 0);
    int64_t a = book(f, P_CLERK, room, 0, "2026-03-10 08:00", "2026-03-10 10:00", &e);
    assert_true(a > 0);
    /* Overlapping: refused, 409 on room_id, naming the holder; nothing saved. */
    e = (web_err){0};
    assert_int_equal(book(f, P_SPEC, room, 0, "2026-03-10 09:59", "2026-03-10 11:00", &e), -1);
    assert_int_equal(e.status, 409);
    assert_string_equal(e.e[0].field, "room_id");
    assert_non_null(strstr(e.e[0].message, "Phòng họp số 1 đã được đặt từ 10/03/2026 08:00"));
    assert_non_null(strstr(e.e[0].message, "(người đặt: Lê Thị Hoa)"));
    /* Inside, around: refused too. Touching (ends when the other starts): fine. */
    e = (web_err){0};
    assert_int_equal(book(f, P_SPEC, room, 0, "2026-03-10 07:00", "2026-03-10 12:00", &e), -1);
    e = (web_err){0};
    assert_true(book(f, P_SPEC, room, 0, "2026-03-10T10:00", "2026-03-10T11:00", &e) > 0);
    e = (web_err){0};
    assert_true(book(f, P_SPEC, room, 0, "2026-03-10 06:00", "2026-03-10 08:00", &e) > 0);
    assert_int_equal(fx_value(f, &q_bookings), 3);
    /* Cancelled, the slot is free. */
    e = (web_err){0};
    assert_int_equal(fac_booking_cancel(&f->c[P_SPEC], a, &e), -1); /* not the booker */
    assert_int_equal(e.status, 403);
    e = (web_err){0};
    assert_int_equal(fac_booking_cancel(&f->c[P_CLERK], a, &e), 0);
    e = (web_err){0};
    assert_true(book(f, P_SPEC, room, 0, "2026-03-10 09:00", "2026-03-10 09:30", &e) > 0);

    /* The calendar refuses an event in the booked room, and a booking refuses an event's. */
    sched_input in = {.day = "2026-03-10",
                      .start_time = "09:15",
                      .end_time = "09:45",
                      .content = "Tiếp công dân",
                      .room_id = room};
    sched_clash *cl;
    int ncl;
    e = (web_err){0};
    assert_int_equal(sched_event_create(&f->c[P_CLERK], &in, &cl, &ncl, &e), -1);
    assert_int_equal(e.status, 409);
    assert_string_equal(e.e[0].field, "room_id");
    in.day = "2026-03-11";
    in.start_time = "14:00";
    in.end_time = NULL; /* an hour */
    e = (web_err){0};
    int64_t ev = sched_event_create(&f->c[P_CLERK], &in, &cl, &ncl, &e);
    assert_true(ev > 0);
    e = (web_err){0};
    assert_int_equal(book(f, P_CLERK, room, 0, "2026-03-11 14:30", "2026-03-11 16:00", &e), -1);
    assert_non_null(strstr(e.e[0].message, "cho lịch công tác «Tiếp công dân»"));
    e = (web_err){0};
    assert_true(book(f, P_CLERK, room, 0, "2026-03-11 15:00", "2026-03-11 16:00", &e) > 0);
    /* Its own room again on an edit: not a clash with itself. */
    in.start_time = "14:00";
    e = (web_err){0};
    assert_int_equal(sched_event_update(&f->c[P_CLERK], ev, &in, &cl, &ncl, &e), 0);

    /* Who: a committee leader reads but does not book; a ward's account not in these rooms. */
    e = (web_err){0};
    assert_int_equal(book(f, P_LEADER, room, 0, "2026-03-12 08:00", "2026-03-12 09:00", &e), -1);
    assert_int_equal(e.status, 403);
    e = (web_err){0};
    assert_int_equal(book(f, P_UNIT, room, 0, "2026-03-12 08:00", "2026-03-12 09:00", &e), -1);
    assert_string_equal(e.e[0].field, "room_id");
    /* Bad input: neither room nor car, the end first, too long. */
    e = (web_err){0};
    assert_int_equal(book(f, P_CLERK, 0, 0, "2026-03-12 08:00", "2026-03-12 09:00", &e), -1);
    e = (web_err){0};
    assert_int_equal(book(f, P_CLERK, room, 0, "2026-03-12 09:00", "2026-03-12 08:00", &e), -1);
    assert_string_equal(e.e[0].field, "ends_at");
    e = (web_err){0};
    assert_int_equal(book(f, P_CLERK, room, 0, "2026-03-12 09:00", "2026-05-12 08:00", &e), -1);
    assert_true(fx_value(f, &q_audit) >= 6);
}

static void test_assets(void **state)
{
    struct fx *f = *state;
    web_err e = {0};
    fac_asset_input in = {.code = "XE-01",
                          .name = "Xe ô tô Toyota Camry",
                          .kind = "vehicle",
                          .plate = "65A-000.15",
                          .value = 1235000000,
                          .quantity = 1};
    int64_t car = fac_asset_create(&f->c[P_CLERK], &in, &e);
    assert_true(car > 0);
    e = (web_err){0};
    assert_int_equal(fac_asset_create(&f->c[P_OFFICE], &in, &e), -1);
    assert_int_equal(e.status, 409);
    assert_string_equal(e.e[0].field, "code");
    e = (web_err){0};
    assert_int_equal(fac_asset_create(&f->c[P_SPEC], &in, &e), -1);
    assert_int_equal(e.status, 403);
    /* Cars follow the same overlap rule. */
    e = (web_err){0};
    assert_true(book(f, P_SPEC, 0, car, "2026-03-10 07:00", "2026-03-10 12:00", &e) > 0);
    e = (web_err){0};
    assert_int_equal(book(f, P_CLERK, 0, car, "2026-03-10 11:00", "2026-03-10 13:00", &e), -1);
    assert_string_equal(e.e[0].field, "vehicle_id");
    assert_non_null(strstr(e.e[0].message, "Xe Xe ô tô Toyota Camry (65A-000.15) đã được đặt"));
    /* Hand-over: the receiver becomes responsible; the history has the record. */
    e = (web_err){0};
    int64_t h = fac_handover_create(&f->c[P_CLERK], car, f->users[P_OFFICE].id, "2026-03-01", "Tốt",
                                    "Nhà xe", NULL, &e);
    assert_true(h > 0);
    const fac_asset *a = fac_asset_get(&f->c[P_CLERK], car);
    assert_int_equal(a->responsible_user_id, f->users[P_OFFICE].id);
    fac_handover *hs;
    assert_int_equal(fac_handovers(&f->c[P_CLERK], car, &hs), 1);
    assert_string_equal(hs[0].to_name, "Trần Thị Bích Ngọc");
    /* A ward's account does not see the city's car. */
    assert_null(fac_asset_get(&f->c[P_UNIT], car));
    /* Disposal freezes it; a car disposed of is not bookable. */
    e = (web_err){0};
    assert_int_equal(fac_asset_dispose(&f->c[P_CLERK], car, "2026-03-05", "Hỏng", &e), 0);
    e = (web_err){0};
    assert_int_equal(fac_handover_create(&f->c[P_CLERK], car, f->users[P_CLERK].id, "2026-03-06",
                                         "x", NULL, NULL, &e),
                     -1);
    assert_int_equal(e.status, 409);
    e = (web_err){0};
    assert_int_equal(book(f, P_CLERK, 0, car, "2026-04-10 07:00", "2026-04-10 12:00", &e), -1);
    assert_string_equal(e.e[0].field, "vehicle_id");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_bookings, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_assets, fx_setup, fx_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
