/* The demo office's reporting regime (reporting.h): the built-in report types, and from July
 * 2025 (when the wards of the new tree began) to today the monthly and quarterly work reports
 * and the monthly citizen-reception reports of every ward and commune, acted out through the
 * services with the clock set to each moment — the city clerk opens each period, the ward's
 * account submits (most on time, some late, a few never), the clerk accepts or returns one for
 * correction and the ward resubmits. So the completeness matrix and the charts mean something
 * after `make run`. Deterministic: the same office every time. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sqlite3.h>

#include "auth/auth.h"
#include "base/clock.h"
#include "base/config.h"
#include "outgoing/outgoing.h"
#include "reporting/reporting.h"
#include "web/dates.h"

static const db_query q_user = {"demo_rep.user", "SELECT id FROM users WHERE login = ?1", NULL};
static const db_query q_wards = {
    "demo_rep.wards",
    "SELECT id FROM units WHERE level = 'XA' AND valid_to IS NULL ORDER BY sort_order, id", NULL};
static const db_query q_any = {"demo_rep.any", "SELECT 1 FROM report_instances LIMIT 1", NULL};

typedef struct who {
    user u;
    ctx c;
} who;

static who *who_new(arena *a, db *d, const char *login, int64_t unit_override)
{
    db_stmt *s = db_stmt_get(d, &q_user);
    if (!s)
        return NULL;
    db_bind_text(s, 1, login);
    int64_t id = db_step(s) == DB_ROW ? db_col_int(s, 0) : 0;
    db_reset(s);
    if (!id)
        return NULL;
    who *w = arena_alloc(a, sizeof *w);
    ctx probe = {.a = a, .db = d, .data_dir = config.data_dir};
    const user *u = auth_user_load(&probe, id);
    if (!u)
        return NULL;
    w->u = *u;
    if (unit_override)
        w->u.unit_id = unit_override;
    w->c = (ctx){.a = a, .db = d, .user = &w->u, .data_dir = config.data_dir};
    return w;
}

/* A small deterministic hash: the same figures on every run. */
static unsigned mix(unsigned a, unsigned b)
{
    unsigned h = a * 2654435761u ^ (b + 0x9e3779b9u + (a << 6) + (a >> 2));
    h ^= h >> 13;
    h *= 0x5bd1e995u;
    return h ^ (h >> 15);
}

static int64_t at(const char *date, int days, int hour)
{
    char iso[32];
    snprintf(iso, sizeof iso, "%.10sT00:00:00Z", date);
    return clock_parse_iso(iso) - VN_UTC_OFFSET + (int64_t)days * 86400 + hour * 3600;
}

static const char *const situations[] = {
    "Tình hình chính trị, an ninh trật tự trên địa bàn ổn định; cán bộ, đảng viên và nhân dân "
    "tin tưởng vào sự lãnh đạo của Đảng.",
    "Đảng ủy tập trung lãnh đạo thực hiện nhiệm vụ phát triển kinh tế - xã hội, chỉnh trang đô "
    "thị sau sắp xếp đơn vị hành chính.",
    "Công tác xây dựng Đảng được chú trọng; các chi bộ sinh hoạt định kỳ đúng quy định.",
    "Triển khai kịp thời các văn bản chỉ đạo của Thành ủy; tổ chức học tập, quán triệt nghị "
    "quyết đầy đủ."};
static const char *const plans[] = {
    "Tiếp tục lãnh đạo hoàn thành chỉ tiêu kết nạp đảng viên năm.",
    "Tập trung giải quyết dứt điểm các đơn thư tồn đọng; chuẩn bị tổng kết năm.",
    "Đẩy mạnh chuyển đổi số trong hoạt động của cơ quan đảng.",
    "Chuẩn bị nội dung hội nghị Ban Chấp hành Đảng bộ định kỳ."};

