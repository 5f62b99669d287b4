/* The demo office's Party members and đảng phí (DOMAIN-2 §7): members of three ward Party
 * committees (Bình Thủy, Cái Khế, Ninh Kiều; ≈ 105 members with realistic names, every fee
 * category), imported from CSV by the office's clerk, one moved between wards; then each month
 * since 01-QĐ/TW took effect (at most a year back): payments imported (a few members unpaid,
 * one of them three months running, so flagged), one 50 % reduction with its decision, each
 * ward's report submitted (the month closed) and its share passed up. The current month is
 * open: payments partly recorded, no report yet. Acts through the services, as the clerk of
 * the Văn phòng Thành ủy (vanthu) would. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/auth.h"
#include "base/clock.h"
#include "base/config.h"
#include "base/strbuf.h"
#include "members/members.h"
#include "outgoing/outgoing.h"
#include "partyfees/partyfees.h"

static const db_query q_unit = {"demo.pf_unit",
                                "SELECT id FROM units WHERE name = ?1 AND valid_to IS NULL", NULL};
static const db_query q_user = {"demo.pf_user", "SELECT id FROM users WHERE login = ?1", NULL};
static const db_query q_any = {"demo.pf_any", "SELECT 1 FROM party_members LIMIT 1", NULL};
static const db_query q_ids = {"demo.pf_ids",
                               "SELECT id FROM party_members WHERE unit_id = ?1 ORDER BY id", NULL};

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

static const char *const ho[] = {"Nguyễn", "Trần",   "Lê",  "Phạm", "Huỳnh", "Hoàng", "Võ",
                                 "Phan",   "Trương", "Bùi", "Đặng", "Đỗ",    "Ngô",   "Dương"};
static const char *const lot_nam[] = {"Văn", "Hữu", "Minh", "Quốc", "Thanh", "Công", "Đức"};
static const char *const lot_nu[] = {"Thị", "Ngọc", "Thu", "Kim", "Thanh", "Mỹ", "Bích"};
static const char *const ten_nam[] = {"An",   "Bình",  "Cường", "Dũng", "Hải",   "Hùng",
                                      "Khoa", "Long",  "Nam",   "Phúc", "Quang", "Sơn",
                                      "Tài",  "Thắng", "Toàn",  "Trí",  "Tuấn",  "Việt"};
static const char *const ten_nu[] = {"Anh",    "Châu", "Diễm",  "Hà",    "Hạnh", "Hoa",
                                     "Hương",  "Lan",  "Linh",  "Mai",   "Nga",  "Nhung",
                                     "Phương", "Thảo", "Trang", "Tuyết", "Uyên", "Yến"};

#define N_OF(a) (int)(sizeof(a) / sizeof *(a))

/* A ward's member list as the CSV a chi bộ would send; deterministic from seed. */
static void member_csv(strbuf *b, int n, int seed)
{
    sb_adds(b, "ho_ten,ngay_sinh,gioi_tinh,ngay_vao_dang,ngay_chinh_thuc,doi_tuong,muc_can_cu,"
               "vung,so_the_dang\n");
    for (int i = 0; i < n; i++) {
        int k = seed * 131 + i * 17;
        bool nu = (k / 3) % 2;
        int by = 1948 + (k * 7) % 56; /* born 1948–2003 */
        int bm = 1 + k % 12, bd = 1 + (k * 5) % 28;
        int ay = by + 20 + (k * 3) % 15;
        if (ay > 2024)
            ay = 2024;
        const char *cat;
        long long basis = 0;
        if (by <= 1962) {
            cat = "HUU_TRI";
            basis = 5200000 + (k % 9) * 350000;
        } else if (by >= 2002) {
            cat = "HOC_SINH_SINH_VIEN";
        } else if (k % 11 == 0) {
            cat = "NGOAI_BHXH_DUOI_TUOI_HUU";
        } else {
            cat = "BHXH";
            basis = 6800000 + (k % 13) * 420000;
        }
        if (i == 0 && seed == 1) { /* a veteran of 50 years' Party age: exempt */
            by = 1950;
            ay = 1974;
            cat = "HUU_TRI";
            basis = 7400000;
        }
        sb_printf(b, "%s %s %s,%02d/%02d/%04d,%s,%02d/%02d/%04d,%02d/%02d/%04d,%s,%lld,1,%08d\n",
                  ho[k % N_OF(ho)], nu ? lot_nu[k % N_OF(lot_nu)] : lot_nam[k % N_OF(lot_nam)],
                  nu ? ten_nu[(k / 2) % N_OF(ten_nu)] : ten_nam[(k / 2) % N_OF(ten_nam)], bd, bm,
                  by, nu ? "nữ" : "Nam", 1 + (k * 3) % 28, 1 + (k / 5) % 12, ay, 1 + (k * 3) % 28,
                  1 + (k / 5) % 12, ay + 1, cat, basis, 40000000 + k);
    }
}

