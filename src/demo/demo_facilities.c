/* The demo's facilities of the Thành ủy Cần Thơ: its cars and equipment (with hand-overs), a
 * year of bookings — the hall for the demo's conferences, cars for the leaders' visits on the
 * weekly calendar, the small meeting room for the departments' working sessions. Acted out
 * through the facilities services as the office's clerk. Content is DỮ LIỆU MẪU. A booking
 * that would clash with the calendar is refused by the service, as for a user: the demo then
 * simply skips it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "auth/auth.h"
#include "base/clock.h"
#include "base/config.h"
#include "base/i18n.h"
#include "conferences/conferences.h"
#include "demo/demo_impl.h"
#include "facilities/facilities.h"
#include "outgoing/outgoing.h"
#include "schedule/schedule.h"
#include "web/errors.h"
#include "workdays/workdays.h"

static const db_query q_login = {"demo_fac.user", "SELECT id FROM users WHERE login = ?1", NULL};

static actor *as(arena *a, db *d, const char *login)
{
    db_stmt *s = db_stmt_get(d, &q_login);
    if (!s)
        return NULL;
    db_bind_text(s, 1, login);
    int64_t id = db_step(s) == DB_ROW ? db_col_int(s, 0) : 0;
    db_reset(s);
    ctx probe = {.a = a, .db = d, .data_dir = config.data_dir};
    const user *u = id ? auth_user_load(&probe, id) : NULL;
    if (!u)
        return NULL;
    actor *x = arena_alloc(a, sizeof *x);
    x->u = *u;
    x->c = (ctx){.a = a, .db = d, .user = &x->u, .data_dir = config.data_dir};
    return x;
}

typedef struct asset_line {
    const char *code, *name, *kind, *location, *uom, *plate;
    int64_t value, seats;
    int months_ago, holder; /* 0 vanthu, 1 chanhvp, 2 chuyenvien */
} asset_line;

static const asset_line assets[] = {
    {"XE-01", "Xe ô tô Toyota Camry 2.5Q", "vehicle", "Nhà xe Thành ủy", "chiếc", "65A-000.15",
     1235000000, 5, 40, 1},
    {"XE-02", "Xe ô tô Ford Everest Titanium", "vehicle", "Nhà xe Thành ủy", "chiếc", "65A-000.27",
     1399000000, 7, 30, 1},
    {"XE-03", "Xe ô tô Toyota Innova 2.0E", "vehicle", "Nhà xe Thành ủy", "chiếc", "65A-001.08",
     755000000, 8, 60, 1},
    {"XE-04", "Xe ô tô Ford Transit 16 chỗ", "vehicle", "Nhà xe Thành ủy", "chiếc", "65B-002.31",
     845000000, 16, 50, 1},
    {"TB-001", "Hệ thống âm thanh Hội trường Thành ủy", "equipment", "Hội trường Thành ủy", "bộ",
     "", 486500000, 0, 36, 0},
    {"TB-002", "Máy chiếu Epson EB-L510U", "equipment", "Phòng họp Ban Thường vụ (tầng 2)", "cái",
     "", 98000000, 0, 24, 0},
    {"TB-003", "Màn hình LED hội nghị trực tuyến 165 inch", "equipment", "Hội trường Thành ủy",
     "bộ", "", 1150000000, 0, 18, 0},
    {"TB-004", "Máy photocopy Ricoh IM 4000", "equipment", "Phòng Văn thư - Lưu trữ", "cái", "",
     89500000, 0, 30, 0},
    {"TB-005", "Điều hòa Daikin 24.000 BTU", "equipment", "Phòng họp số 1 (tầng 3)", "cái", "",
     28900000, 0, 48, 0},
    {"CNTT-001", "Máy chủ lưu trữ dữ liệu Văn phòng", "it", "Phòng máy chủ (tầng 1)", "cái", "",
     265000000, 0, 20, 2},
    {"CNTT-002", "Máy tính xách tay Dell Latitude 5440", "it", "Phòng Tổng hợp", "cái", "",
     27500000, 0, 10, 2},
    {"CNTT-003", "Máy quét tài liệu Fujitsu fi-7600", "it", "Phòng Văn thư - Lưu trữ", "cái", "",
     112000000, 0, 14, 0},
    {"NT-001", "Bộ bàn ghế phòng họp Ban Thường vụ (40 chỗ)", "furniture",
     "Phòng họp Ban Thường vụ (tầng 2)", "bộ", "", 356000000, 0, 60, 0},
    {"NT-002", "Tủ đựng hồ sơ lưu trữ bằng thép", "furniture", "Kho lưu trữ", "cái", "", 12800000,
     0, 55, 0},
};

