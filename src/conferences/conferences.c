/* Hội nghị: the conference record, its studied documents, materials, invitees and connection
 * points, and who may see and do what (conferences.h). */
#include "conferences/conferences.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit/audit.h"
#include "base/clock.h"
#include "base/i18n.h"
#include "conferences/conf_impl.h"
#include "incoming/incoming.h"
#include "org/org.h"
#include "outgoing/outgoing.h"
#include "programmes/programmes.h"
#include "web/dates.h"
#include "web/respond.h"
#include "workdays/workdays.h"

const char *const conf_kind_codes[] = {"QUAN_TRIET",   "TRIEN_KHAI",   "SO_KET", "TONG_KET",
                                       "HOI_NGHI_BCH", "HOI_NGHI_BTV", "KHAC",   NULL};
const char *const conf_mode_codes[] = {"TRUC_TIEP", "TRUC_TUYEN", "KET_HOP", NULL};
const char *const conf_status_codes[] = {"DU_KIEN",     "DA_MOI", "DANG_DIEN_RA",
                                         "DA_KET_THUC", "HUY",    NULL};
const char *const conf_response_codes[] = {"attend", "decline", "substitute", NULL};

static const char *label_of(const char *code, const char *const *codes, const char *const *labels)
{
    for (int i = 0; code && codes[i]; i++)
        if (strcmp(code, codes[i]) == 0)
            return _(labels[i]);
    return "";
}

const char *conf_kind_label(const char *code)
{
    static const char *const l[] = {N_("Học tập, quán triệt"),
                                    N_("Triển khai thực hiện"),
                                    N_("Sơ kết"),
                                    N_("Tổng kết"),
                                    N_("Hội nghị Ban Chấp hành"),
                                    N_("Hội nghị Ban Thường vụ"),
                                    N_("Hội nghị khác")};
    return label_of(code, conf_kind_codes, l);
}

const char *conf_mode_label(const char *code)
{
    static const char *const l[] = {N_("Trực tiếp"), N_("Trực tuyến"),
                                    N_("Trực tiếp kết hợp trực tuyến")};
    return label_of(code, conf_mode_codes, l);
}

const char *conf_status_label(const char *code)
{
    static const char *const l[] = {N_("Dự kiến"), N_("Đã gửi giấy mời"), N_("Đang diễn ra"),
                                    N_("Đã kết thúc"), N_("Đã hủy")};
    return label_of(code, conf_status_codes, l);
}

const char *conf_response_label(const char *code)
{
    static const char *const l[] = {N_("Tham dự"), N_("Vắng, có lý do"), N_("Cử người dự thay")};
    if (!code)
        return _("Chưa trả lời");
    return label_of(code, conf_response_codes, l);
}

/* ---- the shared endings (conf_impl.h) ---------------------------------------------------- */

int conf_refuse(web_err *e, int status, const char *field, const char *msg)
{
    web_err_add(e, status, respond_code_for(status), field, msg);
    return -1;
}

int conf_begin(ctx *c, web_err *e)
{
    (void)c;
    if (db_begin_write(c->db) != 0)
        return conf_refuse(e, 503, NULL, _(CONF_MSG_BUSY));
    return 0;
}

int conf_commit(ctx *c, const char *action, int64_t id, json_t *after, web_err *e)
{
    if (audit_commit(c->db, c->user, action, "conference", id, after) != 0) {
        web_err_db(c, e);
        return -1;
    }
    return 0;
}

static const db_query q_invitee = {
    "conf.invitee", "SELECT 1 FROM conference_invitees WHERE conference_id = ?1 AND unit_id = ?2",
    NULL};

bool conf_is_invitee(db *d, int64_t id, int64_t unit_id)
{
    db_stmt *s = db_stmt_get(d, &q_invitee);
    if (!s)
        return false;
    db_bind_int(s, 1, id);
    db_bind_int(s, 2, unit_id);
    bool yes = db_step(s) == DB_ROW;
    db_reset(s);
    return yes;
}

const char *conf_date_of(ctx *c, const char *at)
{
    return at ? arena_strndup(c->a, at, 10) : NULL;
}

/* The due list and the status join the conference to its documents' state in one statement;
 * outgoing/ is not asked document by document (the viewer may not be cleared to open one). */
static const db_query q_doc_issued = {
    "conf.doc_issued", "SELECT status, issued_date FROM outgoing WHERE id = ?1", NULL};

