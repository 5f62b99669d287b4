/* Programmes: vocabulary, who may do what, creating one, reading them (programmes.h). */
#include "programmes/programmes.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "audit/audit.h"
#include "base/clock.h"
#include "base/i18n.h"
#include "org/org.h"
#include "programmes/programmes_impl.h"
#include "rules/rules.h"
#include "web/dates.h"
#include "web/respond.h"
#include "workdays/workdays.h"

const char *const prog_body_codes[] = {"BCH", "BTV", "TT", NULL};
const char *const prog_kind_codes[] = {"TOAN_KHOA", "NAM", "QUY", "THANG", "TUAN", NULL};
const char *const prog_status_codes[] = {"DU_THAO",    "TRINH",        "DA_DUYET", "BAN_HANH",
                                         "DIEU_CHINH", "HET_HIEU_LUC", NULL};
const char *const item_status_codes[] = {"KE_HOACH", "DANG_CHUAN_BI", "DA_TRINH", "DA_THONG_QUA",
                                         "HOAN",     "HUY",           NULL};
const char *const item_form_codes[] = {"NQ", "CT", "KL", "QD",  "QDI",  "DA", "BC",
                                       "TB", "KH", "HD", "TTR", "KHAC", NULL};

static const char *label_of(const char *code, const char *const *codes, const char *const *labels)
{
    for (int i = 0; code && codes[i]; i++)
        if (strcmp(code, codes[i]) == 0)
            return _(labels[i]);
    return "";
}

const char *prog_body_label(const char *code)
{
    static const char *const l[] = {N_("Ban Chấp hành"), N_("Ban Thường vụ"), N_("Thường trực")};
    return label_of(code, prog_body_codes, l);
}

const char *prog_kind_label(const char *code)
{
    static const char *const l[] = {N_("Toàn khóa"), N_("Năm"), N_("Quý"), N_("Tháng"), N_("Tuần")};
    return label_of(code, prog_kind_codes, l);
}

const char *prog_status_label(const char *code)
{
    static const char *const l[] = {
        N_("Dự thảo"),     N_("Đã trình"),           N_("Đã duyệt"),
        N_("Đã ban hành"), N_("Dự thảo điều chỉnh"), N_("Hết hiệu lực")};
    return label_of(code, prog_status_codes, l);
}

const char *item_status_label(const char *code)
{
    static const char *const l[] = {N_("Kế hoạch"),     N_("Đang chuẩn bị"), N_("Đã trình"),
                                    N_("Đã thông qua"), N_("Hoãn"),          N_("Không thực hiện")};
    return label_of(code, item_status_codes, l);
}

const char *item_form_label(const char *code)
{
    static const char *const l[] = {N_("Nghị quyết"), N_("Chỉ thị"),   N_("Kết luận"),
                                    N_("Quyết định"), N_("Quy định"),  N_("Đề án"),
                                    N_("Báo cáo"),    N_("Thông báo"), N_("Kế hoạch"),
                                    N_("Hướng dẫn"),  N_("Tờ trình"),  N_("Khác")};
    return label_of(code, item_form_codes, l);
}

bool prog_code_in(const char *s, const char *const *codes)
{
    for (int i = 0; s && codes[i]; i++)
        if (strcmp(s, codes[i]) == 0)
            return true;
    return false;
}

bool prog_item_done(const char *status)
{
    return status && (strcmp(status, "DA_THONG_QUA") == 0 || strcmp(status, "HUY") == 0);
}

bool prog_is_draft(const char *s)
{
    return s && (strcmp(s, "DU_THAO") == 0 || strcmp(s, "DIEU_CHINH") == 0);
}

bool prog_is_live(const programme *p)
{
    return strcmp(p->status, "DA_DUYET") == 0 || strcmp(p->status, "BAN_HANH") == 0;
}

/* ---- shared helpers ---------------------------------------------------------------------- */

int prog_fail(web_err *e, int status, const char *field, const char *msg)
{
    web_err_add(e, status, respond_code_for(status), field, msg);
    return -1;
}

int prog_begin(ctx *c, web_err *e)
{
    if (db_begin_write(c->db) != 0)
        return prog_fail(e, 503, NULL, _(PROG_MSG_BUSY));
    return 0;
}

int prog_commit(ctx *c, const char *action, int64_t id, json_t *after, web_err *e)
{
    if (audit_commit(c->db, c->user, action, "programme", id, after) != 0) {
        web_err_db(c, e);
        return -1;
    }
    return 0;
}

const char *prog_now(ctx *c)
{
    return web_now_iso(c);
}

