/* The demo's weekly calendar (lịch công tác tuần) of the Thường trực Thành ủy Cần Thơ: a year of
 * weeks drafted by the office mid-week and published by the Chánh Văn phòng on the Friday
 * before, a few amended after publication, this week published and next week still a draft;
 * the Thành ủy's meeting rooms; a calendar feed for the Bí thư. Acted out through the
 * schedule services with the clock set to each moment (clock_set_fake), like the rest of the
 * demo. Content is DỮ LIỆU MẪU: invented, in the office's usual wording. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "auth/auth.h"
#include "base/clock.h"
#include "base/config.h"
#include "demo/demo_impl.h"
#include "org/org.h"
#include "outgoing/outgoing.h"
#include "schedule/schedule.h"
#include "web/errors.h"
#include "workdays/workdays.h"

#define WEEKS_BACK 52

static const db_query q_login = {"demo_schedule.user", "SELECT id FROM users WHERE login = ?1",
                                 NULL};
static const db_query q_unit = {"demo_schedule.unit",
                                "SELECT id FROM units WHERE name = ?1 AND valid_to IS NULL", NULL};
static const db_query q_any = {"demo_schedule.any", "SELECT 1 FROM schedule_events LIMIT 1", NULL};

static int64_t lookup(db *d, const db_query *q, const char *text)
{
    db_stmt *s = db_stmt_get(d, q);
    if (!s)
        return 0;
    db_bind_text(s, 1, text);
    int64_t id = db_step(s) == DB_ROW ? db_col_int(s, 0) : 0;
    db_reset(s);
    return id;
}

static actor *as(arena *a, db *d, const char *login)
{
    int64_t id = lookup(d, &q_login, login);
    ctx probe = {.a = a, .db = d, .data_dir = config.data_dir};
    const user *u = id ? auth_user_load(&probe, id) : NULL;
    if (!u)
        return NULL;
    actor *x = arena_alloc(a, sizeof *x);
    x->u = *u;
    x->c = (ctx){.a = a, .db = d, .user = &x->u, .data_dir = config.data_dir};
    return x;
}

/* One line of a week's plan: weekday (1 Monday), session, hours, what, who attends, where. */
typedef struct line {
    int wd;
    const char *session, *start, *end, *content, *participants, *venue;
    int room;  /* 0 none, 1..3 the rooms below */
    int prep;  /* 0 none, 1 VPTU, 2 BTC, 3 BTGDV, 4 UBKT, 5 a ward */
    int chair; /* 1 the Bí thư (thuongtruc), 2 the Chánh Văn phòng */
    const char *vis;
} line;

static const line fixed[] = {
    {1, "sang", "07:30", "09:30", "Giao ban Thường trực Thành ủy",
     "Các đồng chí Thường trực Thành ủy; Chánh Văn phòng Thành ủy", NULL, 2, 0, 1, "internal"},
    {2, "sang", "08:00", "11:30", "Họp Ban Thường vụ Thành ủy",
     "Các đồng chí Ủy viên Ban Thường vụ Thành ủy; lãnh đạo các ban Đảng Thành ủy", NULL, 2, 1, 1,
     "internal"},
    {5, "chieu", "14:00", "16:30", "Làm việc với Ban Tổ chức Thành ủy về công tác cán bộ",
     "Trưởng Ban Tổ chức Thành ủy; Phó Trưởng Ban phụ trách", NULL, 3, 2, 1, "internal"},
};

static const char *const topics[] = {
    "tình hình thực hiện nhiệm vụ chính trị tháng",
    "dự thảo Nghị quyết chuyên đề về chuyển đổi số",
    "công tác chuẩn bị Hội nghị Ban Chấp hành Đảng bộ thành phố",
    "kết quả kiểm tra, giám sát của Ủy ban Kiểm tra Thành ủy",
    "công tác tuyên truyền kỷ niệm các ngày lễ lớn",
    "tiến độ các công trình trọng điểm của thành phố",
    "công tác phát triển đảng viên tại các phường, xã",
    "kế hoạch tổ chức đại hội chi bộ nhiệm kỳ mới",
};
static const char *const wards[] = {"phường Bình Thủy", "phường Ninh Kiều", "phường Cái Răng",
                                    "xã Phong Điền",    "phường Thốt Nốt",  "xã Thới Lai"};
static const char *const ward_units[] = {"Đảng ủy phường Bình Thủy", "Đảng ủy phường Ninh Kiều",
                                         "Đảng ủy phường Cái Răng",  "Đảng ủy xã Phong Điền",
                                         "Đảng ủy phường Thốt Nốt",  "Đảng ủy xã Thới Lai"};