int conf_doc_issued(db *d, int64_t outgoing_id, const char **date_r, arena *a)
{
    if (date_r)
        *date_r = NULL;
    if (outgoing_id <= 0)
        return -1;
    db_stmt *s = db_stmt_get(d, &q_doc_issued);
    if (!s)
        return -1;
    db_bind_int(s, 1, outgoing_id);
    int rc = -1;
    if (db_step(s) == DB_ROW) {
        const char *st = db_col_text(s, 0);
        rc = st && strcmp(st, "issued") == 0 ? 1 : 0;
        if (rc == 1 && date_r && a)
            *date_r = arena_strdup(a, db_col_text(s, 1));
    }
    db_reset(s);
    return rc;
}

const char *conf_user_name(ctx *c, int64_t id)
{
    return id > 0 ? outgoing_user_name(c, id) : "";
}

/* ---- reading ----------------------------------------------------------------------------- */

#define K_COLS                                                                                     \
    "k.id, k.unit_id, coalesce(k.chair_user_id, 0), coalesce(k.programme_item_id, 0), "            \
    "coalesce(k.created_by, 0), k.title, k.kind, k.mode, k.starts_at, k.ends_at, k.venue, "        \
    "k.participants, k.content, k.prepare, k.status, coalesce(k.invitation_outgoing_id, 0), "      \
    "coalesce(k.minutes_outgoing_id, 0), coalesce(k.conclusion_outgoing_id, 0), "                  \
    "k.invitation_date, k.late_invitation_reason, k.conclusion_due, k.study_report_due, "          \
    "coalesce(k.invite_lead_days, -1), u.name, k.office_unit_id"
/* Visible: the conference's unit, an invited unit or a connection point's unit in scope (?1,
 * the scope as a JSON array). */
#define K_VISIBLE                                                                                  \
    "(k.unit_id IN (SELECT value FROM json_each(?1)) OR k.office_unit_id IN (SELECT value FROM "   \
    "json_each(?1)) OR EXISTS (SELECT 1 FROM "                                                     \
    "conference_invitees i WHERE i.conference_id = k.id AND i.unit_id IN (SELECT value FROM "      \
    "json_each(?1))) OR EXISTS (SELECT 1 FROM conference_endpoints p WHERE p.conference_id = "     \
    "k.id AND p.unit_id IN (SELECT value FROM json_each(?1))))"

static const db_query q_get = {"conf.get",
                               "SELECT " K_COLS " FROM conferences k JOIN units u ON u.id = "
                               "k.unit_id WHERE k.id = ?2 AND " K_VISIBLE,
                               NULL};
static const db_query q_list = {
    "conf.list",
    "SELECT " K_COLS ", count(*) OVER () FROM conferences k JOIN units u ON u.id = k.unit_id "
    "WHERE " K_VISIBLE " AND (?2 IS NULL OR substr(k.starts_at, 1, 10) >= ?2) AND (?3 IS NULL "
    "OR substr(k.starts_at, 1, 10) <= ?3) AND (?4 IS NULL OR k.kind = ?4) "
    "ORDER BY k.starts_at DESC, k.id DESC LIMIT ?5 OFFSET ?6",
    NULL};

static const char *col_dup(ctx *c, db_stmt *s, int i)
{
    const char *t = db_col_text(s, i);
    return t ? arena_strdup(c->a, t) : NULL;
}

static void read_row(ctx *c, db_stmt *s, conference *k)
{
    k->id = db_col_int(s, 0);
    k->unit_id = db_col_int(s, 1);
    k->chair_user_id = db_col_int(s, 2);
    k->programme_item_id = db_col_int(s, 3);
    k->created_by = db_col_int(s, 4);
    k->title = col_dup(c, s, 5);
    k->kind = col_dup(c, s, 6);
    k->mode = col_dup(c, s, 7);
    k->starts_at = col_dup(c, s, 8);
    k->ends_at = col_dup(c, s, 9);
    k->venue = col_dup(c, s, 10);
    k->participants = col_dup(c, s, 11);
    k->content = col_dup(c, s, 12);
    k->prepare = col_dup(c, s, 13);
    k->stored_status = col_dup(c, s, 14);
    k->invitation_id = db_col_int(s, 15);
    k->minutes_id = db_col_int(s, 16);
    k->conclusion_id = db_col_int(s, 17);
    k->invitation_date = col_dup(c, s, 18);
    k->late_reason = col_dup(c, s, 19);
    k->conclusion_due = col_dup(c, s, 20);
    k->study_report_due = col_dup(c, s, 21);
    k->lead_days = (int)db_col_int(s, 22);
    k->unit_name = col_dup(c, s, 23);
    k->office_unit_id = db_col_int(s, 24);
}

