/* The demo office's citizen reception and petitions (issue 15): a year of the Thường trực's
 * reception days (two months missed, so the quota check has something to say; two months
 * delegated to the Chánh Văn phòng), the receiving officers' regular reception, and about fifty
 * letters — complaints, denunciations (one extended twice), recommendations, reflections, an
 * anonymous one screened out, returned, transferred, filed, resolved on time and late, and some
 * still open and overdue. Everything goes through the petitions services as the demo accounts,
 * with the clock set to the moment it happened; dates are relative to today.
 * DỮ LIỆU MẪU: people, addresses and ID numbers are invented. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "auth/auth.h"
#include "base/clock.h"
#include "base/config.h"
#include "outgoing/outgoing.h"
#include "petitions/petitions.h"

#define DAY 86400

static const db_query q_any = {"demo_pet.any", "SELECT 1 FROM petitions LIMIT 1", NULL};
static const db_query q_user = {"demo_pet.user", "SELECT id FROM users WHERE login = ?1", NULL};
static const db_query q_read_old = {
    "demo_pet.read_old",
    "UPDATE notifications SET read_at = created_at WHERE read_at IS NULL AND created_at < ?1",
    NULL};
static const db_query q_unit = {
    "demo_pet.unit", "SELECT id FROM units WHERE name = ?1 AND valid_to IS NULL LIMIT 1", NULL};

typedef struct who {
    user u;
    ctx c;
} who;

static who *person(arena *a, db *d, const char *login)
{
    db_stmt *s = db_stmt_get(d, &q_user);
    if (!s)
        return NULL;
    db_bind_text(s, 1, login);
    int64_t id = db_step(s) == DB_ROW ? db_col_int(s, 0) : 0;
    db_reset(s);
    ctx probe = {.a = a, .db = d, .data_dir = config.data_dir};
    const user *u = id ? auth_user_load(&probe, id) : NULL;
    if (!u)
        return NULL;
    who *w = arena_alloc(a, sizeof *w);
    w->u = *u;
    w->c = (ctx){.a = a, .db = d, .user = &w->u, .data_dir = config.data_dir};
    return w;
}

static unsigned rng = 20260115u;
static int rnd(int n)
{
    rng = rng * 1103515245u + 12345u;
    return (int)((rng >> 8) % (unsigned)n);
}

/* 09:00 in Vietnam on the day `days_ago` before `now`, moved off the weekend. */
static int64_t at(int64_t now, int days_ago)
{
    int64_t day = (now + 7 * 3600) / DAY - days_ago;
    int wd = (int)((day + 4) % 7); /* 0 Sunday */
    if (wd == 6)
        day -= 1;
    else if (wd == 0)
        day += 1;
    if (day > (now + 7 * 3600) / DAY)
        day -= 3;
    return day * DAY + 2 * 3600;
}

static const char *date_of(arena *a, int64_t t)
{
    char buf[32];
    clock_iso(t + 7 * 3600, buf, sizeof buf);
    return arena_strndup(a, buf, 10);
}

static const char *const surnames[] = {"Nguyễn", "Trần", "Lê",   "Phạm",
                                       "Huỳnh",  "Võ",   "Đặng", "Bùi"};
static const char *const middles[] = {"Văn", "Thị", "Minh", "Thanh", "Hữu", "Ngọc"};
static const char *const given[] = {"An",  "Bình", "Cường", "Dung",  "Hạnh", "Khoa", "Lộc",
                                    "Mai", "Nam",  "Phúc",  "Quyên", "Sơn",  "Tâm",  "Vy"};
static const char *const places[] = {"phường Ninh Kiều", "phường Bình Thủy", "phường Cái Răng",
                                     "xã Phong Điền",    "phường Ô Môn",     "xã Thới Lai"};

static pet_ident citizen(arena *a)
{
    pet_ident w;
    w.name = arena_printf(a, "%s %s %s", surnames[rnd(8)], middles[rnd(6)], given[rnd(14)]);
    w.address = arena_printf(a, "Số %d, hẻm %d, khu vực %d, %s, TP Cần Thơ", 10 + rnd(300),
                             1 + rnd(90), 1 + rnd(9), places[rnd(6)]);
    w.id_no = arena_printf(a, "0920%02d%06d", 80 + rnd(20), rnd(1000000));
    return w;
}

