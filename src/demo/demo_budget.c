/* The demo office's Party budget (DOMAIN-2.md §7): last year's and this year's estimates of
 * the Văn phòng Thành ủy and of Đảng ủy phường Bình Thủy, drafted by their clerks and
 * specialists, submitted (the Chánh Văn phòng; the ward through its committee account),
 * approved by the Thường trực, the decision drafted in the outgoing flow; a year of spending
 * entered quarter by quarter against them (one line of the ward over its estimate in the third
 * quarter, warned); and last year's settlement from the spending, approved. Acted through the
 * budget services by the demo accounts; dates relative to the clock. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/auth.h"
#include "base/clock.h"
#include "base/config.h"
#include "budget/budget.h"
#include "outgoing/outgoing.h"

static const db_query q_unit = {"demo.bud_unit",
                                "SELECT id FROM units WHERE name = ?1 AND valid_to IS NULL", NULL};
static const db_query q_user = {"demo.bud_user", "SELECT id FROM users WHERE login = ?1", NULL};
static const db_query q_line = {"demo.bud_line", "SELECT id FROM budget_lines WHERE code = ?1",
                                NULL};
static const db_query q_any = {"demo.bud_any", "SELECT 1 FROM budgets LIMIT 1", NULL};

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

typedef struct plan_line {
    const char *code;
    int64_t amount; /* đồng a year */
} plan_line;

/* The Văn phòng Thành ủy (a year of a merged city committee's office; the congress year
 * carries the Đại hội line). */
static const plan_line vptu[] = {
    {"TX.LUONG", 6800000000},     {"TX.PHUCAP", 2100000000}, {"TX.DONGGOP", 1500000000},
    {"TX.DICHVU", 420000000},     {"TX.VATTU", 350000000},   {"TX.THONGTIN", 280000000},
    {"TX.HOINGHI", 900000000},    {"TX.CONGTAC", 450000000}, {"TX.NGHIEPVU", 1200000000},
    {"TX.SUACHUA", 600000000},    {"TX.MUASAM", 800000000},  {"TX.KHAC", 150000000},
    {"DT.KHENTHUONG", 300000000}, {"DT.BAOCHI", 250000000},  {"DT.TAILIEU", 180000000},
    {"DT.THAMHOI", 120000000},    {"DT.KIEMTRA", 200000000}, {"DT.DAIHOI", 2500000000}};
/* Đảng ủy phường Bình Thủy: the grassroots activity money of 99-QĐ/TW and its own lines. */
static const plan_line ward[] = {{"DT.TOCHUCCOSO", 120000000}, {"TX.HOINGHI", 40000000},
                                 {"DT.BAOCHI", 36000000},      {"DT.TAILIEU", 20000000},
                                 {"DT.THAMHOI", 30000000},     {"DT.KHENTHUONG", 25000000},
                                 {"TX.VATTU", 15000000},       {"TX.CONGTAC", 12000000}};
#define NV (int)(sizeof vptu / sizeof vptu[0])
#define NW (int)(sizeof ward / sizeof ward[0])

static int fail(char **err_r, const char *what, const web_err *e)
{
    char buf[512];
    snprintf(buf, sizeof buf, "budget demo: %s: %s", what, e ? web_err_message(e) : "?");
    *err_r = strdup(buf);
    return -1;
}

/* Estimate of year for unit: drafted by `by`, submitted by `sub`, approved by `appr`, the
 * decision drafted by `clerk` (0: none). The congress line only in a congress year. */
static int64_t estimate(db *d, who *by, who *sub, who *appr, who *clerk, int64_t unit, int year,
                        const plan_line *p, int n, bool congress, char **err_r)
{
    int64_t ids[BUDGET_MAX_LINES], am[BUDGET_MAX_LINES];
    int k = 0;
    for (int i = 0; i < n; i++) {
        if (!congress && strcmp(p[i].code, "DT.DAIHOI") == 0)
            continue;
        ids[k] = id_of(d, &q_line, p[i].code);
        /* This year's figures grow about 6 % on last year's (rounded to a million). */
        am[k++] = congress ? p[i].amount : p[i].amount / 1000000 * 106 / 100 * 1000000;
    }
    web_err e = {0};
    int64_t id = budget_create_estimate(&by->c, unit, year, ids, am, k,
                                        "Lập theo hướng dẫn của Văn phòng Thành ủy", &e);
    if (id < 0)
        return fail(err_r, "estimate", &e);
    if (budget_submit(&sub->c, id, &e) != 0)
        return fail(err_r, "submit", &e);
    if (budget_approve(&appr->c, id, &e) != 0)
        return fail(err_r, "approve", &e);
    if (clerk && budget_issue(&clerk->c, id, &e) < 0)
        return fail(err_r, "decision", &e);
    return id;
}