static const char *const ceremonies[] = {
    "Dự Lễ kỷ niệm ngày thành lập Mặt trận Dân tộc Thống nhất Việt Nam",
    "Dự chương trình nghệ thuật chào mừng Ngày Nhà giáo Việt Nam",
    "Dự Lễ khánh thành cầu nông thôn tại xã Phong Điền",
    "Dự Ngày hội Đại đoàn kết toàn dân tộc tại khu vực 5, phường Bình Thủy",
};

typedef struct demo_sched {
    actor *vanthu, *chuyenvien, *chanhvp;
    int64_t tt, cvp, unit, room[4], prep[6];
    int64_t ward[6];
} demo_sched;

/* The moment (unix seconds) of a Vietnam date at hh:mm. */
static int64_t at(const char *date, int hh, int mm)
{
    int y, m, d;
    clock_parse_date(date, &y, &m, &d);
    char iso[32];
    snprintf(iso, sizeof iso, "%04d-%02d-%02dT%02d:%02d:00Z", y, m, d, hh, mm);
    return clock_parse_iso(iso) - VN_UTC_OFFSET;
}

static int64_t add(demo_sched *k, const char *monday, const line *l, const char *content,
                   int64_t ward_unit, char **err_r)
{
    char day[11];
    workdays_date_add(monday, l->wd - 1, day);
    int64_t people[1] = {k->cvp};
    sched_input in = {.day = arena_strdup(k->vanthu->c.a, day),
                      .session = l->session,
                      .start_time = l->start,
                      .end_time = l->end,
                      .content = content,
                      .participants = l->participants,
                      .venue = l->venue,
                      .visibility = l->vis,
                      .chair_user_id = l->chair == 2 ? k->cvp : k->tt,
                      .room_id = l->room ? k->room[l->room] : 0,
                      .preparing_unit_id = l->prep == 5 ? ward_unit
                                           : l->prep    ? k->prep[l->prep]
                                                        : 0,
                      .people = l->chair == 1 && l->room ? people : NULL,
                      .n_people = l->chair == 1 && l->room ? 1 : 0};
    sched_clash *cl;
    int n;
    web_err e = {0};
    int64_t id = sched_event_create(&k->vanthu->c, &in, &cl, &n, &e);
    if (id < 0)
        demo_fail(err_r, "schedule demo event", web_err_message(&e));
    return id;
}

/* The Thành ủy's conferences of a week, into its calendar, linked to the conference and the
 * programme item it came from (what "Đưa vào lịch tuần" on a conference's page does). */
static const db_query q_week_confs = {
    "demo_sched.confs",
    "SELECT id, title, substr(starts_at, 1, 10), substr(starts_at, 12, 5), substr(ends_at, 12, 5), "
    "venue, coalesce(programme_item_id, 0), coalesce(chair_user_id, 0) FROM conferences WHERE "
    "unit_id = ?1 AND starts_at >= ?2 AND starts_at < ?3 AND substr(starts_at, 1, 10) = "
    "substr(ends_at, 1, 10) ORDER BY starts_at, id LIMIT 4",
    NULL};

static int conferences_of_week(demo_sched *k, const char *monday, char **err_r)
{
    arena *a = k->vanthu->c.a;
    char next[11];
    workdays_date_add(monday, 7, next);
    db *d = k->vanthu->c.db;
    db_stmt *s = db_stmt_get(d, &q_week_confs);
    if (!s)
        return 0;
    db_bind_int(s, 1, k->unit);
    db_bind_text(s, 2, monday);
    db_bind_text(s, 3, next);
    sched_input in[4];
    int n = 0;
    while (n < 4 && db_step(s) == DB_ROW) {
        const char *start = arena_strdup(a, db_col_text(s, 3));
        in[n] = (sched_input){.conference_id = db_col_int(s, 0),
                              .content = arena_strdup(a, db_col_text(s, 1)),
                              .day = arena_strdup(a, db_col_text(s, 2)),
                              .start_time = start,
                              .end_time = arena_strdup(a, db_col_text(s, 4)),
                              .session = atoi(start) < 12 ? "sang" : "chieu",
                              .venue = arena_strdup(a, db_col_text(s, 5)),
                              .programme_item_id = db_col_int(s, 6),
                              .chair_user_id = db_col_int(s, 7) ? db_col_int(s, 7) : k->tt,
                              .visibility = "internal"};
        n++;
    }
    db_reset(s);
    for (int i = 0; i < n; i++) {
        sched_clash *cl;
        int nc;
        web_err e = {0};
        if (sched_event_create(&k->vanthu->c, &in[i], &cl, &nc, &e) < 0)
            return demo_fail(err_r, "schedule demo conference", web_err_message(&e));
    }
    return 0;
}

