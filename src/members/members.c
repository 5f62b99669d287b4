/* Party members: reading in scope, saving, moving (members.h). */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "audit/audit.h"
#include "base/clock.h"
#include "base/i18n.h"
#include "db/db.h"
#include "members/members.h"
#include "members/members_impl.h"
#include "org/org.h"
#include "web/params.h"
#include "web/respond.h"

const char *const member_fee_categories[] = {"BHXH",
                                             "OM_DAU_THAI_SAN",
                                             "HUU_TRI",
                                             "NGOAI_BHXH_DUOI_TUOI_HUU",
                                             "NGOAI_BHXH_TREN_TUOI_HUU",
                                             "HOC_SINH_SINH_VIEN",
                                             "MIEN",
                                             "NUOC_NGOAI",
                                             NULL};
static const char *const fee_labels[] = {N_("Có đóng BHXH (tiền lương × 1%)"),
                                         N_("Hưởng chế độ ốm đau, thai sản"),
                                         N_("Hưu trí (lương hưu × 0,5%)"),
                                         N_("Ngoài BHXH, chưa đến tuổi nghỉ hưu"),
                                         N_("Ngoài BHXH, đã đến tuổi nghỉ hưu"),
                                         N_("Học sinh, sinh viên"),
                                         N_("Miễn đóng"),
                                         N_("Công tác, học tập ở nước ngoài")};

const char *member_fee_category_label(const char *code)
{
    for (int i = 0; code && member_fee_categories[i]; i++)
        if (strcmp(code, member_fee_categories[i]) == 0)
            return _(fee_labels[i]);
    return _("Không rõ");
}

const char *member_status_label(const char *code)
{
    static const char *const codes[] = {"active", "moved_out", "deceased", "expelled", "removed"};
    static const char *const labels[] = {N_("Đang sinh hoạt"), N_("Đã chuyển đi"), N_("Từ trần"),
                                         N_("Khai trừ"), N_("Xóa tên")};
    for (int i = 0; code && i < 5; i++)
        if (strcmp(code, codes[i]) == 0)
            return _(labels[i]);
    return _("Không rõ");
}

static bool is_reader(enum role r)
{
    return r == ROLE_ADMIN || r == ROLE_COMMITTEE_LEADER || r == ROLE_OFFICE_LEADER ||
           r == ROLE_CLERK || r == ROLE_UNIT;
}

bool members_may_read(ctx *c, int64_t unit_id)
{
    return c->user && is_reader(c->user->role) && (unit_id == 0 || org_unit_in_scope(c, unit_id));
}

bool members_may_write(ctx *c, int64_t unit_id)
{
    if (!c->user)
        return false;
    enum role r = c->user->role;
    return (r == ROLE_ADMIN || r == ROLE_OFFICE_LEADER || r == ROLE_CLERK || r == ROLE_UNIT) &&
           unit_id > 0 && org_unit_in_scope(c, unit_id);
}

const char *mem_now(ctx *c)
{
    char buf[32];
    clock_iso(clock_now(), buf, sizeof buf);
    return arena_strdup(c->a, buf);
}

#define MEMBER_COLS                                                                                \
    "m.id, m.unit_id, u.name, m.full_name, m.birth_date, m.gender, m.id_number, m.admitted_on, "   \
    "m.official_on, m.party_card_no, m.status, m.status_on, m.note, m.fee_category, m.retired, "   \
    "m.student, m.fee_basis, m.wage_region "

static const db_query q_list = {
    "members.list",
    "SELECT " MEMBER_COLS "FROM party_members m JOIN units u ON u.id = m.unit_id "
    "WHERE m.unit_id IN (SELECT value FROM json_each(?1)) AND (?2 = 0 OR m.unit_id = ?2) "
    "AND (?3 = 1 OR m.status = 'active') AND (?4 IS NULL OR m.full_name LIKE '%' || ?4 || '%') "
    "ORDER BY u.name, m.full_name, m.id LIMIT 20000",
    NULL};
static const db_query q_get = {
    "members.get",
    "SELECT " MEMBER_COLS "FROM party_members m JOIN units u ON u.id = m.unit_id WHERE m.id = ?1",
    NULL};

static const char *dup(ctx *c, db_stmt *s, int col)
{
    const char *t = db_col_text(s, col);
    return t ? arena_strdup(c->a, t) : "";
}

