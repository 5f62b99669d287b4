/* The demo office's conferences (DOMAIN-2.md §2), written by `init --demo` after the incoming
 * documents: a year of the Thành ủy's conferences — the study of a Central resolution with
 * connection points at the wards, a six-month review, Standing Committee and Executive Committee
 * meetings — with their invitations issued through the outgoing flow, the wards' answers,
 * check-in, attendance by category, minutes, conclusion notices (one issued late, one still
 * overdue) and the wards' study reports; plus an upcoming conference of Đảng ủy phường Bình
 * Thủy itself. Three of them were prepared for items of the BTV programme (programme_item_id);
 * demo_schedule puts the conference days into the calendar and demo_followup assigns the
 * clauses of the issued conclusion notices.
 *
 * Everything goes through the conference and outgoing services as the demo account that would
 * have done it, with the clock set to the moment (clock_set_fake). The first three conferences
 * are created in a fixed order (ids 1, 2, 3 in a fresh demo) because the authorization matrix
 * (tests/http/authz.test.mjs) names them: 1 the Thành ủy's study conference with Bình Thủy
 * invited, 2 a Standing Committee meeting no ward is invited to, 3 Bình Thủy's own conference.
 * DỮ LIỆU MẪU: figures and titles are invented in the style of real ones. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "auth/auth.h"
#include "base/clock.h"
#include "base/config.h"
#include "conferences/conferences.h"
#include "demo/demo_impl.h"
#include "outgoing/outgoing.h"
#include "workdays/workdays.h"

static const db_query q_user = {"demo_conf.user", "SELECT id FROM users WHERE login = ?1", NULL};
static const db_query q_unit = {
    "demo_conf.unit", "SELECT id FROM units WHERE name = ?1 AND valid_to IS NULL LIMIT 1", NULL};
static const db_query q_any = {"demo_conf.any", "SELECT 1 FROM conferences LIMIT 1", NULL};
/* The newest Central resolution the office received: the one the city studies. */
static const db_query q_resolution = {
    "demo_conf.resolution",
    "SELECT id FROM incoming WHERE code LIKE '%-NQ/TW' ORDER BY arrival_date DESC, id DESC LIMIT 1",
    NULL};

/* The BTV programme item a conference was prepared for (its newest copy: the quarter's, whose
 * status the annual item follows). */
static const db_query q_item = {
    "demo_conf.item",
    "SELECT i.id FROM programme_items i JOIN programmes p ON p.id = i.programme_id "
    "WHERE i.title = ?1 AND p.body = 'BTV' ORDER BY i.id DESC LIMIT 1",
    NULL};
/* Which plan (by index in plans[]) came from which item of the BTV annual programme. */
static const struct {
    int plan;
    const char *item;
} from_items[] = {
    {0, "Nghị quyết về phát triển kinh tế số và chuyển đổi số trong hệ thống chính trị thành phố"},
    {1, "Chương trình công tác toàn khóa của Ban Thường vụ Thành ủy: đánh giá, bổ sung"},
    {3, "Báo cáo sơ kết 6 tháng thực hiện nghị quyết đại hội đảng bộ thành phố"},
};

static const char *const wards[] = {
    "Đảng ủy phường Ninh Kiều", "Đảng ủy phường Cái Khế",  "Đảng ủy phường Tân An",
    "Đảng ủy phường Bình Thủy", "Đảng ủy phường Cái Răng", "Đảng ủy phường Ô Môn",
    "Đảng ủy phường Thốt Nốt",  "Đảng ủy xã Phong Điền",   "Đảng ủy xã Cờ Đỏ",
    "Đảng ủy xã Thới Lai",      "Đảng ủy xã Vĩnh Thạnh",   "Đảng ủy phường Sóc Trăng",
    "Đảng ủy phường Vị Thanh"};
#define N_WARDS ((int)(sizeof wards / sizeof wards[0]))
static const char *const boards[] = {"Ban Tổ chức Thành ủy Cần Thơ",
                                     "Ban Tuyên giáo và Dân vận Thành ủy Cần Thơ",
                                     "Ủy ban Kiểm tra Thành ủy Cần Thơ"};

