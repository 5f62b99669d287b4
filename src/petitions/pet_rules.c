/* The deadline rule table (petition_rules) and the vocabulary's labels (petitions.h). A day
 * count is data: its row says the article, working or calendar days and the dates it holds. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit/audit.h"
#include "base/clock.h"
#include "base/i18n.h"
#include "petitions/petitions_impl.h"
#include "text/vi.h"
#include "web/respond.h"
#include "web/params.h"
#include "workdays/workdays.h"

const char *const pet_kinds[] = {"complaint",  "denunciation", "recommendation",
                                 "reflection", "mixed",        NULL};
const char *const pet_channels[] = {"direct", "post", "transferred", "electronic", NULL};
const char *const pet_complexities[] = {"normal", "complex", "especially", NULL};
const char *const pet_screenings[] = {"eligible",        "anonymous",          "multiple_signers",
                                      "no_new_evidence", "outside_competence", NULL};
const char *const pet_statuses[] = {"received",    "accepted", "resolved", "returned",
                                    "transferred", "filed",    "closed",   NULL};
const char *const pet_stages[] = {"screen", "accept", "resolve", "extend", "transfer", NULL};

int pet_index(const char *const *codes, const char *s)
{
    for (int i = 0; s && codes[i]; i++)
        if (strcmp(codes[i], s) == 0)
            return i;
    return -1;
}

bool pet_protected_kind(const char *kind)
{
    return kind && (strcmp(kind, "denunciation") == 0 || strcmp(kind, "mixed") == 0);
}

static const char *pick(const char *s, const char *const *codes, const char *const *labels)
{
    int i = pet_index(codes, s);
    return i < 0 ? "" : _(labels[i]);
}

const char *pet_kind_label(const char *k)
{
    static const char *const l[] = {N_("Khiếu nại"), N_("Tố cáo"), N_("Kiến nghị"), N_("Phản ánh"),
                                    N_("Hỗn hợp (khiếu nại và tố cáo)")};
    return pick(k, pet_kinds, l);
}
const char *pet_channel_label(const char *k)
{
    static const char *const l[] = {N_("Trực tiếp"), N_("Bưu chính"), N_("Cơ quan khác chuyển đến"),
                                    N_("Điện tử")};
    return pick(k, pet_channels, l);
}
const char *pet_complexity_label(const char *k)
{
    static const char *const l[] = {N_("Thông thường"), N_("Phức tạp"), N_("Đặc biệt phức tạp")};
    return pick(k, pet_complexities, l);
}
const char *pet_screening_label(const char *k)
{
    static const char *const l[] = {
        N_("Đủ điều kiện xử lý"), N_("Nặc danh, mạo danh"), N_("Nhiều người cùng ký"),
        N_("Không có thông tin, tài liệu mới"), N_("Không thuộc thẩm quyền")};
    return k ? pick(k, pet_screenings, l) : _("Chưa phân loại");
}
const char *pet_status_label(const char *k)
{
    static const char *const l[] = {
        N_("Mới tiếp nhận"), N_("Đã thụ lý"), N_("Đã có kết quả"), N_("Trả lại, hướng dẫn"),
        N_("Đã chuyển đơn"), N_("Lưu đơn"),   N_("Đã kết thúc")};
    return pick(k, pet_statuses, l);
}
const char *pet_stage_label(const char *k)
{
    static const char *const l[] = {N_("Phân loại, xử lý đơn"), N_("Thụ lý"), N_("Giải quyết"),
                                    N_("Gia hạn"), N_("Chuyển đơn")};
    return pick(k, pet_stages, l);
}
const char *pet_handling_label(const char *k)
{
    static const char *const c[] = {"accept", "return", "transfer", NULL};
    static const char *const l[] = {N_("Thụ lý để giải quyết"), N_("Trả lại đơn và hướng dẫn"),
                                    N_("Chuyển đến cơ quan có thẩm quyền")};
    return pick(k, c, l);
}
const char *pet_reception_kind_label(const char *k)
{
    static const char *const c[] = {"regular", "scheduled", "unscheduled", NULL};
    static const char *const l[] = {N_("Thường xuyên"), N_("Định kỳ"), N_("Đột xuất")};
    return pick(k, c, l);
}

void pet_today(char out[11])
{
    clock_vn_today(out, 11);
}

const char *pet_vn_date(ctx *c, const char *iso)
{
    char buf[16];
    if (!iso || !*iso)
        return "";
    clock_date_vn(iso, buf, sizeof buf);
    return arena_strdup(c->a, buf);
}

char *pet_fold(const char *s)
{
    char *f = vi_fold_text(s ? s : "");
    if (!f && !(f = calloc(1, 1)))
        abort();
    /* Collapse runs of spaces so "Nguyễn  Văn A" and "nguyen van a" are one writer. */
    char *w = f;
    bool sp = true;
    for (const char *r = f; *r; r++) {
        if (*r == ' ' || *r == '\t' || *r == '\n' || *r == '\r') {
            if (!sp)
                *w++ = ' ';
            sp = true;
        } else {
            *w++ = *r;
            sp = false;
        }
    }
    if (w > f && w[-1] == ' ')
        w--;
    *w = '\0';
    return f;
}