static void row(ctx *c, db_stmt *s, member *m)
{
    m->id = db_col_int(s, 0);
    m->unit_id = db_col_int(s, 1);
    m->unit_name = dup(c, s, 2);
    m->full_name = dup(c, s, 3);
    m->birth_date = dup(c, s, 4);
    m->gender = dup(c, s, 5);
    m->id_number = dup(c, s, 6);
    m->admitted_on = dup(c, s, 7);
    m->official_on = dup(c, s, 8);
    m->party_card_no = dup(c, s, 9);
    m->status = dup(c, s, 10);
    m->status_on = dup(c, s, 11);
    m->note = dup(c, s, 12);
    m->fee_category = dup(c, s, 13);
    m->retired = db_col_int(s, 14) != 0;
    m->student = db_col_int(s, 15) != 0;
    m->fee_basis = db_col_int(s, 16);
    m->wage_region = (int)db_col_int(s, 17);
}

int members_list(ctx *c, int64_t unit_id, bool all, const char *q, member **rows_r)
{
    *rows_r = NULL;
    if (!members_may_read(c, unit_id))
        return 0;
    db_stmt *s = db_stmt_get(c->db, &q_list);
    if (!s)
        return -1;
    db_bind_text(s, 1, org_scope_json(c));
    db_bind_int(s, 2, unit_id);
    db_bind_int(s, 3, all);
    db_bind_text(s, 4, q && *q ? q : NULL);
    int cap = 64, n = 0;
    member *v = arena_alloc(c->a, sizeof *v * (size_t)cap);
    while (db_step(s) == DB_ROW) {
        if (n == cap) {
            member *w = arena_alloc(c->a, sizeof *w * (size_t)cap * 2);
            memcpy(w, v, sizeof *v * (size_t)n);
            v = w;
            cap *= 2;
        }
        row(c, s, &v[n++]);
    }
    db_reset(s);
    *rows_r = v;
    return n;
}

const member *members_get(ctx *c, int64_t id)
{
    db_stmt *s = db_stmt_get(c->db, &q_get);
    if (!s)
        return NULL;
    db_bind_int(s, 1, id);
    member *m = NULL;
    if (db_step(s) == DB_ROW) {
        m = arena_alloc(c->a, sizeof *m);
        row(c, s, m);
    }
    db_reset(s);
    if (m && !members_may_read(c, m->unit_id))
        return NULL;
    return m;
}

static const db_query q_insert = {
    "members.insert",
    "INSERT INTO party_members (unit_id, full_name, birth_date, gender, id_number, admitted_on, "
    "official_on, party_card_no, retired, student, note, fee_category, fee_basis, wage_region, "
    "created_by, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, "
    "?12, ?13, ?14, ?15, ?16, ?16)",
    NULL};
static const db_query q_update = {
    "members.update",
    "UPDATE party_members SET full_name = ?2, birth_date = ?3, gender = ?4, id_number = ?5, "
    "admitted_on = ?6, official_on = ?7, party_card_no = ?8, retired = ?9, student = ?10, "
    "note = ?11, fee_category = ?12, fee_basis = ?13, wage_region = ?14, updated_at = ?16 "
    "WHERE id = ?1",
    NULL};

static const char *opt(const char *s)
{
    return s && *s ? s : NULL;
}

/* Checks in (texts trimmed into out) and adds every error to e, prefixed by prefix ("" or
 * "Dòng 5: ") so an import names its row. */