typedef struct player {
    user u;
    ctx c;
} player;

typedef struct scene {
    db *d;
    arena *a;
    player *vanthu, *chanhvp, *thuongtruc, *donvi, *vanthu_bt;
    int64_t tu, ward_ids[N_WARDS], board_ids[3], p_bt;
    int64_t day0; /* today 00:00 in Vietnam, unix seconds */
    char *err;
} scene;

static int64_t lookup(db *d, const db_query *q, const char *text)
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

static player *player_new(scene *k, const char *login)
{
    int64_t id = lookup(k->d, &q_user, login);
    ctx probe = {.a = k->a, .db = k->d, .data_dir = config.data_dir};
    const user *u = id ? auth_user_load(&probe, id) : NULL;
    if (!u)
        return NULL;
    player *p = arena_alloc(k->a, sizeof *p);
    p->u = *u;
    p->c = (ctx){.a = k->a, .db = k->d, .user = &p->u, .data_dir = config.data_dir};
    return p;
}

/* The working day `days` calendar days from today (the next working day if that one is not),
 * "YYYY-MM-DD" in the arena. */
static const char *workday(scene *k, int days)
{
    char iso[32], date[11], out[11];
    clock_iso(k->day0 + VN_UTC_OFFSET + (int64_t)days * 86400, iso, sizeof iso);
    snprintf(date, sizeof date, "%.10s", iso);
    if (workdays_next(k->d, date, out) != 0)
        snprintf(out, sizeof out, "%s", date);
    return arena_strdup(k->a, out);
}

static int64_t at(const char *date, int hh, int mm)
{
    char iso[32];
    snprintf(iso, sizeof iso, "%.10sT00:00:00Z", date);
    return clock_parse_iso(iso) - VN_UTC_OFFSET + hh * 3600 + mm * 60;
}

static int failed(scene *k, const char *what, const web_err *e)
{
    if (!k->err) {
        size_t n = strlen(what) + 300;
        k->err = malloc(n);
        if (k->err)
            snprintf(k->err, n, "conferences demo: %s: %s", what,
                     e && e->n ? web_err_message(e) : "?");
    }
    return -1;
}

/* Approve, sign and issue an outgoing draft at moment t (the office's leader and clerk). */
static int issue(scene *k, int64_t oid, int64_t t)
{
    const char *err = NULL;
    int status = 0;
    long number;
    const char *notation, *note;
    clock_set_fake(t);
    if (outgoing_approve(&k->chanhvp->c, oid, NULL, &err, &status) != 0 ||
        outgoing_sign(&k->chanhvp->c, oid, &err, &status) != 0)
        goto fail;
    clock_set_fake(t + 1800);
    if (outgoing_issue(&k->vanthu->c, oid, &number, &notation, &note, &err, &status) != 0)
        goto fail;
    return 0;
fail:;
    web_err e = {0};
    web_err_add(&e, status, "x", NULL, err ? err : "?");
    return failed(k, "issue", &e);
}

typedef struct plan {
    const char *title, *kind, *mode, *venue, *participants, *content, *prepare;
    int start_in;       /* calendar days from today (negative: past) */
    int sh, sm, eh, em; /* start and end, hours and minutes */
    bool wards, boards; /* who is invited */
    int invite_lead;    /* working days ahead the invitation goes (0: none) */
    const char *late_reason;
    bool held;           /* answers, check-in, attendance, minutes */
    int conclusion_late; /* -1: no notice; else working days after the due date it was issued */
    bool conclusion_drafted_only;
    bool study; /* study reports from the wards */
} plan;

