/* Facilities: who may do what, the assets register and the hand-overs (biên bản bàn giao).
 * Bookings are in fac_bookings.c. */
#include <string.h>

#include <jansson.h>

#include "audit/audit.h"
#include "auth/auth.h"
#include "base/clock.h"
#include "base/i18n.h"
#include "db/db.h"
#include "facilities/facilities.h"
#include "facilities/fac_impl.h"
#include "org/org.h"
#include "web/dates.h"
#include "web/params.h"
#include "web/respond.h"

const char *const fac_kinds[] = {"equipment", "vehicle", "furniture", "it", "other", NULL};
const char *const fac_statuses[] = {"in_use", "in_store", "repair", "disposed", NULL};

const char *fac_kind_label(const char *code)
{
    if (!code)
        return "";
    if (strcmp(code, "equipment") == 0)
        return _("Trang thiết bị");
    if (strcmp(code, "vehicle") == 0)
        return _("Xe ô tô");
    if (strcmp(code, "furniture") == 0)
        return _("Bàn ghế, nội thất");
    if (strcmp(code, "it") == 0)
        return _("Máy tính, thiết bị CNTT");
    return _("Tài sản khác");
}

const char *fac_status_label(const char *code)
{
    if (!code)
        return "";
    if (strcmp(code, "in_use") == 0)
        return _("Đang sử dụng");
    if (strcmp(code, "in_store") == 0)
        return _("Trong kho");
    if (strcmp(code, "repair") == 0)
        return _("Đang sửa chữa");
    return _("Đã thanh lý");
}

bool fac_in_list(const char *s, const char *const *codes)
{
    for (int i = 0; s && codes[i]; i++)
        if (strcmp(s, codes[i]) == 0)
            return true;
    return false;
}

/* ---- who ---- */

int64_t fac_home_unit(ctx *c)
{
    return c->user ? org_scope_anchor(c->db, c->user->unit_id) : 0;
}

bool fac_may_read(ctx *c, int64_t unit_id)
{
    if (!c->user || unit_id <= 0)
        return false;
    return fac_home_unit(c) == unit_id || org_unit_in_scope(c, unit_id);
}

bool fac_may_manage(ctx *c, int64_t unit_id)
{
    if (!c->user)
        return false;
    enum role r = c->user->role;
    bool office = r == ROLE_OFFICE_LEADER || r == ROLE_CLERK || r == ROLE_UNIT;
    return (office && fac_home_unit(c) == unit_id) || (r == ROLE_ADMIN && fac_may_read(c, unit_id));
}

bool fac_may_book(ctx *c, int64_t unit_id)
{
    return fac_may_manage(c, unit_id) ||
           (c->user && c->user->role == ROLE_SPECIALIST && fac_home_unit(c) == unit_id);
}

const char *fac_now(ctx *c)
{
    char buf[32];
    clock_iso(clock_now(), buf, sizeof buf);
    return arena_strdup(c->a, buf);
}

/* ---- assets ---- */

#define ASSET_COLS                                                                                 \
    "a.id, a.unit_id, coalesce(a.responsible_user_id, 0), a.quantity, a.value, a.seats, a.code, "  \
    "a.name, a.kind, a.location, a.unit_of_measure, a.purchase_date, a.plate, a.status, "          \
    "a.disposal_date, a.disposal_reason, coalesce(u.name, ''), a.updated_at "                      \
    "FROM facility_assets a LEFT JOIN users u ON u.id = a.responsible_user_id "

static const char *dup(ctx *c, db_stmt *s, int col)
{
    const char *t = db_col_text(s, col);
    return t ? arena_strdup(c->a, t) : NULL;
}

static void read_asset(ctx *c, db_stmt *s, fac_asset *a)
{
    a->id = db_col_int(s, 0);
    a->unit_id = db_col_int(s, 1);
    a->responsible_user_id = db_col_int(s, 2);
    a->quantity = db_col_int(s, 3);
    a->value = db_col_int(s, 4);
    a->seats = db_col_int(s, 5);
    a->code = dup(c, s, 6);
    a->name = dup(c, s, 7);
    a->kind = dup(c, s, 8);
    a->location = dup(c, s, 9);
    a->unit_of_measure = dup(c, s, 10);
    a->purchase_date = dup(c, s, 11);
    a->plate = dup(c, s, 12);
    a->status = dup(c, s, 13);
    a->disposal_date = dup(c, s, 14);
    a->disposal_reason = dup(c, s, 15);
    a->responsible_name = dup(c, s, 16);
    a->updated_at = dup(c, s, 17);
}