const conference *conf_get(ctx *c, int64_t id)
{
    if (!c->user || id <= 0)
        return NULL;
    db_stmt *s = db_stmt_get(c->db, &q_get);
    if (!s)
        return NULL;
    db_bind_text(s, 1, org_scope_json(c));
    db_bind_int(s, 2, id);
    conference *k = NULL;
    if (db_step(s) == DB_ROW) {
        k = arena_alloc(c->a, sizeof *k);
        read_row(c, s, k);
    }
    db_reset(s);
    if (k)
        k->chair_name = conf_user_name(c, k->chair_user_id);
    return k;
}

int conf_list(ctx *c, const conf_filter *f, conference **rows_r, int64_t *total_r)
{
    *rows_r = NULL;
    if (total_r)
        *total_r = 0;
    if (!c->user)
        return 0;
    db_stmt *s = db_stmt_get(c->db, &q_list);
    if (!s)
        return 0;
    db_bind_text(s, 1, org_scope_json(c));
    if (f->from)
        db_bind_text(s, 2, f->from);
    if (f->to)
        db_bind_text(s, 3, f->to);
    if (f->kind)
        db_bind_text(s, 4, f->kind);
    db_bind_int(s, 5, f->limit > 0 && f->limit <= CONF_MAX_LIST ? f->limit : 50);
    db_bind_int(s, 6, f->offset > 0 ? f->offset : 0);
    int n = 0, cap = 16;
    conference *v = arena_alloc(c->a, (size_t)cap * sizeof *v);
    while (db_step(s) == DB_ROW) {
        ARENA_GROW(c->a, v, n, cap);
        read_row(c, s, &v[n]);
        if (total_r)
            *total_r = db_col_int(s, 25);
        n++;
    }
    db_reset(s);
    *rows_r = v;
    return n;
}

static bool role_manages(enum role r)
{
    return r == ROLE_CLERK || r == ROLE_SPECIALIST || r == ROLE_OFFICE_LEADER ||
           r == ROLE_COMMITTEE_LEADER;
}

bool conf_may_create(ctx *c)
{
    return c->user && role_manages(c->user->role);
}

bool conf_is_organiser(ctx *c, const conference *k)
{
    return org_unit_in_scope(c, k->unit_id) || org_unit_in_scope(c, k->office_unit_id);
}

bool conf_may_manage(ctx *c, const conference *k)
{
    return k && c->user && role_manages(c->user->role) && conf_is_organiser(c, k);
}

bool conf_may_answer(ctx *c, const conference *k, int64_t unit_id)
{
    return k && c->user && c->user->role != ROLE_ADMIN && c->user->role != ROLE_SPECIALIST &&
           org_unit_in_scope(c, unit_id) && conf_is_invitee(c->db, k->id, unit_id);
}

const char *conf_status(ctx *c, const conference *k)
{
    if (strcmp(k->stored_status, "HUY") == 0)
        return "HUY";
    char now[32], local[20];
    clock_iso(clock_now() + VN_UTC_OFFSET, now, sizeof now);
    snprintf(local, sizeof local, "%.10s %.5s", now, now + 11);
    if (k->minutes_id || strcmp(local, k->ends_at) > 0)
        return "DA_KET_THUC";
    if (strcmp(local, k->starts_at) >= 0)
        return "DANG_DIEN_RA";
    if (conf_doc_issued(c->db, k->invitation_id, NULL, NULL) == 1)
        return "DA_MOI";
    return "DU_KIEN";
}

const conference *conf_for_change(ctx *c, int64_t id, bool manage, web_err *e)
{
    const conference *k = conf_get(c, id);
    if (!k) {
        conf_refuse(e, 404, NULL, _(CONF_MSG_NOT_FOUND));
        return NULL;
    }
    if (manage && !conf_may_manage(c, k)) {
        conf_refuse(e, 403, NULL, _(CONF_MSG_FORBIDDEN));
        return NULL;
    }
    if (strcmp(k->stored_status, "HUY") == 0) {
        conf_refuse(e, 409, NULL, _("Hội nghị đã hủy; không thay đổi được nữa."));
        return NULL;
    }
    return k;
}

