/* The demo office's archive (DOMAIN-2.md §6): five years of closed dossiers of the Văn phòng
 * Thành ủy, acted out through the dossier and archive services by the demo accounts with the
 * clock set to each moment — plans opened and closed each year, the older years handed over
 * to the agency archive and accepted, last year's dossiers due by 31/12 this year, the year
 * before left overdue (the leaders' home pages show it), a legal hold, and dossiers
 * whose retention has run out waiting for the appraisal council. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "archives/archives.h"
#include "auth/auth.h"
#include "base/clock.h"
#include "base/config.h"
#include "dossiers/dossiers.h"
#include "files/blob.h"
#include "files/files.h"
#include "outgoing/outgoing.h"

static const db_query q_user = {"demo.ar_user", "SELECT id FROM users WHERE login = ?1", NULL};
static const db_query q_decision = {
    "demo.ar_decision", "SELECT id FROM outgoing WHERE status = 'issued' ORDER BY id LIMIT 1",
    NULL};
static const db_query q_any = {"demo.ar_any", "SELECT 1 FROM archive_batches LIMIT 1", NULL};

typedef struct who {
    user u;
    ctx c;
} who;

static bool load(arena *a, db *d, const char *login, who *w)
{
    db_stmt *s = db_stmt_get(d, &q_user);
    if (!s)
        return false;
    db_bind_text(s, 1, login);
    int64_t id = db_step(s) == DB_ROW ? db_col_int(s, 0) : 0;
    db_reset(s);
    ctx probe = {.a = a, .db = d, .data_dir = config.data_dir};
    const user *u = id ? auth_user_load(&probe, id) : NULL;
    if (!u)
        return false;
    w->u = *u;
    w->c = (ctx){.a = a, .db = d, .user = &w->u, .data_dir = config.data_dir};
    return true;
}

/* 09:00 in Vietnam on y-m-d. */
static int64_t at(int y, int m, int d)
{
    struct tm t = {.tm_year = y - 1900, .tm_mon = m - 1, .tm_mday = d, .tm_hour = 2};
    return (int64_t)timegm(&t);
}

static const struct {
    const char *title;
    int retention; /* 0 = Vĩnh viễn */
} plan[] = {
    {"Hồ sơ Hội nghị Ban Chấp hành Đảng bộ thành phố", 0},
    {"Báo cáo tháng của Văn phòng Thành ủy", 5},
    {"Báo cáo quý, 6 tháng về công tác văn phòng", 20},
    {"Hồ sơ chương trình công tác năm của Thường trực", 0},
    {"Văn bản gửi để biết của các ban, ngành", 5},
    {"Hồ sơ kiểm tra công tác văn thư, lưu trữ", 10},
    /* Short-lived papers: the older years' run out and wait for the council (the disposal
     * pages have work to show). */
    {"Giấy mời, thông báo lịch họp giao ban", 2},
};
#define NPLAN (sizeof plan / sizeof plan[0])

/* A scanned PDF of two pages (what a scanner writes, trimmed). */
static const char scan_pdf[] =
    "%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pages "
    "/Kids [3 0 R 4 0 R] /Count 2 >>\nendobj\n3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox "
    "[0 0 595 842] >>\nendobj\n4 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
    ">>\nendobj\ntrailer\n<< /Root 1 0 R /Size 5 >>\n%%EOF\n";

/* The office's first issued document with a scan attached, filed (below) in the annual dossier
 * of three years ago: after make run the archive's dossier page shows its pages and SHA-256. */
static int64_t scanned_doc(who *w, db *d)
{
    db_stmt *s = db_stmt_get(d, &q_decision);
    int64_t doc = 0;
    if (s) {
        doc = db_step(s) == DB_ROW ? db_col_int(s, 0) : 0;
        db_reset(s);
    }
    char sha[65];
    const char *err = NULL;
    if (doc <= 0 || !config.blob_dir || !config.tmp_dir ||
        blob_put_bytes(config.blob_dir, config.tmp_dir, scan_pdf, strlen(scan_pdf), sha, &err) !=
            0 ||
        db_begin_write(d) != 0)
        return 0;
    if (attach_link(&w->c, "out", doc, sha, "ban-quet-bao-cao-nam.pdf", "application/pdf",
                    (int64_t)strlen(scan_pdf)) < 0) {
        db_rollback(d);
        return 0;
    }
    return db_commit(d) == 0 ? doc : 0;
}

