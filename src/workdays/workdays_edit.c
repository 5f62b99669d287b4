/* The working-day calendar as data the administrator edits (workdays.h): listing a period,
 * setting or removing one day, seeding a new year with the holidays the law fixes by solar
 * date, and the refusal a deadline form shows for a day off. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "audit/audit.h"
#include "base/i18n.h"
#include "web/dates.h"
#include "web/params.h"
#include "workdays/workdays.h"

static const db_query q_list = {
    "workdays.list",
    "SELECT day, kind, name, source, verified, COALESCE(updated_at, '') FROM workday_days"
    " WHERE day BETWEEN ?1 AND ?2 ORDER BY day",
    NULL,
};
static const db_query q_weeks = {
    "workdays.weeks",
    "SELECT effective_from, COALESCE(effective_to, ''), weekend, note FROM workday_weeks"
    " ORDER BY effective_from",
    NULL,
};
static const db_query q_get = {
    "workdays.get",
    "SELECT kind, name, source, verified FROM workday_days WHERE day = ?1",
    NULL,
};
static const db_query q_upsert = {
    "workdays.upsert",
    "INSERT INTO workday_days (day, kind, name, source, verified, updated_by, updated_at)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT(day) DO UPDATE SET kind = excluded.kind,"
    " name = excluded.name, source = excluded.source, verified = excluded.verified,"
    " updated_by = excluded.updated_by, updated_at = excluded.updated_at",
    NULL,
};
static const db_query q_delete = {
    "workdays.delete",
    "DELETE FROM workday_days WHERE day = ?1",
    NULL,
};
static const db_query q_year_count = {
    "workdays.year_count",
    "SELECT count(*) FROM workday_days WHERE day BETWEEN ?1 AND ?2",
    NULL,
};

bool workdays_may_view(const ctx *c)
{
    return c->user && (c->user->role == ROLE_ADMIN || c->user->role == ROLE_OFFICE_LEADER);
}

bool workdays_may_edit(const ctx *c)
{
    return c->user && c->user->role == ROLE_ADMIN;
}

int workdays_list(ctx *c, const char *from, const char *to, workday_row **rows_r)
{
    *rows_r = NULL;
    db_stmt *s = db_stmt_get(c->db, &q_list);
    if (!s)
        return -1;
    db_bind_text(s, 1, from);
    db_bind_text(s, 2, to);
    int n = 0, cap = 0;
    workday_row *rows = NULL;
    int rc;
    while ((rc = db_step(s)) == DB_ROW) {
        if (n == cap) {
            int ncap = cap ? cap * 2 : 32;
            workday_row *grown = arena_alloc(c->a, (size_t)ncap * sizeof *grown);
            if (n)
                memcpy(grown, rows, (size_t)n * sizeof *rows);
            rows = grown, cap = ncap;
        }
        workday_row *r = &rows[n++];
        r->day = arena_strdup(c->a, db_col_text(s, 0));
        r->kind = arena_strdup(c->a, db_col_text(s, 1));
        r->name = arena_strdup(c->a, db_col_text(s, 2));
        r->source = arena_strdup(c->a, db_col_text(s, 3));
        r->verified = db_col_int(s, 4) != 0;
        r->updated_at = arena_strdup(c->a, db_col_text(s, 5));
    }
    db_reset(s);
    *rows_r = rows;
    return rc == DB_DONE ? n : -1;
}

int workdays_weeks(ctx *c, workday_week **rows_r)
{
    *rows_r = NULL;
    db_stmt *s = db_stmt_get(c->db, &q_weeks);
    if (!s)
        return -1;
    workday_week *rows = arena_alloc(c->a, 16 * sizeof *rows);
    int n = 0, rc;
    while ((rc = db_step(s)) == DB_ROW) {
        if (n == 16)
            continue; /* a handful in a country's history */
        rows[n].effective_from = arena_strdup(c->a, db_col_text(s, 0));
        rows[n].effective_to = arena_strdup(c->a, db_col_text(s, 1));
        rows[n].weekend = arena_strdup(c->a, db_col_text(s, 2));
        rows[n].note = arena_strdup(c->a, db_col_text(s, 3));
        n++;
    }
    db_reset(s);
    *rows_r = rows;
    return rc == DB_DONE ? n : -1;
}