/* ---- create, cancel ---------------------------------------------------------------------- */

/* "YYYY-MM-DD HH:MM" (a "T" between date and time is accepted, as a datetime-local field
 * sends it) into the arena, or NULL. */
static const char *local_time(ctx *c, const char *s)
{
    if (!s || strlen(s) != 16 || (s[10] != ' ' && s[10] != 'T') || s[13] != ':')
        return NULL;
    char date[11];
    memcpy(date, s, 10);
    date[10] = 0;
    if (workdays_iso_weekday(date) == 0)
        return NULL;
    int h = (s[11] - '0') * 10 + (s[12] - '0'), m = (s[14] - '0') * 10 + (s[15] - '0');
    if (s[11] < '0' || s[11] > '9' || s[12] < '0' || s[12] > '9' || s[14] < '0' || s[14] > '9' ||
        s[15] < '0' || s[15] > '9' || h > 23 || m > 59)
        return NULL;
    return arena_printf(c->a, "%s %.5s", date, s + 11);
}

static bool text_ok(const char *s, size_t max)
{
    return !s || strlen(s) <= max;
}

static const db_query q_insert = {
    "conf.insert",
    "INSERT INTO conferences (unit_id, title, kind, mode, starts_at, ends_at, venue, "
    "participants, content, prepare, chair_user_id, programme_item_id, created_by, created_at, "
    "office_unit_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
    NULL};
static const db_query q_invitee_add = {
    "conf.invitee_add",
    "INSERT OR IGNORE INTO conference_invitees (conference_id, unit_id) VALUES (?1, ?2)", NULL};
static const db_query q_unit_ok = {"conf.unit_ok",
                                   "SELECT 1 FROM units WHERE id = ?1 AND valid_to IS NULL", NULL};
static const db_query q_user_ok = {
    "conf.user_ok", "SELECT 1 FROM users WHERE id = ?1 AND role <> 'admin' AND role <> 'unit'",
    NULL};

static bool exists(db *d, const db_query *q, int64_t id)
{
    db_stmt *s = db_stmt_get(d, q);
    if (!s)
        return false;
    db_bind_int(s, 1, id);
    bool yes = db_step(s) == DB_ROW;
    db_reset(s);
    return yes;
}

static int add_invitee_tx(ctx *c, int64_t id, int64_t unit_id)
{
    db_stmt *s = db_stmt_get(c->db, &q_invitee_add);
    if (!s)
        return -1;
    db_bind_int(s, 1, id);
    db_bind_int(s, 2, unit_id);
    return db_exec(s) == DB_DONE ? 0 : -1;
}

static int code_index(const char *s, const char *const *codes)
{
    for (int i = 0; s && codes[i]; i++)
        if (strcmp(s, codes[i]) == 0)
            return i;
    return -1;
}

/* The fields of a conference, checked (each refusal named by its field); the normalised times
 * and mode into *_r. Invitees and the programme item are create's own. */
static void validate(ctx *c, const conf_input *in, const char **starts_r, const char **ends_r,
                     const char **mode_r, web_err *e)
{
    if (!in->title || !*in->title || strlen(in->title) > CONF_MAX_TITLE)
        conf_refuse(e, 400, "title", _("Tên hội nghị là bắt buộc (tối đa 500 ký tự)."));
    if (code_index(in->kind, conf_kind_codes) < 0)
        conf_refuse(e, 400, "kind", _("Hãy chọn loại hội nghị."));
    const char *mode = in->mode && *in->mode ? in->mode : "TRUC_TIEP";
    if (code_index(mode, conf_mode_codes) < 0)
        conf_refuse(e, 400, "mode", _("Hình thức tổ chức không hợp lệ."));
    const char *starts = local_time(c, in->starts_at), *ends = local_time(c, in->ends_at);
    if (!starts)
        conf_refuse(e, 400, "starts_at",
                    _("Thời gian bắt đầu không hợp lệ (ngày và giờ, vd. 15/12/2026 08:00)."));
    if (!ends)
        conf_refuse(e, 400, "ends_at",
                    _("Thời gian kết thúc không hợp lệ (ngày và giờ, vd. 15/12/2026 11:30)."));
    else if (starts && strcmp(ends, starts) < 0)
        conf_refuse(e, 400, "ends_at", _("Thời gian kết thúc phải sau thời gian bắt đầu."));
    if (!text_ok(in->venue, CONF_MAX_TEXT) || !text_ok(in->participants, CONF_MAX_TEXT) ||
        !text_ok(in->content, CONF_MAX_TEXT) || !text_ok(in->prepare, CONF_MAX_TEXT))
        conf_refuse(e, 400, "content", _("Nội dung quá dài (tối đa 4.000 ký tự mỗi mục)."));
    if (in->chair_user_id > 0 && !exists(c->db, &q_user_ok, in->chair_user_id))
        conf_refuse(e, 400, "chair_user_id", _("Người chủ trì không hợp lệ."));
    *starts_r = starts;
    *ends_r = ends;
    *mode_r = mode;
}

