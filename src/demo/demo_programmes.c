/* The demo office's work programmes (issue 13), acted through programmes/ as the office would:
 * the Ban Thường vụ's annual programme of this year (20 items), drafted in December of last
 * year by the office's specialist, submitted by the Chánh Văn phòng, approved by the Thường
 * trực and issued as a CTr document through the outgoing flow; the quarter before this one and
 * this quarter built from it by picking items; earlier items adopted (some with their
 * resulting document), postponed or dropped with a reason; undone items of last quarter
 * carried over to this one; the BCH's annual programme; the Thường trực's programme of this
 * week. Dates follow the clock (the seed moves it through the past, then gives it back).
 * DỮ LIỆU MẪU: the contents are invented in the style of real programmes. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "auth/auth.h"
#include "base/clock.h"
#include "base/config.h"
#include "outgoing/outgoing.h"
#include "programmes/programmes.h"
#include "web/errors.h"

static const db_query q_user = {"demo_prog.user", "SELECT id FROM users WHERE login = ?1", NULL};
static const db_query q_unit = {
    "demo_prog.unit", "SELECT id FROM units WHERE name = ?1 AND valid_to IS NULL LIMIT 1", NULL};
static const db_query q_any = {"demo_prog.any", "SELECT 1 FROM programmes LIMIT 1", NULL};

typedef struct pactor {
    user u;
    ctx c;
} pactor;

static pactor *who(arena *a, db *d, const char *login)
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
    pactor *x = arena_alloc(a, sizeof *x);
    x->u = *u;
    x->c = (ctx){.a = a, .db = d, .user = &x->u, .data_dir = config.data_dir};
    return x;
}

static int64_t unit_id(db *d, const char *name)
{
    db_stmt *s = db_stmt_get(d, &q_unit);
    if (!s)
        return 0;
    db_bind_text(s, 1, name);
    int64_t id = db_step(s) == DB_ROW ? db_col_int(s, 0) : 0;
    db_reset(s);
    return id;
}

enum { L_VP, L_BTC, L_BTG, L_UBKT, L_BT, L_N };

typedef struct demo_item {
    const char *title, *form, *body;
    int month, lead;
    int coop[2]; /* -1 none */
} demo_item;