static bool kind_ok(const char *k)
{
    return k && (strcmp(k, "holiday") == 0 || strcmp(k, "off") == 0 || strcmp(k, "work") == 0);
}

static const char *trimmed(ctx *c, const char *s)
{
    if (!s)
        return "";
    while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
        s++;
    size_t n = strlen(s);
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\n' || s[n - 1] == '\r'))
        n--;
    return arena_strndup(c->a, s, n);
}

/* The row of day as JSON for the audit's before, or NULL when there is none. */
static json_t *row_json(db *d, const char *day)
{
    db_stmt *s = db_stmt_get(d, &q_get);
    if (!s)
        return NULL;
    db_bind_text(s, 1, day);
    json_t *j = NULL;
    if (db_step(s) == DB_ROW)
        j = json_pack("{s:s, s:s, s:s, s:s, s:b}", "day", day, "kind", db_col_text(s, 0), "name",
                      db_col_text(s, 1), "source", db_col_text(s, 2) ? db_col_text(s, 2) : "",
                      "verified", (int)db_col_int(s, 3));
    db_reset(s);
    return j;
}

static int audit_json(ctx *c, const char *action, json_t *before, json_t *after)
{
    char *bj = before ? json_dumps(before, JSON_COMPACT) : NULL;
    char *aj = after ? json_dumps(after, JSON_COMPACT) : NULL;
    int rc = audit_log(c->db, c->user, action, "workday", 0, bj, aj);
    free(bj);
    free(aj);
    json_decref(before);
    json_decref(after);
    return rc;
}

static int upsert(ctx *c, const char *day, const char *kind, const char *name, const char *source,
                  bool verified)
{
    db_stmt *s = db_stmt_get(c->db, &q_upsert);
    if (!s)
        return -1;
    db_bind_text(s, 1, day);
    db_bind_text(s, 2, kind);
    db_bind_text(s, 3, name);
    db_bind_text(s, 4, source ? source : "");
    db_bind_int(s, 5, verified ? 1 : 0);
    db_bind_int(s, 6, c->user->id);
    db_bind_text(s, 7, web_now_iso(c));
    return db_exec(s) == DB_DONE ? 0 : -1;
}

int workdays_set(ctx *c, const workday_row *in, web_err *e)
{
    memset(e, 0, sizeof *e);
    if (!workdays_may_edit(c)) {
        web_err_add(e, 403, "forbidden", NULL,
                    _("Chỉ quản trị hệ thống mới sửa được lịch ngày làm việc."));
        return -1;
    }
    const char *name = trimmed(c, in->name), *source = trimmed(c, in->source);
    if (!in->day || !param_date(in->day))
        web_err_add(e, 400, "invalid_input", "date", _("Ngày phải có dạng YYYY-MM-DD."));
    if (!kind_ok(in->kind))
        web_err_add(e, 400, "invalid_input", "kind",
                    _("Hãy chọn loại ngày: ngày lễ, nghỉ bù/nghỉ hoán đổi hoặc làm bù."));
    if (!*name)
        web_err_add(e, 400, "invalid_input", "name", _("Hãy ghi tên ngày (ví dụ: Quốc khánh)."));
    else if (strlen(name) > WORKDAY_MAX_NAME)
        web_err_add(e, 400, "invalid_input", "name", _("Tên ngày quá dài."));
    if (strlen(source) > WORKDAY_MAX_NAME)
        web_err_add(e, 400, "invalid_input", "source", _("Căn cứ quá dài."));
    /* Làm bù is a weekly day off worked: on a weekday it would change nothing and hide a typo. */
    if (!e->n && strcmp(in->kind, "work") == 0) {
        char why[WORKDAY_MAX_NAME + 1];
        const char *r = NULL;
        int wd = workdays_iso_weekday(in->day);
        if (wd < 6)
            r = workdays_reason(c->db, in->day, why, sizeof why);
        if (wd < 6 && (!r || strcmp(r, _("Thứ Bảy")) != 0))
            web_err_add(e, 400, "invalid_input", "kind",
                        _("Làm bù chỉ đặt vào ngày nghỉ hằng tuần (thứ Bảy, Chủ nhật)."));
    }
    if (e->n)
        return -1;
    if (db_begin_write(c->db) != 0) {
        web_err_db(c, e);
        return -1;
    }
    json_t *before = row_json(c->db, in->day);
    if (upsert(c, in->day, in->kind, name, source, in->verified) != 0) {
        json_decref(before);
        return web_err_rollback(c, e);
    }
    json_t *after = json_pack("{s:s, s:s, s:s, s:s, s:b}", "day", in->day, "kind", in->kind, "name",
                              name, "source", source, "verified", in->verified);
    if (audit_json(c, "workday.set", before, after) != 0 || db_commit(c->db) != 0)
        return web_err_rollback(c, e);
    return 0;
}