static int seed_year(who *w, int64_t unit, int year, const char *abbr, int64_t *ids,
                     int64_t file_doc)
{
    const char *err;
    int status;
    clock_set_fake(at(year, 1, 6));
    int64_t h = dossier_heading_add(&w->c, unit, year, 0, "Công tác tổng hợp, văn phòng", abbr,
                                    &err, &status);
    if (h < 0)
        return -1;
    ar_result r = {0};
    archives_heading_set_code(&w->c, h, "1.5", &r);
    for (size_t i = 0; i < NPLAN; i++) {
        clock_set_fake(at(year, 1, 6));
        ids[i] = dossier_plan_add(&w->c, h, plan[i].title, plan[i].retention, 0, &err, &status);
        if (ids[i] < 0 || dossier_open(&w->c, ids[i], &err, &status) != 0)
            return -1;
        if (i == 0 && file_doc > 0)
            (void)dossier_file(&w->c, ids[i], "out", file_doc, &err, &status);
        clock_set_fake(at(year, 12, 20));
        if (dossier_close(&w->c, ids[i], &err, &status) != 0)
            return -1;
    }
    return 0;
}

int demo_archives_seed(db *d, char **err_r)
{
    db_stmt *s = db_stmt_get(d, &q_any);
    bool done = s && db_step(s) == DB_ROW;
    if (s)
        db_reset(s);
    if (done)
        return 0;
    arena *a = arena_new();
    who clerk, leader, spec;
    int rc = -1;
    if (!load(a, d, "vanthu", &clerk) || !load(a, d, "thuongtruc", &leader) ||
        !load(a, d, "chuyenvien", &spec)) {
        *err_r = strdup("archives demo: the demo accounts are missing");
        goto out;
    }
    char today[16];
    clock_vn_today(today, sizeof today);
    int now_year = atoi(today);
    int64_t unit = clerk.u.unit_id;
    int64_t ids[6][NPLAN];
    ar_result r = {0};
    /* Five years back: years now-5 … now-1. Years up to now-3 were handed over the next spring
     * (on time); the year before last was never handed over (overdue since 31/12 of last year:
     * the leaders' home pages show it); last year's are due by 31/12 of this year. */
    int64_t scan = scanned_doc(&clerk, d);
    for (int k = 0; k < 5; k++) {
        int year = now_year - 5 + k;
        if (seed_year(&clerk, unit, year, "TH", ids[k], year == now_year - 3 ? scan : 0) != 0)
            goto fail;
        if (year <= now_year - 3) {
            clock_set_fake(at(year + 1, 3, 10));
            int64_t b = archives_batch_create(&clerk.c, "current", ids[k], (int)NPLAN,
                                              "Giao nộp hồ sơ năm trước", &r);
            clock_set_fake(at(year + 1, 3, 17));
            if (b < 0 || archives_batch_accept(&clerk.c, b, &r) != 0)
                goto fail;
        }
    }
    /* A ward committee that kept its dossiers of the year before last: overdue since 31/12 of
     * last year, on the ward's own home page (its leaders' account, donvi) and the clerk's. */
    who ward;
    int64_t wids[NPLAN];
    if (load(a, d, "vanthu.binhthuy", &ward) &&
        seed_year(&ward, ward.u.unit_id, now_year - 2, "VP", wids, 0) != 0)
        goto fail;
    /* A hold on the oldest monthly reports (an inspection is reading them), and a reader's
     * request granted for a month. */
    clock_set_fake(0);
    archives_hold_place(&clerk.c, ids[0][1], "Ủy ban Kiểm tra đang xác minh theo đơn", &r);
    int64_t req =
        archives_access_request(&spec.c, ids[0][0], "Nghiên cứu phục vụ tổng kết nhiệm kỳ", &r);
    if (req > 0) {
        char until[16];
        clock_iso(clock_now() + 30 * 86400, until, sizeof until);
        until[10] = '\0';
        archives_access_grant(&clerk.c, req, true, until, &r);
    }
    /* The oldest "gửi để biết" dossier (5 years, run out) destroyed through a council and the
     * Thường trực's decision (an issued document of the office stands for the decision). */
    int64_t gone[] = {ids[0][4]};
    const char *council = "[{\"name\":\"Trần Thị Bích Ngọc\",\"position\":\"Chánh Văn phòng, "
                          "Chủ tịch Hội đồng\"},{\"name\":\"Lê Thị Hoa\",\"position\":\"Văn "
                          "thư, lưu trữ\"},{\"name\":\"Phạm Văn Bình\",\"position\":\"Chuyên "
                          "viên tổng hợp\"}]";
    s = db_stmt_get(d, &q_decision);
    int64_t decision = 0;
    if (s) {
        decision = db_step(s) == DB_ROW ? db_col_int(s, 0) : 0;
        db_reset(s);
    }
    int64_t k = decision ? archives_case_propose(&clerk.c, gone, 1, council, 0, &r) : -1;
    if (k > 0 && archives_case_decide(&leader.c, k, true, decision, &r) == 0)
        archives_case_execute(&clerk.c, k, &r);
    rc = 0;
    goto out;
fail:
    *err_r = strdup(r.err ? r.err : "archives demo: a service refused");
out:
    clock_set_fake(0);
    arena_free(&a);
    return rc;
}