static const plan plans[] = {
    /* 1 — the authorization matrix's "parent" conference: Bình Thủy invited. */
    {"Hội nghị học tập, quán triệt, triển khai thực hiện Nghị quyết của Bộ Chính trị về đột phá "
     "phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số quốc gia",
     "QUAN_TRIET",
     "KET_HOP",
     "Hội trường Thành ủy, số 1 đường Hòa Bình, phường Ninh Kiều",
     "Đồng chí Bí thư, Phó Bí thư, cấp ủy viên; cán bộ chủ chốt các đảng ủy trực thuộc",
     "Quán triệt nội dung cơ bản của Nghị quyết; triển khai chương trình hành động của Thành ủy",
     "Nghiên cứu trước tài liệu; chuẩn bị phòng họp trực tuyến tại điểm cầu",
     -54,
     7,
     30,
     11,
     30,
     true,
     true,
     5,
     NULL,
     true,
     0,
     false,
     true},
    /* 2 — a Standing Committee meeting; no ward is invited. */
    {"Hội nghị Ban Thường vụ Thành ủy cho ý kiến về dự thảo Chương trình công tác năm",
     "HOI_NGHI_BTV",
     "TRUC_TIEP",
     "Phòng họp Ban Thường vụ Thành ủy",
     "Các đồng chí Ủy viên Ban Thường vụ Thành ủy; lãnh đạo các ban đảng",
     "Cho ý kiến dự thảo Chương trình công tác năm của Thành ủy",
     "Nghiên cứu dự thảo, chuẩn bị ý kiến phát biểu",
     6,
     8,
     0,
     11,
     0,
     false,
     true,
     4,
     NULL,
     false,
     -1,
     false,
     false},
    /* 3 — Bình Thủy's own conference (organised by its clerk, below). */
    {NULL, NULL, NULL,  NULL,  NULL, NULL, NULL,  0,  0,     0,
     0,    0,    false, false, 0,    NULL, false, -1, false, false},
    {"Hội nghị sơ kết 6 tháng thực hiện Nghị quyết Đại hội đại biểu Đảng bộ thành phố",
     "SO_KET",
     "KET_HOP",
     "Hội trường Thành ủy",
     "Đồng chí Bí thư, Phó Bí thư các đảng ủy trực thuộc; lãnh đạo các ban đảng",
     "Đánh giá kết quả 6 tháng; phương hướng, nhiệm vụ 6 tháng cuối năm",
     "Báo cáo kết quả 6 tháng của đơn vị gửi trước hội nghị",
     -150,
     8,
     0,
     11,
     30,
     true,
     true,
     4,
     NULL,
     true,
     3,
     false,
     false},
    {"Hội nghị Ban Chấp hành Đảng bộ thành phố lần thứ ba",
     "HOI_NGHI_BCH",
     "TRUC_TIEP",
     "Hội trường Thành ủy",
     "Các đồng chí Ủy viên Ban Chấp hành Đảng bộ thành phố",
     "Kiểm điểm lãnh đạo, chỉ đạo quý III; cho ý kiến các đề án trình Ban Chấp hành",
     "Nghiên cứu tài liệu gửi kèm",
     -95,
     7,
     30,
     16,
     30,
     false,
     true,
     3,
     NULL,
     true,
     0,
     false,
     false},
    {"Hội nghị Ban Thường vụ Thành ủy nghe báo cáo công tác chuẩn bị các ngày lễ lớn",
     "HOI_NGHI_BTV",
     "TRUC_TIEP",
     "Phòng họp Ban Thường vụ Thành ủy",
     "Các đồng chí Ủy viên Ban Thường vụ Thành ủy",
     "Nghe và cho ý kiến báo cáo",
     "Nghiên cứu báo cáo",
     -16,
     14,
     0,
     16,
     30,
     false,
     true,
     2,
     "Thường trực Thành ủy quyết định triệu tập đột xuất",
     true,
     -1,
     true,
     false},
    {"Hội nghị triển khai Kết luận của Bộ Chính trị về tiếp tục thực hiện Nghị quyết về xây "
     "dựng, chỉnh đốn Đảng",
     "TRIEN_KHAI",
     "TRUC_TUYEN",
     "Trực tuyến từ Hội trường Thành ủy đến các điểm cầu",
     "Cán bộ chủ chốt các đảng ủy trực thuộc",
     "Triển khai Kết luận; giao nhiệm vụ cụ thể",
     "Bố trí điểm cầu, kiểm tra đường truyền trước 01 ngày",
     13,
     8,
     0,
     11,
     0,
     true,
     false,
     0,
     NULL,
     false,
     -1,
     false,
     false},
};
#define N_PLANS ((int)(sizeof plans / sizeof plans[0]))

