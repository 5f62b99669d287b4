/* The layout as data (docgen_layout, docgen_page): the styles in force on a date and the
 * admin's changes from a date on, each audited ("layout.set", "layout.page_set") in the same
 * transaction. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "audit/audit.h"
#include "base/clock.h"
#include "base/i18n.h"
#include "docgen/docgen.h"
#include "docgen/docgen_impl.h"

const char *const dg_el_codes[DG_N_EL] = {
    "header",      "superior",         "issuer",     "number",  "place_date", "place",
    "type_name",   "summary",          "cv_summary", "body",    "authority",  "position",
    "signer_name", "recipients_title", "recipients", "secrecy", "urgency",    "draft_mark",
    "typist"};
const char *const dg_el_labels[DG_N_EL] = {N_("Tiêu đề “Đảng Cộng sản Việt Nam”"),
                                           N_("Tên cơ quan cấp trên"),
                                           N_("Tên cơ quan ban hành"),
                                           N_("Số và ký hiệu"),
                                           N_("Địa danh, ngày tháng năm"),
                                           N_("Địa danh"),
                                           N_("Tên loại văn bản"),
                                           N_("Trích yếu"),
                                           N_("Trích yếu công văn (V/v)"),
                                           N_("Nội dung"),
                                           N_("Thẩm quyền ký (T/M, K/T, T/L)"),
                                           N_("Chức vụ người ký"),
                                           N_("Họ tên người ký"),
                                           N_("Chữ “Nơi nhận:”"),
                                           N_("Danh sách nơi nhận, dòng lưu"),
                                           N_("Dấu độ mật"),
                                           N_("Dấu độ khẩn"),
                                           N_("Dấu dự thảo"),
                                           N_("Ký hiệu người đánh máy, số bản")};

static const db_query q_rows = {
    "docgen.layout_rows",
    "SELECT element, effective_from, font_pt, bold, italic, upper, underline, align,"
    " space_before, space_after, indent_mm, text, verified, source FROM docgen_layout"
    " ORDER BY element, effective_from",
    NULL};
static const db_query q_page = {
    "docgen.layout_page",
    "SELECT effective_from, margin_top, margin_bottom, margin_left, margin_right, verified,"
    " source FROM docgen_page ORDER BY effective_from",
    NULL};
static const db_query q_set = {
    "docgen.layout_set",
    "INSERT INTO docgen_layout (element, effective_from, font_pt, bold, italic, upper, underline,"
    " align, space_before, space_after, indent_mm, text, verified, source, updated_by, updated_at)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)"
    " ON CONFLICT (element, effective_from) DO UPDATE SET font_pt = ?3, bold = ?4, italic = ?5,"
    " upper = ?6, underline = ?7, align = ?8, space_before = ?9, space_after = ?10,"
    " indent_mm = ?11, text = ?12, verified = ?13, source = ?14, updated_by = ?15,"
    " updated_at = ?16",
    NULL};
static const db_query q_page_set = {
    "docgen.layout_page_set",
    "INSERT INTO docgen_page (effective_from, margin_top, margin_bottom, margin_left,"
    " margin_right, verified, source, updated_by, updated_at)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) ON CONFLICT (effective_from) DO UPDATE SET"
    " margin_top = ?2, margin_bottom = ?3, margin_left = ?4, margin_right = ?5, verified = ?6,"
    " source = ?7, updated_by = ?8, updated_at = ?9",
    NULL};

int dg_el_from_code(const char *code)
{
    for (int i = 0; code && i < DG_N_EL; i++)
        if (!strcmp(dg_el_codes[i], code))
            return i;
    return -1;
}

static const char *txt(arena *a, db_stmt *s, int i)
{
    const char *t = db_col_text(s, i);
    return t ? arena_strdup(a, t) : NULL;
}

int dg_layout_load(db *d, arena *a, const char *date, dg_layout *out)
{
    memset(out, 0, sizeof *out);
    /* Built-in fallbacks so a deleted row never leaves an element without a size. */
    for (int i = 0; i < DG_N_EL; i++)
        out->el[i] = (dg_style){.font_pt = 14, .align = "left"};
    out->page = (dg_page){.top = 20, .bottom = 20, .left = 30, .right = 15};
    bool seen[DG_N_EL] = {0};
    db_stmt *s = db_stmt_get(d, &q_rows);
    if (!s)
        return -1;
    int rc;
    while ((rc = db_step(s)) == DB_ROW) {
        int e = dg_el_from_code(db_col_text(s, 0));
        if (e < 0)
            continue;
        const char *from = db_col_text(s, 1);
        if (seen[e] && strcmp(from, date) > 0)
            continue;
        seen[e] = true;
        out->el[e] = (dg_style){.effective_from = txt(a, s, 1),
                                .font_pt = db_col_double(s, 2),
                                .bold = db_col_int(s, 3),
                                .italic = db_col_int(s, 4),
                                .upper = db_col_int(s, 5),
                                .underline = db_col_int(s, 6),
                                .align = txt(a, s, 7),
                                .space_before = db_col_double(s, 8),
                                .space_after = db_col_double(s, 9),
                                .indent_mm = db_col_double(s, 10),
                                .text = txt(a, s, 11),
                                .verified = db_col_int(s, 12),
                                .source = txt(a, s, 13)};
    }
    db_reset(s);
    if (rc != DB_DONE)
        return -1;
    s = db_stmt_get(d, &q_page);
    if (!s)
        return -1;
    bool pseen = false;
    while ((rc = db_step(s)) == DB_ROW) {
        if (pseen && strcmp(db_col_text(s, 0), date) > 0)
            continue;
        pseen = true;
        out->page = (dg_page){.effective_from = txt(a, s, 0),
                              .top = db_col_double(s, 1),
                              .bottom = db_col_double(s, 2),
                              .left = db_col_double(s, 3),
                              .right = db_col_double(s, 4),
                              .verified = db_col_int(s, 5),
                              .source = txt(a, s, 6)};
    }
    db_reset(s);
    return rc == DB_DONE ? 0 : -1;
}

