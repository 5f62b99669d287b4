/* Đảng phí: the due of a member's month from the rate tables, the rounding rule, the rate
 * tables' editing, the rule keys (partyfees.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "audit/audit.h"
#include "base/clock.h"
#include "base/i18n.h"
#include "db/db.h"
#include "partyfees/partyfees.h"
#include "partyfees/pf_impl.h"
#include "rules/rules.h"
#include "web/params.h"

static const rule_def r_round = {"partyfees.round_unit",
                                 RULE_INT,
                                 "1",
                                 1,
                                 10000,
                                 NULL,
                                 N_("Làm tròn đảng phí đến (đồng; làm tròn nửa lên)"),
                                 N_("Mặc định [01-QĐ/TW không quy định cách làm tròn]")};
static const rule_def r_maxred = {"partyfees.max_reduction_months",
                                  RULE_INT,
                                  "12",
                                  1,
                                  60,
                                  NULL,
                                  N_("Thời hạn miễn, giảm đảng phí tối đa (tháng)"),
                                  N_("Quy định 01-QĐ/TW")};
static const rule_def r_flag = {"partyfees.unpaid_flag_months",
                                RULE_INT,
                                "3",
                                1,
                                12,
                                NULL,
                                N_("Số tháng không đóng đảng phí trong năm thì cảnh báo"),
                                N_("Điều lệ Đảng; Quy định 01-QĐ/TW")};
static const rule_def r_age = {"partyfees.exempt_party_age_years",
                               RULE_INT,
                               "50",
                               1,
                               100,
                               NULL,
                               N_("Tuổi Đảng được miễn đóng đảng phí (năm)"),
                               N_("Quy định 01-QĐ/TW")};

void partyfees_init(void)
{
    rules_declare(&r_round);
    rules_declare(&r_maxred);
    rules_declare(&r_flag);
    rules_declare(&r_age);
}

int64_t pf_round_share(int64_t x, int64_t num, int64_t den, int64_t unit)
{
    if (unit < 1)
        unit = 1;
    if (x <= 0 || num <= 0 || den <= 0)
        return 0;
    /* x ≤ 1e10 đồng and num ≤ 1e4: the product stays far inside int64 */
    int64_t d = den * unit;
    return (x * num + d / 2) / d * unit;
}

bool pf_month_valid(const char *m)
{
    if (!m || strlen(m) != 7 || m[4] != '-')
        return false;
    for (int i = 0; i < 7; i++)
        if (i != 4 && (m[i] < '0' || m[i] > '9'))
            return false;
    int y = atoi(m), mo = atoi(m + 5);
    return y >= 1930 && y <= 2099 && mo >= 1 && mo <= 12;
}

const char *pf_channel_label(const char *code)
{
    if (!code || !*code)
        return "";
    if (strcmp(code, "DVCQG") == 0)
        return _("Cổng Dịch vụ công quốc gia");
    if (strcmp(code, "TIEN_MAT") == 0)
        return _("Tiền mặt");
    if (strcmp(code, "CHUYEN_KHOAN") == 0)
        return _("Chuyển khoản");
    return _("Không rõ");
}

const char *pf_money(ctx *c, int64_t v)
{
    char raw[32], out[48];
    snprintf(raw, sizeof raw, "%lld", (long long)(v < 0 ? -v : v));
    size_t n = strlen(raw), o = 0;
    if (v < 0)
        out[o++] = '-';
    for (size_t i = 0; i < n; i++) {
        if (i && (n - i) % 3 == 0)
            out[o++] = '.';
        out[o++] = raw[i];
    }
    out[o] = 0;
    return arena_strdup(c->a, out);
}

static const db_query q_due = {
    "partyfees.due",
    "SELECT m.fee_category, m.fee_basis, m.admitted_on, r.basis, r.rate_bp, r.fixed_amount, "
    "(SELECT w.amount FROM fee_min_wages w WHERE w.region = m.wage_region AND "
    " w.effective_from <= ?2 AND (w.effective_to IS NULL OR w.effective_to >= ?2) "
    " ORDER BY w.effective_from DESC LIMIT 1), "
    "(SELECT MAX(x.reduction_pct) FROM fee_exemptions x WHERE x.member_id = m.id AND "
    " x.from_month <= ?3 AND x.to_month >= ?3) "
    "FROM party_members m LEFT JOIN fee_rates r ON r.category = m.fee_category AND "
    "r.effective_from <= ?2 AND (r.effective_to IS NULL OR r.effective_to >= ?2) "
    "WHERE m.id = ?1 ORDER BY r.effective_from DESC LIMIT 1",
    NULL};