/* A ward's figures, the same on every run (the demo's choices are fixed). */
static int members_of(int i)
{
    return 95 + (i * 37) % 260;
}

static int hold(scene *k, int64_t id, const plan *p, const char *day, bool ward_endpoints)
{
    web_err e = {0};
    ctx *vt = &k->vanthu->c;
    int64_t t = at(day, p->sh, p->sm);
    /* Answers a few days before: Bình Thủy answers itself; the office takes the others by phone. */
    clock_set_fake(t - 2 * 86400);
    if (p->wards) {
        if (conf_answer(&k->donvi->c, id, k->p_bt, "attend", NULL, NULL, &e) != 0)
            return failed(k, "answer", &e);
        for (int i = 0; i < N_WARDS; i++) {
            if (k->ward_ids[i] == k->p_bt)
                continue;
            const char *resp = i == 6 ? "decline" : i == 9 ? "substitute" : "attend";
            if (conf_answer(vt, id, k->ward_ids[i], resp,
                            i == 6 ? "Trùng lịch làm việc với Đoàn kiểm tra của Thành ủy" : NULL,
                            i == 9 ? "Đồng chí Lê Văn Tám, Phó Bí thư Thường trực" : NULL, &e) != 0)
                return failed(k, "answer", &e);
        }
    }
    /* Check-in and attendance on the day. */
    clock_set_fake(t + 600);
    conf_invitee *iv;
    int n = conf_invitees(vt, id, &iv);
    for (int i = 0; i < n; i++) {
        /* One unit never answered nor came (absent without reason), one declined. */
        if ((iv[i].response && strcmp(iv[i].response, "decline") == 0) || i == n - 1)
            continue;
        if (conf_checkin(vt, id, iv[i].unit_id, true, &e) != 0)
            return failed(k, "checkin", &e);
    }
    for (int i = 0; p->wards && i < N_WARDS; i++) {
        int m = members_of(i);
        bool absent = i == 6;
        conf_attendance a = {.unit_id = k->ward_ids[i],
                             .membership = m,
                             .committee_members = absent ? 0 : 9 + i % 6,
                             .party_members = absent ? 0 : m - 6 - i % 7,
                             .non_members = absent ? 0 : 10 + (i * 13) % 40,
                             .absent_with_reason = absent ? m : 1 + i % 4,
                             .absent_without_reason = absent ? 0 : 1 + i % 2};
        if (conf_attendance_set(i == 3 ? &k->donvi->c : vt, id, &a, &e) != 0)
            return failed(k, "attendance", &e);
        if (ward_endpoints && conf_endpoint_set(vt, id, k->ward_ids[i], NULL, -1,
                                                absent ? 0 : a.party_members, &e) != 0)
            return failed(k, "endpoint", &e);
    }
    /* Minutes that evening. */
    clock_set_fake(at(day, p->eh, p->em) + 1800);
    if (conf_minutes(vt, id, &e) < 0)
        return failed(k, "minutes", &e);
    return 0;
}

static int conclude(scene *k, int64_t id, const plan *p)
{
    web_err e = {0};
    const conference *c = conf_get(&k->vanthu->c, id);
    if (!c || !c->conclusion_due)
        return failed(k, "conclusion due", NULL);
    /* Drafted two working days after the meeting, issued on time or late. */
    char drafted[11], issued[11];
    workdays_add(k->d, arena_strndup(k->a, c->ends_at, 10), 2, drafted);
    clock_set_fake(at(drafted, 9, 0));
    int64_t oid = conf_conclusion(&k->vanthu->c, id, &e);
    if (oid < 0)
        return failed(k, "conclusion", &e);
    if (p->conclusion_drafted_only)
        return 0;
    if (p->conclusion_late > 0)
        workdays_add(k->d, c->conclusion_due, p->conclusion_late, issued);
    else
        workdays_add(k->d, c->conclusion_due, -1, issued);
    return issue(k, oid, at(issued, 9, 30));
}