void mem_validate(ctx *c, const member *in, member *out, const char *prefix, web_err *e)
{
    *out = *in;
    const char *err = NULL;
    out->full_name = field_text(c, in->full_name, _("Họ và tên"), MEMBER_NAME_MAX, true, &err);
    if (err)
        web_err_add(e, 400, "invalid_input", "full_name", arena_printf(c->a, "%s%s", prefix, err));
    err = NULL;
    out->note = field_text(c, in->note, _("Ghi chú"), MEMBER_NOTE_MAX, false, &err);
    if (err)
        web_err_add(e, 400, "invalid_input", "note", arena_printf(c->a, "%s%s", prefix, err));
    if (!out->note)
        out->note = "";
    if (!in->admitted_on || !param_date(in->admitted_on))
        web_err_add(e, 400, "invalid_input", "admitted_on",
                    arena_printf(c->a, "%s%s", prefix,
                                 _("Ngày vào Đảng phải là một ngày hợp lệ (dd/mm/yyyy).")));
    if (opt(in->birth_date) && !param_date(in->birth_date))
        web_err_add(e, 400, "invalid_input", "birth_date",
                    arena_printf(c->a, "%s%s", prefix, _("Ngày sinh không hợp lệ.")));
    if (opt(in->official_on) && !param_date(in->official_on))
        web_err_add(e, 400, "invalid_input", "official_on",
                    arena_printf(c->a, "%s%s", prefix, _("Ngày chính thức không hợp lệ.")));
    if (opt(in->official_on) && in->admitted_on && param_date(in->admitted_on) &&
        strcmp(in->official_on, in->admitted_on) < 0)
        web_err_add(e, 400, "invalid_input", "official_on",
                    arena_printf(c->a, "%s%s", prefix,
                                 _("Ngày chính thức không được trước ngày vào Đảng.")));
    if (opt(in->birth_date) && in->admitted_on && param_date(in->birth_date) &&
        param_date(in->admitted_on) && strcmp(in->admitted_on, in->birth_date) <= 0)
        web_err_add(e, 400, "invalid_input", "admitted_on",
                    arena_printf(c->a, "%s%s", prefix, _("Ngày vào Đảng phải sau ngày sinh.")));
    if (opt(in->gender) && strcmp(in->gender, "nam") != 0 && strcmp(in->gender, "nu") != 0)
        web_err_add(e, 400, "invalid_input", "gender",
                    arena_printf(c->a, "%s%s", prefix, _("Giới tính là «nam» hoặc «nữ».")));
    bool cat_ok = false;
    for (int i = 0; in->fee_category && member_fee_categories[i]; i++)
        cat_ok |= strcmp(in->fee_category, member_fee_categories[i]) == 0;
    if (!cat_ok)
        web_err_add(e, 400, "invalid_input", "fee_category",
                    arena_printf(c->a, "%s%s", prefix, _("Chọn đối tượng đóng đảng phí.")));
    if (in->fee_basis < 0 || in->fee_basis > 10000000000LL)
        web_err_add(e, 400, "invalid_input", "fee_basis",
                    arena_printf(c->a, "%s%s", prefix,
                                 _("Mức lương làm căn cứ phải là số đồng không âm.")));
    if (in->wage_region < 1 || in->wage_region > 4)
        web_err_add(
            e, 400, "invalid_input", "wage_region",
            arena_printf(c->a, "%s%s", prefix, _("Vùng lương tối thiểu là I, II, III hoặc IV.")));
    if (opt(in->id_number)) {
        size_t n = strlen(in->id_number);
        bool digits = n == 12;
        for (size_t i = 0; digits && i < n; i++)
            digits = in->id_number[i] >= '0' && in->id_number[i] <= '9';
        if (!digits)
            web_err_add(e, 400, "invalid_input", "id_number",
                        arena_printf(c->a, "%s%s", prefix, _("Số CCCD gồm 12 chữ số.")));
    }
    out->birth_date = opt(in->birth_date);
    out->official_on = opt(in->official_on);
    out->gender = opt(in->gender);
    out->id_number = opt(in->id_number);
    out->party_card_no = opt(in->party_card_no);
}

/* Inserts or updates inside the caller's transaction, with the audit row. */
int64_t mem_write_tx(ctx *c, int64_t id, int64_t unit_id, const member *m)
{
    bool is_new = id == 0;
    db_stmt *s = db_stmt_get(c->db, id ? &q_update : &q_insert);
    if (!s)
        return -1;
    db_bind_int(s, 1, id ? id : unit_id);
    db_bind_text(s, 2, m->full_name);
    db_bind_text(s, 3, m->birth_date);
    db_bind_text(s, 4, m->gender);
    db_bind_text(s, 5, m->id_number);
    db_bind_text(s, 6, m->admitted_on);
    db_bind_text(s, 7, m->official_on);
    db_bind_text(s, 8, m->party_card_no);
    db_bind_int(s, 9, m->retired);
    db_bind_int(s, 10, m->student);
    db_bind_text(s, 11, m->note);
    db_bind_text(s, 12, m->fee_category);
    db_bind_int(s, 13, m->fee_basis);
    db_bind_int(s, 14, m->wage_region);
    db_bind_int(s, 15, c->user ? c->user->id : 0);
    if (!c->user || !c->user->id)
        db_bind_null(s, 15);
    db_bind_text(s, 16, mem_now(c));
    if (db_exec(s) != DB_DONE)
        return -1;
    if (!id)
        id = db_last_id(c->db);
    json_t *after = json_pack("{s:s, s:I, s:s, s:s, s:I}", "full_name", m->full_name, "unit_id",
                              (json_int_t)unit_id, "admitted_on", m->admitted_on, "fee_category",
                              m->fee_category, "fee_basis", (json_int_t)m->fee_basis);
    char *js = json_dumps(after, JSON_COMPACT);
    json_decref(after);
    int rc = audit_log(c->db, c->user, is_new ? "members.create" : "members.save", "party_member",
                       id, NULL, js);
    free(js);
    return rc == 0 ? id : -1;
}