bool prog_is_office(ctx *c, int64_t unit_id)
{
    if (!c->user)
        return false;
    enum role r = c->user->role;
    if (r != ROLE_CLERK && r != ROLE_SPECIALIST && r != ROLE_OFFICE_LEADER)
        return false;
    return org_scope_anchor(c->db, c->user->unit_id) == unit_id;
}

bool prog_may_read_unit(ctx *c, int64_t unit_id)
{
    return c->user && (org_unit_in_scope(c, unit_id) || prog_is_office(c, unit_id));
}

bool prog_may_draft(ctx *c, int64_t unit_id)
{
    return prog_is_office(c, unit_id);
}

bool prog_may_submit(ctx *c, const programme *p)
{
    return prog_is_office(c, p->unit_id) && c->user->role == ROLE_OFFICE_LEADER;
}

bool prog_may_approve(ctx *c, const programme *p)
{
    if (!c->user || !org_unit_in_scope(c, p->unit_id))
        return false;
    char buf[256];
    const char *who = rules_text(c->db, "programmes.approver_role", NULL, buf, sizeof buf);
    enum role want =
        who && strcmp(who, "office-leader") == 0 ? ROLE_OFFICE_LEADER : ROLE_COMMITTEE_LEADER;
    return c->user->role == want;
}

bool prog_may_issue(ctx *c, const programme *p)
{
    return prog_is_office(c, p->unit_id) &&
           (c->user->role == ROLE_CLERK || c->user->role == ROLE_OFFICE_LEADER);
}

bool prog_may_set_item(ctx *c, const programme *p, const prog_item *it, const char *status)
{
    if (!c->user)
        return false;
    if (prog_is_office(c, p->unit_id))
        return true;
    if (role_is_leader(c->user->role) && org_unit_in_scope(c, p->unit_id))
        return true;
    /* The lead unit reports its own preparation; adopting, postponing and dropping stay with
     * the office and the leaders. */
    return it && c->user->unit_id == it->lead_unit_id && status &&
           (strcmp(status, "DANG_CHUAN_BI") == 0 || strcmp(status, "DA_TRINH") == 0);
}

/* ---- bodies by level ---------------------------------------------------------------------- */

static const db_query q_bodies = {
    "programme.bodies",
    "SELECT body, name, kinds FROM programme_bodies WHERE level = ?1 AND effective_from <= ?2 "
    "AND (effective_to IS NULL OR effective_to >= ?2) ORDER BY CASE body WHEN 'BCH' THEN 1 "
    "WHEN 'BTV' THEN 2 ELSE 3 END",
    NULL};

int prog_bodies(ctx *c, int64_t unit_id, prog_body **list_r)
{
    int n = 0, cap = 4;
    prog_body *v = arena_alloc(c->a, sizeof *v * (size_t)cap);
    *list_r = v;
    const unit *u = org_unit_get(c, unit_id);
    db_stmt *s = u ? db_stmt_get(c->db, &q_bodies) : NULL;
    if (!s)
        return 0;
    db_bind_text(s, 1, u->level);
    db_bind_text(s, 2, web_today(c));
    while (db_step(s) == DB_ROW) {
        ARENA_GROW(c->a, v, n, cap);
        v[n].body = arena_strdup(c->a, db_col_text(s, 0));
        v[n].name = arena_strdup(c->a, db_col_text(s, 1));
        v[n].kinds = arena_strdup(c->a, db_col_text(s, 2));
        n++;
    }
    db_reset(s);
    *list_r = v;
    return n;
}

static bool kind_in(const char *kinds, const char *kind)
{
    size_t k = strlen(kind);
    for (const char *p = kinds; p && *p;) {
        const char *comma = strchr(p, ',');
        size_t len = comma ? (size_t)(comma - p) : strlen(p);
        if (len == k && strncmp(p, kind, k) == 0)
            return true;
        p = comma ? comma + 1 : NULL;
    }
    return false;
}

bool prog_body_at_level(ctx *c, int64_t unit_id, const char *body, const char *kind,
                        const char **name_r)
{
    prog_body *b;
    int n = prog_bodies(c, unit_id, &b);
    for (int i = 0; i < n; i++)
        if (strcmp(b[i].body, body) == 0 && (!kind || kind_in(b[i].kinds, kind))) {
            if (name_r)
                *name_r = b[i].name;
            return true;
        }
    return false;
}

/* ---- periods ----------------------------------------------------------------------------- */

