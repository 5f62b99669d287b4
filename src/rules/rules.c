/* Rule values: the service (rules.h). */
#include "rules/rules.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "audit/audit.h"
#include "base/clock.h"
#include "base/i18n.h"

static const rule_def *defs[RULES_MAX];
static int n_defs;

static const db_query q_in_force = {
    "rules.in_force",
    "SELECT value FROM rule_values WHERE key = ?1 AND effective_from <= ?2"
    " AND (effective_to IS NULL OR effective_to >= ?2) ORDER BY effective_from DESC, id DESC"
    " LIMIT 1",
    NULL,
};
static const db_query q_close = {
    "rules.close",
    "UPDATE rule_values SET effective_to = ?3 WHERE key = ?1 AND effective_from < ?2"
    " AND (effective_to IS NULL OR effective_to >= ?2)",
    NULL,
};
static const db_query q_drop_same = {
    "rules.drop_from",
    "UPDATE rule_values SET effective_to = date(effective_from, '-1 day')"
    " WHERE key = ?1 AND effective_from >= ?2 AND (effective_to IS NULL OR effective_to >= ?2)",
    NULL,
};
static const db_query q_insert = {
    "rules.insert",
    "INSERT INTO rule_values (key, value, effective_from, effective_to, source, updated_by,"
    " updated_at) VALUES (?1, ?2, ?3, NULL, ?4, ?5, ?6)",
    NULL,
};

void rules_declare(const rule_def *def)
{
    if (!def || !def->key || rules_def(def->key) || n_defs >= RULES_MAX)
        return;
    defs[n_defs++] = def;
}

int rules_defs(const rule_def *const **defs_r)
{
    *defs_r = defs;
    return n_defs;
}

const rule_def *rules_def(const char *key)
{
    for (int i = 0; key && i < n_defs; i++)
        if (strcmp(defs[i]->key, key) == 0)
            return defs[i];
    return NULL;
}

const char *rules_text(db *d, const char *key, const char *date, char *buf, size_t n)
{
    const rule_def *def = rules_def(key);
    if (!def || !buf || n == 0)
        return NULL;
    char today[16];
    if (!date) {
        clock_vn_today(today, sizeof today);
        date = today;
    }
    snprintf(buf, n, "%s", def->dflt ? def->dflt : "");
    db_stmt *s = db_stmt_get(d, &q_in_force);
    if (!s)
        return buf;
    db_bind_text(s, 1, key);
    db_bind_text(s, 2, date);
    if (db_step(s) == DB_ROW && db_col_text(s, 0))
        snprintf(buf, n, "%s", db_col_text(s, 0));
    db_reset(s);
    return buf;
}

static bool parse_int(const char *v, int64_t *out)
{
    if (!v || !*v)
        return false;
    char *end;
    long long x = strtoll(v, &end, 10);
    if (*end)
        return false;
    *out = x;
    return true;
}

int64_t rules_int(db *d, const char *key, const char *date)
{
    char buf[256];
    const rule_def *def = rules_def(key);
    int64_t v = 0, dv = 0;
    if (!def)
        return 0;
    parse_int(def->dflt, &dv);
    if (!rules_text(d, key, date, buf, sizeof buf) || !parse_int(buf, &v))
        return dv;
    return v;
}

static bool in_choices(const char *choices, const char *v)
{
    size_t len = strlen(v);
    for (const char *p = choices ? choices : ""; *p;) {
        const char *comma = strchr(p, ',');
        size_t w = comma ? (size_t)(comma - p) : strlen(p);
        if (w == len && strncmp(p, v, w) == 0)
            return true;
        if (!comma)
            break;
        p = comma + 1;
    }
    return false;
}

bool rules_valid(const char *key, const char *value, char *err, size_t n)
{
    const rule_def *def = rules_def(key);
    int64_t v;
    err[0] = '\0';
    if (!def) {
        snprintf(err, n, "%s", _("Không có tham số này."));
        return false;
    }
    switch (def->type) {
    case RULE_INT:
        if (!parse_int(value, &v) || v < def->min || v > def->max) {
            snprintf(err, n, _("Nhập một số nguyên từ %lld đến %lld."), (long long)def->min,
                     (long long)def->max);
            return false;
        }
        return true;
    case RULE_WEEKDAY:
        if (!parse_int(value, &v) || v < 1 || v > 7) {
            snprintf(err, n, "%s", _("Chọn một ngày trong tuần."));
            return false;
        }
        return true;
    case RULE_TEXT:
        if (!value || !in_choices(def->choices, value)) {
            snprintf(err, n, "%s", _("Chọn một giá trị trong danh sách."));
            return false;
        }
        return true;
    }
    return false;
}

bool rules_may_set(const user *actor)
{
    return !actor || actor->role == ROLE_ADMIN;
}

