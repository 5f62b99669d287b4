/* The demo office's awards and training (DOMAIN-2 §8): a few Party members of its own (the
 * members module's demo members may exist too: these are found by name), the candidates of
 * the next Huy hiệu occasion listed by the job, a past occasion carried through to the
 * ceremony, a posthumous and an early (illness) case, a member waiting after discipline, a
 * year of commendations, and training records of the office's staff with some due. Acted out
 * through the services by the demo accounts (chanhvp; the position rules by the administrator). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/auth.h"
#include "awards/awards.h"
#include "base/clock.h"
#include "base/config.h"
#include "outgoing/outgoing.h"
#include "training/training.h"
#include "workdays/workdays.h"

static const db_query q_user = {"demo.aw_user", "SELECT id FROM users WHERE login = ?1", NULL};
static const db_query q_admin = {
    "demo.aw_admin", "SELECT id FROM users WHERE role = 'admin' ORDER BY id LIMIT 1", NULL};
static const db_query q_unit = {"demo.aw_unit",
                                "SELECT id FROM units WHERE name = ?1 AND valid_to IS NULL", NULL};
static const db_query q_any = {"demo.aw_any", "SELECT 1 FROM badge_cases LIMIT 1", NULL};
static const db_query q_member = {
    "demo.aw_member", "SELECT id FROM party_members WHERE full_name = ?1 AND unit_id = ?2", NULL};
static const db_query q_add_member = {
    "demo.aw_add_member",
    "INSERT INTO party_members (unit_id, full_name, birth_date, gender, admitted_on, official_on,"
    " status, status_on, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, date(?5, '+1 year'),"
    " ?6, ?7, datetime('now'), datetime('now'))",
    NULL};
static const db_query q_staff = {"demo.aw_staff", "SELECT id FROM staff WHERE full_name = ?1",
                                 NULL};

typedef struct who {
    user u;
    ctx c;
} who;

static int64_t id_of(db *d, const db_query *q, const char *text)
{
    db_stmt *s = db_stmt_get(d, q);
    if (!s)
        return 0;
    if (text)
        db_bind_text(s, 1, text);
    int64_t id = db_step(s) == DB_ROW ? db_col_int(s, 0) : 0;
    db_reset(s);
    return id;
}

static bool load(arena *a, db *d, int64_t id, who *w)
{
    ctx probe = {.a = a, .db = d, .data_dir = config.data_dir};
    const user *u = id ? auth_user_load(&probe, id) : NULL;
    if (!u)
        return false;
    w->u = *u;
    w->c = (ctx){.a = a, .db = d, .user = &w->u, .data_dir = config.data_dir};
    return true;
}

/* date + years (negative back) + months, into out. */
static void shift(db *d, const char *date, int years, int months, char out[11])
{
    int y, m, dd;
    (void)d;
    if (sscanf(date, "%d-%d-%d", &y, &m, &dd) != 3) {
        snprintf(out, 11, "%s", date);
        return;
    }
    int total = y * 12 + (m - 1) + years * 12 + months;
    if (dd > 28)
        dd = 28;
    char buf[32];
    snprintf(buf, sizeof buf, "%04d-%02d-%02d", total / 12 % 10000, total % 12 + 1, dd % 100);
    memcpy(out, buf, 10);
    out[10] = 0;
}

static int64_t member(db *d, int64_t unit, const char *name, const char *gender,
                      const char *admitted, const char *status, const char *status_on)
{
    db_stmt *s = db_stmt_get(d, &q_member);
    if (!s)
        return 0;
    db_bind_text(s, 1, name);
    db_bind_int(s, 2, unit);
    int64_t id = db_step(s) == DB_ROW ? db_col_int(s, 0) : 0;
    db_reset(s);
    if (id)
        return id;
    char birth[11];
    shift(d, admitted, -22, 0, birth);
    s = db_stmt_get(d, &q_add_member);
    if (!s)
        return 0;
    db_bind_int(s, 1, unit);
    db_bind_text(s, 2, name);
    db_bind_text(s, 3, birth);
    db_bind_text(s, 4, gender);
    db_bind_text(s, 5, admitted);
    db_bind_text(s, 6, status);
    db_bind_text(s, 7, status_on);
    return db_exec(s) == DB_DONE ? db_last_id(d) : 0;
}

