/* The period report's figures (petitions_report_values), reminders before, on and after each
 * deadline, and the module's start-up hooks (petitions.h). */
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit/audit.h"
#include "base/clock.h"
#include "base/i18n.h"
#include "jobs/jobs.h"
#include "notify/notify.h"
#include "org/org.h"
#include "petitions/petitions_impl.h"
#include "reporting/reporting.h"
#include "rules/rules.h"
#include "workdays/workdays.h"

static const db_query q_pet_figures = {
    "petitions.report_letters",
    "SELECT count(*), sum(kind = 'complaint'), sum(kind = 'denunciation'), sum(kind = "
    "'recommendation'), sum(kind = 'reflection'), sum(kind = 'mixed'), sum(party_related), "
    "sum(handling = 'accept'), sum(handling = 'return'), sum(handling = 'transfer'), "
    "sum(handling = 'file'), sum(screening IS NOT NULL AND "
    "screening <> 'eligible'), sum(repeat_of IS NOT NULL) FROM petitions WHERE unit_id IN "
    "(SELECT value FROM json_each(?1)) AND received_on BETWEEN ?2 AND ?3",
    NULL};
/* Resolved in the period: on time or late; outstanding at its end: accepted or received and
 * not finished by then, with those past their deadline. */
static const db_query q_pet_deadlines = {
    "petitions.report_deadlines",
    "SELECT sum(result_on BETWEEN ?2 AND ?3), sum(result_on BETWEEN ?2 AND ?3 AND result_on <= "
    "due_resolve), sum(result_on BETWEEN ?2 AND ?3 AND result_on > due_resolve), "
    "sum(received_on <= ?3 AND status IN ('received', 'accepted')), sum(received_on <= ?3 AND "
    "((status = 'received' AND coalesce(due_accept, due_screen) < ?3) OR (status = 'accepted' "
    "AND due_resolve < ?3))), (SELECT count(*) FROM petition_extensions x JOIN petitions q ON "
    "q.id = x.petition_id WHERE q.unit_id IN (SELECT value FROM json_each(?1)) AND x.decided_on "
    "BETWEEN ?2 AND ?3) FROM petitions WHERE unit_id IN (SELECT value FROM json_each(?1))",
    NULL};
static const db_query q_rec_figures = {
    "petitions.report_reception",
    "SELECT count(*), coalesce(sum(n_people), 0), sum(n_people >= ?4), sum(reception_kind = "
    "'regular'), sum(handling = 'accept'), sum(handling = 'return'), sum(handling = 'transfer') "
    "FROM reception_entries WHERE unit_id IN (SELECT value FROM json_each(?1)) AND day BETWEEN "
    "?2 AND ?3",
    NULL};
static const db_query q_sess_figures = {
    "petitions.report_sessions",
    "SELECT count(DISTINCT s.day || '/' || s.head_id), count(DISTINCT CASE WHEN s.kind = "
    "'scheduled' THEN s.day || '/' || s.head_id END), count(DISTINCT CASE WHEN s.kind = "
    "'unscheduled' THEN s.day || '/' || s.head_id END), sum(s.delegation_id IS NOT NULL) FROM "
    "reception_sessions s JOIN reception_heads h ON h.id = s.head_id WHERE s.held = 1 AND "
    "s.kind <> 'regular' AND h.unit_id IN (SELECT value FROM json_each(?1)) AND s.day BETWEEN ?2 "
    "AND ?3",
    NULL};