static const db_query q_asset = {"facilities.asset", "SELECT " ASSET_COLS "WHERE a.id = ?1", NULL};

const fac_asset *fac_asset_get(ctx *c, int64_t id)
{
    db_stmt *s = db_stmt_get(c->db, &q_asset);
    if (!s)
        return NULL;
    db_bind_int(s, 1, id);
    fac_asset *a = NULL;
    if (db_step(s) == DB_ROW) {
        a = arena_alloc(c->a, sizeof *a);
        memset(a, 0, sizeof *a);
        read_asset(c, s, a);
    }
    db_reset(s);
    return a && fac_may_read(c, a->unit_id) ? a : NULL;
}

static const db_query q_assets = {
    "facilities.assets",
    "SELECT " ASSET_COLS "WHERE a.unit_id = ?1 AND (?2 IS NULL OR a.kind = ?2) "
    "AND (?3 IS NULL OR a.status = ?3) AND (?4 IS NULL OR instr(lower(a.code || ' ' || a.name || "
    "' ' || a.location || ' ' || a.plate), lower(?4)) > 0) ORDER BY a.kind, a.code",
    NULL};

int fac_assets(ctx *c, int64_t unit_id, const fac_filter *f, fac_asset **list_r)
{
    *list_r = NULL;
    if (!fac_may_read(c, unit_id))
        return 0;
    db_stmt *s = db_stmt_get(c->db, &q_assets);
    if (!s)
        return 0;
    db_bind_int(s, 1, unit_id);
    db_bind_text(s, 2, f && f->kind && *f->kind ? f->kind : NULL);
    db_bind_text(s, 3, f && f->status && *f->status ? f->status : NULL);
    db_bind_text(s, 4, f && f->q && *f->q ? f->q : NULL);
    int n = 0, cap = 32;
    fac_asset *v = arena_alloc(c->a, sizeof *v * (size_t)cap);
    while (db_step(s) == DB_ROW) {
        ARENA_GROW(c->a, v, n, cap);
        memset(&v[n], 0, sizeof v[n]);
        read_asset(c, s, &v[n++]);
    }
    db_reset(s);
    *list_r = v;
    return n;
}

static const db_query q_code = {
    "facilities.code", "SELECT id FROM facility_assets WHERE code = ?1 AND id <> ?2", NULL};

static bool user_of_unit(ctx *c, int64_t user_id, int64_t unit_id)
{
    const user *u = auth_user_load(c, user_id);
    return u && org_scope_anchor(c->db, u->unit_id) == unit_id;
}