pf_due pf_member_due(db *d, int64_t member_id, const char *month)
{
    pf_due out = {.no_rate = true};
    char first[16];
    snprintf(first, sizeof first, "%.7s-01", month);
    db_stmt *s = db_stmt_get(d, &q_due);
    if (!s)
        return out;
    db_bind_int(s, 1, member_id);
    db_bind_text(s, 2, first);
    db_bind_text(s, 3, month);
    if (db_step(s) != DB_ROW) {
        db_reset(s);
        return out;
    }
    const char *basis = db_col_text(s, 3);
    int64_t amount = db_col_int(s, 1), bp = db_col_int(s, 4), fixed = db_col_int(s, 5);
    int64_t wage = db_col_int(s, 6);
    int red = (int)db_col_int(s, 7);
    char admitted[16] = "";
    snprintf(admitted, sizeof admitted, "%s", db_col_text(s, 2) ? db_col_text(s, 2) : "");
    char basis_s[24] = "";
    if (basis)
        snprintf(basis_s, sizeof basis_s, "%s", basis);
    db_reset(s);
    if (!*basis_s)
        return out;
    out.no_rate = false;
    int64_t unit = rules_int(d, "partyfees.round_unit", first);
    if (strcmp(basis_s, "FIXED") == 0)
        out.base = fixed;
    else if (strcmp(basis_s, "MIN_WAGE_REGION") == 0)
        out.base = pf_round_share(wage, bp, 10000, unit);
    else if (strcmp(basis_s, "NONE") == 0)
        out.base = 0;
    else
        out.base = pf_round_share(amount, bp, 10000, unit);
    /* Party age: a member admitted `age` years before the month's end is exempt. */
    int64_t age = rules_int(d, "partyfees.exempt_party_age_years", first);
    if (strlen(admitted) == 10) {
        char jubilee[16];
        snprintf(jubilee, sizeof jubilee, "%04d%s", atoi(admitted) + (int)age, admitted + 4);
        char last[16];
        snprintf(last, sizeof last, "%.7s-31", month);
        if (strcmp(jubilee, last) <= 0)
            red = 100;
    }
    out.reduction = red;
    out.due = red >= 100 ? 0 : out.base - pf_round_share(out.base, red, 100, unit);
    return out;
}

/* ---- the rate tables ---- */

static const db_query q_rates = {
    "partyfees.rates",
    "SELECT 'rate', category, basis, CASE basis WHEN 'FIXED' THEN fixed_amount ELSE rate_bp END, "
    "effective_from, COALESCE(effective_to, ''), source FROM fee_rates "
    "UNION ALL SELECT 'wage', CAST(region AS TEXT), '', amount, effective_from, "
    "COALESCE(effective_to, ''), source FROM fee_min_wages "
    "UNION ALL SELECT 'retention', org_kind, '', keep_pct, effective_from, "
    "COALESCE(effective_to, ''), source FROM fee_retention ORDER BY 1, 2, 5",
    NULL};

int pf_rates(ctx *c, pf_rate_row **rows_r)
{
    db_stmt *s = db_stmt_get(c->db, &q_rates);
    *rows_r = NULL;
    if (!s)
        return -1;
    int n = 0, cap = 64;
    pf_rate_row *v = arena_alloc(c->a, sizeof *v * (size_t)cap);
    while (n < cap && db_step(s) == DB_ROW) {
        v[n].kind = arena_strdup(c->a, db_col_text(s, 0));
        v[n].key = arena_strdup(c->a, db_col_text(s, 1));
        v[n].basis = arena_strdup(c->a, db_col_text(s, 2));
        v[n].value = db_col_int(s, 3);
        v[n].effective_from = arena_strdup(c->a, db_col_text(s, 4));
        v[n].effective_to = arena_strdup(c->a, db_col_text(s, 5));
        v[n].source = arena_strdup(c->a, db_col_text(s, 6));
        n++;
    }
    db_reset(s);
    *rows_r = v;
    return n;
}

/* One statement pair per table: close the row in force, insert the new one. */
static const db_query q_close_rate = {
    "partyfees.close_rate",
    "UPDATE fee_rates SET effective_to = date(?2, '-1 day') WHERE category = ?1 AND "
    "effective_from < ?2 AND (effective_to IS NULL OR effective_to >= ?2)",
    NULL};
static const db_query q_add_rate = {
    "partyfees.add_rate",
    "INSERT INTO fee_rates (category, basis, rate_bp, fixed_amount, effective_from, "
    "effective_to, source) SELECT ?1, basis, CASE basis WHEN 'FIXED' THEN 0 ELSE ?3 END, "
    "CASE basis WHEN 'FIXED' THEN ?3 ELSE 0 END, ?2, NULL, ?4 FROM fee_rates WHERE category = ?1 "
    "ORDER BY effective_from DESC LIMIT 1",
    NULL};
static const db_query q_close_wage = {
    "partyfees.close_wage",
    "UPDATE fee_min_wages SET effective_to = date(?2, '-1 day') WHERE region = CAST(?1 AS "
    "INTEGER) AND effective_from < ?2 AND (effective_to IS NULL OR effective_to >= ?2)",
    NULL};