static const struct {
    const char *code, *label;
} codes[] = {
    {"TD_SO_NGAY_TIEP", N_("Số ngày người đứng đầu tiếp công dân")},
    {"TD_DINH_KY", N_("Trong đó: tiếp định kỳ")},
    {"TD_DOT_XUAT", N_("Trong đó: tiếp đột xuất")},
    {"TD_UY_QUYEN", N_("Số buổi tiếp do người được ủy quyền")},
    {"TD_SO_LUOT_TIEP", N_("Số lượt tiếp công dân")},
    {"TD_SO_NGUOI", N_("Số người được tiếp")},
    {"TD_DOAN_DONG_NGUOI", N_("Số đoàn đông người")},
    {"TD_THUONG_XUYEN", N_("Số lượt tiếp thường xuyên")},
    {"TD_THU_LY", N_("Tiếp dân: thụ lý để giải quyết")},
    {"TD_TRA_LAI_HUONG_DAN", N_("Tiếp dân: trả lại đơn và hướng dẫn")},
    {"TD_CHUYEN", N_("Tiếp dân: chuyển cơ quan có thẩm quyền")},
    {"DON_TONG", N_("Tổng số đơn nhận")},
    {"DON_KHIEU_NAI", N_("Đơn khiếu nại")},
    {"DON_TO_CAO", N_("Đơn tố cáo")},
    {"DON_KIEN_NGHI", N_("Đơn kiến nghị")},
    {"DON_PHAN_ANH", N_("Đơn phản ánh")},
    {"DON_HON_HOP", N_("Đơn hỗn hợp")},
    {"DON_DANG_VIEN", N_("Đơn liên quan đảng viên, tổ chức đảng")},
    {"DON_THU_LY", N_("Đơn đã thụ lý")},
    {"DON_TRA_LAI", N_("Đơn trả lại, hướng dẫn")},
    {"DON_CHUYEN", N_("Đơn chuyển cơ quan có thẩm quyền")},
    {"DON_LUU", N_("Đơn lưu")},
    {"DON_KHONG_DU_DK", N_("Đơn không đủ điều kiện xử lý")},
    {"DON_TRUNG_LAP", N_("Đơn trùng, tái diễn")},
    {"DON_DA_GIAI_QUYET", N_("Đơn đã giải quyết trong kỳ")},
    {"DON_DUNG_HAN", N_("Giải quyết đúng hạn")},
    {"DON_QUA_HAN", N_("Giải quyết quá hạn")},
    {"DON_TON", N_("Đơn còn tồn cuối kỳ")},
    {"DON_TON_QUA_HAN", N_("Trong đó: đã quá hạn")},
    {"DON_GIA_HAN", N_("Số lần gia hạn trong kỳ")},
};
#define N_CODES (sizeof codes / sizeof codes[0])

static int fill(db_stmt *s, pet_value *v, int at, int n)
{
    if (db_step(s) == DB_ROW)
        for (int i = 0; i < n; i++)
            v[at + i].value = db_col_int(s, i);
    db_reset(s);
    return at + n;
}

int petitions_report_values(ctx *c, int64_t unit_id, const char *from, const char *to,
                            pet_value **values_r)
{
    pet_value *v = arena_alloc(c->a, N_CODES * sizeof *v);
    for (size_t i = 0; i < N_CODES; i++) {
        v[i].code = codes[i].code;
        v[i].label = _(codes[i].label);
    }
    *values_r = v;
    if (!c->user || c->user->role == ROLE_ADMIN)
        return (int)N_CODES;
    const char *scope = org_scope_json(c);
    if (unit_id > 0) {
        if (!org_unit_in_scope(c, unit_id))
            return (int)N_CODES;
        scope = arena_printf(c->a, "[%lld]", (long long)unit_id);
    }
    int at = 0;
    const db_query *qs[] = {&q_sess_figures, &q_rec_figures, &q_pet_figures, &q_pet_deadlines};
    const int widths[] = {4, 7, 13, 6};
    for (int k = 0; k < 4; k++) {
        db_stmt *s = db_stmt_get(c->db, qs[k]);
        if (!s)
            return -1;
        db_bind_text(s, 1, scope);
        db_bind_text(s, 2, from);
        db_bind_text(s, 3, to);
        if (qs[k] == &q_rec_figures)
            db_bind_int(s, 4, rules_int(c->db, "petitions.mass_people", to));
        at = fill(s, v, at, widths[k]);
    }
    return (int)N_CODES;
}