int workdays_clear(ctx *c, const char *day, web_err *e)
{
    memset(e, 0, sizeof *e);
    if (!workdays_may_edit(c)) {
        web_err_add(e, 403, "forbidden", NULL,
                    _("Chỉ quản trị hệ thống mới sửa được lịch ngày làm việc."));
        return -1;
    }
    if (!day || !param_date(day)) {
        web_err_add(e, 400, "invalid_input", "date", _("Ngày phải có dạng YYYY-MM-DD."));
        return -1;
    }
    if (db_begin_write(c->db) != 0) {
        web_err_db(c, e);
        return -1;
    }
    json_t *before = row_json(c->db, day);
    if (!before) {
        db_rollback(c->db);
        web_err_add(e, 404, "not_found", "date", _("Ngày này không có trong lịch."));
        return -1;
    }
    db_stmt *s = db_stmt_get(c->db, &q_delete);
    if (!s) {
        json_decref(before);
        return web_err_rollback(c, e);
    }
    db_bind_text(s, 1, day);
    if (db_exec(s) != DB_DONE) {
        json_decref(before);
        return web_err_rollback(c, e);
    }
    if (audit_json(c, "workday.clear", before, json_pack("{s:s}", "day", day)) != 0 ||
        db_commit(c->db) != 0)
        return web_err_rollback(c, e);
    return 0;
}

/* The holidays of the Labour Code 2019 Art. 112 that fall on a fixed solar date. The day
 * adjacent to 2/9 is the Prime Minister's choice each year: the guess here joins it to the
 * weekend (1/9 when 2/9 is a Tuesday, Wednesday or Saturday, else 3/9), unverified. */
static const struct {
    int m, d;
    const char *name;
} fixed[] = {
    {1, 1, N_("Tết Dương lịch")},
    {4, 30, N_("Ngày Chiến thắng")},
    {5, 1, N_("Ngày Quốc tế lao động")},
    {9, 2, N_("Quốc khánh")},
};

#define SEED_SOURCE "Bộ luật Lao động 2019 Điều 112 (dự kiến)"