static json_t *work_values(unsigned h)
{
    int den = 40 + (int)(h % 80), di = 15 + (int)((h >> 7) % 45);
    int dung = den - (int)((h >> 3) % 6);
    bool hard = (h >> 11) % 10 == 0;
    json_t *v = json_pack("{s:i, s:i, s:i, s:i, s:i, s:f, s:i, s:b, s:s, s:s}", "DV_KET_NAP",
                          (int)((h >> 5) % 7), "DV_CHUYEN_DEN", (int)((h >> 9) % 4), "VB_DEN", den,
                          "VB_DI", di, "VB_DUNG_HAN", dung, "TY_LE_DUNG_HAN",
                          (double)(int)(1000.0 * dung / den) / 10.0, "HOI_NGHI",
                          (int)((h >> 13) % 4), "VU_VIEC_PHUC_TAP", hard, "TINH_HINH",
                          situations[h % 4], "PHUONG_HUONG", plans[(h >> 2) % 4]);
    if (hard)
        json_object_set_new(v, "HAN_CHE",
                            json_string("Còn vụ việc khiếu nại đông người liên quan bồi thường, "
                                        "giải phóng mặt bằng; đang phối hợp giải quyết."));
    return v;
}

static json_t *citizen_values(unsigned h)
{
    int luot = 2 + (int)(h % 18), nhan = 3 + (int)((h >> 5) % 22);
    int du = nhan - (int)((h >> 9) % 4), gq = du - (int)((h >> 12) % 3);
    if (du < 0)
        du = 0;
    if (gq < 0)
        gq = 0;
    return json_pack("{s:i, s:i, s:i, s:i, s:i, s:i, s:i, s:i, s:s}", "LUOT_TIEP", luot, "SO_NGUOI",
                     luot + (int)((h >> 3) % 6), "DOAN_DONG_NGUOI", (int)((h >> 15) % 5 == 0),
                     "BI_THU_TIEP", 1 + (int)((h >> 17) % 2), "DON_NHAN", nhan, "DON_DU_DIEU_KIEN",
                     du, "DON_DA_GIAI_QUYET", gq, "DON_TON", du - gq, "TINH_HINH",
                     "Công dân đến kiến nghị chủ yếu về đất đai, chính sách; không phát sinh "
                     "điểm nóng.");
}

typedef struct scene {
    arena *a;
    db *d;
    who *clerk, *admin;
    who **wards;
    int64_t *ward_ids;
    int n_wards;
    int64_t now;
    char err[256];
} scene;

/* One period of one type: opened by the clerk, then each ward's story. */
static int play_period(scene *s, const rep_type *t, const char *key, bool citizen)
{
    rep_period p;
    if (rep_period_parse(key, t->cutoff_day, &p) != 0)
        return 0;
    int64_t opened = at(p.data_from, 0, 8);
    if (opened > s->now)
        return 0;
    clock_set_fake(opened);
    web_err e;
    if (rep_open_period(&s->clerk->c, t->id, key, NULL, NULL, &e) < 0) {
        snprintf(s->err, sizeof s->err, "open %s: %s", key, web_err_message(&e));
        return -1;
    }
    for (int w = 0; w < s->n_wards; w++) {
        unsigned h = mix((unsigned)s->ward_ids[w] * 31u + (citizen ? 7u : 0u),
                         (unsigned)(p.year * 100 + p.last_month) + (unsigned)strlen(key));
        rep_filter f = {.type_id = t->id, .period = key, .unit_id = s->ward_ids[w], .limit = 1};
        rep_instance *r;
        ctx *wc = &s->wards[w]->c;
        if (rep_list(wc, &f, &r) != 1)
            continue;
        int fate = (int)(h % 100);
        if (fate < 6)
            continue; /* never reported */
        /* Due day minus a few days, or a few days late. */
        int64_t due = at(r->due_date, 0, 9);
        int64_t when = fate < 20 ? due + (int64_t)(1 + (h >> 4) % 5) * 86400
                                 : due - (int64_t)((h >> 4) % 3) * 86400;
        int64_t cut = at(r->cutoff, 0, 9);
        if (when < cut)
            when = cut + 3600;
        if (when > s->now)
            continue;
        clock_set_fake(when);
        json_t *vals = citizen ? citizen_values(h) : work_values(h);
        rep_submission sub = {.values = vals, .submit = true};
        int rc = rep_save(wc, r->id, &sub, &e);
        json_decref(vals);
        if (rc != 0) {
            snprintf(s->err, sizeof s->err, "submit %s: %s", key, web_err_message(&e));
            return -1;
        }
        /* The last days' reports still wait for the office's review. */
        int64_t review = when + 86400;
        if (review > s->now - 20 * 86400)
            continue;
        clock_set_fake(review);
        if (fate >= 20 && fate < 24) {
            if (rep_return(&s->clerk->c, r->id,
                           "Số văn bản giải quyết đúng hạn chưa khớp sổ theo dõi; đề nghị rà "
                           "soát, báo cáo lại.",
                           &e) != 0)
                continue;
            if (review + 86400 > s->now)
                continue;
            clock_set_fake(review + 86400);
            rep_submission again = {.submit = true};
            if (rep_save(wc, r->id, &again, &e) != 0)
                continue;
            clock_set_fake(review + 2 * 86400);
        }
        if (clock_now() <= s->now)
            rep_accept(&s->clerk->c, r->id, &e);
    }
    return 0;
}