static void validate_asset(ctx *c, const fac_asset_input *in, int64_t unit_id, int64_t id,
                           fac_asset *a, web_err *e)
{
    const char *err = NULL;
    a->code = field_text(c, in->code, _("Mã tài sản"), FAC_CODE_MAX, true, &err);
    if (err)
        web_err_add(e, 400, "invalid_input", "code", err);
    a->name = field_text(c, in->name, _("Tên tài sản"), FAC_NAME_MAX, true, &err);
    if (err)
        web_err_add(e, 400, "invalid_input", "name", err);
    a->kind = in->kind && *in->kind ? in->kind : "equipment";
    if (!fac_in_list(a->kind, fac_kinds))
        web_err_add(e, 400, "invalid_input", "kind", _("Loại tài sản không hợp lệ."));
    a->status = in->status && *in->status ? in->status : "in_use";
    if (!fac_in_list(a->status, fac_statuses) || strcmp(a->status, "disposed") == 0)
        web_err_add(e, 400, "invalid_input", "status",
                    _("Tình trạng phải là đang sử dụng, trong kho hoặc đang sửa chữa (thanh lý "
                      "bằng nút «Thanh lý»)."));
    a->location = field_text(c, in->location, _("Nơi đặt"), FAC_TEXT_MAX, false, &err);
    if (err)
        web_err_add(e, 400, "invalid_input", "location", err);
    a->unit_of_measure = field_text(c, in->unit_of_measure, _("Đơn vị tính"), 40, false, &err);
    if (err)
        web_err_add(e, 400, "invalid_input", "unit_of_measure", err);
    a->plate = field_text(c, in->plate, _("Biển số"), 40, false, &err);
    if (err)
        web_err_add(e, 400, "invalid_input", "plate", err);
    a->purchase_date = in->purchase_date && *in->purchase_date ? in->purchase_date : NULL;
    if (a->purchase_date && !param_date(a->purchase_date))
        web_err_add(e, 400, "invalid_input", "purchase_date",
                    _("Ngày mua không hợp lệ (dd/mm/yyyy)."));
    a->value = in->value;
    if (in->value < 0)
        web_err_add(e, 400, "invalid_input", "value", _("Nguyên giá phải là số đồng không âm."));
    a->quantity = in->quantity > 0 ? in->quantity : 1;
    a->seats = in->seats;
    a->responsible_user_id = in->responsible_user_id;
    if (in->responsible_user_id > 0 && !user_of_unit(c, in->responsible_user_id, unit_id))
        web_err_add(e, 400, "invalid_input", "responsible_user_id",
                    _("Người chịu trách nhiệm phải là người của cơ quan này."));
    if (a->code) {
        db_stmt *s = db_stmt_get(c->db, &q_code);
        if (s) {
            db_bind_text(s, 1, a->code);
            db_bind_int(s, 2, id);
            if (db_step(s) == DB_ROW)
                web_err_add(e, 409, "duplicate", "code",
                            arena_printf(c->a, _("Mã tài sản %s đã có."), a->code));
            db_reset(s);
        }
    }
}

static json_t *asset_audit(const fac_asset *a)
{
    return json_pack("{s:s, s:s, s:s, s:s, s:I}", "code", a->code, "name", a->name, "kind", a->kind,
                     "status", a->status, "value", (json_int_t)a->value);
}

static const db_query q_asset_ins = {
    "facilities.asset_ins",
    "INSERT INTO facility_assets (unit_id, code, name, kind, location, responsible_user_id, "
    "unit_of_measure, quantity, value, purchase_date, plate, seats, status, created_by, "
    "created_at, updated_at) VALUES (?1, ?2, ?3, ?4, coalesce(?5, ''), nullif(?6, 0), "
    "coalesce(?7, ''), ?8, ?9, ?10, coalesce(?11, ''), ?12, ?13, ?14, ?15, ?15)",
    NULL};

static void bind_asset(db_stmt *s, const fac_asset *a)
{
    db_bind_text(s, 2, a->code);
    db_bind_text(s, 3, a->name);
    db_bind_text(s, 4, a->kind);
    db_bind_text(s, 5, a->location);
    db_bind_int(s, 6, a->responsible_user_id);
    db_bind_text(s, 7, a->unit_of_measure);
    db_bind_int(s, 8, a->quantity);
    db_bind_int(s, 9, a->value);
    db_bind_text(s, 10, a->purchase_date);
    db_bind_text(s, 11, a->plate);
    db_bind_int(s, 12, a->seats);
    db_bind_text(s, 13, a->status);
}

int64_t fac_asset_create(ctx *c, const fac_asset_input *in, web_err *e)
{
    int64_t unit_id = fac_home_unit(c);
    if (!fac_may_manage(c, unit_id)) {
        web_err_add(e, 403, "forbidden", NULL,
                    _("Chỉ văn phòng (văn thư, lãnh đạo văn phòng) được quản lý tài sản."));
        return -1;
    }
    fac_asset a = {0};
    validate_asset(c, in, unit_id, 0, &a, e);
    if (e->n)
        return -1;
    if (db_begin_write(c->db) != 0) {
        web_err_add(e, 503, "busy", NULL, _("Cơ sở dữ liệu đang bận, vui lòng thử lại."));
        return -1;
    }
    db_stmt *s = db_stmt_get(c->db, &q_asset_ins);
    if (!s)
        return web_err_rollback(c, e);
    db_bind_int(s, 1, unit_id);
    bind_asset(s, &a);
    db_bind_int(s, 14, c->user->id);
    db_bind_text(s, 15, fac_now(c));
    if (db_exec(s) != DB_DONE)
        return web_err_rollback(c, e);
    int64_t id = db_last_id(c->db);
    if (audit_commit(c->db, c->user, "facilities.asset_create", "facility_asset", id,
                     asset_audit(&a)) != 0) {
        web_err_db(c, e);
        return -1;
    }
    return id;
}