static const char *const wards[] = {"Đảng ủy phường Bình Thủy", "Đảng ủy phường Ninh Kiều",
                                    "Đảng ủy phường Cái Răng",  "Đảng ủy xã Phong Điền",
                                    "Khu công nghiệp Trà Nóc",  "Bệnh viện Đa khoa thành phố"};
static const char *const drivers[] = {"Nguyễn Văn Tài", "Lê Minh Phúc", "Trần Quốc Hùng"};
static const char *const sessions[] = {
    "Ban Tuyên giáo và Dân vận làm việc về kế hoạch tuyên truyền",
    "Ban Tổ chức họp thẩm định hồ sơ nhân sự", "Ủy ban Kiểm tra họp xét kỷ luật đảng viên",
    "Văn phòng Thành ủy giao ban công tác tham mưu", "Tổ biên tập dự thảo văn kiện họp góp ý"};

int demo_facilities_seed(db *d, char **err_r)
{
    arena *a = arena_new();
    int rc = 0;
    int64_t now = clock_now();
    int64_t caller_clock = llabs(now - (int64_t)time(NULL)) > 5 ? now : 0;
    actor *vt = as(a, d, "vanthu"), *cvp = as(a, d, "chanhvp"), *cv = as(a, d, "chuyenvien");
    if (!vt || !cvp || !cv) {
        arena_free(&a);
        return demo_fail(err_r, "facilities demo", "the demo accounts are missing");
    }
    int64_t holders[3] = {vt->u.id, cvp->u.id, cv->u.id};
    int64_t cars[4] = {0};
    char today[16];
    clock_vn_today(today, sizeof today);
    for (size_t i = 0; i < sizeof assets / sizeof assets[0] && rc == 0; i++) {
        const asset_line *l = &assets[i];
        char bought[11];
        workdays_date_add(today, -30 * l->months_ago, bought);
        web_err e = {0};
        fac_asset_input in = {.code = l->code,
                              .name = l->name,
                              .kind = l->kind,
                              .location = l->location,
                              .unit_of_measure = l->uom,
                              .purchase_date = bought,
                              .plate = l->plate,
                              .status = "in_use",
                              .responsible_user_id = holders[0],
                              .quantity = 1,
                              .value = l->value,
                              .seats = l->seats};
        int64_t id = fac_asset_create(&vt->c, &in, &e);
        if (id < 0) {
            rc = demo_fail(err_r, "facilities demo asset", web_err_message(&e));
            break;
        }
        if (i < 4)
            cars[i] = id;
        /* Received from the store and handed to its keeper (the record of each). */
        if (l->holder != 0) {
            char on[11];
            workdays_date_add(bought, 3, on);
            web_err e2 = {0};
            if (fac_handover_create(&vt->c, id, holders[l->holder], on,
                                    _("Mới 100%, đủ phụ kiện, giấy tờ kèm theo"), l->location, "",
                                    &e2) < 0)
                rc = demo_fail(err_r, "facilities demo hand-over", web_err_message(&e2));
        }
    }
    /* An old cabinet disposed of. */
    if (rc == 0) {
        fac_asset *v;
        int n = fac_assets(&vt->c, fac_home_unit(&vt->c), &(fac_filter){.q = "NT-002"}, &v);
        char on[11];
        workdays_date_add(today, -45, on);
        web_err e = {0};
        if (n == 1 && fac_asset_dispose(&vt->c, v[0].id, on,
                                        _("Hư hỏng, gỉ sét, không còn sử dụng được"), &e) != 0)
            rc = demo_fail(err_r, "facilities demo dispose", web_err_message(&e));
    }
    int64_t unit_id = fac_home_unit(&vt->c);
    sched_room *rooms;
    int nr = sched_rooms(&vt->c, unit_id, &rooms);
    /* The hall for every conference of the year held in the Thành ủy. */
    if (rc == 0 && nr > 0) {
        conference *k;
        int64_t total = 0;
        int n = conf_list(&vt->c, &(conf_filter){.limit = 200}, &k, &total);
        for (int i = 0; i < n; i++) {
            if (!k[i].starts_at || !k[i].ends_at || strcmp(k[i].ends_at, k[i].starts_at) <= 0)
                continue;
            web_err e = {0};
            fac_booking_input in = {.room_id = rooms[0].id,
                                    .starts_at = k[i].starts_at,
                                    .ends_at = k[i].ends_at,
                                    .purpose = k[i].title,
                                    .conference_id = k[i].id};
            fac_booking_create(&vt->c, &in, &e); /* a clash is refused and skipped */
        }
    }
    /* Each week of the year: cars for the leaders' visits on the calendar, a car for a
     * delivery, the small room for a department's working session. */
    char mon[11];
    int y, w;
    sched_iso_week(today, &y, &w);
    sched_week_monday(y, w, mon);
    for (int i = -52; i <= 1 && rc == 0; i++) {
        char m[11];
        workdays_date_add(mon, 7 * i, m);
        int wy, ww;
        sched_iso_week(m, &wy, &ww);
        sched_event *ev;
        int n = sched_week_events(&vt->c, unit_id, wy, ww, NULL, &ev);
        int car = 0;
        for (int j = 0; j < n && car < 3; j++) {
            if (ev[j].busy_only || ev[j].room_id || !ev[j].start_time || !ev[j].end_time)
                continue;
            web_err e = {0};
            fac_booking_input in = {
                .vehicle_id = cars[car],
                .event_id = ev[j].id,
                .starts_at = fac_stamp(&vt->c, ev[j].day, ev[j].start_time),
                .ends_at = fac_stamp(&vt->c, ev[j].day, ev[j].end_time),
                .purpose = ev[j].content,
                .driver = drivers[car % 3],
                .destination = ev[j].venue && *ev[j].venue ? ev[j].venue : wards[(i + j + 60) % 6]};
            if (fac_booking_create(&vt->c, &in, &e) > 0)
                car++;
        }
        char day[11];
        workdays_date_add(m, 3, day); /* Thursday */
        web_err e = {0};
        fac_booking_input trip = {.vehicle_id = cars[3],
                                  .starts_at = fac_stamp(&vt->c, day, "07:30"),
                                  .ends_at = fac_stamp(&vt->c, day, "11:30"),
                                  .purpose = _("Chuyển tài liệu, văn bản mật đến các đảng ủy"),
                                  .driver = drivers[(i + 60) % 3],
                                  .destination = wards[(i + 60) % 6]};
        fac_booking_create(&vt->c, &trip, &e);
        if (nr > 2) {
            web_err e2 = {0};
            workdays_date_add(m, 2, day); /* Wednesday afternoon */
            fac_booking_input room = {.room_id = rooms[nr - 1].id,
                                      .starts_at = fac_stamp(&vt->c, day, "14:00"),
                                      .ends_at = fac_stamp(&vt->c, day, "16:30"),
                                      .purpose = sessions[(i + 60) % 5]};
            fac_booking_create(&cv->c, &room, &e2);
        }
    }
    clock_set_fake(caller_clock);
    arena_free(&a);
    return rc;
}