int64_t members_save(ctx *c, int64_t id, const member *in, web_err *e)
{
    int64_t unit_id = in->unit_id;
    if (id) {
        const member *old = members_get(c, id);
        if (!old) {
            web_err_add(e, 404, "not_found", NULL, _("Không tìm thấy đảng viên."));
            return -1;
        }
        unit_id = old->unit_id;
    }
    if (!members_may_write(c, unit_id)) {
        web_err_add(e, 403, "forbidden", "unit_id",
                    _("Bạn không có quyền cập nhật đảng viên của tổ chức đảng này."));
        return -1;
    }
    member m;
    mem_validate(c, in, &m, "", e);
    if (e->n)
        return -1;
    if (db_begin_write(c->db) != 0) {
        web_err_add(e, 503, "busy", NULL, _("Cơ sở dữ liệu đang bận, vui lòng thử lại."));
        return -1;
    }
    int64_t r = mem_write_tx(c, id, unit_id, &m);
    if (r < 0 || db_commit(c->db) != 0)
        return web_err_rollback(c, e);
    return r;
}

static const db_query q_move = {
    "members.move",
    "INSERT INTO party_member_moves (member_id, from_unit_id, to_unit_id, moved_on, note, "
    "created_by, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    NULL};
static const db_query q_set_unit = {
    "members.set_unit", "UPDATE party_members SET unit_id = ?2, updated_at = ?3 WHERE id = ?1",
    NULL};
static const db_query q_moves = {
    "members.moves",
    "SELECT COALESCE(f.name, ''), t.name, mv.moved_on, mv.note FROM party_member_moves mv "
    "LEFT JOIN units f ON f.id = mv.from_unit_id JOIN units t ON t.id = mv.to_unit_id "
    "WHERE mv.member_id = ?1 ORDER BY mv.moved_on, mv.id",
    NULL};

int members_move(ctx *c, int64_t id, int64_t to_unit, const char *moved_on, const char *note,
                 web_err *e)
{
    const member *m = members_get(c, id);
    if (!m) {
        web_err_add(e, 404, "not_found", NULL, _("Không tìm thấy đảng viên."));
        return -1;
    }
    if (!members_may_write(c, m->unit_id) || !members_may_write(c, to_unit)) {
        web_err_add(e, 403, "forbidden", "to_unit_id",
                    _("Chỉ chuyển sinh hoạt giữa các tổ chức đảng bạn quản lý."));
        return -1;
    }
    if (to_unit == m->unit_id)
        web_err_add(e, 400, "invalid_input", "to_unit_id",
                    _("Đảng viên đang sinh hoạt ở tổ chức đảng này."));
    if (!moved_on || !param_date(moved_on))
        web_err_add(e, 400, "invalid_input", "moved_on", _("Ngày chuyển không hợp lệ."));
    const char *err = NULL;
    const char *nt = field_text(c, note, _("Ghi chú"), MEMBER_NOTE_MAX, false, &err);
    if (err)
        web_err_add(e, 400, "invalid_input", "note", err);
    if (e->n)
        return -1;
    if (db_begin_write(c->db) != 0) {
        web_err_add(e, 503, "busy", NULL, _("Cơ sở dữ liệu đang bận, vui lòng thử lại."));
        return -1;
    }
    const char *now = mem_now(c);
    db_stmt *s = db_stmt_get(c->db, &q_move);
    if (!s)
        return web_err_rollback(c, e);
    db_bind_int(s, 1, id);
    db_bind_int(s, 2, m->unit_id);
    db_bind_int(s, 3, to_unit);
    db_bind_text(s, 4, moved_on);
    db_bind_text(s, 5, nt ? nt : "");
    db_bind_int(s, 6, c->user->id);
    db_bind_text(s, 7, now);
    if (db_exec(s) != DB_DONE)
        return web_err_rollback(c, e);
    s = db_stmt_get(c->db, &q_set_unit);
    if (!s)
        return web_err_rollback(c, e);
    db_bind_int(s, 1, id);
    db_bind_int(s, 2, to_unit);
    db_bind_text(s, 3, now);
    if (db_exec(s) != DB_DONE)
        return web_err_rollback(c, e);
    if (audit_commit(c->db, c->user, "members.move", "party_member", id,
                     json_pack("{s:I, s:I, s:s}", "from_unit_id", (json_int_t)m->unit_id,
                               "to_unit_id", (json_int_t)to_unit, "moved_on", moved_on)) != 0) {
        web_err_db(c, e);
        return -1;
    }
    return 0;
}

int members_moves(ctx *c, int64_t id, member_move **rows_r)
{
    *rows_r = NULL;
    if (!members_get(c, id))
        return 0;
    db_stmt *s = db_stmt_get(c->db, &q_moves);
    if (!s)
        return -1;
    db_bind_int(s, 1, id);
    int n = 0;
    member_move *v = arena_alloc(c->a, sizeof *v * 64);
    while (n < 64 && db_step(s) == DB_ROW) {
        v[n].from_name = dup(c, s, 0);
        v[n].to_name = dup(c, s, 1);
        v[n].moved_on = dup(c, s, 2);
        v[n].note = dup(c, s, 3);
        n++;
    }
    db_reset(s);
    *rows_r = v;
    return n;
}