int demo_reporting_seed(db *d, char **err_r)
{
    *err_r = NULL;
    db_stmt *any = db_stmt_get(d, &q_any);
    bool seeded = any && db_step(any) == DB_ROW;
    if (any)
        db_reset(any);
    if (seeded)
        return 0;
    int64_t caller_clock = clock_now();
    int64_t restore = llabs(caller_clock - (int64_t)time(NULL)) > 5 ? caller_clock : 0;
    scene s = {.a = arena_new(), .d = d, .now = caller_clock};
    /* A thousand small service transactions: in a demo office that `init` removes whole on any
     * failure, durability of each one is not worth an fsync (it would cost seconds). */
    sqlite3_exec(db_sqlite_handle(d), "PRAGMA synchronous=OFF", NULL, NULL, NULL);
    s.admin = who_new(s.a, d, "admin", 0);
    s.clerk = who_new(s.a, d, "vanthu", 0);
    int rc = -1;
    if (!s.admin || !s.clerk) {
        snprintf(s.err, sizeof s.err, "demo accounts missing");
        goto out;
    }
    char *err = NULL;
    if (rep_seed_types(&s.admin->c, &err) != 0) {
        snprintf(s.err, sizeof s.err, "%s", err ? err : "seed");
        free(err);
        goto out;
    }
    db_stmt *st = db_stmt_get(d, &q_wards);
    int cap = 32;
    s.ward_ids = arena_alloc(s.a, (size_t)cap * sizeof *s.ward_ids);
    s.wards = arena_alloc(s.a, (size_t)cap * sizeof *s.wards);
    while (st && db_step(st) == DB_ROW && s.n_wards < cap)
        s.ward_ids[s.n_wards++] = db_col_int(st, 0);
    if (st)
        db_reset(st);
    for (int i = 0; i < s.n_wards; i++)
        if (!(s.wards[i] = who_new(s.a, d, "donvi", s.ward_ids[i])))
            goto out;
    const rep_type *work = rep_type_by_code(&s.admin->c, "BC_CONG_TAC_XA");
    const rep_type *cit = rep_type_by_code(&s.admin->c, "BC_TIEP_DAN");
    if (!work || !cit)
        goto out;
    char today[16];
    clock_vn_today(today, sizeof today);
    int y1 = atoi(today);
    for (int y = 2025; y <= y1; y++) {
        for (int m = (y == 2025 ? 7 : 1); m <= 12; m++) {
            char key[32];
            snprintf(key, sizeof key, "%04d-%02d", y % 10000, m % 100);
            if (play_period(&s, work, key, false) != 0 || play_period(&s, cit, key, true) != 0)
                goto out;
            if (m % 3 == 0) {
                snprintf(key, sizeof key, "%04d-Q%d", y % 10000, m / 3);
                if (play_period(&s, work, key, false) != 0)
                    goto out;
            }
        }
    }
    rc = 0;
out:
    /* Back to the caller's clock: a fixed one (tests) stays fixed, the real one runs. */
    clock_set_fake(restore);
    sqlite3_exec(db_sqlite_handle(d), "PRAGMA synchronous=FULL", NULL, NULL, NULL);
    if (rc != 0)
        *err_r = strdup(s.err[0] ? s.err : "demo reporting");
    arena_free(&s.a);
    return rc;
}