/* The BTV's annual programme: one or two items a month, as a city's standing committee has. */
static const demo_item btv_items[] = {
    {"Kết luận về lãnh đạo tổ chức đón Tết Nguyên đán, bảo đảm an ninh trật tự và chăm lo đời "
     "sống nhân dân",
     "KL",
     "BTV",
     1,
     L_VP,
     {L_BTG, -1}},
    {"Báo cáo kết quả kiểm tra, giám sát năm trước; chương trình kiểm tra, giám sát năm nay",
     "BC",
     "BTV",
     1,
     L_UBKT,
     {L_BTC, -1}},
    {"Kế hoạch tổ chức các hoạt động kỷ niệm ngày thành lập Đảng Cộng sản Việt Nam",
     "KH",
     "BTV",
     2,
     L_BTG,
     {L_VP, -1}},
    {"Quy định về phân cấp quản lý cán bộ và bổ nhiệm, giới thiệu cán bộ ứng cử",
     "QDI",
     "BTV",
     2,
     L_BTC,
     {L_UBKT, -1}},
    {"Chỉ thị về tăng cường công tác bảo vệ chính trị nội bộ trong tình hình mới",
     "CT",
     "BTV",
     3,
     L_BTC,
     {L_BTG, L_UBKT}},
    {"Báo cáo tình hình thực hiện nhiệm vụ quý I, phương hướng quý II",
     "BC",
     "BTV",
     3,
     L_VP,
     {-1, -1}},
    {"Đề án sắp xếp, kiện toàn tổ chức bộ máy các cơ quan tham mưu, giúp việc Thành ủy",
     "DA",
     "BTV",
     4,
     L_BTC,
     {L_VP, -1}},
    {"Kết luận về công tác dân vận và thực hiện quy chế dân chủ ở cơ sở",
     "KL",
     "BTV",
     4,
     L_BTG,
     {L_BT, -1}},
    {"Kế hoạch học tập, quán triệt và triển khai thực hiện các nghị quyết của Trung ương",
     "KH",
     "BTV",
     5,
     L_BTG,
     {L_VP, -1}},
    {"Báo cáo sơ kết thí điểm mô hình tổ chức đảng ở phường sau sắp xếp đơn vị hành chính",
     "BC",
     "BTV",
     5,
     L_BT,
     {L_BTC, -1}},
    {"Báo cáo sơ kết 6 tháng thực hiện nghị quyết đại hội đảng bộ thành phố",
     "BC",
     "BTV",
     6,
     L_VP,
     {L_BTC, L_BTG}},
    {"Quyết định ban hành quy chế làm việc của Ban Chấp hành Đảng bộ thành phố khóa mới",
     "QD",
     "BTV",
     7,
     L_VP,
     {L_BTC, -1}},
    {"Kết luận về công tác phòng, chống tham nhũng, lãng phí, tiêu cực",
     "KL",
     "BTV",
     8,
     L_UBKT,
     {L_VP, -1}},
    {"Nghị quyết về phát triển kinh tế số và chuyển đổi số trong hệ thống chính trị thành phố",
     "NQ",
     "BTV",
     9,
     L_VP,
     {L_BTG, -1}},
    {"Báo cáo tình hình thực hiện nhiệm vụ 9 tháng, nhiệm vụ trọng tâm quý IV",
     "BC",
     "BTV",
     9,
     L_VP,
     {-1, -1}},
    {"Đề án nâng cao chất lượng sinh hoạt chi bộ trong đảng bộ thành phố",
     "DA",
     "BTV",
     10,
     L_BTC,
     {L_BTG, L_BT}},
    {"Kết luận về công tác quốc phòng, quân sự địa phương và diễn tập khu vực phòng thủ",
     "KL",
     "BTV",
     10,
     L_VP,
     {-1, -1}},
    {"Hướng dẫn kiểm điểm, đánh giá, xếp loại chất lượng tổ chức đảng và đảng viên cuối năm",
     "HD",
     "BTV",
     11,
     L_BTC,
     {L_UBKT, -1}},
    {"Báo cáo kết quả lãnh đạo thực hiện nhiệm vụ năm; phương hướng, nhiệm vụ năm sau",
     "BC",
     "BCH",
     12,
     L_VP,
     {L_BTC, L_BTG}},
    {"Chương trình công tác toàn khóa của Ban Thường vụ Thành ủy: đánh giá, bổ sung",
     "BC",
     "BTV",
     12,
     L_VP,
     {-1, -1}},
};

static const demo_item bch_items[] = {
    {"Nghị quyết về nhiệm vụ phát triển kinh tế - xã hội, quốc phòng, an ninh năm nay",
     "NQ",
     "BCH",
     1,
     L_VP,
     {L_BTG, -1}},
    {"Báo cáo kết quả thực hiện nghị quyết đại hội đảng bộ thành phố 6 tháng đầu năm",
     "BC",
     "BCH",
     7,
     L_VP,
     {L_BTC, L_BTG}},
    {"Nghị quyết về công tác cán bộ: quy hoạch Ban Chấp hành, Ban Thường vụ nhiệm kỳ sau",
     "NQ",
     "BCH",
     7,
     L_BTC,
     {L_UBKT, -1}},
    {"Báo cáo tổng kết công tác kiểm tra, giám sát và thi hành kỷ luật đảng",
     "BC",
     "BCH",
     12,
     L_UBKT,
     {-1, -1}},
    {"Nghị quyết về phương hướng, nhiệm vụ năm sau", "NQ", "BCH", 12, L_VP, {L_BTC, L_BTG}},
};