const char *pet_text(ctx *c, const char *s, const char *field, const char *label, size_t max,
                     bool required, web_err *e)
{
    const char *err = NULL;
    const char *v = field_text(c, s, label, max, required, &err);
    if (err)
        web_err_add(e, 400, "invalid_input", field, err);
    return v;
}

/* ---- the table ---------------------------------------------------------------------------- */

#define RULE_COLS                                                                                  \
    "id, kind, party, complexity, remote, stage, days, day_kind, max_count, effective_from, "      \
    "effective_to, source"
/* Most specific first (each concrete column counts), then the latest in force. */
static const db_query q_find = {
    "petitions.rule_find",
    "SELECT " RULE_COLS " FROM petition_rules WHERE stage = ?1 AND kind IN ('*', ?2) AND party "
    "IN ('*', ?3) AND complexity IN ('*', ?4) AND remote IN ('*', ?5) AND effective_from <= ?6 "
    "AND (effective_to IS NULL OR effective_to >= ?6) ORDER BY (kind <> '*') + (party <> '*') + "
    "(complexity <> '*') + (remote <> '*') DESC, effective_from DESC, id DESC LIMIT 1",
    /* PostgreSQL: comparisons are booleans, summed as integers. */
    "SELECT " RULE_COLS " FROM petition_rules WHERE stage = $1 AND kind IN ('*', $2) AND party "
    "IN ('*', $3) AND complexity IN ('*', $4) AND remote IN ('*', $5) AND effective_from <= $6 "
    "AND (effective_to IS NULL OR effective_to >= $6) ORDER BY (kind <> '*')::int + (party <> "
    "'*')::int + (complexity <> '*')::int + (remote <> '*')::int DESC, effective_from DESC, id "
    "DESC LIMIT 1"};
static const db_query q_list = {
    "petitions.rule_list",
    "SELECT " RULE_COLS " FROM petition_rules ORDER BY stage, kind, party, complexity, remote, "
    "effective_from",
    NULL};
static const db_query q_get = {"petitions.rule_get",
                               "SELECT " RULE_COLS " FROM petition_rules WHERE id = ?1", NULL};
static const db_query q_insert = {
    "petitions.rule_insert",
    "INSERT INTO petition_rules (kind, party, complexity, remote, stage, days, day_kind, "
    "max_count, effective_from, effective_to, source) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, "
    "?9, ?10, ?11)",
    NULL};
static const db_query q_update = {
    "petitions.rule_update",
    "UPDATE petition_rules SET kind = ?2, party = ?3, complexity = ?4, remote = ?5, stage = ?6, "
    "days = ?7, day_kind = ?8, max_count = ?9, effective_from = ?10, effective_to = ?11, "
    "source = ?12 WHERE id = ?1",
    NULL};