int64_t conf_create(ctx *c, const conf_input *in, web_err *e)
{
    if (!conf_may_create(c))
        return conf_refuse(e, 403, NULL, _("Chỉ văn phòng cấp ủy được tạo hội nghị."));
    int64_t unit_id = in->unit_id > 0 ? in->unit_id : org_scope_anchor(c->db, c->user->unit_id);
    if (!org_unit_in_scope(c, unit_id))
        conf_refuse(e, 400, "unit_id", _("Đơn vị tổ chức không thuộc phạm vi của bạn."));
    const char *starts, *ends, *mode;
    validate(c, in, &starts, &ends, &mode, e);
    if (in->n_invitees < 0 || in->n_invitees > CONF_MAX_INVITEES)
        conf_refuse(e, 400, "invitees", _("Quá nhiều đơn vị được mời."));
    for (int i = 0; i < in->n_invitees && i < CONF_MAX_INVITEES && !web_err_field(e, "invitees");
         i++)
        if (!exists(c->db, &q_unit_ok, in->invitees[i]))
            conf_refuse(e, 400, "invitees", _("Đơn vị được mời không tồn tại hoặc đã giải thể."));
    if (in->programme_item_id < 0)
        conf_refuse(e, 400, "item", _("Mục chương trình công tác không hợp lệ."));
    if (e->n)
        return -1;
    if (conf_begin(c, e) != 0)
        return -1;
    db_stmt *s = db_stmt_get(c->db, &q_insert);
    if (!s)
        return web_err_rollback(c, e);
    db_bind_int(s, 1, unit_id);
    db_bind_text(s, 2, in->title);
    db_bind_text(s, 3, in->kind);
    db_bind_text(s, 4, mode);
    db_bind_text(s, 5, starts);
    db_bind_text(s, 6, ends);
    db_bind_text(s, 7, in->venue ? in->venue : "");
    db_bind_text(s, 8, in->participants ? in->participants : "");
    db_bind_text(s, 9, in->content ? in->content : "");
    db_bind_text(s, 10, in->prepare ? in->prepare : "");
    if (in->chair_user_id > 0)
        db_bind_int(s, 11, in->chair_user_id);
    if (in->programme_item_id > 0)
        db_bind_int(s, 12, in->programme_item_id);
    db_bind_int(s, 13, c->user->id);
    db_bind_text(s, 14, web_now_iso(c));
    int64_t office = org_register_unit(c->db, unit_id);
    db_bind_int(s, 15, office > 0 ? office : unit_id);
    if (db_exec(s) != DB_DONE)
        return web_err_rollback(c, e);
    int64_t id = db_last_id(c->db);
    for (int i = 0; i < in->n_invitees; i++)
        if (add_invitee_tx(c, id, in->invitees[i]) != 0)
            return web_err_rollback(c, e);
    json_t *after = json_pack("{s:s, s:s, s:s, s:s, s:s, s:I, s:i}", "title", in->title, "kind",
                              in->kind, "mode", mode, "starts_at", starts, "ends_at", ends,
                              "unit_id", (json_int_t)unit_id, "invitees", in->n_invitees);
    if (in->programme_item_id > 0)
        json_object_set_new(after, "programme_item_id", json_integer(in->programme_item_id));
    if (conf_commit(c, "conference.create", id, after, e) != 0)
        return -1;
    /* A conference made for a planned programme item means its preparation has begun: the item
     * moves to "Đang chuẩn bị" through the programmes service (its own rules, transaction and
     * audit). Best effort: an item already further on, or one the caller may not update, stays
     * as it is and the conference stands. */
    if (in->programme_item_id > 0) {
        const prog_item *it = prog_item_get(c, in->programme_item_id);
        web_err e2 = {0};
        if (it && strcmp(it->status, "KE_HOACH") == 0)
            prog_item_status(c, it->id, "DANG_CHUAN_BI", NULL, 0, &e2);
    }
    return id;
}

