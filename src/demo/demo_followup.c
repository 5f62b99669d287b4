/* The demo office's follow-up (DOMAIN-2.md §3): a year of monthly conclusion notices of the
 * Thường trực Thành ủy, each clause a task for a ward or a ban, acted out through the followup
 * services by the demo accounts with the clock set to each moment — completions on time and
 * late (reply documents uploaded by Đảng ủy phường Bình Thủy and the Ban Tổ chức), one sent
 * back and reported again, one extension approved and met, tasks overdue, ongoing (thường
 * xuyên) and one stopped; and the latest issued conclusion notice of the office assigned too. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h>

#include "auth/auth.h"
#include "base/clock.h"
#include "base/config.h"
#include "followup/followup.h"
#include "outgoing/outgoing.h"
#include "workdays/workdays.h"

static const db_query q_unit = {"demo.fu_unit",
                                "SELECT id FROM units WHERE name = ?1 AND valid_to IS NULL", NULL};
static const db_query q_user = {"demo.fu_user", "SELECT id FROM users WHERE login = ?1", NULL};
static const db_query q_any = {"demo.fu_any", "SELECT 1 FROM followup_tasks LIMIT 1", NULL};
static const db_query q_notice = {
    "demo.fu_notice",
    "SELECT o.id, o.issued_date FROM outgoing o JOIN units u ON u.id = o.unit_id WHERE "
    "u.name = 'Văn phòng Thành ủy Cần Thơ' AND u.valid_to IS NULL AND o.status = 'issued' AND "
    "o.doc_type = 'thong_bao' ORDER BY o.issued_date DESC, o.id DESC LIMIT 1",
    NULL};

/* The conclusion notices of the Thành ủy's conferences, issued: each assigns its clauses. */
static const db_query q_conf_notices = {
    "demo.fu_conf_notices",
    "SELECT k.id, o.id, o.issued_date FROM conferences k JOIN outgoing o ON o.id = "
    "k.conclusion_outgoing_id WHERE o.status = 'issued' AND o.issued_date IS NOT NULL ORDER BY "
    "o.issued_date, k.id",
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
    db_bind_text(s, 1, text);
    int64_t id = db_step(s) == DB_ROW ? db_col_int(s, 0) : 0;
    db_reset(s);
    return id;
}

static bool load(arena *a, db *d, const char *login, who *w)
{
    int64_t id = id_of(d, &q_user, login);
    ctx probe = {.a = a, .db = d, .data_dir = config.data_dir};
    const user *u = id ? auth_user_load(&probe, id) : NULL;
    if (!u)
        return false;
    w->u = *u;
    w->c = (ctx){.a = a, .db = d, .user = &w->u, .data_dir = config.data_dir};
    return true;
}