static const db_query q_asset_upd = {
    "facilities.asset_upd",
    "UPDATE facility_assets SET code = ?2, name = ?3, kind = ?4, location = coalesce(?5, ''), "
    "responsible_user_id = nullif(?6, 0), unit_of_measure = coalesce(?7, ''), quantity = ?8, "
    "value = ?9, purchase_date = ?10, plate = coalesce(?11, ''), seats = ?12, status = ?13, "
    "updated_at = ?14 WHERE id = ?1 AND status <> 'disposed'",
    NULL};

/* The asset for a change: 404 when unseen, 403 when not the caller's to manage, 409 when
 * disposed. */
static const fac_asset *asset_for_change(ctx *c, int64_t id, web_err *e)
{
    const fac_asset *a = fac_asset_get(c, id);
    if (!a) {
        web_err_add(e, 404, "not_found", NULL, _("Không tìm thấy tài sản."));
        return NULL;
    }
    if (!fac_may_manage(c, a->unit_id)) {
        web_err_add(e, 403, "forbidden", NULL,
                    _("Chỉ văn phòng (văn thư, lãnh đạo văn phòng) được quản lý tài sản."));
        return NULL;
    }
    if (strcmp(a->status, "disposed") == 0) {
        web_err_add(e, 409, "invalid_state", NULL, _("Tài sản đã thanh lý, không thay đổi được."));
        return NULL;
    }
    return a;
}

int fac_asset_update(ctx *c, int64_t id, const fac_asset_input *in, web_err *e)
{
    const fac_asset *old = asset_for_change(c, id, e);
    if (!old)
        return -1;
    fac_asset a = {0};
    validate_asset(c, in, old->unit_id, id, &a, e);
    if (e->n)
        return -1;
    if (db_begin_write(c->db) != 0) {
        web_err_add(e, 503, "busy", NULL, _("Cơ sở dữ liệu đang bận, vui lòng thử lại."));
        return -1;
    }
    db_stmt *s = db_stmt_get(c->db, &q_asset_upd);
    if (!s)
        return web_err_rollback(c, e);
    db_bind_int(s, 1, id);
    bind_asset(s, &a);
    db_bind_text(s, 14, fac_now(c));
    if (db_exec(s) != DB_DONE)
        return web_err_rollback(c, e);
    if (audit_commit(c->db, c->user, "facilities.asset_update", "facility_asset", id,
                     asset_audit(&a)) != 0) {
        web_err_db(c, e);
        return -1;
    }
    return 0;
}

static const db_query q_dispose = {
    "facilities.dispose",
    "UPDATE facility_assets SET status = 'disposed', disposal_date = ?2, disposal_reason = ?3, "
    "updated_at = ?4 WHERE id = ?1 AND status <> 'disposed'",
    NULL};