static int fail(char **err_r, const char *what, const web_err *e)
{
    char buf[400];
    snprintf(buf, sizeof buf, "awards demo: %s: %s", what, web_err_message(e));
    *err_r = strdup(buf);
    return -1;
}

/* A case carried as far as `upto` (0 candidate … 4 presented). */
static int carry(who *w, int64_t id, const char *occ, int upto, const char *badge_no, char **err_r)
{
    web_err e = {0};
    char d1[11], d2[11], d3[11];
    workdays_date_add(occ, -50, d1);
    workdays_date_add(occ, -40, d2);
    workdays_date_add(occ, -15, d3);
    if (upto >= 1 &&
        awards_case_review(&w->c, id, d1, "Chi bộ nhất trí đề nghị (100% đảng viên có mặt).", &e) !=
            0)
        return fail(err_r, "review", &e);
    if (upto >= 2 && awards_case_propose(&w->c, id, d2, &e) != 0)
        return fail(err_r, "propose", &e);
    if (upto >= 3 &&
        awards_case_decide(&w->c, id, arena_printf(w->c.a, "%lld-QĐ/TU", (long long)(800 + id)), d3,
                           "Ban Thường vụ Thành ủy", badge_no, 0, &e) != 0)
        return fail(err_r, "decide", &e);
    if (upto >= 4 && awards_case_ceremony(&w->c, id, occ, &e) != 0)
        return fail(err_r, "ceremony", &e);
    return 0;
}