static const db_query q_update = {
    "conf.update",
    "UPDATE conferences SET title = ?2, kind = ?3, mode = ?4, starts_at = ?5, ends_at = ?6, "
    "venue = ?7, participants = ?8, content = ?9, prepare = ?10, chair_user_id = ?11 WHERE id = "
    "?1 AND (invitation_outgoing_id IS NULL OR ?12 = 1)",
    NULL};

int conf_update(ctx *c, int64_t id, const conf_input *in, web_err *e)
{
    const conference *k = conf_for_change(c, id, true, e);
    if (!k)
        return -1;
    /* The invitation states the time and place: once it exists they are what was sent, and a
     * change goes out as an amended invitation (conf_reinvite). */
    if (k->invitation_id)
        return conf_refuse(e, 409, NULL,
                           _("Giấy mời đã được tạo theo nội dung này; hãy dùng \"Điều chỉnh giấy "
                             "mời\" để sửa và gửi lại."));
    return conf_write_fields(c, id, in, false, NULL, e);
}

int conf_write_fields(ctx *c, int64_t id, const conf_input *in, bool amend, const char *reason,
                      web_err *e)
{
    const char *starts, *ends, *mode;
    validate(c, in, &starts, &ends, &mode, e);
    if (e->n)
        return -1;
    if (conf_begin(c, e) != 0)
        return -1;
    db_stmt *s = db_stmt_get(c->db, &q_update);
    if (!s)
        return web_err_rollback(c, e);
    db_bind_int(s, 1, id);
    db_bind_text(s, 2, in->title);
    db_bind_text(s, 3, in->kind);
    db_bind_text(s, 4, mode);
    db_bind_text(s, 5, starts);
    db_bind_text(s, 6, ends);
    db_bind_text(s, 7, in->venue ? in->venue : "");
    db_bind_text(s, 8, in->participants ? in->participants : "");
    db_bind_text(s, 9, in->content ? in->content : "");
    db_bind_text(s, 10, in->prepare ? in->prepare : "");
    if (in->chair_user_id > 0)
        db_bind_int(s, 11, in->chair_user_id);
    db_bind_int(s, 12, amend ? 1 : 0);
    if (db_exec(s) != DB_DONE || db_changes(c->db) != 1)
        return web_err_rollback(c, e);
    json_t *after = json_pack("{s:s, s:s, s:s, s:s, s:s}", "title", in->title, "kind", in->kind,
                              "mode", mode, "starts_at", starts, "ends_at", ends);
    if (reason)
        json_object_set_new(after, "reason", json_string(reason));
    return conf_commit(c, amend ? "conference.amend" : "conference.update", id, after, e);
}

static const db_query q_cancel = {"conf.cancel",
                                  "UPDATE conferences SET status = 'HUY' WHERE id = ?1", NULL};

int conf_cancel(ctx *c, int64_t id, web_err *e)
{
    const conference *k = conf_for_change(c, id, true, e);
    if (!k)
        return -1;
    if (k->minutes_id)
        return conf_refuse(e, 409, NULL, _("Hội nghị đã có biên bản; không hủy được."));
    if (conf_begin(c, e) != 0)
        return -1;
    db_stmt *s = db_stmt_get(c->db, &q_cancel);
    if (!s)
        return web_err_rollback(c, e);
    db_bind_int(s, 1, id);
    if (db_exec(s) != DB_DONE)
        return web_err_rollback(c, e);
    return conf_commit(c, "conference.cancel", id, json_pack("{s:s}", "status", "HUY"), e);
}

/* ---- subjects, invitees, connection points ----------------------------------------------- */

static const db_query q_subject_add = {
    "conf.subject_add",
    "INSERT OR IGNORE INTO conference_subjects (conference_id, doc_kind, doc_id, added_by, "
    "added_at) VALUES (?1, ?2, ?3, ?4, ?5)",
    NULL};