/* Quarterly spending of year up to today (or the whole year): about the estimate's quarter,
 * varying by line and quarter; `over` pushes one line past its estimate in the last quarter. */
static int spend(db *d, who *by, int64_t unit, int year, const plan_line *p, int n, bool congress,
                 const char *today, const char *over, const char *prefix, char **err_r)
{
    static const char *const days[] = {"03-28", "06-26", "09-25", "12-22"};
    static const char *const notes[] = {"Chi theo kế hoạch quý", "Thanh toán theo hợp đồng",
                                        "Chi theo dự toán được duyệt",
                                        "Chi hoạt động thường xuyên"};
    int seq = 0;
    for (int q = 0; q < 4; q++) {
        char date[24];
        snprintf(date, sizeof date, "%04d-%s", year, days[q]);
        if (strcmp(date, today) > 0)
            break;
        for (int i = 0; i < n; i++) {
            if (!congress && strcmp(p[i].code, "DT.DAIHOI") == 0)
                continue;
            int64_t base = congress ? p[i].amount : p[i].amount / 1000000 * 106 / 100 * 1000000;
            /* 85–100 % of the estimate over the year, in whole thousands of đồng. */
            int64_t part = base / 4 / 1000 * (85 + (i * 7 + q * 3) % 15) / 100 * 1000;
            if (strcmp(p[i].code, "DT.DAIHOI") == 0)
                part = q == 2 ? base / 1000 * 96 / 100 * 1000 : 0; /* the congress, in the autumn */
            if (over && strcmp(p[i].code, over) == 0 && q == 2)
                part = base / 3 * 2; /* well past what is left of the line */
            if (part <= 0)
                continue;
            budget_spend_in in = {.unit_id = unit,
                                  .line_id = id_of(d, &q_line, p[i].code),
                                  .amount = part,
                                  .spent_on = date,
                                  .voucher_no =
                                      arena_printf(by->c.a, "%s%02d/%d", prefix, ++seq, year),
                                  .note = notes[(i + q) % 4]};
            web_err e = {0};
            if (budget_spend_add(&by->c, &in, NULL, &e) < 0)
                return fail(err_r, "spending", &e);
        }
    }
    return 0;
}

static int settle(who *by, who *sub, who *appr, int64_t unit, int year, char **err_r)
{
    web_err e = {0};
    int64_t id = budget_settle(&by->c, unit, year, &e);
    if (id < 0)
        return fail(err_r, "settlement", &e);
    if (budget_submit(&sub->c, id, &e) != 0)
        return fail(err_r, "settlement submit", &e);
    if (budget_approve(&appr->c, id, &e) != 0)
        return fail(err_r, "settlement approve", &e);
    return 0;
}

static const db_query q_line_id = {"demo.bud_line_id",
                                   "SELECT id FROM budget_lines WHERE code = ?1", NULL};

/* The city clerk keeps the catalogue on its page: an income line for the dues the office keeps
 * (this year), a sub-line of the conferences from next year, and a heading renamed from next
 * year (the years before keep its former name). */