static int month_days(int y, int m)
{
    static const int d[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
        return 29;
    return d[m - 1];
}

/* Monday of ISO week 1 of year y into out. */
static void iso_week1(int y, char out[16])
{
    char jan4[24];
    snprintf(jan4, sizeof jan4, "%04d-01-04", y & 0xFFFF);
    workdays_date_add(jan4, 1 - workdays_iso_weekday(jan4), out);
}

/* The period's first and last days; false when period is out of range for kind. */
static bool period_dates(ctx *c, const char *kind, int year, int period, const char **from_r,
                         const char **to_r)
{
    int m1 = 1, m2 = 12;
    if (strcmp(kind, "TOAN_KHOA") == 0) {
        if (period < 1 || period > 10)
            return false;
        *from_r = arena_printf(c->a, "%04d-01-01", year);
        *to_r = arena_printf(c->a, "%04d-12-31", year + period);
        return true;
    }
    if (strcmp(kind, "TUAN") == 0) {
        char w1[16], nw1[16], mon[16], sun[16];
        iso_week1(year, w1);
        iso_week1(year + 1, nw1);
        workdays_date_add(w1, 7 * (period - 1), mon);
        if (period < 1 || strcmp(mon, nw1) >= 0)
            return false;
        workdays_date_add(mon, 6, sun);
        *from_r = arena_strdup(c->a, mon);
        *to_r = arena_strdup(c->a, sun);
        return true;
    }
    if (strcmp(kind, "NAM") == 0) {
        if (period != 0)
            return false;
    } else if (strcmp(kind, "QUY") == 0) {
        if (period < 1 || period > 4)
            return false;
        m1 = 3 * period - 2;
        m2 = 3 * period;
    } else if (strcmp(kind, "THANG") == 0) {
        if (period < 1 || period > 12)
            return false;
        m1 = m2 = period;
    } else {
        return false;
    }
    *from_r = arena_printf(c->a, "%04d-%02d-01", year, m1);
    *to_r = arena_printf(c->a, "%04d-%02d-%02d", year, m2, month_days(year, m2));
    return true;
}

const char *prog_due_date(ctx *c, const programme *p, int planned_month, const char *planned_date)
{
    if (planned_date && *planned_date)
        return planned_date;
    if (planned_month >= 1 && planned_month <= 12 && strcmp(p->kind, "TOAN_KHOA") != 0)
        return arena_printf(c->a, "%04d-%02d-%02d", p->year, planned_month,
                            month_days(p->year, planned_month));
    return p->end_date;
}

/* "năm 2026", "quý II năm 2026", "tháng 3 năm 2026", "tuần 49 năm 2026", "nhiệm kỳ 2025–2030" */
static const char *period_words(ctx *c, const char *kind, int year, int period)
{
    static const char *const roman[] = {"", "I", "II", "III", "IV"};
    if (strcmp(kind, "TOAN_KHOA") == 0)
        return arena_printf(c->a, _("nhiệm kỳ %d–%d"), year, year + period);
    if (strcmp(kind, "QUY") == 0)
        return arena_printf(c->a, _("quý %s năm %d"), roman[period], year);
    if (strcmp(kind, "THANG") == 0)
        return arena_printf(c->a, _("tháng %d năm %d"), period, year);
    if (strcmp(kind, "TUAN") == 0)
        return arena_printf(c->a, _("tuần %d năm %d"), period, year);
    return arena_printf(c->a, _("năm %d"), year);
}

/* ---- reading ------------------------------------------------------------------------------ */

#define P_COLS                                                                                     \
    "p.id, p.unit_id, u.name, p.body, p.kind, p.title, p.year, p.period, p.version, "              \
    "p.start_date, p.end_date, p.status, coalesce(p.parent_id, 0), coalesce(p.supersedes_id, 0), " \
    "coalesce(p.outgoing_id, 0), o.status, o.notation, p.created_at, p.approved_at, "              \
    "(SELECT count(*) FROM programme_items i WHERE i.programme_id = p.id), "                       \
    "coalesce(p.created_by, 0)"
#define P_FROM                                                                                     \
    " FROM programmes p JOIN units u ON u.id = p.unit_id LEFT JOIN outgoing o ON o.id = "          \
    "p.outgoing_id"

static const db_query q_get = {"programme.get", "SELECT " P_COLS P_FROM " WHERE p.id = ?1", NULL};
static const db_query q_list = {
    "programme.list",
    "SELECT " P_COLS P_FROM
    " WHERE (p.unit_id IN (SELECT value FROM json_each(?1)) OR p.unit_id = ?2)"
    " AND (?3 = 0 OR p.unit_id = ?3) AND (?4 IS NULL OR p.body = ?4)"
    " AND (?5 IS NULL OR p.kind = ?5) AND (?6 = 0 OR p.year = ?6)"
    " ORDER BY p.year DESC, p.start_date, CASE p.body WHEN 'BCH' THEN 1 WHEN 'BTV' THEN 2 "
    "ELSE 3 END, p.id DESC LIMIT 500",
    NULL};

static void read_p(ctx *c, db_stmt *s, programme *p)
{
    p->id = db_col_int(s, 0);
    p->unit_id = db_col_int(s, 1);
    p->unit_name = arena_strdup(c->a, db_col_text(s, 2));
    p->body = arena_strdup(c->a, db_col_text(s, 3));
    p->kind = arena_strdup(c->a, db_col_text(s, 4));
    p->title = arena_strdup(c->a, db_col_text(s, 5));
    p->year = (int)db_col_int(s, 6);
    p->period = (int)db_col_int(s, 7);
    p->version = (int)db_col_int(s, 8);
    p->start_date = arena_strdup(c->a, db_col_text(s, 9));
    p->end_date = arena_strdup(c->a, db_col_text(s, 10));
    p->stored_status = arena_strdup(c->a, db_col_text(s, 11));
    p->parent_id = db_col_int(s, 12);
    p->supersedes_id = db_col_int(s, 13);
    p->outgoing_id = db_col_int(s, 14);
    const char *ost = db_col_text(s, 15);
    bool issued = ost && strcmp(ost, "issued") == 0;
    p->outgoing_notation = issued ? arena_strdup(c->a, db_col_text(s, 16)) : NULL;
    /* Issuance is the outgoing record's: read there, never copied here. */
    p->status = issued && strcmp(p->stored_status, "DA_DUYET") == 0 ? "BAN_HANH" : p->stored_status;
    p->created_at = arena_strdup(c->a, db_col_text(s, 17));
    p->approved_at = arena_strdup(c->a, db_col_text(s, 18));
    p->n_items = (int)db_col_int(s, 19);
    p->created_by = db_col_int(s, 20);
}

const programme *prog_load(ctx *c, int64_t id)
{
    db_stmt *s = db_stmt_get(c->db, &q_get);
    if (!s)
        return NULL;
    db_bind_int(s, 1, id);
    programme *p = NULL;
    if (db_step(s) == DB_ROW) {
        p = arena_alloc(c->a, sizeof *p);
        read_p(c, s, p);
    }
    db_reset(s);
    return p;
}

const programme *prog_get(ctx *c, int64_t id)
{
    const programme *p = prog_load(c, id);
    return p && prog_may_read_unit(c, p->unit_id) ? p : NULL;
}

int prog_list(ctx *c, const prog_filter *f, programme **list_r)
{
    int n = 0, cap = 32;
    programme *v = arena_alloc(c->a, sizeof *v * (size_t)cap);
    *list_r = v;
    if (!c->user)
        return 0;
    db_stmt *s = db_stmt_get(c->db, &q_list);
    if (!s)
        return 0;
    /* The office staff read their committee's programmes though a specialist's scope is the
     * office alone. */
    enum role r = c->user->role;
    int64_t anchor = r == ROLE_CLERK || r == ROLE_SPECIALIST || r == ROLE_OFFICE_LEADER
                         ? org_scope_anchor(c->db, c->user->unit_id)
                         : -1;
    db_bind_text(s, 1, org_scope_json(c));
    db_bind_int(s, 2, anchor);
    db_bind_int(s, 3, f ? f->unit_id : 0);
    if (f && f->body)
        db_bind_text(s, 4, f->body);
    if (f && f->kind)
        db_bind_text(s, 5, f->kind);
    db_bind_int(s, 6, f ? f->year : 0);
    while (db_step(s) == DB_ROW) {
        ARENA_GROW(c->a, v, n, cap);
        read_p(c, s, &v[n++]);
    }
    db_reset(s);
    *list_r = v;
    return n;
}

/* ---- creating ----------------------------------------------------------------------------- */

static const db_query q_insert = {
    "programme.insert",
    "INSERT INTO programmes (unit_id, body, kind, year, period, start_date, end_date, title, "
    "version, status, parent_id, supersedes_id, note, created_by, created_at) VALUES (?1, ?2, ?3, "
    "?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
    NULL};

int64_t prog_insert(ctx *c, const prog_new *in, int version, const char *status, int64_t parent_id,
                    int64_t supersedes_id, web_err *e, bool validate_only)
{
    const unit *u = in->unit_id > 0 ? org_unit_get(c, in->unit_id) : NULL;
    if (!u || !prog_may_read_unit(c, in->unit_id))
        return prog_fail(e, 404, "unit_id", _("Không tìm thấy đơn vị."));
    if (!prog_may_draft(c, in->unit_id))
        return prog_fail(e, 403, NULL,
                         _("Chỉ văn phòng của cấp ủy này (văn thư, chuyên viên, lãnh đạo văn "
                           "phòng) soạn chương trình công tác."));
    if (!org_unit_active(u))
        return prog_fail(e, 400, "unit_id", _("Đơn vị đã giải thể, không lập chương trình mới."));
    if (!prog_code_in(in->body, prog_body_codes))
        prog_fail(e, 400, "body",
                  _("Chọn cơ quan: Ban Chấp hành, Ban Thường vụ hoặc Thường trực."));
    if (!prog_code_in(in->kind, prog_kind_codes))
        prog_fail(e, 400, "kind",
                  _("Chọn loại chương trình: toàn khóa, năm, quý, tháng hoặc tuần."));
    if (in->year < 1930 || in->year > 2099)
        prog_fail(e, 400, "year", _("Năm không hợp lệ."));
    if (e->n)
        return -1;
    const char *body_name = NULL;
    if (!prog_body_at_level(c, in->unit_id, in->body, NULL, &body_name))
        return prog_fail(e, 400, "body",
                         arena_printf(c->a,
                                      _("%s không có %s: cấp này không lập chương trình "
                                        "của cơ quan đó."),
                                      u->name, prog_body_label(in->body)));
    if (!prog_body_at_level(c, in->unit_id, in->body, in->kind, NULL))
        return prog_fail(e, 400, "kind",
                         arena_printf(c->a, _("%s không lập chương trình %s."), body_name,
                                      arena_printf(c->a, "%s", prog_kind_label(in->kind))));
    int period = in->period;
    if (strcmp(in->kind, "TOAN_KHOA") == 0 && period == 0)
        period = 5;
    const char *from, *to;
    if (!period_dates(c, in->kind, in->year, period, &from, &to))
        return prog_fail(e, 400, "period",
                         _("Kỳ không hợp lệ: quý 1–4, tháng 1–12, tuần 1–53 của năm đã chọn."));
    const char *title = in->title;
    while (title && (*title == ' ' || *title == '\t'))
        title++;
    if (!title || !*title)
        title = arena_printf(c->a, _("Chương trình công tác %s của %s %s"),
                             period_words(c, in->kind, in->year, period), body_name, u->name);
    if (strlen(title) > PROG_MAX_TITLE)
        return prog_fail(e, 400, "title", _("Tên chương trình quá dài (tối đa 1.000 ký tự)."));
    if (in->note && strlen(in->note) > PROG_MAX_REASON)
        return prog_fail(e, 400, "note", _("Ghi chú quá dài."));
    if (validate_only)
        return 0;
    db_stmt *s = db_stmt_get(c->db, &q_insert);
    if (!s)
        return -1;
    db_bind_int(s, 1, in->unit_id);
    db_bind_text(s, 2, in->body);
    db_bind_text(s, 3, in->kind);
    db_bind_int(s, 4, in->year);
    db_bind_int(s, 5, period);
    db_bind_text(s, 6, from);
    db_bind_text(s, 7, to);
    db_bind_text(s, 8, title);
    db_bind_int(s, 9, version);
    db_bind_text(s, 10, status);
    if (parent_id > 0)
        db_bind_int(s, 11, parent_id);
    if (supersedes_id > 0)
        db_bind_int(s, 12, supersedes_id);
    db_bind_text(s, 13, in->note && *in->note ? in->note : NULL);
    db_bind_int(s, 14, c->user->id);
    db_bind_text(s, 15, prog_now(c));
    if (db_exec(s) != DB_DONE)
        return -1;
    return db_last_id(c->db);
}

int64_t prog_create(ctx *c, const prog_new *in, web_err *e)
{
    if (prog_insert(c, in, 1, "DU_THAO", 0, 0, e, true) != 0)
        return -1;
    if (prog_begin(c, e) != 0)
        return -1;
    int64_t id = prog_insert(c, in, 1, "DU_THAO", 0, 0, e, false);
    if (id <= 0)
        return web_err_rollback(c, e);
    if (prog_commit(c, "programme.create", id,
                    json_pack("{s:I, s:s, s:s, s:i, s:i}", "unit_id", (json_int_t)in->unit_id,
                              "body", in->body, "kind", in->kind, "year", in->year, "period",
                              in->period),
                    e) != 0)
        return -1;
    return id;
}