static const demo_item tt_items[] = {
    {"Làm việc với Đảng ủy phường Bình Thủy về tình hình thực hiện nhiệm vụ năm",
     "KL",
     "TT",
     0,
     L_BT,
     {L_VP, -1}},
    {"Cho ý kiến dự thảo báo cáo tổng kết năm trình Ban Thường vụ", "BC", "TT", 0, L_VP, {-1, -1}},
    {"Nghe Ban Tổ chức báo cáo công tác cán bộ", "TB", "TT", 0, L_BTC, {-1, -1}},
};

typedef struct demo_ctx {
    pactor *cv, *chanh, *tt, *vt;
    int64_t units[L_N], tu;
    int year, quarter, month;
    int64_t now;
    char **err_r;
} demo_ctx;

static int failed(demo_ctx *k, const char *what, const web_err *e)
{
    char buf[600];
    snprintf(buf, sizeof buf, "programmes demo: %s: %s", what,
             e && e->n ? web_err_message(e) : "?");
    *k->err_r = strdup(buf);
    return -1;
}

/* Noon of a Vietnam date, as the moment the office acted. */
static void at_date(int y, int m, int d)
{
    struct tm tm = {.tm_year = y - 1900, .tm_mon = m - 1, .tm_mday = d, .tm_hour = 3};
    clock_set_fake((int64_t)timegm(&tm));
}

static int64_t add_items(demo_ctx *k, int64_t pid, const demo_item *v, int n, int64_t *ids,
                         const char *week_date)
{
    for (int i = 0; i < n; i++) {
        int64_t coop[2];
        int nc = 0;
        for (int j = 0; j < 2; j++)
            if (v[i].coop[j] >= 0)
                coop[nc++] = k->units[v[i].coop[j]];
        item_in in = {.title = v[i].title,
                      .doc_form = v[i].form,
                      .deciding_body = v[i].body,
                      .lead_unit_id = k->units[v[i].lead],
                      .planned_month = v[i].month,
                      .planned_date = week_date,
                      .coop_ids = coop,
                      .n_coop = nc};
        web_err e = {0};
        int64_t id = prog_item_add(&k->cv->c, pid, &in, &e);
        if (id < 0)
            return failed(k, v[i].title, &e);
        if (ids)
            ids[i] = id;
    }
    return 0;
}

static int64_t new_programme(demo_ctx *k, const char *body, const char *kind, int period)
{
    prog_new in = {.unit_id = k->tu, .body = body, .kind = kind, .year = k->year, .period = period};
    web_err e = {0};
    int64_t id = prog_create(&k->cv->c, &in, &e);
    return id < 0 ? failed(k, "create", &e) : id;
}

static int pass(demo_ctx *k, int64_t id, int y, int m, int d)
{
    web_err e = {0};
    at_date(y, m, d);
    if (prog_submit(&k->chanh->c, id, &e) != 0)
        return failed(k, "submit", &e);
    at_date(y, m, d + 2);
    if (prog_approve(&k->tt->c, id, &e) != 0)
        return failed(k, "approve", &e);
    return 0;
}

static int set(demo_ctx *k, int64_t item, const char *status, const char *reason, int64_t result)
{
    web_err e = {0};
    if (prog_item_status(&k->vt->c, item, status, reason, result, &e) != 0)
        return failed(k, status, &e);
    return 0;
}

/* Issued documents of the office, newest first, to stand as items' results. */
typedef struct issued {
    int64_t ids[8];
    int n;
} issued;

static void take_issued(ctx *c, const outgoing *o, void *arg)
{
    issued *x = arg;
    (void)c;
    if (x->n < 8)
        x->ids[x->n++] = o->id;
}