static const struct {
    const char *kind, *matter, *summary;
} letters[] = {
    {"complaint", "Khiếu nại quyết định thu hồi đất dự án khu dân cư Cồn Khương",
     "Không đồng ý mức bồi thường, hỗ trợ khi thu hồi đất nông nghiệp; đề nghị xem xét lại."},
    {"complaint", "Khiếu nại việc cấp giấy chứng nhận quyền sử dụng đất",
     "Cho rằng phường cấp giấy chứng nhận chồng lấn phần đất gia đình sử dụng ổn định."},
    {"denunciation", "Tố cáo cán bộ địa chính phường nhận tiền khi làm thủ tục",
     "Phản ánh cán bộ yêu cầu nộp thêm tiền ngoài quy định khi làm thủ tục tách thửa."},
    {"denunciation", "Tố cáo đảng viên vi phạm quy định những điều đảng viên không được làm",
     "Tố cáo đảng viên là cán bộ quản lý có dấu hiệu sử dụng tài sản công vào việc riêng."},
    {"recommendation", "Kiến nghị sửa chữa tuyến đường liên khu vực bị xuống cấp",
     "Đề nghị đầu tư sửa chữa tuyến đường nội bộ khu vực bị ngập khi triều cường."},
    {"reflection", "Phản ánh ô nhiễm tiếng ồn, khói bụi từ cơ sở sản xuất",
     "Cơ sở sản xuất hoạt động ban đêm gây ồn, khói bụi ảnh hưởng khu dân cư."},
    {"mixed", "Khiếu nại việc xử phạt hành chính và tố cáo cán bộ thi hành công vụ",
     "Không đồng ý quyết định xử phạt; đồng thời tố cáo thái độ của cán bộ khi lập biên bản."},
    {"reflection", "Phản ánh chậm chi trả chế độ chính sách người có công",
     "Gia đình chưa nhận được trợ cấp theo quyết định đã ban hành."},
    {"recommendation", "Kiến nghị về việc sắp xếp khu vực, ấp sau sáp nhập",
     "Đề nghị xem xét tên gọi và ranh giới khu vực sau sắp xếp đơn vị hành chính."},
};
#define N_LETTERS (sizeof letters / sizeof letters[0])

static int check(int rc, char **err_r, const char *what, const web_err *e)
{
    if (rc >= 0)
        return 0;
    char buf[400];
    snprintf(buf, sizeof buf, "demo petitions, %s: %s", what, web_err_message(e));
    *err_r = strdup(buf);
    return -1;
}