static const db_query q_heads = {
    "petitions.report_heads",
    "SELECT u.name, un.name, h.level, count(DISTINCT s.day), count(DISTINCT CASE WHEN "
    "s.delegation_id IS NOT NULL THEN s.day END), (SELECT count(*) FROM reception_entries e JOIN "
    "reception_sessions s2 ON s2.id = e.session_id WHERE s2.head_id = h.id AND e.day BETWEEN ?2 "
    "AND ?3), (SELECT coalesce(sum(e.n_people), 0) FROM reception_entries e JOIN "
    "reception_sessions s2 ON s2.id = e.session_id WHERE s2.head_id = h.id AND e.day BETWEEN ?2 "
    "AND ?3) FROM reception_heads h JOIN users u ON u.id = h.user_id JOIN units un ON un.id = "
    "h.unit_id LEFT JOIN reception_sessions s ON s.head_id = h.id AND s.held = 1 AND s.kind <> "
    "'regular' AND s.day BETWEEN ?2 AND ?3 WHERE h.active = 1 AND h.unit_id IN (SELECT value "
    "FROM json_each(?1)) GROUP BY h.id ORDER BY h.level DESC, un.name",
    /* PostgreSQL: the joined names are grouped too (only h's own columns follow from h.id). */
    "SELECT u.name, un.name, h.level, count(DISTINCT s.day), count(DISTINCT CASE WHEN "
    "s.delegation_id IS NOT NULL THEN s.day END), (SELECT count(*) FROM reception_entries e JOIN "
    "reception_sessions s2 ON s2.id = e.session_id WHERE s2.head_id = h.id AND e.day BETWEEN $2 "
    "AND $3), (SELECT coalesce(sum(e.n_people), 0) FROM reception_entries e JOIN "
    "reception_sessions s2 ON s2.id = e.session_id WHERE s2.head_id = h.id AND e.day BETWEEN $2 "
    "AND $3) FROM reception_heads h JOIN users u ON u.id = h.user_id JOIN units un ON un.id = "
    "h.unit_id LEFT JOIN reception_sessions s ON s.head_id = h.id AND s.held = 1 AND s.kind <> "
    "'regular' AND s.day BETWEEN $2 AND $3 WHERE h.active = 1 AND h.unit_id IN (SELECT "
    "value::bigint FROM json_array_elements_text(($1)::json) AS j(value)) GROUP BY h.id, u.name, "
    "un.name ORDER BY h.level DESC, un.name"};

int petitions_report_heads(ctx *c, const char *from, const char *to, pet_head_figure **rows_r)
{
    int n = 0, cap = 8;
    pet_head_figure *v = arena_alloc(c->a, cap * sizeof *v);
    db_stmt *s = c->user ? db_stmt_get(c->db, &q_heads) : NULL;
    if (s) {
        db_bind_text(s, 1, org_scope_json(c));
        db_bind_text(s, 2, from);
        db_bind_text(s, 3, to);
        while (db_step(s) == DB_ROW) {
            ARENA_GROW(c->a, v, n, cap);
            pet_head_figure *h = &v[n++];
            h->name = arena_strdup(c->a, db_col_text(s, 0));
            h->unit_name = arena_strdup(c->a, db_col_text(s, 1));
            h->level = arena_strdup(c->a, db_col_text(s, 2));
            h->days = (int)db_col_int(s, 3);
            h->delegated = (int)db_col_int(s, 4);
            h->visits = (int)db_col_int(s, 5);
            h->people = (int)db_col_int(s, 6);
        }
        db_reset(s);
    }
    *rows_r = v;
    return n;
}

/* ---- reminders -------------------------------------------------------------------------- */