static const db_query q_add_wage = {
    "partyfees.add_wage",
    "INSERT INTO fee_min_wages (region, amount, effective_from, source) "
    "VALUES (CAST(?1 AS INTEGER), ?3, ?2, ?4)",
    NULL};
static const db_query q_close_ret = {
    "partyfees.close_retention",
    "UPDATE fee_retention SET effective_to = date(?2, '-1 day') WHERE org_kind = ?1 AND "
    "effective_from < ?2 AND (effective_to IS NULL OR effective_to >= ?2)",
    NULL};
static const db_query q_add_ret = {
    "partyfees.add_retention",
    "INSERT INTO fee_retention (org_kind, keep_pct, effective_from, source) "
    "VALUES (?1, ?3, ?2, ?4)",
    NULL};

int pf_rate_set(ctx *c, const char *kind, const char *key, int64_t value,
                const char *effective_from, const char *source, web_err *e)
{
    if (!c->user || c->user->role != ROLE_ADMIN) {
        web_err_add(e, 403, "forbidden", NULL, _("Chỉ quản trị hệ thống sửa bảng mức đảng phí."));
        return -1;
    }
    int k = !kind                            ? -1
            : strcmp(kind, "rate") == 0      ? 0
            : strcmp(kind, "wage") == 0      ? 1
            : strcmp(kind, "retention") == 0 ? 2
                                             : -1;
    static const char *const cats[] = {"BHXH",
                                       "OM_DAU_THAI_SAN",
                                       "HUU_TRI",
                                       "NGOAI_BHXH_DUOI_TUOI_HUU",
                                       "NGOAI_BHXH_TREN_TUOI_HUU",
                                       "HOC_SINH_SINH_VIEN",
                                       "MIEN",
                                       NULL};
    static const char *const regions[] = {"1", "2", "3", "4", NULL};
    static const char *const kinds[] = {"CHI_BO", "CO_SO_XA", "CO_SO_KHAC", "TREN_CO_SO", NULL};
    const char *const *keys = k == 0 ? cats : k == 1 ? regions : kinds;
    bool key_ok = false;
    for (int i = 0; k >= 0 && key && keys[i]; i++)
        key_ok |= strcmp(key, keys[i]) == 0;
    if (k < 0)
        web_err_add(e, 400, "invalid_input", "kind",
                    _("Chọn bảng: mức đóng, lương tối thiểu vùng "
                      "hoặc tỷ lệ trích giữ lại."));
    else if (!key_ok)
        web_err_add(e, 400, "invalid_input", "key",
                    _("Đối tượng, vùng hoặc loại tổ chức không hợp lệ."));
    int64_t hi = k == 0 ? 10000000 : k == 1 ? 100000000 : 100;
    if (value < 0 || value > hi || (k == 1 && value == 0))
        web_err_add(e, 400, "invalid_input", "value", _("Giá trị ngoài khoảng cho phép."));
    if (!effective_from || !param_date(effective_from))
        web_err_add(e, 400, "invalid_input", "effective_from", _("Ngày áp dụng không hợp lệ."));
    if (e->n)
        return -1;
    if (db_begin_write(c->db) != 0) {
        web_err_add(e, 503, "busy", NULL, _("Cơ sở dữ liệu đang bận, vui lòng thử lại."));
        return -1;
    }
    const db_query *qc = k == 0 ? &q_close_rate : k == 1 ? &q_close_wage : &q_close_ret;
    const db_query *qa = k == 0 ? &q_add_rate : k == 1 ? &q_add_wage : &q_add_ret;
    db_stmt *s = db_stmt_get(c->db, qc);
    if (!s)
        return web_err_rollback(c, e);
    db_bind_text(s, 1, key);
    db_bind_text(s, 2, effective_from);
    if (db_exec(s) != DB_DONE)
        return web_err_rollback(c, e);
    s = db_stmt_get(c->db, qa);
    if (!s)
        return web_err_rollback(c, e);
    db_bind_text(s, 1, key);
    db_bind_text(s, 2, effective_from);
    db_bind_int(s, 3, value);
    db_bind_text(s, 4, source ? source : "");
    int rc = db_exec(s);
    if (rc == DB_CONSTRAINT) {
        db_rollback(c->db);
        web_err_add(e, 409, "duplicate", "effective_from",
                    _("Đã có mức áp dụng từ ngày này; chọn ngày khác."));
        return -1;
    }
    if (rc != DB_DONE)
        return web_err_rollback(c, e);
    if (audit_commit(c->db, c->user, "partyfees.rate_set", "fee_rate", db_last_id(c->db),
                     json_pack("{s:s, s:s, s:I, s:s}", "kind", kind, "key", key, "value",
                               (json_int_t)value, "effective_from", effective_from)) != 0) {
        web_err_db(c, e);
        return -1;
    }
    return 0;
}