static int catalogue(db *d, who *vt, int y, char **err_r)
{
    web_err e = {0};
    const char *jan = arena_printf(vt->c.a, "%04d-01-01", y);
    const char *next = arena_printf(vt->c.a, "%04d-01-01", y + 1);
    budget_line_in in = {.code = "THU.DANGPHI",
                         .name = "Đảng phí được trích giữ lại",
                         .grp = "DAC_THU",
                         .kind = "THU",
                         .valid_from = jan,
                         .source = "Quy định 01-QĐ/TW ngày 03/02/2026 [chưa xác minh]"};
    if (budget_line_save(&vt->c, 0, &in, &e) < 0)
        return fail(err_r, "the income line", &e);
    int64_t hn = id_of(d, &q_line_id, "TX.HOINGHI"), tt = id_of(d, &q_line_id, "TX.THONGTIN");
    in = (budget_line_in){.code = "TX.HOINGHI.TK",
                          .name = "Hội nghị sơ kết, tổng kết",
                          .grp = "THUONG_XUYEN",
                          .kind = "CHI",
                          .parent_id = hn,
                          .valid_from = next,
                          .source = "Văn phòng Thành ủy"};
    if (budget_line_save(&vt->c, 0, &in, &e) < 0)
        return fail(err_r, "the sub-line", &e);
    budget_line_row *l;
    if (!tt || budget_lines_all(&vt->c, tt, &l) != 1)
        return fail(err_r, "the line to rename", NULL);
    in = (budget_line_in){.code = l->code,
                          .name = "Thông tin, tuyên truyền, liên lạc, chuyển đổi số",
                          .grp = l->grp,
                          .kind = l->kind,
                          .parent_id = l->parent_id,
                          .source = l->source,
                          .name_from_year = y + 1};
    if (budget_line_save(&vt->c, tt, &in, &e) < 0)
        return fail(err_r, "the rename", &e);
    return 0;
}

int demo_budget_seed(db *d, char **err_r)
{
    db_stmt *s = db_stmt_get(d, &q_any);
    if (s && db_step(s) == DB_ROW) {
        db_reset(s);
        return 0; /* seeded already */
    }
    if (s)
        db_reset(s);
    arena *a = arena_new();
    who cv, cvp, tt, vt, vtbt, dv;
    int rc = -1;
    int64_t u_vp = id_of(d, &q_unit, "Văn phòng Thành ủy Cần Thơ"),
            u_bt = id_of(d, &q_unit, "Đảng ủy phường Bình Thủy");
    if (!u_vp || !u_bt || !load(a, d, "chuyenvien", &cv) || !load(a, d, "chanhvp", &cvp) ||
        !load(a, d, "thuongtruc", &tt) || !load(a, d, "vanthu", &vt) ||
        !load(a, d, "vanthu.binhthuy", &vtbt) || !load(a, d, "donvi", &dv)) {
        *err_r = strdup("budget demo: the demo office's units or accounts are missing");
        goto out;
    }
    char today[16];
    clock_vn_today(today, sizeof today);
    int y = atoi(today), last = y - 1;
    char end[24];
    snprintf(end, sizeof end, "%04d-12-31", last);
    /* Last year (the congress year of the 2025–2030 term), whole. */
    if (estimate(d, &cv, &cvp, &tt, &vt, u_vp, last, vptu, NV, true, err_r) < 0 ||
        spend(d, &cv, u_vp, last, vptu, NV, true, end, NULL, "PC", err_r) != 0 ||
        settle(&cv, &cvp, &tt, u_vp, last, err_r) != 0)
        goto out;
    if (estimate(d, &vtbt, &dv, &tt, NULL, u_bt, last, ward, NW, true, err_r) < 0 ||
        spend(d, &vtbt, u_bt, last, ward, NW, true, end, NULL, "BT", err_r) != 0 ||
        settle(&vtbt, &dv, &tt, u_bt, last, err_r) != 0)
        goto out;
    /* This year, up to today; the ward's conferences ran past their estimate. */
    if (estimate(d, &cv, &cvp, &tt, &vt, u_vp, y, vptu, NV, false, err_r) < 0 ||
        spend(d, &cv, u_vp, y, vptu, NV, false, today, NULL, "PC", err_r) != 0)
        goto out;
    if (estimate(d, &vtbt, &dv, &tt, NULL, u_bt, y, ward, NW, false, err_r) < 0 ||
        spend(d, &vtbt, u_bt, y, ward, NW, false, today, "TX.HOINGHI", "BT", err_r) != 0)
        goto out;
    if (catalogue(d, &vt, y, err_r) != 0)
        goto out;
    rc = 0;
out:
    arena_free(&a);
    return rc;
}