int demo_petitions_seed(db *d, char **err_r)
{
    *err_r = NULL;
    db_stmt *any = db_stmt_get(d, &q_any);
    bool seeded = any && db_step(any) == DB_ROW;
    if (any)
        db_reset(any);
    if (seeded)
        return 0;
    arena *a = arena_new();
    who *vanthu = person(a, d, "vanthu"), *chanhvp = person(a, d, "chanhvp"),
        *tt = person(a, d, "thuongtruc"), *cv = person(a, d, "chuyenvien");
    db_stmt *su = db_stmt_get(d, &q_unit);
    int64_t tu = 0;
    if (su) {
        db_bind_text(su, 1, "Thành ủy Cần Thơ");
        tu = db_step(su) == DB_ROW ? db_col_int(su, 0) : 0;
        db_reset(su);
    }
    if (!vanthu || !chanhvp || !tt || !cv || !tu) {
        arena_free(&a);
        *err_r = strdup("demo petitions: the demo accounts are missing");
        return -1;
    }
    int64_t now = clock_now();
    int64_t caller_clock = llabs(now - (int64_t)time(NULL)) > 5 ? now : 0;
    int rc = 0;
    web_err e = {0};

    /* The Thường trực is the provincial head; a delegation to the Chánh Văn phòng covers two
     * months of the year. */
    clock_set_fake(at(now, 370));
    int64_t head = rec_head_add(&tt->c, tu, tt->u.id, "province", &e);
    rc = check((int)head, err_r, "head", &e);
    int64_t deleg_from = at(now, 150), deleg_to = at(now, 95);
    if (rc == 0) {
        clock_set_fake(deleg_from - 5 * DAY);
        e = (web_err){0};
        rc = check((int)rec_delegate(&tt->c, head, chanhvp->u.id, date_of(a, deleg_from),
                                     date_of(a, deleg_to),
                                     "Giấy ủy quyền số 12-GUQ/TU (dữ liệu mẫu)", &e),
                   err_r, "delegation", &e);
    }
    /* One reception day a month, on the 15th or so; months 3 and 7 back are missed. */
    for (int m = 11; rc == 0 && m >= 0; m--) {
        if (m == 3 || m == 7)
            continue;
        int64_t t = at(now, m * 30 + 12);
        if (t > now)
            continue;
        bool delegated = t >= deleg_from && t <= deleg_to;
        clock_set_fake(t - 3 * DAY);
        e = (web_err){0};
        int64_t sid = rec_session_add(&vanthu->c, head, date_of(a, t), "morning", "scheduled",
                                      delegated ? chanhvp->u.id : tt->u.id,
                                      "Trụ sở Tiếp công dân thành phố", "", &e);
        if ((rc = check((int)sid, err_r, "session", &e)) != 0)
            break;
        clock_set_fake(t);
        who *recv = delegated ? chanhvp : tt;
        int visits = 2 + rnd(3);
        for (int v = 0; rc == 0 && v < visits; v++) {
            int li = rnd((int)N_LETTERS);
            static const char *const hs[] = {"accept", "return", "transfer"};
            rec_entry_input in = {.session_id = sid,
                                  .content = letters[li].matter,
                                  .kind = letters[li].kind,
                                  .n_people = v == 0 && m % 4 == 1 ? 7 + rnd(10) : 1,
                                  .prior_agency = rnd(2) ? "UBND phường" : "",
                                  .handling = hs[rnd(3)],
                                  .follow_up = rnd(2) ? "Đã có văn bản trả lời" : "",
                                  .source = "Trực tiếp",
                                  .who = citizen(a)};
            e = (web_err){0};
            rc = check((int)rec_entry_add(&recv->c, &in, &e), err_r, "entry", &e);
        }
        e = (web_err){0};
        if (rc == 0)
            rc = check(rec_session_held(&vanthu->c, sid, &e), err_r, "held", &e);
    }
    /* This month's day is planned, not yet held (unless the month's 20th has passed). */
    if (rc == 0) {
        clock_set_fake(now);
        char today[11];
        clock_vn_today(today, sizeof today);
        e = (web_err){0};
        int64_t next = at(now, -7);
        rc = check((int)rec_session_add(&vanthu->c, head, date_of(a, next > now ? next : now),
                                        "morning", "scheduled", tt->u.id,
                                        "Trụ sở Tiếp công dân thành phố", "", &e),
                   err_r, "planned session", &e);
    }
    /* Regular reception by the receiving officer, twice a month. */
    for (int k = 0; rc == 0 && k < 24; k++) {
        clock_set_fake(at(now, 5 + k * 15));
        int li = rnd((int)N_LETTERS);
        rec_entry_input in = {.day = date_of(a, at(now, 5 + k * 15)),
                              .reception_kind = "regular",
                              .content = letters[li].summary,
                              .kind = letters[li].kind,
                              .n_people = 1,
                              .handling = rnd(3) ? "return" : "accept",
                              .source = "Trực tiếp",
                              .who = citizen(a)};
        e = (web_err){0};
        rc = check((int)rec_entry_add(&cv->c, &in, &e), err_r, "regular entry", &e);
    }

    /* Letters: 48 over the year, one every ~7 days, each driven as far as its age allows. */
    for (int i = 0; rc == 0 && i < 48; i++) {
        int age = 360 - i * 7 - rnd(3);
        if (age < 1)
            age = 1;
        int64_t t0 = at(now, age);
        int li = i % (int)N_LETTERS;
        bool anonymous = i == 9 || i == 31;
        pet_input in = {.received_on = date_of(a, t0),
                        .channel = i % 5 == 0   ? "post"
                                   : i % 7 == 0 ? "transferred"
                                                : "direct",
                        .source_org = i % 7 == 0 ? "Ban Tiếp công dân Trung ương" : NULL,
                        .matter = letters[li].matter,
                        .summary = letters[li].summary,
                        .kind = letters[li].kind,
                        .complexity = i == 12      ? "especially"
                                      : i % 6 == 1 ? "complex"
                                                   : "normal",
                        .party_related = i == 21,
                        .remote = i % 11 == 4,
                        .n_persons = 1};
        if (!anonymous)
            in.who = citizen(a);
        clock_set_fake(t0);
        e = (web_err){0};
        int64_t id = pet_register(&vanthu->c, &in, &e);
        if ((rc = check((int)id, err_r, "register", &e)) != 0)
            break;
        int64_t t1 = t0 + 2 * DAY;
        if (t1 > now)
            continue;
        clock_set_fake(t1);
        e = (web_err){0};
        const char *outcome = anonymous     ? "anonymous"
                              : i % 13 == 5 ? "outside_competence"
                                            : "eligible";
        rc = check(pet_screen(&vanthu->c, id, outcome,
                              anonymous ? "Đơn không ghi họ tên, địa chỉ người tố cáo"
                              : strcmp(outcome, "eligible") ? "Thuộc thẩm quyền UBND thành phố"
                                                            : NULL,
                              &e),
                   err_r, "screen", &e);
        if (rc)
            break;
        e = (web_err){0};
        if (anonymous) {
            rc = check(
                pet_file(&vanthu->c, id, "Đơn nặc danh, không có thông tin cụ thể: lưu đơn", &e),
                err_r, "file", &e);
            continue;
        }
        if (strcmp(outcome, "outside_competence") == 0) {
            int64_t out = 0;
            rc = check(pet_transfer(&vanthu->c, id, "Ủy ban nhân dân thành phố Cần Thơ", &out, &e),
                       err_r, "transfer", &e);
            continue;
        }
        if (i % 9 == 8) {
            rc = check(pet_return(&vanthu->c, id,
                                  "Hướng dẫn công dân gửi đơn đến UBND phường nơi có đất", &e),
                       err_r, "return", &e);
            continue;
        }
        rc = check(pet_assign(&chanhvp->c, id, cv->u.id, &e), err_r, "assign", &e);
        int64_t t2 = t0 + 5 * DAY;
        if (rc || t2 > now)
            continue;
        clock_set_fake(t2);
        e = (web_err){0};
        rc = check(
            pet_accept(&cv->c, id, date_of(a, t2), arena_printf(a, "%d/TB-VPTU", 100 + i), &e),
            err_r, "accept", &e);
        /* Denunciations of especially complex cases are extended twice. */
        if (rc == 0 && i == 12 && t2 + 25 * DAY <= now) {
            for (int x = 1; rc == 0 && x <= 2; x++) {
                clock_set_fake(t2 + (int64_t)(25 + (x - 1) * 30) * DAY);
                e = (web_err){0};
                rc = check(pet_extend(&cv->c, id, NULL, arena_printf(a, "%d/QĐ-TU", 40 + x),
                                      "Vụ việc đặc biệt phức tạp, cần xác minh thêm", &e),
                           err_r, "extend", &e);
            }
        }
        /* Older letters are resolved: most on time, some late; the newest stay open. */
        int64_t t3 = t2 + (int64_t)(i % 8 == 3 ? 55 : 20 + rnd(8)) * DAY;
        if (rc || age < 75 || i % 10 == 6 || t3 > now)
            continue;
        clock_set_fake(t3);
        e = (web_err){0};
        rc = check(pet_result(&cv->c, id, date_of(a, t3), arena_printf(a, "%d/KL-TU", 200 + i),
                              "Đã xác minh, có văn bản trả lời công dân", &e),
                   err_r, "result", &e);
        if (rc == 0 && t3 + 3 * DAY <= now) {
            clock_set_fake(t3 + 3 * DAY);
            e = (web_err){0};
            rc = check(pet_close(&cv->c, id, &e), err_r, "close", &e);
        }
    }
    /* The ward (Đảng ủy phường Bình Thủy) keeps its own book over the last two months — its
     * clerk's regular reception and a few letters — so that its citizen-reception report has
     * figures to take ("Lấy số liệu từ sổ tiếp dân, đơn thư" on /reports/{id}). */
    who *ward = rc == 0 ? person(a, d, "vanthu.binhthuy") : NULL;
    for (int k = 0; ward && rc == 0 && k < 16; k++) {
        int64_t t = at(now, 2 + k * 4);
        clock_set_fake(t);
        int li = rnd((int)N_LETTERS);
        rec_entry_input in = {.day = date_of(a, t),
                              .reception_kind = "regular",
                              .content = letters[li].summary,
                              .kind = letters[li].kind,
                              .n_people = k % 7 == 3 ? 6 : 1 + rnd(2),
                              .handling = rnd(3) ? "return" : "accept",
                              .source = "Trực tiếp",
                              .who = citizen(a)};
        e = (web_err){0};
        rc = check((int)rec_entry_add(&ward->c, &in, &e), err_r, "ward entry", &e);
    }
    for (int k = 0; ward && rc == 0 && k < 6; k++) {
        int64_t t = at(now, 3 + k * 9);
        clock_set_fake(t);
        int li = (k * 5 + 2) % (int)N_LETTERS;
        pet_input in = {.received_on = date_of(a, t),
                        .channel = "direct",
                        .matter = letters[li].matter,
                        .summary = letters[li].summary,
                        .kind = letters[li].kind,
                        .complexity = "normal",
                        .n_persons = 1,
                        .who = citizen(a)};
        e = (web_err){0};
        int64_t id = pet_register(&ward->c, &in, &e);
        rc = check((int)id, err_r, "ward letter", &e);
        if (rc == 0 && k % 2 == 0) {
            e = (web_err){0};
            rc = check(pet_screen(&ward->c, id, "eligible", NULL, &e), err_r, "ward screen", &e);
        }
    }
    /* A working office has read its old notifications (as demo_in.c does for its own). */
    if (rc == 0) {
        char cut[32];
        clock_iso(now - 2 * DAY, cut, sizeof cut);
        db_stmt *r = db_stmt_get(d, &q_read_old);
        if (r) {
            db_bind_text(r, 1, cut);
            db_exec(r);
        }
    }
    clock_set_fake(caller_clock);
    arena_free(&a);
    return rc;
}