static const db_query q_history = {
    "rules.history",
    "SELECT value, effective_from, COALESCE(effective_to, ''), source, updated_at FROM rule_values"
    " WHERE key = ?1 ORDER BY effective_from DESC, id DESC",
    NULL,
};

int rules_history(db *d, arena *a, const char *key, rule_value_row **rows_r)
{
    *rows_r = NULL;
    db_stmt *s = db_stmt_get(d, &q_history);
    if (!s)
        return -1;
    db_bind_text(s, 1, key);
    int n = 0, cap = 0, rc;
    rule_value_row *rows = NULL;
    while ((rc = db_step(s)) == DB_ROW) {
        if (n == cap) {
            int ncap = cap ? cap * 2 : 8;
            rule_value_row *grown = arena_alloc(a, (size_t)ncap * sizeof *grown);
            if (n)
                memcpy(grown, rows, (size_t)n * sizeof *rows);
            rows = grown, cap = ncap;
        }
        rule_value_row *r = &rows[n++];
        r->value = arena_strdup(a, db_col_text(s, 0));
        r->effective_from = arena_strdup(a, db_col_text(s, 1));
        r->effective_to = arena_strdup(a, db_col_text(s, 2));
        r->source = arena_strdup(a, db_col_text(s, 3) ? db_col_text(s, 3) : "");
        r->updated_at = arena_strdup(a, db_col_text(s, 4));
    }
    db_reset(s);
    *rows_r = rows;
    return rc == DB_DONE ? n : -1;
}

int rules_set(db *d, const user *actor, const char *key, const char *value,
              const char *effective_from, const char *source, char *err, size_t n)
{
    int y, m, dd;
    if (!rules_may_set(actor)) {
        snprintf(err, n, "%s", _("Chỉ quản trị hệ thống mới đặt được tham số nghiệp vụ."));
        return -1;
    }
    if (source && strlen(source) > 200) {
        snprintf(err, n, "%s", _("Căn cứ quá dài."));
        return -1;
    }
    if (!rules_valid(key, value, err, n))
        return -1;
    if (!effective_from || clock_parse_date(effective_from, &y, &m, &dd) != 0 || y < 1930 ||
        y > 2099) {
        snprintf(err, n, "%s", _("Ngày hiệu lực không hợp lệ."));
        return -1;
    }
    char before[256], now[32], prev_day[16];
    rules_text(d, key, effective_from, before, sizeof before);
    clock_iso(clock_now(), now, sizeof now);
    struct tm tm = {.tm_year = y - 1900, .tm_mon = m - 1, .tm_mday = dd - 1, .tm_hour = 12};
    time_t t = timegm(&tm);
    struct tm out;
    gmtime_r(&t, &out);
    strftime(prev_day, sizeof prev_day, "%Y-%m-%d", &out);
    if (db_begin_write(d) != 0) {
        snprintf(err, n, "%s", _("Không ghi được, hãy thử lại."));
        return -1;
    }
    int rc = 0;
    db_stmt *s;
    /* A later row than the new start ends before it starts: the new value holds from
     * effective_from on, including over what was planned later. */
    if ((s = db_stmt_get(d, &q_drop_same))) {
        db_bind_text(s, 1, key);
        db_bind_text(s, 2, effective_from);
        rc |= db_exec(s) == DB_DONE ? 0 : -1;
    } else
        rc = -1;
    if (rc == 0 && (s = db_stmt_get(d, &q_close))) {
        db_bind_text(s, 1, key);
        db_bind_text(s, 2, effective_from);
        db_bind_text(s, 3, prev_day);
        rc |= db_exec(s) == DB_DONE ? 0 : -1;
    }
    if (rc == 0 && (s = db_stmt_get(d, &q_insert))) {
        db_bind_text(s, 1, key);
        db_bind_text(s, 2, value);
        db_bind_text(s, 3, effective_from);
        db_bind_text(s, 4, source ? source : "");
        if (actor)
            db_bind_int(s, 5, actor->id);
        else
            db_bind_null(s, 5);
        db_bind_text(s, 6, now);
        rc |= db_exec(s) == DB_DONE ? 0 : -1;
    }
    int64_t id = rc == 0 ? db_last_id(d) : 0;
    if (rc == 0) {
        json_t *b = json_pack("{s:s,s:s}", "key", key, "value", before);
        json_t *a = json_pack("{s:s,s:s,s:s}", "key", key, "value", value, "effective_from",
                              effective_from);
        char *bj = json_dumps(b, JSON_COMPACT), *aj = json_dumps(a, JSON_COMPACT);
        rc = audit_log(d, actor, "rule.set", "rule_value", id, bj, aj);
        free(bj);
        free(aj);
        json_decref(b);
        json_decref(a);
    }
    if (rc != 0 || db_commit(d) != 0) {
        db_rollback(d);
        snprintf(err, n, "%s", _("Không ghi được, hãy thử lại."));
        return -1;
    }
    return 0;
}