static const db_query q_open = {
    "petitions.remind_open",
    "SELECT id, unit_id, coalesce(handler_id, 0), number, year, kind, status, CASE WHEN status = "
    "'accepted' THEN due_resolve ELSE coalesce(due_accept, due_screen) END AS due FROM petitions "
    "WHERE status IN ('received', 'accepted') AND due IS NOT NULL AND due <= ?1",
    /* PostgreSQL: the alias "due" cannot be used in WHERE; the same in a subquery. */
    "SELECT * FROM (SELECT id, unit_id, coalesce(handler_id, 0), number, year, kind, status, "
    "CASE WHEN status = 'accepted' THEN due_resolve ELSE coalesce(due_accept, due_screen) END "
    "AS due FROM petitions WHERE status IN ('received', 'accepted')) AS v WHERE due IS NOT NULL "
    "AND due <= $1"};
static const db_query q_sent = {
    "petitions.remind_sent",
    "INSERT OR IGNORE INTO petition_reminders (petition_id, stage, due, kind, sent_at) VALUES "
    "(?1, ?2, ?3, ?4, ?5)",
    NULL};

typedef struct due_row {
    int64_t id, unit_id, handler_id;
    int number, year;
    char kind[24], status[16], due[11];
} due_row;

int pet_remind(db *d, const char *today)
{
    int before = (int)rules_int(d, PET_KEY_REMIND_BEFORE, today);
    char horizon[11];
    if (workdays_add(d, today, before, horizon) != 0)
        return 0;
    db_stmt *s = db_stmt_get(d, &q_open);
    if (!s)
        return 0;
    int n = 0, cap = 64;
    due_row *rows = malloc(cap * sizeof *rows);
    if (!rows)
        abort();
    db_bind_text(s, 1, horizon);
    while (db_step(s) == DB_ROW) {
        if (n == cap) {
            cap *= 2;
            rows = realloc(rows, cap * sizeof *rows);
            if (!rows)
                abort();
        }
        due_row *r = &rows[n++];
        r->id = db_col_int(s, 0);
        r->unit_id = db_col_int(s, 1);
        r->handler_id = db_col_int(s, 2);
        r->number = (int)db_col_int(s, 3);
        r->year = (int)db_col_int(s, 4);
        snprintf(r->kind, sizeof r->kind, "%s", db_col_text(s, 5));
        snprintf(r->status, sizeof r->status, "%s", db_col_text(s, 6));
        snprintf(r->due, sizeof r->due, "%s", db_col_text(s, 7));
    }
    db_reset(s);
    int sent = 0;
    if (n == 0 || db_begin_write(d) != 0) {
        free(rows);
        return 0;
    }
    char now[32];
    clock_iso(clock_now(), now, sizeof now);
    for (int i = 0; i < n; i++) {
        due_row *r = &rows[i];
        int cmp = strcmp(today, r->due);
        const char *kind = cmp < 0 ? "before" : cmp == 0 ? "on" : "overdue";
        db_stmt *w = db_stmt_get(d, &q_sent);
        if (!w)
            break;
        db_bind_int(w, 1, r->id);
        db_bind_text(w, 2, r->status);
        db_bind_text(w, 3, r->due);
        db_bind_text(w, 4, kind);
        db_bind_text(w, 5, now);
        if (db_exec(w) != DB_DONE || db_changes(d) != 1)
            continue;
        char due_vn[16], text[300];
        clock_date_vn(r->due, due_vn, sizeof due_vn);
        /* The number and the kind of letter only: a reminder never names its writer. */
        snprintf(text, sizeof text,
                 cmp < 0    ? _("Đơn số %04d/%d (%s) sắp đến hạn %s.")
                 : cmp == 0 ? _("Đơn số %04d/%d (%s) đến hạn hôm nay %s.")
                            : _("Đơn số %04d/%d (%s) đã quá hạn %s."),
                 r->number, r->year, pet_kind_label(r->kind), due_vn);
        int rc =
            r->handler_id
                ? notify_user(d, r->handler_id,
                              cmp > 0 ? "petitions." NOTIFY_OVERDUE : "petitions." NOTIFY_DUE_SOON,
                              NULL, r->id, text)
                : notify_unit_role(d, org_register_unit(d, r->unit_id), ROLE_OFFICE_LEADER,
                                   cmp > 0 ? "petitions." NOTIFY_OVERDUE
                                           : "petitions." NOTIFY_DUE_SOON,
                                   NULL, r->id, text);
        if (rc == 0)
            sent++;
    }
    free(rows);
    if (db_commit(d) != 0)
        return 0;
    return sent;
}