int conf_subject_add(ctx *c, int64_t id, const char *doc_kind, int64_t doc_id, web_err *e)
{
    const conference *k = conf_for_change(c, id, true, e);
    if (!k)
        return -1;
    bool in = doc_kind && strcmp(doc_kind, "in") == 0, out = doc_kind && !strcmp(doc_kind, "out");
    if ((!in && !out) || doc_id <= 0 ||
        (in ? !incoming_may_see(c, doc_id) : !outgoing_may_see(c, doc_id)))
        return conf_refuse(e, 400, "doc_id", _("Không tìm thấy văn bản được chọn."));
    if (conf_begin(c, e) != 0)
        return -1;
    db_stmt *s = db_stmt_get(c->db, &q_subject_add);
    if (!s)
        return web_err_rollback(c, e);
    db_bind_int(s, 1, id);
    db_bind_text(s, 2, doc_kind);
    db_bind_int(s, 3, doc_id);
    db_bind_int(s, 4, c->user->id);
    db_bind_text(s, 5, web_now_iso(c));
    if (db_exec(s) != DB_DONE)
        return web_err_rollback(c, e);
    return conf_commit(c, "conference.subject_add", id,
                       json_pack("{s:s, s:I}", "doc_kind", doc_kind, "doc_id", (json_int_t)doc_id),
                       e);
}

int conf_invitee_add(ctx *c, int64_t id, int64_t unit_id, web_err *e)
{
    const conference *k = conf_for_change(c, id, true, e);
    if (!k)
        return -1;
    if (unit_id <= 0 || !exists(c->db, &q_unit_ok, unit_id))
        return conf_refuse(e, 400, "unit_id", _("Đơn vị được mời không tồn tại hoặc đã giải thể."));
    if (unit_id == k->unit_id)
        return conf_refuse(e, 400, "unit_id", _("Đơn vị tổ chức không tự mời chính mình."));
    if (conf_begin(c, e) != 0)
        return -1;
    if (add_invitee_tx(c, id, unit_id) != 0)
        return web_err_rollback(c, e);
    return conf_commit(c, "conference.invitee_add", id,
                       json_pack("{s:I}", "unit_id", (json_int_t)unit_id), e);
}

static const db_query q_endpoint_set = {
    "conf.endpoint_set",
    "INSERT INTO conference_endpoints (conference_id, unit_id, host, expected, actual) VALUES "
    "(?1, ?2, coalesce(?3, ''), coalesce(?4, 0), ?5) ON CONFLICT (conference_id, unit_id) DO "
    "UPDATE SET host = "
    "coalesce(?3, host), expected = coalesce(?4, expected), actual = coalesce(?5, actual)",
    NULL};

int conf_endpoint_set(ctx *c, int64_t id, int64_t unit_id, const char *host, int expected,
                      int actual, web_err *e)
{
    const conference *k = conf_for_change(c, id, true, e);
    if (!k)
        return -1;
    if (strcmp(k->mode, "TRUC_TIEP") == 0)
        return conf_refuse(e, 409, "unit_id", _("Hội nghị tổ chức trực tiếp, không có điểm cầu."));
    if (unit_id <= 0 || !exists(c->db, &q_unit_ok, unit_id))
        return conf_refuse(e, 400, "unit_id", _("Đơn vị đặt điểm cầu không hợp lệ."));
    if (!text_ok(host, CONF_MAX_TITLE))
        return conf_refuse(e, 400, "host", _("Tên điểm cầu quá dài (tối đa 500 ký tự)."));
    if (expected > CONF_MAX_COUNT || actual > CONF_MAX_COUNT)
        return conf_refuse(e, 400, "expected", _("Số người không hợp lệ."));
    if (conf_begin(c, e) != 0)
        return -1;
    db_stmt *s = db_stmt_get(c->db, &q_endpoint_set);
    if (!s)
        return web_err_rollback(c, e);
    db_bind_int(s, 1, id);
    db_bind_int(s, 2, unit_id);
    if (host)
        db_bind_text(s, 3, host);
    if (expected >= 0)
        db_bind_int(s, 4, expected);
    if (actual >= 0)
        db_bind_int(s, 5, actual);
    if (db_exec(s) != DB_DONE)
        return web_err_rollback(c, e);
    json_t *after = json_pack("{s:I}", "unit_id", (json_int_t)unit_id);
    if (expected >= 0)
        json_object_set_new(after, "expected", json_integer(expected));
    if (actual >= 0)
        json_object_set_new(after, "actual", json_integer(actual));
    return conf_commit(c, "conference.endpoint_set", id, after, e);
}
