/* Hội nghị: the conference record, its studied documents, materials, invitees and connection
 * points, and who may see and do what (conferences.h). */
#include "conferences/conferences.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit/audit.h"
#include "base/clock.h"
#include "base/i18n.h"
#include "catalog/vocab.h"
#include "conferences/conf_impl.h"
#include "files/blob.h"
#include "files/files.h"
#include "base/config.h"
#include "incoming/incoming.h"
#include "org/org.h"
#include "outgoing/outgoing.h"
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

int64_t conf_create(ctx *c, const conf_input *in, web_err *e)
{
    if (!conf_may_create(c))
        return conf_refuse(e, 403, NULL, _("Chỉ văn phòng cấp ủy được tạo hội nghị."));
    int64_t unit_id = in->unit_id > 0 ? in->unit_id : org_scope_anchor(c->db, c->user->unit_id);
    if (!org_unit_in_scope(c, unit_id))
        conf_refuse(e, 400, "unit_id", _("Đơn vị tổ chức không thuộc phạm vi của bạn."));
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
    return conf_commit(c, "conference.create", id, after, e) == 0 ? id : -1;
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

/* ---- materials --------------------------------------------------------------------------- */

static const db_query q_material_add = {
    "conf.material_add",
    "INSERT INTO conference_materials (conference_id, title, secrecy, sha256, filename, mime, "
    "size, added_by, added_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    NULL};

int64_t conf_material_add(ctx *c, int64_t id, const char *title, int secrecy,
                          const http_upload *file, web_err *e)
{
    const conference *k = conf_for_change(c, id, true, e);
    if (!k)
        return -1;
    if (!title || !*title || strlen(title) > CONF_MAX_TITLE)
        conf_refuse(e, 400, "title", _("Tên tài liệu là bắt buộc (tối đa 500 ký tự)."));
    if (secrecy < SECRECY_NONE || secrecy > SECRECY_TUYET_MAT)
        conf_refuse(e, 400, "secrecy", _("Độ mật không hợp lệ."));
    const char *mime = NULL;
    if (file && file->size > 0) {
        mime = attach_sniff(c, file->tmp_path);
        if (!mime || !attach_mime_allowed(mime))
            conf_refuse(e, 415, "file",
                        _("Loại tệp không được chấp nhận (PDF, ảnh, Word, Excel, ODT, văn bản)."));
    } else if (file && file->size == 0) {
        conf_refuse(e, 400, "file", _("Tệp rỗng."));
    }
    if (e->n)
        return -1;
    /* The bytes go to the store before the row that names them (blob.h). */
    const char *berr = NULL;
    if (file && blob_put(config.blob_dir, file->tmp_path, file->sha256_hex, &berr) != 0)
        return conf_refuse(e, 500, "file", _("Không lưu được tệp. Hãy thử lại."));
    if (conf_begin(c, e) != 0)
        return -1;
    db_stmt *s = db_stmt_get(c->db, &q_material_add);
    if (!s)
        return web_err_rollback(c, e);
    db_bind_int(s, 1, id);
    db_bind_text(s, 2, title);
    db_bind_int(s, 3, secrecy);
    if (file) {
        const char *name = file->filename && *file->filename ? file->filename : "tai-lieu";
        const char *slash = strrchr(name, '/');
        db_bind_text(s, 4, file->sha256_hex);
        db_bind_text(s, 5, slash ? slash + 1 : name);
        db_bind_text(s, 6, mime);
        db_bind_int(s, 7, file->size);
    }
    db_bind_int(s, 8, c->user->id);
    db_bind_text(s, 9, web_now_iso(c));
    if (db_exec(s) != DB_DONE)
        return web_err_rollback(c, e);
    int64_t mid = db_last_id(c->db);
    if (conf_commit(c, "conference.material_add", id,
                    json_pack("{s:I, s:s, s:i}", "material_id", (json_int_t)mid, "title", title,
                              "secrecy", secrecy),
                    e) != 0)
        return -1;
    return mid;
}

static const db_query q_materials = {
    "conf.materials",
    "SELECT id, title, secrecy, sha256, filename, mime, coalesce(size, 0), coalesce(added_by, 0) "
    "FROM conference_materials WHERE conference_id = ?1 ORDER BY id",
    NULL};

/* The clearance rule of conferences.h: what secrecy the caller may open in this conference. */
static bool cleared_for(ctx *c, const conference *k, int secrecy, int64_t added_by)
{
    if (secrecy <= SECRECY_NONE || (c->user && c->user->id == added_by))
        return true;
    bool organiser = conf_is_organiser(c, k);
    if (organiser)
        return c->user->role == ROLE_CLERK || secrecy_leader_may_see(c);
    if (secrecy_paper_only((enum secrecy)secrecy))
        return false;
    return secrecy_leader_may_see(c);
}

int conf_materials(ctx *c, int64_t id, conf_material **rows_r, int *hidden_r)
{
    *rows_r = NULL;
    if (hidden_r)
        *hidden_r = 0;
    const conference *k = conf_get(c, id);
    db_stmt *s = k ? db_stmt_get(c->db, &q_materials) : NULL;
    if (!s)
        return 0;
    db_bind_int(s, 1, id);
    int n = 0, cap = 8;
    conf_material *v = arena_alloc(c->a, (size_t)cap * sizeof *v);
    while (db_step(s) == DB_ROW) {
        if (!cleared_for(c, k, (int)db_col_int(s, 2), db_col_int(s, 7))) {
            if (hidden_r)
                (*hidden_r)++;
            continue;
        }
        ARENA_GROW(c->a, v, n, cap);
        v[n] = (conf_material){.id = db_col_int(s, 0),
                               .title = col_dup(c, s, 1),
                               .secrecy = (int)db_col_int(s, 2),
                               .sha256 = col_dup(c, s, 3),
                               .filename = col_dup(c, s, 4),
                               .mime = col_dup(c, s, 5),
                               .size = db_col_int(s, 6)};
        n++;
    }
    db_reset(s);
    *rows_r = v;
    return n;
}

const conf_material *conf_material_get(ctx *c, int64_t conf_id, int64_t material_id)
{
    conf_material *v;
    int n = conf_materials(c, conf_id, &v, NULL);
    for (int i = 0; i < n; i++)
        if (v[i].id == material_id)
            return &v[i];
    return NULL;
}

/* ---- lists of a conference --------------------------------------------------------------- */

static const db_query q_subjects = {
    "conf.subjects",
    "SELECT doc_kind, doc_id FROM conference_subjects WHERE conference_id = ?1 ORDER BY id", NULL};

int conf_subjects(ctx *c, int64_t id, conf_doc **rows_r)
{
    *rows_r = NULL;
    db_stmt *s = conf_get(c, id) ? db_stmt_get(c->db, &q_subjects) : NULL;
    if (!s)
        return 0;
    db_bind_int(s, 1, id);
    int n = 0, cap = 4;
    conf_doc *v = arena_alloc(c->a, (size_t)cap * sizeof *v);
    while (db_step(s) == DB_ROW) {
        ARENA_GROW(c->a, v, n, cap);
        v[n] = (conf_doc){.doc_kind = col_dup(c, s, 0), .doc_id = db_col_int(s, 1)};
        n++;
    }
    db_reset(s);
    for (int i = 0; i < n; i++) {
        v[i].code = v[i].subject = "";
        if (strcmp(v[i].doc_kind, "in") == 0) {
            const incoming *r = incoming_get(c, v[i].doc_id, false);
            if (r) {
                v[i].visible = true;
                v[i].code = r->code ? r->code : "";
                v[i].subject = r->subject ? r->subject : "";
            }
        } else {
            const outgoing *o = outgoing_get(c, v[i].doc_id);
            if (o) {
                v[i].visible = true;
                v[i].code = o->notation ? o->notation : "";
                v[i].subject = o->subject ? o->subject : "";
            }
        }
    }
    *rows_r = v;
    return n;
}

static const db_query q_invitees = {
    "conf.invitees",
    "SELECT i.unit_id, coalesce(u.parent_id, 0), u.name, i.response, i.reason, "
    "i.substitute_name, i.responded_at, i.checked_in_at FROM conference_invitees i JOIN units u "
    "ON u.id = i.unit_id WHERE i.conference_id = ?1 ORDER BY u.sort_order, u.name",
    NULL};

int conf_invitees(ctx *c, int64_t id, conf_invitee **rows_r)
{
    *rows_r = NULL;
    db_stmt *s = conf_get(c, id) ? db_stmt_get(c->db, &q_invitees) : NULL;
    if (!s)
        return 0;
    db_bind_int(s, 1, id);
    int n = 0, cap = 16;
    conf_invitee *v = arena_alloc(c->a, (size_t)cap * sizeof *v);
    while (db_step(s) == DB_ROW) {
        ARENA_GROW(c->a, v, n, cap);
        v[n] = (conf_invitee){.unit_id = db_col_int(s, 0),
                              .parent_id = db_col_int(s, 1),
                              .unit_name = col_dup(c, s, 2),
                              .response = col_dup(c, s, 3),
                              .reason = col_dup(c, s, 4),
                              .substitute = col_dup(c, s, 5),
                              .responded_at = col_dup(c, s, 6),
                              .checked_in_at = col_dup(c, s, 7)};
        n++;
    }
    db_reset(s);
    *rows_r = v;
    return n;
}

static const db_query q_endpoints = {
    "conf.endpoints",
    "SELECT p.unit_id, u.name, p.host, p.expected, coalesce(p.actual, -1) FROM "
    "conference_endpoints p JOIN units u ON u.id = p.unit_id WHERE p.conference_id = ?1 ORDER BY "
    "u.sort_order, u.name",
    NULL};

int conf_endpoints(ctx *c, int64_t id, conf_endpoint **rows_r)
{
    *rows_r = NULL;
    db_stmt *s = conf_get(c, id) ? db_stmt_get(c->db, &q_endpoints) : NULL;
    if (!s)
        return 0;
    db_bind_int(s, 1, id);
    int n = 0, cap = 8;
    conf_endpoint *v = arena_alloc(c->a, (size_t)cap * sizeof *v);
    while (db_step(s) == DB_ROW) {
        ARENA_GROW(c->a, v, n, cap);
        v[n] = (conf_endpoint){.unit_id = db_col_int(s, 0),
                               .unit_name = col_dup(c, s, 1),
                               .host = col_dup(c, s, 2),
                               .expected = (int)db_col_int(s, 3),
                               .actual = (int)db_col_int(s, 4)};
        n++;
    }
    db_reset(s);
    *rows_r = v;
    return n;
}

const char *conf_pct(ctx *c, double pct)
{
    if (pct < 0)
        return "";
    char *s = arena_printf(c->a, "%.2f%%", pct);
    char *dot = strchr(s, '.');
    if (dot)
        *dot = i18n_decimal_mark();
    return s;
}

json_t *conf_json(ctx *c, const conference *k, bool full)
{
    const char *st = conf_status(c, k);
    json_t *j =
        json_pack("{s:I, s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "id",
                  (json_int_t)k->id, "unit_id", (json_int_t)k->unit_id, "unit_name", k->unit_name,
                  "title", k->title, "kind", k->kind, "kind_label", conf_kind_label(k->kind),
                  "mode", k->mode, "starts_at", k->starts_at, "ends_at", k->ends_at, "venue",
                  k->venue, "status", st, "status_label", conf_status_label(st));
    json_object_set_new(j, "programme_item_id",
                        k->programme_item_id ? json_integer(k->programme_item_id) : json_null());
    json_object_set_new(j, "invitation_outgoing_id",
                        k->invitation_id ? json_integer(k->invitation_id) : json_null());
    json_object_set_new(j, "minutes_outgoing_id",
                        k->minutes_id ? json_integer(k->minutes_id) : json_null());
    json_object_set_new(j, "conclusion_outgoing_id",
                        k->conclusion_id ? json_integer(k->conclusion_id) : json_null());
    json_object_set_new(j, "conclusion_due",
                        k->conclusion_due ? json_string(k->conclusion_due) : json_null());
    if (!full)
        return j;
    json_object_set_new(j, "participants", json_string(k->participants));
    json_object_set_new(j, "content", json_string(k->content));
    json_object_set_new(j, "prepare", json_string(k->prepare));
    json_object_set_new(j, "chair_user_id",
                        k->chair_user_id ? json_integer(k->chair_user_id) : json_null());
    json_object_set_new(j, "invitation_date",
                        k->invitation_date ? json_string(k->invitation_date) : json_null());
    json_object_set_new(j, "invite_lead_days",
                        k->lead_days >= 0 ? json_integer(k->lead_days) : json_null());
    json_object_set_new(j, "late_invitation_reason",
                        k->late_reason ? json_string(k->late_reason) : json_null());
    json_object_set_new(j, "study_report_due",
                        k->study_report_due ? json_string(k->study_report_due) : json_null());
    json_object_set_new(j, "may_manage", json_boolean(conf_may_manage(c, k)));
    conf_doc *docs;
    int nd = conf_subjects(c, k->id, &docs);
    json_t *ja = json_array();
    for (int i = 0; i < nd; i++)
        if (docs[i].visible)
            json_array_append_new(ja,
                                  json_pack("{s:s, s:I, s:s, s:s}", "doc_kind", docs[i].doc_kind,
                                            "doc_id", (json_int_t)docs[i].doc_id, "code",
                                            docs[i].code, "subject", docs[i].subject));
    json_object_set_new(j, "subjects", ja);
    conf_material *m;
    int hidden = 0, nm = conf_materials(c, k->id, &m, &hidden);
    ja = json_array();
    for (int i = 0; i < nm; i++) {
        json_t *x = json_pack("{s:I, s:s, s:s}", "id", (json_int_t)m[i].id, "title", m[i].title,
                              "secrecy", secrecy_code((enum secrecy)m[i].secrecy));
        if (m[i].sha256)
            json_object_set_new(x, "url",
                                json_string(arena_printf(c->a, "/conferences/%lld/materials/%lld",
                                                         (long long)k->id, (long long)m[i].id)));
        json_array_append_new(ja, x);
    }
    json_object_set_new(j, "materials", ja);
    json_object_set_new(j, "materials_withheld", json_integer(hidden));
    conf_invitee *iv;
    int ni = conf_invitees(c, k->id, &iv);
    ja = json_array();
    for (int i = 0; i < ni; i++) {
        json_t *x = json_pack("{s:I, s:s}", "unit_id", (json_int_t)iv[i].unit_id, "unit_name",
                              iv[i].unit_name);
        json_object_set_new(x, "response",
                            iv[i].response ? json_string(iv[i].response) : json_null());
        json_object_set_new(x, "reason", iv[i].reason ? json_string(iv[i].reason) : json_null());
        json_object_set_new(x, "substitute_name",
                            iv[i].substitute ? json_string(iv[i].substitute) : json_null());
        json_object_set_new(x, "checked_in_at",
                            iv[i].checked_in_at ? json_string(iv[i].checked_in_at) : json_null());
        json_array_append_new(ja, x);
    }
    json_object_set_new(j, "invitees", ja);
    conf_endpoint *ep;
    int ne = conf_endpoints(c, k->id, &ep);
    ja = json_array();
    for (int i = 0; i < ne; i++) {
        json_t *x =
            json_pack("{s:I, s:s, s:s, s:i}", "unit_id", (json_int_t)ep[i].unit_id, "unit_name",
                      ep[i].unit_name, "host", ep[i].host, "expected", ep[i].expected);
        json_object_set_new(x, "actual",
                            ep[i].actual >= 0 ? json_integer(ep[i].actual) : json_null());
        json_array_append_new(ja, x);
    }
    json_object_set_new(j, "endpoints", ja);
    return j;
}