static int study_reports(scene *k, int64_t id, const char *day)
{
    web_err e = {0};
    char when[11];
    workdays_add(k->d, day, 7, when);
    clock_set_fake(at(when, 10, 0));
    for (int i = 0; i < N_WARDS; i++) {
        if (i % 4 == 2)
            continue; /* a few wards are still to report */
        int m = members_of(i);
        conf_study r = {.unit_id = k->ward_ids[i],
                        .members_total = m,
                        .members_attended = m - 1 - i % 5,
                        .mass_attendance = 40 + (i * 29) % 160,
                        .essays = m - 3 - i % 6,
                        .note = "Đã xây dựng chương trình hành động thực hiện Nghị quyết; tổ chức "
                                "cho đảng viên viết bài thu hoạch."};
        if (conf_study_submit(k->ward_ids[i] == k->p_bt ? &k->donvi->c : &k->vanthu->c, id, &r,
                              &e) != 0)
            return failed(k, "study report", &e);
    }
    return 0;
}

static int act(scene *k, int idx)
{
    const plan *p = &plans[idx];
    web_err e = {0};
    ctx *vt = &k->vanthu->c;
    if (!p->title) {
        /* Bình Thủy's own conference, ten days ahead, prepared by its clerk. */
        const char *day = workday(k, 10);
        clock_set_fake(k->day0 - 86400 + 9 * 3600);
        conf_input in = {.title = "Hội nghị quán triệt Nghị quyết Đại hội Đảng bộ phường Bình "
                                  "Thủy đến các chi bộ",
                         .kind = "QUAN_TRIET",
                         .mode = "TRUC_TIEP",
                         .venue = "Hội trường Đảng ủy phường Bình Thủy",
                         .content = "Quán triệt Nghị quyết Đại hội; giao chỉ tiêu cho các chi bộ",
                         .starts_at = arena_printf(k->a, "%s 14:00", day),
                         .ends_at = arena_printf(k->a, "%s 16:30", day)};
        return conf_create(&k->vanthu_bt->c, &in, &e) > 0 ? 0 : failed(k, "ward conference", &e);
    }
    const char *day = workday(k, p->start_in);
    int64_t ids[N_WARDS + 3];
    int n = 0;
    for (int i = 0; p->wards && i < N_WARDS; i++)
        ids[n++] = k->ward_ids[i];
    for (int i = 0; p->boards && i < 3; i++)
        ids[n++] = k->board_ids[i];
    /* Prepared three weeks ahead (from the work programme). */
    clock_set_fake(at(day, 9, 0) - 21 * 86400);
    conf_input in = {.title = p->title,
                     .kind = p->kind,
                     .mode = p->mode,
                     .venue = p->venue,
                     .participants = p->participants,
                     .content = p->content,
                     .prepare = p->prepare,
                     .starts_at = arena_printf(k->a, "%s %02d:%02d", day, p->sh, p->sm),
                     .ends_at = arena_printf(k->a, "%s %02d:%02d", day, p->eh, p->em),
                     .chair_user_id = k->thuongtruc->u.id,
                     .invitees = ids,
                     .n_invitees = n};
    for (size_t i = 0; i < sizeof from_items / sizeof from_items[0]; i++)
        if (from_items[i].plan == idx)
            in.programme_item_id = lookup(k->d, &q_item, from_items[i].item);
    int64_t id = conf_create(vt, &in, &e);
    if (id < 0)
        return failed(k, "create", &e);
    int64_t nq = lookup(k->d, &q_resolution, NULL);
    if (strcmp(p->kind, "QUAN_TRIET") == 0 && nq && conf_subject_add(vt, id, "in", nq, &e) != 0)
        return failed(k, "subject", &e);
    bool points = strcmp(p->mode, "TRUC_TIEP") != 0 && p->wards;
    for (int i = 0; points && i < N_WARDS; i++)
        if (conf_endpoint_set(vt, id, k->ward_ids[i], arena_printf(k->a, "Hội trường %s", wards[i]),
                              members_of(i) + 10, -1, &e) != 0)
            return failed(k, "endpoint", &e);
    if (strcmp(p->kind, "QUAN_TRIET") == 0 &&
        (conf_material_add(vt, id, "Tài liệu hỏi - đáp về Nghị quyết (bản giấy phát tại hội nghị)",
                           0, NULL, &e) < 0 ||
         conf_material_add(vt, id, "Báo cáo tình hình triển khai thực hiện tại thành phố", 1, NULL,
                           &e) < 0))
        return failed(k, "material", &e);
    if (p->invite_lead > 0) {
        char sent[11];
        workdays_add(k->d, day, -p->invite_lead, sent);
        int64_t when = at(sent, 8, 0);
        if (when > k->day0 + 8 * 3600)
            when = k->day0 + 8 * 3600;
        clock_set_fake(when);
        /* A reason is kept only when the invitation is late (a holiday may make it so). */
        int64_t oid = conf_invite(
            vt, id, NULL, p->late_reason ? p->late_reason : "Theo chỉ đạo của Thường trực Thành ủy",
            &e);
        if (oid < 0)
            return failed(k, "invitation", &e);
        if (issue(k, oid, when + 3600) != 0)
            return -1;
    }
    if (p->held && hold(k, id, p, day, points) != 0)
        return -1;
    if (p->conclusion_late >= 0 || p->conclusion_drafted_only)
        if (conclude(k, id, p) != 0)
            return -1;
    if (p->study && study_reports(k, id, day) != 0)
        return -1;
    return 0;
}