int demo_awards_seed(db *d, char **err_r)
{
    *err_r = NULL;
    if (id_of(d, &q_any, NULL))
        return 0; /* already seeded */
    arena *a = arena_new();
    who cv, admin;
    int64_t bt = id_of(d, &q_unit, "Đảng ủy phường Bình Thủy");
    int64_t nk = id_of(d, &q_unit, "Đảng ủy phường Ninh Kiều");
    if (!load(a, d, id_of(d, &q_user, "chanhvp"), &cv) ||
        !load(a, d, id_of(d, &q_admin, NULL), &admin) || !bt || !nk) {
        arena_free(&a);
        *err_r = strdup("awards demo: the demo accounts or units are missing");
        return -1;
    }
    char today[16], next[11], past[11], back[11], t[11];
    clock_vn_today(today, sizeof today);
    awards_target_occasion(d, today, next);
    workdays_date_add(today, -150, back);
    awards_next_occasion(d, back, past);
    int rc = 0;
    web_err e = {0};
    /* The candidates of the next occasion: reaching 30, 40, 45 (gift multiple not entered),
     * 50 and 60 years in the months before it. */
    struct {
        const char *name, *gender;
        int years, months_before;
        int64_t unit;
    } next_ones[] = {
        {"Nguyễn Văn Bảy", "nam", 30, 2, bt}, {"Trần Thị Mười", "nu", 40, 1, bt},
        {"Lê Văn Chín", "nam", 45, 3, nk},    {"Phạm Thị Út", "nu", 50, 4, nk},
        {"Huỳnh Văn Năm", "nam", 60, 1, bt},
    };
    for (size_t i = 0; i < sizeof next_ones / sizeof next_ones[0]; i++) {
        shift(d, next, -next_ones[i].years, -next_ones[i].months_before, t);
        member(d, next_ones[i].unit, next_ones[i].name, next_ones[i].gender, t, "active", NULL);
    }
    /* Waiting after a dismissal (cách chức, 12 months) a month ago: not on the list (the wait
     * runs past any next occasion, which is at most about five months ahead). */
    shift(d, next, -40, -2, t);
    int64_t waiting = member(d, bt, "Võ Văn Sáu", "nam", t, "active", NULL);
    shift(d, today, 0, -1, t);
    if (awards_discipline_add(&cv.c, waiting, "dismissal", t, &e) < 0) {
        rc = fail(err_r, "discipline", &e);
        goto out;
    }
    if (awards_sweep(d, cv.c.user, today) < 0) {
        *err_r = strdup("awards demo: the candidates job failed");
        rc = -1;
        goto out;
    }
    /* The past occasion, carried to the ceremony. */
    struct {
        const char *name, *gender;
        int years;
        int64_t unit;
        const char *badge;
    } past_ones[] = {
        {"Đặng Văn Hai", "nam", 30, bt, "HH30-104521"},
        {"Ngô Thị Ba", "nu", 55, nk, "HH55-002317"},
        {"Bùi Văn Tư", "nam", 70, bt, "HH70-000412"},
    };
    for (size_t i = 0; i < sizeof past_ones / sizeof past_ones[0]; i++) {
        shift(d, past, -past_ones[i].years, -1, t);
        int64_t m =
            member(d, past_ones[i].unit, past_ones[i].name, past_ones[i].gender, t, "active", NULL);
        badge_in in = {.member_id = m,
                       .milestone = past_ones[i].years,
                       .kind = "award",
                       .early = "none",
                       .occasion_date = past};
        int64_t id = awards_case_create(&cv.c, &in, &e);
        if (id < 0) {
            rc = fail(err_r, "past case", &e);
            goto out;
        }
        if ((rc = carry(&cv, id, past, 4, past_ones[i].badge, err_r)) != 0)
            goto out;
    }
    /* A posthumous award: reaching 70 years four months after the occasion, died last month
     * (within the posthumous window counted from the death, whatever today's date). */
    shift(d, next, -70, 4, t);
    char died[11];
    shift(d, today, 0, -1, died);
    int64_t dead = member(d, nk, "Trương Văn Được", "nam", t, "deceased", died);
    badge_in post = {.member_id = dead,
                     .milestone = 70,
                     .kind = "posthumous",
                     .early = "posthumous",
                     .early_reason = "Đồng chí từ trần, gia đình đề nghị truy tặng.",
                     .occasion_date = next};
    int64_t pid = awards_case_create(&cv.c, &post, &e);
    if (pid < 0 || (rc = carry(&cv, pid, next, 2, NULL, err_r)) != 0) {
        if (pid < 0)
            rc = fail(err_r, "posthumous", &e);
        goto out;
    }
    /* An early award for serious illness: 65 years five months after the occasion. */
    shift(d, next, -65, 5, t);
    int64_t ill = member(d, bt, "Lâm Thị Tám", "nu", t, "active", NULL);
    badge_in early = {.member_id = ill,
                      .milestone = 65,
                      .kind = "award",
                      .early = "illness",
                      .early_reason =
                          "Bệnh nặng, có xác nhận của Bệnh viện Đa khoa Trung ương Cần Thơ.",
                      .occasion_date = next};
    int64_t eid = awards_case_create(&cv.c, &early, &e);
    if (eid < 0 || (rc = carry(&cv, eid, next, 1, NULL, err_r)) != 0) {
        if (eid < 0)
            rc = fail(err_r, "early", &e);
        goto out;
    }
    /* A year of commendations. */
    int year = atoi(today);
    int64_t hai = member(d, bt, "Đặng Văn Hai", "nam", "", "active", NULL);
    commendation comms[] = {
        {.target = "unit",
         .unit_id = bt,
         .form = "certificate",
         .basis = "yearly",
         .year = year - 1,
         .reason = "Đảng bộ hoàn thành xuất sắc nhiệm vụ năm",
         .proposal_no = "12-TTr/ĐU",
         .decision_no = "1520-QĐ/TU",
         .decision_on = NULL,
         .decided_by = "Ban Thường vụ Thành ủy"},
        {.target = "unit",
         .unit_id = nk,
         .form = "flag",
         .basis = "five_years",
         .year = year - 1,
         .reason = "Đảng bộ hoàn thành xuất sắc nhiệm vụ tiêu biểu 5 năm liền",
         .proposal_no = "08-TTr/ĐU",
         .decision_no = "1521-QĐ/TU",
         .decided_by = "Ban Thường vụ Thành ủy"},
        {.target = "member",
         .member_id = hai,
         .form = "merit",
         .basis = "outstanding",
         .year = year,
         .reason = "Thành tích xuất sắc trong phòng, chống thiên tai",
         .proposal_no = "21-TTr/ĐU",
         .decision_no = "1688-QĐ/TU",
         .decided_by = "Ban Thường vụ Thành ủy"},
        {.target = "unit",
         .unit_id = bt,
         .form = "praise",
         .basis = "thematic",
         .year = year,
         .reason =
             "Thực hiện tốt việc học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
         .decided_by = "Đảng ủy phường Bình Thủy"},
        {.target = "member",
         .member_id = hai,
         .form = "certificate",
         .basis = "yearly",
         .year = year,
         .reason = "Đảng viên hoàn thành xuất sắc nhiệm vụ",
         .decision_no = "45-QĐ/ĐU",
         .decided_by = "Đảng ủy phường Bình Thủy"},
    };
    for (size_t i = 0; i < sizeof comms / sizeof comms[0]; i++)
        if (awards_comm_create(&cv.c, &comms[i], &e) < 0) {
            rc = fail(err_r, "commendation", &e);
            goto out;
        }
    /* Training: position rules, and records of the office's staff (some still due). */
    static const struct {
        const char *position, *kind, *level;
    } reqs[] = {
        {"Chuyên viên Phòng Tổng hợp", "state", "Chuyên viên"},
        {"Chuyên viên Phòng Tổng hợp", "it", "Cơ bản"},
        {"Chuyên viên Phòng Hành chính - Cơ yếu", "politics", "Trung cấp"},
        {"Văn thư Đảng ủy phường", "it", "Cơ bản"},
    };
    for (size_t i = 0; i < sizeof reqs / sizeof reqs[0]; i++)
        if (training_requirement_add(&admin.c, reqs[i].position, reqs[i].kind, reqs[i].level,
                                     "2024-01-01", &e) < 0) {
            rc = fail(err_r, "requirement", &e);
            goto out;
        }
    static const struct {
        const char *who, *kind, *name, *level, *cert, *from, *to, *provider;
    } recs[] = {
        {"Lê Hoàng Phúc", "state", "Bồi dưỡng ngạch chuyên viên", "Chuyên viên", "Chứng chỉ",
         "2025-03-03", "2025-05-30", "Trường Chính trị thành phố Cần Thơ"},
        {"Lê Hoàng Phúc", "it", "Ứng dụng công nghệ thông tin cơ bản", "Cơ bản", "Chứng chỉ",
         "2025-06-02", "2025-06-27", "Trường Đại học Cần Thơ"},
        {"Nguyễn Thị Lan Anh", "state", "Bồi dưỡng ngạch chuyên viên", "Chuyên viên", "Chứng chỉ",
         "2025-09-08", "2025-11-28", "Trường Chính trị thành phố Cần Thơ"},
        {"Trương Văn Đức", "politics", "Trung cấp lý luận chính trị - hành chính", "Trung cấp",
         "Bằng tốt nghiệp", "2023-03-01", "2024-01-15", "Trường Chính trị thành phố Cần Thơ"},
        {"Tạ Thị Yến", "language", "Tiếng Anh bậc 2", "A2", "Chứng chỉ", "2024-07-01", "2024-09-30",
         "Trường Đại học Cần Thơ"},
    };
    for (size_t i = 0; i < sizeof recs / sizeof recs[0]; i++) {
        training_record r = {.staff_id = id_of(d, &q_staff, recs[i].who),
                             .kind = recs[i].kind,
                             .name = recs[i].name,
                             .level = recs[i].level,
                             .certificate = recs[i].cert,
                             .started_on = recs[i].from,
                             .ended_on = recs[i].to,
                             .provider = recs[i].provider};
        if (!r.staff_id)
            continue;
        if (training_create(&cv.c, &r, &e) < 0) {
            rc = fail(err_r, "training", &e);
            goto out;
        }
    }
out:
    arena_free(&a);
    return rc;
}