int fac_asset_dispose(ctx *c, int64_t id, const char *date, const char *reason, web_err *e)
{
    const fac_asset *a = asset_for_change(c, id, e);
    if (!a)
        return -1;
    const char *err = NULL;
    if (!date || !*date)
        web_err_add(e, 400, "invalid_input", "disposal_date", _("Ngày thanh lý là bắt buộc."));
    else if (!param_date(date))
        web_err_add(e, 400, "invalid_input", "disposal_date",
                    _("Ngày thanh lý không hợp lệ (dd/mm/yyyy)."));
    else if (a->purchase_date && strcmp(date, a->purchase_date) < 0)
        web_err_add(e, 400, "invalid_input", "disposal_date",
                    _("Ngày thanh lý không được trước ngày mua."));
    reason = field_text(c, reason, _("Lý do thanh lý"), FAC_TEXT_MAX, true, &err);
    if (err)
        web_err_add(e, 400, "invalid_input", "disposal_reason", err);
    if (e->n)
        return -1;
    if (db_begin_write(c->db) != 0) {
        web_err_add(e, 503, "busy", NULL, _("Cơ sở dữ liệu đang bận, vui lòng thử lại."));
        return -1;
    }
    db_stmt *s = db_stmt_get(c->db, &q_dispose);
    if (!s)
        return web_err_rollback(c, e);
    db_bind_int(s, 1, id);
    db_bind_text(s, 2, date);
    db_bind_text(s, 3, reason);
    db_bind_text(s, 4, fac_now(c));
    if (db_exec(s) != DB_DONE)
        return web_err_rollback(c, e);
    if (audit_commit(c->db, c->user, "facilities.asset_dispose", "facility_asset", id,
                     json_pack("{s:s, s:s}", "date", date, "reason", reason)) != 0) {
        web_err_db(c, e);
        return -1;
    }
    return 0;
}

/* ---- hand-overs ---- */

#define HO_COLS                                                                                    \
    "h.id, h.asset_id, coalesce(h.from_user_id, 0), h.to_user_id, h.handed_on, h.condition, "      \
    "h.location, h.note, coalesce(fu.name, ''), coalesce(tu.name, ''), h.created_at, a.code, "     \
    "a.name, a.unit_id FROM facility_handovers h JOIN facility_assets a ON a.id = h.asset_id "     \
    "LEFT JOIN users fu ON fu.id = h.from_user_id LEFT JOIN users tu ON tu.id = h.to_user_id "

static void read_handover(ctx *c, db_stmt *s, fac_handover *h)
{
    h->id = db_col_int(s, 0);
    h->asset_id = db_col_int(s, 1);
    h->from_user_id = db_col_int(s, 2);
    h->to_user_id = db_col_int(s, 3);
    h->handed_on = dup(c, s, 4);
    h->condition = dup(c, s, 5);
    h->location = dup(c, s, 6);
    h->note = dup(c, s, 7);
    h->from_name = dup(c, s, 8);
    h->to_name = dup(c, s, 9);
    h->created_at = dup(c, s, 10);
    h->asset_code = dup(c, s, 11);
    h->asset_name = dup(c, s, 12);
}

static const db_query q_hos = {"facilities.handovers",
                               "SELECT " HO_COLS "WHERE h.asset_id = ?1 ORDER BY h.handed_on DESC, "
                               "h.id DESC",
                               NULL};
static const db_query q_ho = {"facilities.handover", "SELECT " HO_COLS "WHERE h.id = ?1", NULL};

int fac_handovers(ctx *c, int64_t asset_id, fac_handover **list_r)
{
    *list_r = NULL;
    if (!fac_asset_get(c, asset_id))
        return 0;
    db_stmt *s = db_stmt_get(c->db, &q_hos);
    if (!s)
        return 0;
    db_bind_int(s, 1, asset_id);
    int n = 0, cap = 8;
    fac_handover *v = arena_alloc(c->a, sizeof *v * (size_t)cap);
    while (db_step(s) == DB_ROW) {
        ARENA_GROW(c->a, v, n, cap);
        read_handover(c, s, &v[n++]);
    }
    db_reset(s);
    *list_r = v;
    return n;
}

const fac_handover *fac_handover_get(ctx *c, int64_t id)
{
    db_stmt *s = db_stmt_get(c->db, &q_ho);
    if (!s)
        return NULL;
    db_bind_int(s, 1, id);
    fac_handover *h = NULL;
    int64_t unit_id = 0;
    if (db_step(s) == DB_ROW) {
        h = arena_alloc(c->a, sizeof *h);
        read_handover(c, s, h);
        unit_id = db_col_int(s, 13);
    }
    db_reset(s);
    return h && fac_may_read(c, unit_id) ? h : NULL;
}