/* One week: drafted on the Wednesday before, published on the Friday before (unless `draft`),
 * and — every fifth week — one meeting moved after publication. */
static int week(demo_sched *k, int idx, const char *monday, bool draft, char **err_r)
{
    char wed[11], fri[11];
    workdays_date_add(monday, -5, wed);
    workdays_date_add(monday, -3, fri);
    clock_set_fake(at(wed, 9, 15 + idx % 30));
    int64_t first = 0;
    for (size_t i = 0; i < sizeof fixed / sizeof fixed[0]; i++) {
        const line *l = &fixed[i];
        const char *content = l->content;
        if (l->wd == 2)
            content =
                arena_printf(k->vanthu->c.a, "%s: cho ý kiến về %s", l->content, topics[idx % 8]);
        int64_t id = add(k, monday, l, content, 0, err_r);
        if (id < 0)
            return -1;
        if (!first)
            first = id;
    }
    int w = idx % 6;
    line visit = {
        3,    "sang", "08:00", "11:00", NULL,    "Thường trực Thành ủy; đại diện các ban Đảng",
        NULL, 0,      5,       1,       "public"};
    visit.venue = arena_printf(k->vanthu->c.a, "Trụ sở Đảng ủy %s", wards[w]);
    const char *vc = arena_printf(k->vanthu->c.a, "Làm việc với Ban Thường vụ Đảng ủy %s về %s",
                                  wards[w], topics[(idx + 3) % 8]);
    if (add(k, monday, &visit, vc, k->ward[w], err_r) < 0)
        return -1;
    if (idx % 4 == 0) {
        line rec = {4,
                    "sang",
                    "07:30",
                    "11:30",
                    "Tiếp công dân định kỳ của đồng chí Bí thư Thành ủy",
                    "Ban Nội chính Thành ủy; Ủy ban Kiểm tra Thành ủy; Văn phòng Thành ủy",
                    "Trụ sở Tiếp công dân thành phố",
                    0,
                    4,
                    1,
                    "public"};
        if (add(k, monday, &rec, rec.content, 0, err_r) < 0)
            return -1;
    }
    if (idx % 3 == 0) {
        line ev = {idx % 2 ? 6 : 4,  "toi", "19:30", "21:30", NULL,    "Thường trực Thành ủy",
                   "Nhà hát Tây Đô", 0,     3,       1,       "public"};
        if (add(k, monday, &ev, ceremonies[idx % 4], 0, err_r) < 0)
            return -1;
    }
    if (idx % 7 == 0) {
        line own = {4, "chieu", "15:00", "16:30", "Làm việc riêng", NULL, NULL, 0, 0, 1, "private"};
        if (add(k, monday, &own, own.content, 0, err_r) < 0)
            return -1;
    }
    line cvp = {4,
                "chieu",
                "14:00",
                "16:00",
                "Giao ban Văn phòng Thành ủy",
                "Lãnh đạo Văn phòng; trưởng các phòng",
                NULL,
                1,
                1,
                2,
                "internal"};
    if (add(k, monday, &cvp, cvp.content, 0, err_r) < 0)
        return -1;
    if (conferences_of_week(k, monday, err_r) != 0)
        return -1;
    if (draft)
        return 0;
    clock_set_fake(at(fri, 15, 30));
    web_err e = {0};
    int y, wk;
    sched_iso_week(monday, &y, &wk);
    if (sched_week_publish(&k->chanhvp->c, k->unit, y, wk, &e) != 0)
        return demo_fail(err_r, "schedule demo publish", web_err_message(&e));
    if (idx % 5 == 2) {
        /* The Monday briefing moved half an hour: an amendment, noticed to those concerned. */
        char mon_day[11];
        workdays_date_add(monday, -1, mon_day);
        clock_set_fake(at(mon_day, 16, 10));
        const sched_event *ev = sched_event_get(&k->vanthu->c, first);
        if (!ev)
            return demo_fail(err_r, "schedule demo amend", "event not found");
        int64_t people[1] = {k->cvp};
        sched_input in = {.day = ev->day,
                          .session = ev->session,
                          .start_time = "08:00",
                          .end_time = "10:00",
                          .content = ev->content,
                          .participants = ev->participants,
                          .visibility = ev->visibility,
                          .chair_user_id = ev->chair_user_id,
                          .room_id = ev->room_id,
                          .preparing_unit_id = ev->preparing_unit_id,
                          .people = people,
                          .n_people = 1,
                          .note = "Giao ban Thường trực lùi 30 phút (từ 8 giờ 00)"};
        sched_clash *cl;
        int n;
        if (sched_event_update(&k->vanthu->c, first, &in, &cl, &n, &e) != 0)
            return demo_fail(err_r, "schedule demo amend", web_err_message(&e));
    }
    return 0;
}