/* 09:00 (plus minutes) in Vietnam on date. */
static int64_t at(const char *date, int minutes)
{
    struct tm tm = {0};
    if (sscanf(date, "%d-%d-%d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday) != 3)
        return clock_now();
    tm.tm_year -= 1900;
    tm.tm_mon -= 1;
    return (int64_t)timegm(&tm) - VN_UTC_OFFSET + 9 * 3600 + minutes * 60;
}

/* A working day near date + days: the next one on or after it. */
static void day(db *d, const char *date, int days, char out[11])
{
    char t[11];
    workdays_date_add(date, days, t);
    if (workdays_next(d, t, out) != 0)
        memcpy(out, t, 11);
}

static int fail(char **err_r, const char *what, const web_err *e)
{
    char buf[512];
    snprintf(buf, sizeof buf, "followup demo: %s: %s", what, e && e->n ? web_err_message(e) : "?");
    *err_r = strdup(buf);
    return -1;
}

/* The reply document a unit uploads: a small text report, through the upload path. */
static int report_file(who *w, int64_t task, const char *date, const char *note, char **err_r)
{
    char text[512], path[512];
    snprintf(text, sizeof text, "BÁO CÁO\nKết quả thực hiện nhiệm vụ số %lld\n%s\nNgày %s.\n",
             (long long)task, note, date);
    snprintf(path, sizeof path, "%s/demo-fu-XXXXXX", config.tmp_dir ? config.tmp_dir : "/tmp");
    int fd = mkstemp(path);
    size_t n = strlen(text);
    if (fd < 0 || write(fd, text, n) != (ssize_t)n) {
        if (fd >= 0)
            close(fd), unlink(path);
        *err_r = strdup("followup demo: cannot write a report file");
        return -1;
    }
    close(fd);
    http_upload u = {.field = "file", .tmp_path = path, .size = (int64_t)n};
    char name[64];
    snprintf(name, sizeof name, "bao-cao-nhiem-vu-%lld.txt", (long long)task);
    u.filename = name;
    unsigned char dig[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(dig, (const unsigned char *)text, n);
    sodium_bin2hex(u.sha256_hex, sizeof u.sha256_hex, dig, sizeof dig);
    web_err e = {0};
    int rc = followup_complete(&w->c, task, 0, &u, date, note, &e);
    unlink(path); /* consumed by the blob store on success */
    return rc == 0 ? 0 : fail(err_r, "complete", &e);
}

static const char *const topics[][3] = {
    {"Rà soát, bổ sung quy hoạch cán bộ diện Ban Thường vụ quản lý nhiệm kỳ 2025–2030",
     "Hướng dẫn kiện toàn tổ chức cơ sở đảng sau sắp xếp đơn vị hành chính",
     "Nắm tình hình tư tưởng cán bộ, đảng viên và Nhân dân trên địa bàn"},
    {"Tổ chức hội nghị quán triệt, triển khai nghị quyết Đại hội Đảng bộ thành phố",
     "Tổng hợp kết quả đánh giá, xếp loại chất lượng tổ chức đảng",
     "Giải quyết dứt điểm kiến nghị của cử tri về chỉnh trang đô thị"},
    {"Xây dựng kế hoạch chuyển đổi số trong hoạt động của cấp ủy",
     "Rà soát hồ sơ đảng viên, cập nhật cơ sở dữ liệu đảng viên",
     "Vận động Nhân dân tham gia giữ gìn an ninh trật tự khu dân cư"},
    {"Báo cáo sơ kết thực hiện quy chế dân chủ ở cơ sở",
     "Thẩm định nhân sự bổ sung cấp ủy viên các đảng bộ trực thuộc",
     "Triển khai công tác phòng, chống thiên tai mùa mưa bão"},
};

static const char *const wards[] = {"Đảng ủy phường Ninh Kiều", "Đảng ủy phường Cái Khế",
                                    "Đảng ủy phường Tân An",    "Đảng ủy phường Cái Răng",
                                    "Đảng ủy xã Phong Điền",    "Đảng ủy phường Ô Môn"};

/* The clauses of the conferences' conclusion notices, assigned the day each was issued (the
 * path "Giao nhiệm vụ theo kết luận" takes: the notice is the source): Bình Thủy's answered a
 * few days before its deadline, the Ban Tổ chức's on time for the first notice and late for
 * the others, each confirmed the next day — as far as today allows. */
static int conference_tasks(db *d, who *office, who *leader, who *ward, who *ban, int64_t p_bt,
                            int64_t btc, const char *today, char **err_r)
{
    db_stmt *s = db_stmt_get(d, &q_conf_notices);
    if (!s)
        return 0;
    int64_t notice[8];
    char issued[8][11];
    int n = 0;
    while (n < 8 && db_step(s) == DB_ROW) {
        notice[n] = db_col_int(s, 1);
        snprintf(issued[n], sizeof issued[n], "%.10s", db_col_text(s, 2));
        n++;
    }
    db_reset(s);
    int rc = 0;
    for (int i = 0; i < n && rc == 0; i++) {
        if (strcmp(issued[i], today) > 0)
            continue;
        char due_w[11], due_b[11], when[11], conf[11];
        day(d, issued[i], 21, due_w);
        day(d, issued[i], 30, due_b);
        clock_set_fake(at(issued[i], 240));
        fu_item_in items[2] = {
            {.clause = "Điểm 1",
             .content = "Tổ chức quán triệt kết luận của hội nghị đến các chi bộ trực thuộc",
             .due = due_w,
             .lead_unit_id = p_bt},
            {.clause = "Điểm 2",
             .content = "Tham mưu kế hoạch kiện toàn cán bộ theo kết luận của hội nghị",
             .due = due_b,
             .lead_unit_id = btc}};
        fu_batch_in in = {.source_kind = "outgoing",
                          .source_id = notice[i],
                          .assigned_by = "BTV",
                          .leader_user_id = leader->u.id,
                          .assigned_on = issued[i],
                          .items = items,
                          .n_items = 2};
        int64_t ids[2];
        web_err e = {0};
        if (followup_create(&office->c, &in, ids, &e) != 2)
            return fail(err_r, "assign a conference's conclusion", &e);
        for (int t = 0; t < 2 && rc == 0; t++) {
            day(d, t == 0 ? due_w : due_b, t == 0 || i == 0 ? -4 : 5, when);
            if (strcmp(when, today) >= 0)
                continue;
            clock_set_fake(at(when, 120));
            rc = report_file(t == 0 ? ward : ban, ids[t], when,
                             t == 0 ? "Đã quán triệt đến 100% chi bộ trực thuộc."
                                    : "Ban Tổ chức Thành ủy báo cáo kế hoạch kiện toàn cán bộ.",
                             err_r);
            day(d, when, 1, conf);
            if (rc == 0 && strcmp(conf, today) <= 0) {
                clock_set_fake(at(conf, 60));
                web_err e1 = {0};
                if (followup_confirm(&office->c, ids[t], &e1) != 0)
                    rc = fail(err_r, "confirm a conference's task", &e1);
            }
        }
    }
    return rc;
}

int demo_followup_seed(db *d, char **err_r)
{
    *err_r = NULL;
    db_stmt *s = db_stmt_get(d, &q_any);
    bool seeded = s && db_step(s) == DB_ROW;
    if (s)
        db_reset(s);
    if (seeded)
        return 0;
    arena *a = arena_new();
    who office, leader, ward, ban;
    int64_t p_bt = id_of(d, &q_unit, "Đảng ủy phường Bình Thủy"),
            btc = id_of(d, &q_unit, "Ban Tổ chức Thành ủy Cần Thơ");
    int rc = 0;
    if (!load(a, d, "chanhvp", &office) || !load(a, d, "thuongtruc", &leader) ||
        !load(a, d, "donvi", &ward) || !load(a, d, "chuyenvien2", &ban) || !p_bt || !btc) {
        arena_free(&a);
        *err_r = strdup("followup demo: the demo accounts or units are missing");
        return -1;
    }
    int64_t now = clock_now();
    int64_t caller_clock = llabs(now - (int64_t)time(NULL)) > 5 ? now : 0;
    char today[16];
    clock_vn_today(today, sizeof today);
    /* Twelve monthly briefings (giao ban) of the Thường trực, the oldest first. */
    for (int k = 11; k >= 0 && rc == 0; k--) {
        char meet[11], due_a[11], due_b[11], due_c[11], t[32];
        day(d, today, -(k * 30 + 12), meet);
        day(d, meet, 28, due_a);
        day(d, meet, 14, due_b);
        day(d, meet, 35, due_c);
        clock_set_fake(at(meet, 30));
        const char *const *topic = topics[k % 4];
        char title[200];
        snprintf(title, sizeof title,
                 "Thông báo kết luận số %d-TB/TU của Thường trực Thành ủy tại hội nghị giao ban "
                 "tháng %.2s/%.4s",
                 40 + (11 - k) * 3, meet + 5, meet);
        int64_t ward_c = id_of(d, &q_unit, wards[k % 6]);
        bool ongoing_c = k % 4 == 0;
        fu_item_in items[3] = {
            {.clause = "Mục 1", .content = topic[0], .due = due_a, .lead_unit_id = p_bt},
            {.clause = "Mục 2", .content = topic[1], .due = due_b, .lead_unit_id = btc},
            {.clause = "Mục 3",
             .content = topic[2],
             .due = due_c,
             .ongoing = ongoing_c,
             .lead_unit_id = ward_c,
             .coop = {p_bt},
             .n_coop = 1}};
        fu_batch_in in = {.source_title = title,
                          .assigned_by = "TT",
                          .leader_user_id = leader.u.id,
                          .assigned_on = meet,
                          .items = items,
                          .n_items = 3};
        int64_t ids[3];
        web_err e = {0};
        if (followup_create(&office.c, &in, ids, &e) != 3) {
            rc = fail(err_r, "assign", &e);
            break;
        }
        /* Bình Thủy: progress, then the reply — on time, late, extended or sent back. */
        char when[11];
        day(d, meet, 7, when);
        if (strcmp(when, today) <= 0) {
            clock_set_fake(at(when, 60));
            web_err e1 = {0};
            if (followup_progress(&ward.c, ids[0],
                                  "Đã xây dựng kế hoạch, phân công cán bộ thực hiện.", NULL,
                                  &e1) < 0)
                rc = fail(err_r, "progress", &e1);
        }
        if (rc == 0 && k == 6) { /* asks more time, gets it, and meets the new deadline */
            char nd[11];
            day(d, due_a, 14, nd);
            day(d, due_a, -3, when);
            clock_set_fake(at(when, 90));
            web_err e1 = {0};
            int64_t x = followup_extend_request(
                &ward.c, ids[0], nd, "Chờ ý kiến thẩm định của Ban Tổ chức Thành ủy.", t, &e1);
            web_err e2 = {0};
            clock_set_fake(at(when, 240));
            if (x < 0 || followup_extend_decide(&leader.c, x, true, "Đồng ý.", &e2) != 0)
                rc = fail(err_r, "extension", x < 0 ? &e1 : &e2);
            memcpy(due_a, nd, 11);
            day(d, due_a, -4, when); /* after the first deadline, before the new one */
        } else
            day(d, due_a, k % 3 == 1 ? 6 : -2, when); /* every third one late */
        if (rc == 0 && strcmp(when, today) < 0) {
            clock_set_fake(at(when, 120));
            rc = report_file(&ward, ids[0], when, "Đã hoàn thành nhiệm vụ được giao.", err_r);
            char conf[11];
            day(d, when, 1, conf);
            if (rc == 0 && k == 8) { /* a badly updated result: sent back, reported again */
                clock_set_fake(at(conf, 30));
                web_err e1 = {0};
                if (followup_return(&office.c, ids[0],
                                    "Báo cáo thiếu số liệu kết quả, đề nghị bổ sung.", &e1) != 0)
                    rc = fail(err_r, "return", &e1);
                if (rc == 0) {
                    clock_set_fake(at(conf, 200));
                    rc = report_file(&ward, ids[0], conf, "Bổ sung số liệu theo yêu cầu.", err_r);
                }
                day(d, conf, 1, conf);
            }
            if (rc == 0 && strcmp(conf, today) <= 0) {
                clock_set_fake(at(conf, 60));
                web_err e1 = {0};
                if (followup_confirm(&office.c, ids[0], &e1) != 0)
                    rc = fail(err_r, "confirm", &e1);
            }
        }
        /* The Ban Tổ chức answers on time every other month; the others stay overdue. */
        day(d, due_b, -1, when);
        if (rc == 0 && k % 2 == 0 && strcmp(when, today) < 0) {
            clock_set_fake(at(when, 150));
            rc = report_file(&ban, ids[1], when, "Ban Tổ chức Thành ủy báo cáo kết quả.", err_r);
            char conf[11];
            day(d, when, 1, conf);
            if (rc == 0 && strcmp(conf, today) <= 0) {
                clock_set_fake(at(conf, 90));
                web_err e1 = {0};
                if (followup_confirm(&office.c, ids[1], &e1) != 0)
                    rc = fail(err_r, "confirm ban", &e1);
            }
        }
        if (rc == 0 && k == 9) { /* overtaken by a later conclusion: stopped */
            day(d, meet, 10, when);
            clock_set_fake(at(when, 300));
            web_err e1 = {0};
            if (followup_cancel(&office.c, ids[2],
                                "Nội dung đã được thay thế bởi kết luận của Ban Thường vụ.",
                                &e1) != 0)
                rc = fail(err_r, "cancel", &e1);
        }
    }
    if (rc == 0)
        rc = conference_tasks(d, &office, &leader, &ward, &ban, p_bt, btc, today, err_r);
    /* The latest conclusion notice the office issued: its clauses assigned this week. */
    s = rc == 0 ? db_stmt_get(d, &q_notice) : NULL;
    if (s && db_step(s) == DB_ROW) {
        int64_t id = db_col_int(s, 0);
        char issued[11];
        snprintf(issued, sizeof issued, "%.10s", db_col_text(s, 1));
        db_reset(s);
        if (strcmp(issued, today) <= 0) {
            char due1[11], due2[11];
            day(d, today, 10, due1);
            day(d, today, 20, due2);
            clock_set_fake(at(today, 0) < now ? at(today, 0) : now);
            fu_item_in items[2] = {
                {.clause = "Điểm 1",
                 .content = "Hoàn thành kiện toàn bộ máy tham mưu giúp việc đảng ủy phường",
                 .due = due1,
                 .lead_unit_id = p_bt},
                {.clause = "Điểm 2",
                 .content = "Báo cáo tiến độ số hóa hồ sơ, tài liệu lưu trữ",
                 .due = due2,
                 .lead_unit_id = btc,
                 .coop = {p_bt},
                 .n_coop = 1}};
            fu_batch_in in = {.source_kind = "outgoing",
                              .source_id = id,
                              .assigned_by = "TT",
                              .leader_user_id = leader.u.id,
                              .assigned_on = issued,
                              .items = items,
                              .n_items = 2};
            int64_t ids[2];
            web_err e = {0};
            if (followup_create(&office.c, &in, ids, &e) != 2)
                rc = fail(err_r, "assign the notice", &e);
        }
    } else if (s)
        db_reset(s);
    clock_set_fake(caller_clock);
    arena_free(&a);
    return rc;
}