bool docgen_may_edit_layout(const user *u)
{
    return u && u->role == ROLE_ADMIN;
}

static bool valid_date(const char *s)
{
    int y, m, d;
    return s && strlen(s) == 10 && clock_parse_date(s, &y, &m, &d) == 0;
}

static int refuse(const char **err_r, const char **field_r, const char *field, const char *msg)
{
    *err_r = msg;
    *field_r = field;
    return -1;
}

static json_t *style_json(const dg_style *st)
{
    return json_pack("{s:f,s:b,s:b,s:b,s:b,s:s,s:f,s:f,s:f,s:s?,s:b,s:s?}", "font_pt", st->font_pt,
                     "bold", st->bold, "italic", st->italic, "upper", st->upper, "underline",
                     st->underline, "align", st->align, "space_before", st->space_before,
                     "space_after", st->space_after, "indent_mm", st->indent_mm, "text", st->text,
                     "verified", st->verified, "source", st->source);
}

static int commit_audit(ctx *c, const char *action, const char *entity, json_t *after,
                        const char **err_r)
{
    char *aj = json_dumps(after, JSON_COMPACT | JSON_SORT_KEYS);
    json_decref(after);
    int rc = audit_log(c->db, c->user, action, entity, 0, NULL, aj);
    free(aj);
    if (rc != 0 || db_commit(c->db) != 0) {
        db_rollback(c->db);
        *err_r = _("Không lưu được, vui lòng thử lại.");
        return -1;
    }
    return 0;
}