static void row_read(ctx *c, db_stmt *s, pet_rule *r)
{
    r->id = db_col_int(s, 0);
    r->kind = arena_strdup(c->a, db_col_text(s, 1));
    r->party = arena_strdup(c->a, db_col_text(s, 2));
    r->complexity = arena_strdup(c->a, db_col_text(s, 3));
    r->remote = arena_strdup(c->a, db_col_text(s, 4));
    r->stage = arena_strdup(c->a, db_col_text(s, 5));
    r->days = (int)db_col_int(s, 6);
    r->day_kind = arena_strdup(c->a, db_col_text(s, 7));
    r->max_count = (int)db_col_int(s, 8);
    r->effective_from = arena_strdup(c->a, db_col_text(s, 9));
    r->effective_to = arena_strdup(c->a, db_col_text(s, 10));
    r->source = arena_strdup(c->a, db_col_text(s, 11));
}

bool pet_rule_find(ctx *c, const char *kind, bool party, const char *complexity, bool remote,
                   const char *stage, const char *date, pet_rule *out)
{
    /* A mixed letter is handled as a complaint (02-HD/TW 2021 §V.2.4). */
    const char *k = kind && strcmp(kind, "mixed") == 0 ? "complaint" : kind;
    db_stmt *s = db_stmt_get(c->db, &q_find);
    if (!s)
        return false;
    db_bind_text(s, 1, stage);
    db_bind_text(s, 2, k);
    db_bind_text(s, 3, party ? "yes" : "no");
    db_bind_text(s, 4, complexity ? complexity : "normal");
    db_bind_text(s, 5, remote ? "yes" : "no");
    db_bind_text(s, 6, date);
    bool found = db_step(s) == DB_ROW;
    if (found)
        row_read(c, s, out);
    db_reset(s);
    return found;
}

int pet_rule_due(ctx *c, const pet_rule *r, const char *from, char out[11])
{
    if (strcmp(r->day_kind, "working") == 0)
        return workdays_add(c->db, from, r->days, out);
    return workdays_date_add(from, r->days, out);
}

int pet_rules_list(ctx *c, pet_rule **rows_r)
{
    int n = 0, cap = 32;
    pet_rule *v = arena_alloc(c->a, cap * sizeof *v);
    db_stmt *s = db_stmt_get(c->db, &q_list);
    while (s && db_step(s) == DB_ROW) {
        ARENA_GROW(c->a, v, n, cap);
        row_read(c, s, &v[n++]);
    }
    if (s)
        db_reset(s);
    *rows_r = v;
    return n;
}

static json_t *rule_json(const pet_rule *r)
{
    json_t *j = json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:i, s:s, s:i, s:s, s:s}", "id",
                          (json_int_t)r->id, "kind", r->kind, "party", r->party, "complexity",
                          r->complexity, "remote", r->remote, "stage", r->stage, "days", r->days,
                          "day_kind", r->day_kind, "max_count", r->max_count, "effective_from",
                          r->effective_from, "source", r->source ? r->source : "");
    json_object_set_new(j, "effective_to",
                        r->effective_to ? json_string(r->effective_to) : json_null());
    return j;
}