/* ---- start-up ---------------------------------------------------------------------------- */

static const rule_def rule_quota_province = {
    PET_KEY_QUOTA_PROVINCE,
    RULE_INT,
    "1",
    0,
    31,
    NULL,
    N_("Người đứng đầu cấp tỉnh tiếp công dân định kỳ ít nhất (ngày/tháng)"),
    "11-QĐi/TW, sửa đổi bởi KL 215-KL/TW (23/11/2025)"};
static const rule_def rule_quota_commune = {
    PET_KEY_QUOTA_COMMUNE,
    RULE_INT,
    "2",
    0,
    31,
    NULL,
    N_("Người đứng đầu cấp xã tiếp công dân định kỳ ít nhất (ngày/tháng)"),
    "11-QĐi/TW, sửa đổi bởi KL 215-KL/TW (23/11/2025)"};
static const rule_def rule_remind = {PET_KEY_REMIND_BEFORE,
                                     RULE_INT,
                                     "3",
                                     0,
                                     30,
                                     NULL,
                                     N_("Nhắc hạn xử lý đơn trước (ngày làm việc)"),
                                     "Mặc định của hệ thống (chưa có quy định)"};
static const rule_def rule_mass = {"petitions.mass_people",
                                   RULE_INT,
                                   "5",
                                   2,
                                   1000,
                                   NULL,
                                   N_("Đoàn đông người: từ (người)"),
                                   "TT 04/2021/TT-TTCP (chưa kiểm chứng)"};

static bool audit_may_see(ctx *c, const audit_row *row)
{
    return row->entity_id > 0 && pet_get(c, row->entity_id) != NULL;
}

/* The reporting regime's source "petitions" (reporting.h): this unit's figures for the report's
 * data window, the same numbers as the petitions report shows. Which code fills which
 * indicator is the report type's data ("petitions:TD_SO_LUOT_TIEP"). */
static int report_source_fill(ctx *c, int64_t unit_id, const char *from, const char *to,
                              int64_t ref, json_t *out, web_err *e)
{
    (void)ref; /* one book per unit: nothing to pick */
    pet_value *v;
    int n = petitions_report_values(c, unit_id, from, to, &v);
    if (n < 0) {
        web_err_add(e, 500, "internal", NULL, _("Không đọc được sổ tiếp dân, đơn thư."));
        return -1;
    }
    for (int i = 0; i < n; i++)
        json_object_set_new(out, v[i].code, json_integer((json_int_t)v[i].value));
    return 0;
}

static const rep_source report_source = {"petitions", N_("Lấy số liệu từ sổ tiếp dân, đơn thư"),
                                         report_source_fill, NULL};

/* Reminders come from the workers' idle time, at most once a minute (the sweep is idempotent:
 * each (letter, stage, due date, kind) is recorded once), so a handler is told that a letter is
 * due even when nobody opens the list. */
static int remind_idle(db *d)
{
    static _Atomic int64_t last;
    int64_t now = clock_now(), prev = atomic_load(&last);
    if (now - prev < 60 || !atomic_compare_exchange_strong(&last, &prev, now))
        return 0;
    char today[11];
    pet_today(today);
    pet_remind(d, today);
    return 0;
}

void petitions_init(void)
{
    reporting_source_register(&report_source);
    rules_declare(&rule_quota_province);
    rules_declare(&rule_quota_commune);
    rules_declare(&rule_remind);
    rules_declare(&rule_mass);
    audit_register_entity("petition", audit_may_see);
    /* A reminder or an assignment opens the letter (whose page checks who may see it). */
    notify_link_register("petitions", "/petitions/");
    pet_ocr_init();
    jobs_add_tick(remind_idle);
}