static const db_query q_ho_ins = {
    "facilities.handover_ins",
    "INSERT INTO facility_handovers (asset_id, from_user_id, to_user_id, handed_on, condition, "
    "location, note, created_by, created_at) VALUES (?1, nullif(?2, 0), ?3, ?4, ?5, "
    "coalesce(?6, ''), coalesce(?7, ''), ?8, ?9)",
    NULL};
static const db_query q_ho_asset = {
    "facilities.handover_asset",
    "UPDATE facility_assets SET responsible_user_id = ?2, location = coalesce(?3, location), "
    "status = 'in_use', updated_at = ?4 WHERE id = ?1",
    NULL};

int64_t fac_handover_create(ctx *c, int64_t asset_id, int64_t to_user_id, const char *date,
                            const char *condition, const char *location, const char *note,
                            web_err *e)
{
    const fac_asset *a = asset_for_change(c, asset_id, e);
    if (!a)
        return -1;
    const char *err = NULL;
    if (to_user_id <= 0)
        web_err_add(e, 400, "invalid_input", "to_user_id", _("Hãy chọn người nhận bàn giao."));
    else if (!user_of_unit(c, to_user_id, a->unit_id))
        web_err_add(e, 400, "invalid_input", "to_user_id",
                    _("Người nhận phải là người của cơ quan này."));
    else if (to_user_id == a->responsible_user_id)
        web_err_add(e, 400, "invalid_input", "to_user_id",
                    _("Người nhận đang là người chịu trách nhiệm tài sản này."));
    if (!date || !*date)
        web_err_add(e, 400, "invalid_input", "handed_on", _("Ngày bàn giao là bắt buộc."));
    else if (!param_date(date))
        web_err_add(e, 400, "invalid_input", "handed_on",
                    _("Ngày bàn giao không hợp lệ (dd/mm/yyyy)."));
    condition = field_text(c, condition, _("Tình trạng khi bàn giao"), FAC_TEXT_MAX, true, &err);
    if (err)
        web_err_add(e, 400, "invalid_input", "condition", err);
    location = field_text(c, location, _("Nơi đặt"), FAC_TEXT_MAX, false, &err);
    if (err)
        web_err_add(e, 400, "invalid_input", "location", err);
    note = field_text(c, note, _("Ghi chú"), FAC_TEXT_MAX, false, &err);
    if (err)
        web_err_add(e, 400, "invalid_input", "note", err);
    if (e->n)
        return -1;
    if (db_begin_write(c->db) != 0) {
        web_err_add(e, 503, "busy", NULL, _("Cơ sở dữ liệu đang bận, vui lòng thử lại."));
        return -1;
    }
    const char *now = fac_now(c);
    db_stmt *s = db_stmt_get(c->db, &q_ho_ins);
    if (!s)
        return web_err_rollback(c, e);
    db_bind_int(s, 1, asset_id);
    db_bind_int(s, 2, a->responsible_user_id);
    db_bind_int(s, 3, to_user_id);
    db_bind_text(s, 4, date);
    db_bind_text(s, 5, condition);
    db_bind_text(s, 6, location);
    db_bind_text(s, 7, note);
    db_bind_int(s, 8, c->user->id);
    db_bind_text(s, 9, now);
    if (db_exec(s) != DB_DONE)
        return web_err_rollback(c, e);
    int64_t id = db_last_id(c->db);
    s = db_stmt_get(c->db, &q_ho_asset);
    if (!s)
        return web_err_rollback(c, e);
    db_bind_int(s, 1, asset_id);
    db_bind_int(s, 2, to_user_id);
    db_bind_text(s, 3, location);
    db_bind_text(s, 4, now);
    if (db_exec(s) != DB_DONE)
        return web_err_rollback(c, e);
    if (audit_commit(c->db, c->user, "facilities.handover", "facility_asset", asset_id,
                     json_pack("{s:I, s:I, s:I, s:s, s:s}", "handover_id", (json_int_t)id,
                               "from_user_id", (json_int_t)a->responsible_user_id, "to_user_id",
                               (json_int_t)to_user_id, "date", date, "condition", condition)) !=
        0) {
        web_err_db(c, e);
        return -1;
    }
    return id;
}