int64_t pet_rule_save(ctx *c, const pet_rule *in, web_err *e)
{
    static const char *const kinds[] = {"*",          "complaint", "denunciation", "recommendation",
                                        "reflection", NULL};
    static const char *const yn[] = {"*", "yes", "no", NULL};
    static const char *const cx[] = {"*", "normal", "complex", "especially", NULL};
    static const char *const dk[] = {"working", "calendar", NULL};
    if (!c->user || c->user->role != ROLE_ADMIN) {
        web_err_add(e, 403, "forbidden", NULL, _("Chỉ quản trị hệ thống sửa bảng thời hạn."));
        return -1;
    }
    if (pet_index(kinds, in->kind) < 0)
        web_err_add(e, 400, "invalid_input", "kind", _("Loại đơn không hợp lệ."));
    if (pet_index(yn, in->party) < 0)
        web_err_add(e, 400, "invalid_input", "party",
                    _("Giá trị «liên quan đảng viên» không hợp lệ."));
    if (pet_index(cx, in->complexity) < 0)
        web_err_add(e, 400, "invalid_input", "complexity", _("Mức độ phức tạp không hợp lệ."));
    if (pet_index(yn, in->remote) < 0)
        web_err_add(e, 400, "invalid_input", "remote",
                    _("Giá trị «vùng sâu, vùng xa» không hợp lệ."));
    if (pet_index(pet_stages, in->stage) < 0)
        web_err_add(e, 400, "invalid_input", "stage", _("Giai đoạn không hợp lệ."));
    if (in->days < 0 || in->days > 400)
        web_err_add(e, 400, "invalid_input", "days", _("Số ngày phải từ 0 đến 400."));
    if (pet_index(dk, in->day_kind) < 0)
        web_err_add(e, 400, "invalid_input", "day_kind",
                    _("Hãy chọn ngày làm việc hoặc ngày lịch."));
    if (in->max_count < 0 || in->max_count > 5)
        web_err_add(e, 400, "invalid_input", "max_count", _("Số lần gia hạn phải từ 0 đến 5."));
    if (!param_date(in->effective_from))
        web_err_add(e, 400, "invalid_input", "effective_from",
                    _("Ngày hiệu lực phải là ngày hợp lệ (YYYY-MM-DD)."));
    if (in->effective_to && *in->effective_to &&
        (!param_date(in->effective_to) ||
         (in->effective_from && strcmp(in->effective_to, in->effective_from) < 0)))
        web_err_add(e, 400, "invalid_input", "effective_to",
                    _("Ngày hết hiệu lực phải là ngày hợp lệ, không trước ngày hiệu lực."));
    if (in->source && strlen(in->source) > PET_MAX_SHORT)
        web_err_add(e, 400, "invalid_input", "source", _("Căn cứ quá dài (tối đa 300 ký tự)."));
    if (e->n)
        return -1;
    if (in->id > 0) {
        db_stmt *g = db_stmt_get(c->db, &q_get);
        bool found = false;
        if (g) {
            db_bind_int(g, 1, in->id);
            found = db_step(g) == DB_ROW;
            db_reset(g);
        }
        if (!found) {
            web_err_add(e, 404, "not_found", NULL, _("Không tìm thấy quy tắc."));
            return -1;
        }
    }
    if (db_begin_write(c->db) != 0) {
        web_err_add(e, 503, "busy", NULL, _(PET_MSG_BUSY));
        return -1;
    }
    db_stmt *s = db_stmt_get(c->db, in->id > 0 ? &q_update : &q_insert);
    if (!s)
        return web_err_rollback(c, e);
    int o = in->id > 0 ? 1 : 0;
    if (o)
        db_bind_int(s, 1, in->id);
    db_bind_text(s, 1 + o, in->kind);
    db_bind_text(s, 2 + o, in->party);
    db_bind_text(s, 3 + o, in->complexity);
    db_bind_text(s, 4 + o, in->remote);
    db_bind_text(s, 5 + o, in->stage);
    db_bind_int(s, 6 + o, in->days);
    db_bind_text(s, 7 + o, in->day_kind);
    db_bind_int(s, 8 + o, in->max_count);
    db_bind_text(s, 9 + o, in->effective_from);
    db_bind_text(s, 10 + o, in->effective_to && *in->effective_to ? in->effective_to : NULL);
    db_bind_text(s, 11 + o, in->source ? in->source : "");
    if (db_exec(s) != DB_DONE)
        return web_err_rollback(c, e);
    int64_t id = in->id > 0 ? in->id : db_last_id(c->db);
    pet_rule saved = *in;
    saved.id = id;
    if (audit_commit(c->db, c->user, "petition_rule.save", "petition_rule", id,
                     rule_json(&saved)) != 0) {
        web_err_db(c, e);
        return -1;
    }
    return id;
}