int demo_partyfees_seed(db *d, char **err_r)
{
    db_stmt *s = db_stmt_get(d, &q_any);
    bool any = s && db_step(s) == DB_ROW;
    if (s)
        db_reset(s);
    if (any)
        return 0;
    arena *a = arena_new();
    int64_t uid = id_of(d, &q_user, "vanthu");
    ctx probe = {.a = a, .db = d, .data_dir = config.data_dir};
    const user *u = uid ? auth_user_load(&probe, uid) : NULL;
    if (!u) {
        arena_free(&a);
        return 0; /* no demo office: nothing to seed */
    }
    user me = *u;
    /* ~80 small transactions, each a user's step: nobody depends on the demo while it is written
     * (a failed init is undone whole), so its commits need not wait for the disk; durability is
     * put back before returning. */
    char *perr = NULL;
    db_exec_script(d, "PRAGMA synchronous=OFF", &perr);
    free(perr);
    ctx c = {.a = a, .db = d, .user = &me, .data_dir = config.data_dir};
    static const char *const wards[] = {"Đảng ủy phường Bình Thủy", "Đảng ủy phường Cái Khế",
                                        "Đảng ủy phường Ninh Kiều"};
    static const int sizes[] = {40, 35, 30};
    int64_t unit[3];
    int rc = 0;
    web_err e = {0};
    for (int w = 0; w < 3 && !rc; w++) {
        unit[w] = id_of(d, &q_unit, wards[w]);
        strbuf b = {0};
        member_csv(&b, sizes[w], w + 1);
        if (!unit[w] || members_import_csv(&c, unit[w], b.buf, b.len, &e) < 0)
            rc = -1;
        sb_free(&b);
    }
    /* the member ids of each ward, in import order */
    int64_t ids[3][40];
    for (int w = 0; w < 3 && !rc; w++) {
        s = db_stmt_get(d, &q_ids);
        db_bind_int(s, 1, unit[w]);
        for (int i = 0; i < sizes[w] && db_step(s) == DB_ROW; i++)
            ids[w][i] = db_col_int(s, 0);
        db_reset(s);
    }
    char today[16];
    clock_vn_today(today, sizeof today);
    int y = atoi(today), m = atoi(today + 5);
    /* from 01-QĐ/TW (02/2026) or twelve months back, whichever is later */
    int sy = y - 1, sm = m + 1;
    if (sy * 12 + sm < 2026 * 12 + 2)
        sy = 2026, sm = 2;
    if (!rc)
        rc = pf_exempt(&c, ids[0][5], 50, arena_printf(a, "%04d-%02d", sy, sm),
                       arena_printf(a, "%04d-%02d", sy + (sm + 4 > 12), (sm + 4 - 1) % 12 + 1),
                       "Quyết định số 12-QĐ/ĐU ngày 05/02/2026 của Đảng ủy phường Bình Thủy",
                       "Hoàn cảnh khó khăn do thiên tai", &e) < 0
                 ? -1
                 : 0;
    for (int yy = sy, mm = sm; !rc && yy * 12 + mm <= y * 12 + m;
         mm == 12 ? (yy++, mm = 1) : mm++) {
        const char *month = arena_printf(a, "%04d-%02d", yy, mm);
        bool current = yy == y && mm == m;
        strbuf b = {0};
        sb_adds(&b, "member_id,thang,so_tien,hinh_thuc,ngay_nop\n");
        int rows = 0;
        for (int w = 0; w < 3; w++)
            for (int i = 0; i < sizes[w]; i++) {
                /* who does not pay: member 7 of Bình Thủy from the third month on (flagged);
                 * one or two others now and then; half the ward in the current month */
                int idx = (yy * 12 + mm) - (sy * 12 + sm);
                if ((w == 0 && i == 7 && idx >= 2) || (i * 7 + idx * 3 + w) % 29 == 0 ||
                    (current && i % 2))
                    continue;
                pf_due du = pf_member_due(d, ids[w][i], month);
                if (du.due == 0)
                    continue;
                sb_printf(&b, "%lld,%s,%lld,%s,%s-%02d\n", (long long)ids[w][i], month,
                          (long long)du.due, (i % 3) ? "DVCQG" : "TIEN_MAT", month,
                          current ? 1 : 5 + i % 10);
                rows++;
            }
        if (rows && pf_import_payments(&c, b.buf, b.len, &e) < 0)
            rc = -1;
        sb_free(&b);
        if (current)
            break;
        for (int w = 0; w < 3 && !rc; w++)
            if (pf_submit(&c, unit[w], month, &e) != 0 ||
                pf_transfer_record(&c, unit[w], month, w == 1 ? "CHUYEN_KHOAN" : "DVCQG", &e) < 0)
                rc = -1;
    }
    /* one member moved between wards, with its history */
    if (!rc)
        rc = members_move(&c, ids[2][3], unit[1], today, "Chuyển sinh hoạt do thay đổi nơi cư trú",
                          &e);
    perr = NULL;
    db_exec_script(d, "PRAGMA synchronous=FULL", &perr);
    free(perr);
    if (rc && err_r) {
        const char *msg = web_err_message(&e);
        *err_r = strdup(msg ? msg : "partyfees demo");
    }
    arena_free(&a);
    return rc;
}
