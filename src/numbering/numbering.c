/* Số và ký hiệu: formatting and gap-free allocation (policies in numbering.h). */
#include "numbering/numbering.h"

#include <stdio.h>
#include <string.h>

#include "base/clock.h"
#include "base/i18n.h"

/* Bumps (or starts at 1) one sequence and returns the number taken. Runs under the caller's
 * BEGIN IMMEDIATE, so two issuers can never read the same last_number. */
static const db_query q_seq_next = {
    "numbering.seq_next",
    "INSERT INTO number_seq (register_id, doc_type, period, lane, last_number) "
    "VALUES (?1, ?2, ?3, ?4, 1) "
    "ON CONFLICT (register_id, doc_type, period, lane) "
    "DO UPDATE SET last_number = last_number + 1 RETURNING last_number",
    /* PostgreSQL: the same upsert, which locks the counter row until the registering
     * transaction ends (gap-free across nodes, never a sequence); the column named by its
     * table (a bare one is ambiguous with excluded's there). */
    "INSERT INTO number_seq (register_id, doc_type, period, lane, last_number) "
    "VALUES ($1, $2, $3, $4, 1) "
    "ON CONFLICT (register_id, doc_type, period, lane) "
    "DO UPDATE SET last_number = number_seq.last_number + 1 RETURNING last_number",
};

static const db_query q_seq_peek = {
    "numbering.seq_peek",
    "SELECT last_number FROM number_seq "
    "WHERE register_id = ?1 AND doc_type = ?2 AND period = ?3 AND lane = ?4",
    NULL,
};

void numbering_format(enum register_policy policy, long number, const char *type_abbr,
                      const char *issuer_abbr, char *buf, size_t n)
{
    bool has_type = type_abbr && *type_abbr;
    if (policy == POLICY_PARTY)
        snprintf(buf, n, "%02ld-%s/%s", number, has_type ? type_abbr : "CV", issuer_abbr);
    else if (has_type)
        snprintf(buf, n, "%02ld/%s-%s", number, type_abbr, issuer_abbr);
    else
        snprintf(buf, n, "%02ld/%s", number, issuer_abbr);
}

/* The sequence key of a document (numbering.h). 0, or -1 with *err_r. */
static int seq_key(ctx *c, const doc_register *reg, const doc_type *t, int secrecy,
                   const char *date, const char **type_key_r, const char **period_r, int *lane_r,
                   const char **err_r)
{
    int y, m, d;
    if (!date || clock_parse_date(date, &y, &m, &d) != 0) {
        *err_r = _("Ngày ban hành không hợp lệ.");
        return -1;
    }
    if (reg->policy == POLICY_PARTY) {
        int64_t term_id = catalog_term_for_date(c->db, reg->term_unit_id, date);
        if (term_id <= 0) {
            char vn[16];
            clock_date_vn(date, vn, sizeof vn);
            *err_r = arena_printf(c->a,
                                  _("Ngày %s không thuộc nhiệm kỳ cấp ủy nào đã khai báo; "
                                    "văn bản Đảng được đánh số theo nhiệm kỳ. Hãy khai báo "
                                    "nhiệm kỳ trong Danh mục."),
                                  vn);
            return -1;
        }
        *type_key_r = t->code;
        *period_r = arena_printf(c->a, "term:%lld", (long long)term_id);
        *lane_r = 0; /* 36-HD/VPTW: secret documents share the sequence */
    } else {
        *type_key_r = ""; /* ND 30 Art. 15: one sequence per year */
        *period_r = arena_printf(c->a, "year:%04d", y);
        *lane_r = secrecy > 0 ? 1 : 0; /* secret documents have their own sequence */
    }
    return 0;
}

int numbering_allocate(ctx *c, const doc_register *reg, const char *type_code, int secrecy,
                       const char *issued_date, long *number_r, const char **notation_r,
                       const char **period_r, const char **err_r)
{
    const doc_type *t = catalog_doc_type_get(c, type_code);
    if (!t) {
        *err_r = _("Loại văn bản không có trong danh mục.");
        return -1;
    }
    const char *type_key, *period;
    int lane;
    if (seq_key(c, reg, t, secrecy, issued_date, &type_key, &period, &lane, err_r) != 0)
        return -1;
    db_stmt *s = db_stmt_get(c->db, &q_seq_next);
    if (!s) {
        *err_r = _("Lỗi cơ sở dữ liệu khi cấp số.");
        return -1;
    }
    db_bind_int(s, 1, reg->id);
    db_bind_text(s, 2, type_key);
    db_bind_text(s, 3, period);
    db_bind_int(s, 4, lane);
    if (db_step(s) != DB_ROW) {
        db_reset(s);
        *err_r = _("Lỗi cơ sở dữ liệu khi cấp số.");
        return -1;
    }
    long n = (long)db_col_int(s, 0);
    db_reset(s);
    char buf[NUMBERING_MAX_CODE];
    numbering_format(reg->policy, n, reg->policy == POLICY_PARTY ? t->abbr_party : t->abbr_state,
                     reg->issuer_abbr, buf, sizeof buf);
    *number_r = n;
    *notation_r = arena_strdup(c->a, buf);
    if (period_r)
        *period_r = arena_printf(c->a, "%s:%d", period, lane);
    return 0;
}

long numbering_peek(ctx *c, const doc_register *reg, const char *type_code, int secrecy,
                    const char *issued_date)
{
    const doc_type *t = catalog_doc_type_get(c, type_code);
    const char *type_key, *period, *err;
    int lane;
    if (!t || seq_key(c, reg, t, secrecy, issued_date, &type_key, &period, &lane, &err) != 0)
        return 0;
    db_stmt *s = db_stmt_get(c->db, &q_seq_peek);
    if (!s)
        return 0;
    db_bind_int(s, 1, reg->id);
    db_bind_text(s, 2, type_key);
    db_bind_text(s, 3, period);
    db_bind_int(s, 4, lane);
    long n = db_step(s) == DB_ROW ? (long)db_col_int(s, 0) : 0;
    db_reset(s);
    return n + 1;
}

/* ---- số đến ---------------------------------------------------------------------------- */

static const db_query q_next_arrival = {
    "numbering.next_arrival",
    "INSERT INTO arrival_counters (unit_id, year, last_number) VALUES (?1, ?2, 1)"
    " ON CONFLICT (unit_id, year) DO UPDATE SET last_number = last_number + 1"
    " RETURNING last_number",
    /* PostgreSQL: as numbering.seq_next, the counter row locked until the registration
     * commits. */
    "INSERT INTO arrival_counters (unit_id, year, last_number) VALUES ($1, $2, 1)"
    " ON CONFLICT (unit_id, year) DO UPDATE SET last_number = arrival_counters.last_number + 1"
    " RETURNING last_number",
};

int64_t numbering_next_arrival(db *d, int64_t unit_id, int year)
{
    db_stmt *s = db_stmt_get(d, &q_next_arrival);
    if (!s)
        return -1;
    db_bind_int(s, 1, unit_id);
    db_bind_int(s, 2, year);
    int64_t n = db_step(s) == DB_ROW ? db_col_int(s, 0) : -1;
    db_reset(s);
    return n;
}