int dg_layout_set(ctx *c, const char *element, const dg_style *st, const char **err_r,
                  const char **field_r)
{
    if (!docgen_may_edit_layout(c->user))
        return refuse(err_r, field_r, NULL, _("Chỉ quản trị viên được sửa thể thức văn bản."));
    if (dg_el_from_code(element) < 0)
        return refuse(err_r, field_r, "element", _("Thành phần thể thức không hợp lệ."));
    if (!valid_date(st->effective_from))
        return refuse(err_r, field_r, "effective_from",
                      _("Ngày áp dụng phải là ngày hợp lệ (dd/mm/yyyy)."));
    if (!(st->font_pt >= 6 && st->font_pt <= 32))
        return refuse(err_r, field_r, "font_pt", _("Cỡ chữ phải từ 6 đến 32."));
    if (!st->align || (strcmp(st->align, "left") && strcmp(st->align, "center") &&
                       strcmp(st->align, "right") && strcmp(st->align, "justify")))
        return refuse(err_r, field_r, "align", _("Căn lề không hợp lệ."));
    if (!(st->space_before >= 0 && st->space_before <= 72))
        return refuse(err_r, field_r, "space_before", _("Khoảng cách trước phải từ 0 đến 72."));
    if (!(st->space_after >= 0 && st->space_after <= 72))
        return refuse(err_r, field_r, "space_after", _("Khoảng cách sau phải từ 0 đến 72."));
    if (!(st->indent_mm >= 0 && st->indent_mm <= 50))
        return refuse(err_r, field_r, "indent_mm", _("Thụt đầu dòng phải từ 0 đến 50 mm."));
    if (st->text && strlen(st->text) > 200)
        return refuse(err_r, field_r, "text", _("Chữ cố định dài quá 200 ký tự."));
    char now[32];
    clock_iso(clock_now(), now, sizeof now);
    if (db_begin_write(c->db) != 0)
        return refuse(err_r, field_r, NULL, _("Hệ thống đang bận, vui lòng thử lại."));
    db_stmt *s = db_stmt_get(c->db, &q_set);
    if (!s)
        goto dberr;
    db_bind_text(s, 1, element);
    db_bind_text(s, 2, st->effective_from);
    db_bind_double(s, 3, st->font_pt);
    db_bind_int(s, 4, st->bold);
    db_bind_int(s, 5, st->italic);
    db_bind_int(s, 6, st->upper);
    db_bind_int(s, 7, st->underline);
    db_bind_text(s, 8, st->align);
    db_bind_double(s, 9, st->space_before);
    db_bind_double(s, 10, st->space_after);
    db_bind_double(s, 11, st->indent_mm);
    db_bind_text(s, 12, st->text && *st->text ? st->text : NULL);
    db_bind_int(s, 13, st->verified);
    db_bind_text(s, 14, st->source && *st->source ? st->source : NULL);
    db_bind_int(s, 15, c->user->id);
    db_bind_text(s, 16, now);
    if (db_exec(s) != DB_DONE)
        goto dberr;
    json_t *after = style_json(st);
    json_object_set_new(after, "element", json_string(element));
    json_object_set_new(after, "effective_from", json_string(st->effective_from));
    *field_r = NULL;
    return commit_audit(c, "layout.set", "docgen_layout", after, err_r);
dberr:
    db_rollback(c->db);
    return refuse(err_r, field_r, NULL, _("Không lưu được, vui lòng thử lại."));
}

int dg_page_set(ctx *c, const dg_page *p, const char **err_r, const char **field_r)
{
    if (!docgen_may_edit_layout(c->user))
        return refuse(err_r, field_r, NULL, _("Chỉ quản trị viên được sửa thể thức văn bản."));
    if (!valid_date(p->effective_from))
        return refuse(err_r, field_r, "effective_from",
                      _("Ngày áp dụng phải là ngày hợp lệ (dd/mm/yyyy)."));
    const double v[4] = {p->top, p->bottom, p->left, p->right};
    static const char *const f[4] = {"margin_top", "margin_bottom", "margin_left", "margin_right"};
    for (int i = 0; i < 4; i++)
        if (!(v[i] >= 5 && v[i] <= 60))
            return refuse(err_r, field_r, f[i], _("Lề trang phải từ 5 đến 60 mm."));
    char now[32];
    clock_iso(clock_now(), now, sizeof now);
    if (db_begin_write(c->db) != 0)
        return refuse(err_r, field_r, NULL, _("Hệ thống đang bận, vui lòng thử lại."));
    db_stmt *s = db_stmt_get(c->db, &q_page_set);
    if (!s)
        goto dberr;
    db_bind_text(s, 1, p->effective_from);
    for (int i = 0; i < 4; i++)
        db_bind_double(s, 2 + i, v[i]);
    db_bind_int(s, 6, p->verified);
    db_bind_text(s, 7, p->source && *p->source ? p->source : NULL);
    db_bind_int(s, 8, c->user->id);
    db_bind_text(s, 9, now);
    if (db_exec(s) != DB_DONE)
        goto dberr;
    *field_r = NULL;
    return commit_audit(c, "layout.page_set", "docgen_page",
                        json_pack("{s:s,s:f,s:f,s:f,s:f,s:b}", "effective_from", p->effective_from,
                                  "margin_top", p->top, "margin_bottom", p->bottom, "margin_left",
                                  p->left, "margin_right", p->right, "verified", p->verified),
                        err_r);
dberr:
    db_rollback(c->db);
    return refuse(err_r, field_r, NULL, _("Không lưu được, vui lòng thử lại."));
}
