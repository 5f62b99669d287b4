/* The demo office's member status changes and discipline (issue 20, part adma): in the ward
 * Party committees seeded by demo_partyfees, over the past year, as each ward's clerk would
 * record them — a retirement (the fee basis becomes the pension), a member gone to work in
 * Korea and one back from Japan, a student, a death; a reprimand and a warning with their
 * decisions. Acts through members_status_add and members_discipline_add; dates relative to the
 * clock. Does nothing without members or when a change is already recorded. */
#include <stdlib.h>
#include <string.h>

#include "auth/auth.h"
#include "base/config.h"
#include "members/members.h"
#include "outgoing/outgoing.h"
#include "web/dates.h"

static const db_query q_unit = {"demo.ms_unit",
                                "SELECT id FROM units WHERE name = ?1 AND valid_to IS NULL", NULL};
static const db_query q_user = {"demo.ms_user", "SELECT id FROM users WHERE login = ?1", NULL};
static const db_query q_any = {"demo.ms_any", "SELECT 1 FROM member_status_events LIMIT 1", NULL};
/* Active members of a unit admitted more than two years ago, in a stable order. */
static const db_query q_members = {
    "demo.ms_members",
    "SELECT id FROM party_members WHERE unit_id = ?1 AND status = 'active'"
    " AND fee_category = 'BHXH' AND admitted_on < date(?2, '-2 years') ORDER BY id",
    NULL};

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

typedef struct change {
    int ward, member; /* index into the ward's BHXH members */
    int days_ago;
    const char *kind; /* a status kind, or NULL for discipline */
    const char *form; /* discipline */
    const char *decision_no;
    int64_t basis;
    const char *note;
} change;

static const change changes[] = {
    {0, 1, 300, "abroad", NULL, "", 35000000, "Công tác tại Nhật Bản (hợp đồng 2 năm)"},
    {0, 1, 40, "returned", NULL, "", 9200000, "Về nước, trở lại công tác tại Công ty Cấp nước"},
    {0, 3, 150, "retired", NULL, "125-QĐ/BHXH", 7200000, "Nghỉ hưu theo chế độ"},
    {0, 5, 120, "abroad", NULL, "", 42000000, "Lao động tại Hàn Quốc (tỉnh Gyeonggi)"},
    {0, 7, 210, NULL, "reprimand", "05-QĐ/ĐU", 0, "Vi phạm quy định sinh hoạt chi bộ"},
    {0, 9, 95, NULL, "warning", "09-QĐ/ĐU", 0, "Vi phạm trong quản lý đất đai"},
    {1, 2, 240, "student", NULL, "", -1, "Học cao học tập trung tại Trường Đại học Cần Thơ"},
    {1, 4, 60, "deceased", NULL, "", -1, "Từ trần do bệnh nặng"},
    {1, 6, 180, NULL, "reprimand", "12-QĐ/ĐU", 0, "Không tham gia sinh hoạt 3 kỳ liên tiếp"},
};

int demo_memstatus_seed(db *d, char **err_r)
{
    (void)err_r;
    db_stmt *s = db_stmt_get(d, &q_any);
    bool any = s && db_step(s) == DB_ROW;
    if (s)
        db_reset(s);
    if (any)
        return 0;
    static const char *const wards[] = {"Đảng ủy phường Bình Thủy", "Đảng ủy phường Cái Khế"};
    static const char *const clerks[] = {"vanthu.binhthuy", "vanthu"};
    arena *a = arena_new();
    int rc = 0;
    for (int w = 0; w < 2 && !rc; w++) {
        int64_t unit = id_of(d, &q_unit, wards[w]), uid = id_of(d, &q_user, clerks[w]);
        ctx probe = {.a = a, .db = d, .data_dir = config.data_dir};
        const user *u = unit && uid ? auth_user_load(&probe, uid) : NULL;
        if (!u)
            continue; /* no demo office or no members here: nothing to seed */
        user me = *u;
        ctx c = {.a = a, .db = d, .user = &me, .data_dir = config.data_dir};
        int64_t ids[16];
        int n = 0;
        s = db_stmt_get(d, &q_members);
        if (!s)
            break;
        db_bind_int(s, 1, unit);
        db_bind_text(s, 2, web_today(&c));
        while (n < 16 && db_step(s) == DB_ROW)
            ids[n++] = db_col_int(s, 0);
        db_reset(s);
        for (size_t i = 0; i < sizeof changes / sizeof *changes; i++) {
            const change *ch = &changes[i];
            if (ch->ward != w || ch->member >= n)
                continue;
            const char *on = web_date_add(&c, web_today(&c), -ch->days_ago);
            web_err e = {0};
            int64_t r = ch->kind ? members_status_add(&c, ids[ch->member], ch->kind, on,
                                                      ch->decision_no, ch->basis, ch->note, &e)
                                 : members_discipline_add(&c, ids[ch->member], ch->form, on,
                                                          ch->decision_no, ch->note, &e);
            /* a member admitted after the date is skipped: the demo never fails init for it */
            (void)r;
        }
    }
    arena_free(&a);
    return rc;
}