static int run(demo_ctx *k)
{
    int y = k->year, qc = k->quarter;
    int64_t btv_ids[20];
    /* The annual programme of the BTV, drafted in December of the year before. */
    at_date(y - 1, 12, 8);
    int64_t btv = new_programme(k, "BTV", "NAM", 0);
    if (btv < 0 || add_items(k, btv, btv_items, 20, btv_ids, NULL) != 0 ||
        pass(k, btv, y - 1, 12, 15) != 0)
        return -1;
    /* Issued as a CTr document through the outgoing flow. */
    web_err e = {0};
    at_date(y - 1, 12, 18);
    int64_t oid = prog_issue(&k->vt->c, btv, &e);
    if (oid < 0)
        return failed(k, "issue", &e);
    const char *err = NULL, *notation = NULL, *note = NULL;
    int st = 0;
    long number = 0;
    if (outgoing_approve(&k->chanh->c, oid, NULL, &err, &st) != 0 ||
        outgoing_sign(&k->tt->c, oid, &err, &st) != 0 ||
        outgoing_issue(&k->vt->c, oid, &number, &notation, &note, &err, &st) != 0) {
        *k->err_r = strdup(err ? err : "programmes demo: outgoing flow");
        return -1;
    }
    /* The BCH's annual programme. */
    at_date(y - 1, 12, 10);
    int64_t bch = new_programme(k, "BCH", "NAM", 0);
    if (bch < 0 || add_items(k, bch, bch_items, 5, NULL, NULL) != 0 ||
        pass(k, bch, y - 1, 12, 22) != 0)
        return -1;
    issued res = {0};
    out_filter f = {.status = "issued", .limit = 8};
    outgoing_list(&k->vt->c, &f, take_issued, &res);

    /* Items of the quarters before last: adopted, one postponed, one dropped. */
    int first_prev = qc >= 2 ? 3 * (qc - 1) - 2 : 1; /* first month of last quarter */
    int r = 0;
    for (int i = 0; i < 20; i++) {
        if (btv_items[i].month >= first_prev || qc < 2)
            continue;
        at_date(y, btv_items[i].month, 25);
        if (i == 3)
            r = set(k, btv_ids[i], "HOAN",
                    "Chờ hướng dẫn của Ban Tổ chức Trung ương về phân cấp "
                    "quản lý cán bộ sau sắp xếp",
                    0);
        else if (i == 8)
            r = set(k, btv_ids[i], "HUY",
                    "Đã lồng ghép vào kế hoạch học tập nghị quyết chung "
                    "của Ban Thường vụ",
                    0);
        else
            r = set(k, btv_ids[i], "DA_THONG_QUA", NULL, i < res.n ? res.ids[i] : 0);
        if (r != 0)
            return -1;
    }
    /* Last quarter, built from the annual programme; this quarter likewise. */
    int64_t prev = 0, cur = 0, picks[20];
    if (qc >= 2) {
        int np = 0;
        for (int i = 0; i < 20; i++)
            if ((btv_items[i].month - 1) / 3 + 1 == qc - 1)
                picks[np++] = btv_ids[i];
        at_date(y, first_prev, 1);
        web_err e2 = {0};
        prev = prog_derive(&k->cv->c, btv, "QUY", qc - 1, picks, np, &e2);
        if (prev < 0 || pass(k, prev, y, first_prev, 2) != 0)
            return prev < 0 ? failed(k, "derive", &e2) : -1;
        prog_item *items;
        int n = prog_items(&k->cv->c, prev, &items);
        for (int i = 0; i < n; i++) {
            at_date(y, first_prev + 2, 10 + i);
            if (i == 0)
                r = set(k, items[i].id, "HOAN", "Lùi sang quý sau để chờ số liệu tổng hợp", 0);
            else if (i == n - 1)
                r = set(k, items[i].id, "DANG_CHUAN_BI", NULL, 0);
            else
                r = set(k, items[i].id, "DA_THONG_QUA", NULL, 0);
            if (r != 0)
                return -1;
        }
    }
    int np = 0;
    for (int i = 0; i < 20; i++)
        if ((btv_items[i].month - 1) / 3 + 1 == qc)
            picks[np++] = btv_ids[i];
    int first_cur = 3 * qc - 2;
    at_date(y, first_cur, 1);
    web_err e3 = {0};
    cur = prog_derive(&k->cv->c, btv, "QUY", qc, picks, np, &e3);
    if (cur < 0)
        return failed(k, "derive", &e3);
    if (prev) {
        /* What last quarter did not finish goes on, with its history. */
        prog_item *items;
        int n = prog_items(&k->cv->c, prev, &items);
        for (int i = 0; i < n; i++) {
            if (prog_item_done(items[i].status))
                continue;
            web_err e4 = {0};
            if (prog_item_carry(&k->cv->c, items[i].id, cur, &e4) < 0)
                return failed(k, "carry", &e4);
        }
    }
    if (pass(k, cur, y, first_cur, 3) != 0)
        return -1;
    prog_item *items;
    int n = prog_items(&k->cv->c, cur, &items);
    clock_set_fake(k->now);
    for (int i = 0; i < n && i < 2; i++)
        if (strcmp(items[i].status, "KE_HOACH") == 0 &&
            set(k, items[i].id, "DANG_CHUAN_BI", NULL, 0))
            return -1;
    /* The Thường trực's programme of this week. */
    char today[16], mon[16];
    clock_vn_today(today, sizeof today);
    struct tm tm = {0};
    sscanf(today, "%d-%d-%d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday);
    tm.tm_year -= 1900;
    tm.tm_mon -= 1;
    tm.tm_hour = 12;
    time_t t = timegm(&tm);
    char wk[8];
    strftime(wk, sizeof wk, "%V", gmtime(&t));
    int wday = tm.tm_wday == 0 ? 7 : tm.tm_wday;
    time_t monday = t - (time_t)(wday - 1) * 86400;
    strftime(mon, sizeof mon, "%Y-%m-%d", gmtime(&monday));
    char iso_year[8];
    strftime(iso_year, sizeof iso_year, "%G", gmtime(&t));
    if (atoi(iso_year) == y) {
        int64_t tt = new_programme(k, "TT", "TUAN", atoi(wk));
        if (tt < 0 || add_items(k, tt, tt_items, 3, NULL, mon) != 0)
            return -1;
    }
    return 0;
}

int demo_programmes_seed(db *d, char **err_r)
{
    *err_r = NULL;
    db_stmt *any = db_stmt_get(d, &q_any);
    bool seeded = any && db_step(any) == DB_ROW;
    if (any)
        db_reset(any);
    if (seeded)
        return 0;
    arena *a = arena_new();
    demo_ctx k = {.err_r = err_r};
    k.cv = who(a, d, "chuyenvien");
    k.chanh = who(a, d, "chanhvp");
    k.tt = who(a, d, "thuongtruc");
    k.vt = who(a, d, "vanthu");
    k.tu = unit_id(d, "Thành ủy Cần Thơ");
    k.units[L_VP] = unit_id(d, "Văn phòng Thành ủy Cần Thơ");
    k.units[L_BTC] = unit_id(d, "Ban Tổ chức Thành ủy Cần Thơ");
    k.units[L_BTG] = unit_id(d, "Ban Tuyên giáo và Dân vận Thành ủy Cần Thơ");
    k.units[L_UBKT] = unit_id(d, "Ủy ban Kiểm tra Thành ủy Cần Thơ");
    k.units[L_BT] = unit_id(d, "Đảng ủy phường Bình Thủy");
    int rc = 0;
    if (!k.cv || !k.chanh || !k.tt || !k.vt || !k.tu || !k.units[L_VP] || !k.units[L_BTC] ||
        !k.units[L_BTG] || !k.units[L_UBKT] || !k.units[L_BT]) {
        *err_r = strdup("programmes demo: the demo accounts or units are missing");
        rc = -1;
    }
    k.now = clock_now();
    int64_t caller_clock = llabs(k.now - (int64_t)time(NULL)) > 5 ? k.now : 0;
    char today[16];
    clock_vn_today(today, sizeof today);
    k.year = atoi(today);
    k.month = atoi(today + 5);
    k.quarter = (k.month - 1) / 3 + 1;
    if (rc == 0)
        rc = run(&k);
    clock_set_fake(caller_clock);
    arena_free(&a);
    return rc;
}