int demo_conferences_seed(db *d, char **err_r)
{
    *err_r = NULL;
    if (lookup(d, &q_any, NULL))
        return 0;
    scene k = {.d = d, .a = arena_new()};
    int64_t now = clock_now();
    int64_t caller_clock = llabs(now - (int64_t)time(NULL)) > 5 ? now : 0;
    k.day0 = (now + VN_UTC_OFFSET) / 86400 * 86400 - VN_UTC_OFFSET;
    k.vanthu = player_new(&k, "vanthu");
    k.chanhvp = player_new(&k, "chanhvp");
    k.thuongtruc = player_new(&k, "thuongtruc");
    k.donvi = player_new(&k, "donvi");
    k.vanthu_bt = player_new(&k, "vanthu.binhthuy");
    k.tu = lookup(d, &q_unit, "Thành ủy Cần Thơ");
    k.p_bt = lookup(d, &q_unit, "Đảng ủy phường Bình Thủy");
    bool ok = k.vanthu && k.chanhvp && k.thuongtruc && k.donvi && k.vanthu_bt && k.tu && k.p_bt;
    for (int i = 0; i < N_WARDS; i++)
        ok = ok && (k.ward_ids[i] = lookup(d, &q_unit, wards[i])) > 0;
    for (int i = 0; i < 3; i++)
        ok = ok && (k.board_ids[i] = lookup(d, &q_unit, boards[i])) > 0;
    int rc = ok ? 0 : failed(&k, "the demo tree or accounts are missing", NULL);
    /* Three hundred small transactions, each a user's step: while the demo is written nobody
     * depends on it (a failed init is undone whole), so its commits need not wait for the disk.
     * The connection's durability is put back before returning. */
    char *perr = NULL;
    db_exec_script(d, "PRAGMA synchronous=OFF", &perr);
    free(perr);
    for (int i = 0; rc == 0 && i < N_PLANS; i++)
        rc = act(&k, i);
    perr = NULL;
    db_exec_script(d, "PRAGMA synchronous=FULL", &perr);
    free(perr);
    clock_set_fake(caller_clock);
    if (rc != 0)
        *err_r = k.err ? k.err : strdup("conferences demo failed");
    else
        free(k.err);
    arena_free(&k.a);
    return rc;
}