/* The feed's address for the Bí thư goes beside the demo logins. */
static void note_feed(const char *token)
{
    if (!config.data_dir || !token)
        return;
    char path[4096];
    snprintf(path, sizeof path, "%s/demo-logins.txt", config.data_dir);
    FILE *f = fopen(path, "a");
    if (!f)
        return;
    fprintf(f, "\nthuongtruc — lịch công tác (iCalendar): /ical/%s.ics\n", token);
    fclose(f);
}

int demo_schedule_seed(db *d, char **err_r)
{
    db_stmt *s = db_stmt_get(d, &q_any);
    bool seeded = s && db_step(s) == DB_ROW;
    if (s)
        db_reset(s);
    if (seeded)
        return 0;
    arena *a = arena_new();
    int64_t now = clock_now();
    int64_t caller_clock = llabs(now - (int64_t)time(NULL)) > 5 ? now : 0;
    demo_sched k = {0};
    k.vanthu = as(a, d, "vanthu");
    k.chuyenvien = as(a, d, "chuyenvien");
    k.chanhvp = as(a, d, "chanhvp");
    actor *tt = as(a, d, "thuongtruc");
    int rc = 0;
    if (!k.vanthu || !k.chanhvp || !tt) {
        arena_free(&a);
        return demo_fail(err_r, "schedule demo", "the demo accounts are missing");
    }
    k.tt = tt->u.id;
    k.cvp = k.chanhvp->u.id;
    k.unit = sched_home_unit(&k.vanthu->c);
    k.prep[1] = lookup(d, &q_unit, "Văn phòng Thành ủy Cần Thơ");
    k.prep[2] = lookup(d, &q_unit, "Ban Tổ chức Thành ủy Cần Thơ");
    k.prep[3] = lookup(d, &q_unit, "Ban Tuyên giáo và Dân vận Thành ủy Cần Thơ");
    k.prep[4] = lookup(d, &q_unit, "Ủy ban Kiểm tra Thành ủy Cần Thơ");
    for (int i = 0; i < 6; i++)
        k.ward[i] = lookup(d, &q_unit, ward_units[i]);
    static const struct {
        const char *name;
        int cap;
    } rooms[] = {{"Hội trường Thành ủy", 300},
                 {"Phòng họp Ban Thường vụ (tầng 2)", 40},
                 {"Phòng họp số 1 (tầng 3)", 25}};
    clock_set_fake(now - (int64_t)(WEEKS_BACK + 2) * 7 * DAY);
    for (int i = 0; i < 3 && rc == 0; i++) {
        web_err e = {0};
        k.room[i + 1] = sched_room_add(&k.vanthu->c, k.unit, rooms[i].name, rooms[i].cap, &e);
        if (k.room[i + 1] < 0)
            rc = demo_fail(err_r, "schedule demo room", web_err_message(&e));
    }
    char today[16], mon[11];
    clock_set_fake(caller_clock);
    clock_vn_today(today, sizeof today);
    int y, w;
    sched_iso_week(today, &y, &w);
    sched_week_monday(y, w, mon);
    /* From a year ago to this week published; next week a draft. Weeks whose Friday before is
     * still ahead (next week) stay drafts. */
    for (int i = -WEEKS_BACK; i <= 1 && rc == 0; i++) {
        char m[11];
        workdays_date_add(mon, 7 * i, m);
        char fri[11];
        workdays_date_add(m, -3, fri);
        bool draft = strcmp(fri, today) > 0 || i == 1;
        rc = week(&k, i + WEEKS_BACK, m, draft, err_r);
    }
    clock_set_fake(caller_clock);
    if (rc == 0) {
        web_err e = {0};
        const char *token = NULL;
        if (sched_feed_create(&tt->c, "person", 0, &token, &e) < 0)
            rc = demo_fail(err_r, "schedule demo feed", web_err_message(&e));
        else
            note_feed(token);
    }
    arena_free(&a);
    return rc;
}