int workdays_seed_year(ctx *c, int year, web_err *e)
{
    memset(e, 0, sizeof *e);
    if (!workdays_may_edit(c)) {
        web_err_add(e, 403, "forbidden", NULL,
                    _("Chỉ quản trị hệ thống mới sửa được lịch ngày làm việc."));
        return -1;
    }
    if (year < 1930 || year > 2099) {
        web_err_add(e, 400, "invalid_input", "year", _("Năm phải từ 1930 đến 2099."));
        return -1;
    }
    char from[16], to[16];
    snprintf(from, sizeof from, "%04d-01-01", year);
    snprintf(to, sizeof to, "%04d-12-31", year);
    if (db_begin_write(c->db) != 0) {
        web_err_db(c, e);
        return -1;
    }
    db_stmt *s = db_stmt_get(c->db, &q_year_count);
    if (!s)
        return web_err_rollback(c, e);
    db_bind_text(s, 1, from);
    db_bind_text(s, 2, to);
    int64_t have = db_step(s) == DB_ROW ? db_col_int(s, 0) : -1;
    db_reset(s);
    if (have != 0) {
        db_rollback(c->db);
        web_err_add(e, 409, "invalid_state", "year", _("Năm này đã có lịch; hãy sửa từng ngày."));
        return -1;
    }
    /* The holidays first, then each one on a weekly day off gets the next working day off
     * (Art. 111.3), found against the rows just written. */
    char days[8][32];
    const char *names[8];
    int nd = 0;
    for (size_t i = 0; i < sizeof fixed / sizeof fixed[0]; i++) {
        snprintf(days[nd], sizeof days[nd], "%04d-%02d-%02d", year, fixed[i].m, fixed[i].d);
        names[nd++] = _(fixed[i].name);
    }
    int wd = workdays_iso_weekday(days[3]);
    snprintf(days[nd], sizeof days[nd], "%04d-09-%02d", year,
             (wd == 2 || wd == 3 || wd == 6) ? 1 : 3);
    names[nd++] = _("Quốc khánh (ngày liền kề)");
    json_t *written = json_array();
    bool off_day[8];
    for (int i = 0; i < nd; i++) {
        char why[WORKDAY_MAX_NAME + 1];
        off_day[i] = workdays_reason(c->db, days[i], why, sizeof why) != NULL;
        if (upsert(c, days[i], "holiday", names[i], SEED_SOURCE, false) != 0) {
            json_decref(written);
            return web_err_rollback(c, e);
        }
        json_array_append_new(written, json_pack("{s:s, s:s}", "day", days[i], "name", names[i]));
    }
    int n = nd;
    for (int i = 0; i < nd; i++) {
        char next[11];
        if (!off_day[i] || workdays_next(c->db, days[i], next) != 0)
            continue;
        const char *name =
            arena_printf(c->a, _("Nghỉ bù %s (trùng ngày nghỉ hằng tuần)"), names[i]);
        if (upsert(c, next, "off", name, SEED_SOURCE, false) != 0) {
            json_decref(written);
            return web_err_rollback(c, e);
        }
        json_array_append_new(written, json_pack("{s:s, s:s}", "day", next, "name", name));
        n++;
    }
    if (audit_json(c, "workday.seed", NULL,
                   json_pack("{s:i, s:o}", "year", year, "days", written)) != 0 ||
        db_commit(c->db) != 0)
        return web_err_rollback(c, e);
    return n;
}

/* "YYYY-MM-DD" as pages show it, dd/mm/yyyy. */
static void vn_date(const char *iso, char out[11])
{
    snprintf(out, 11, "%.2s/%.2s/%.4s", iso + 8, iso + 5, iso);
}

bool workdays_refuse(db *d, const char *date, char *msg, size_t n, char suggestion[11])
{
    char why[WORKDAY_MAX_NAME + 1], day[11], next[11];
    if (!date || !param_date(date) || !workdays_reason(d, date, why, sizeof why))
        return false;
    vn_date(date, day);
    if (workdays_next(d, date, suggestion) != 0) {
        suggestion[0] = '\0';
        snprintf(msg, n, _("Ngày %s là ngày nghỉ (%s). Hãy chọn một ngày làm việc."), day, why);
        return true;
    }
    vn_date(suggestion, next);
    snprintf(
        msg, n,
        _("Ngày %s là ngày nghỉ (%s). Hãy chọn một ngày làm việc: ngày làm việc kế tiếp là %s."),
        day, why, next);
    return true;
}
