/* The SQLite → PostgreSQL text translation (pg_sql.h): a small scanner that copies the text,
 * skipping string literals, quoted identifiers and comments, and rewrites the SQLite-only
 * spellings it recognises. Function calls it rewrites are split into their arguments, each
 * translated recursively, then put back together in the PostgreSQL form. */
#include "db/pg_sql.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/strbuf.h"

#define MAX_ARGS 16

/* The catalogue lookups SQLite code does on sqlite_schema, answered from PostgreSQL's. */
#define PG_SCHEMA_VIEW                                                                             \
    "(SELECT 'table'::text AS type, table_name::text AS name, table_name::text AS tbl_name,"       \
    " NULL::text AS sql FROM information_schema.tables WHERE table_schema = current_schema()"      \
    " UNION ALL SELECT 'index'::text, indexname::text, tablename::text, indexdef::text"            \
    " FROM pg_indexes WHERE schemaname = current_schema())"

struct tr {
    int next_auto; /* the number a bare ? takes */
    int maxp;
    int subqueries; /* derived tables given an alias */
    char table[64]; /* the INSERT's table */
    int upsert;     /* 1 after DO UPDATE, 2 in its SET list, 3 in its WHERE (nested calls too) */
    strbuf warn;
};

struct span {
    const char *p, *e;
};

static void warn(struct tr *t, const char *what)
{
    /* Each kind once: the report counts statements, not occurrences. */
    if (t->warn.buf && strstr(t->warn.buf, what))
        return;
    if (t->warn.len)
        sb_adds(&t->warn, "; ");
    sb_adds(&t->warn, what);
}

static bool is_word(char c)
{
    return isalnum((unsigned char)c) || c == '_';
}

/* Past a literal, quoted identifier or comment starting at p; p itself when there is none. */
static const char *skip_opaque(const char *p, const char *e)
{
    char c = *p;
    if (c == '\'' || c == '"' || c == '`') {
        for (p++; p < e; p++)
            if (*p == c) {
                if (p + 1 < e && p[1] == c) {
                    p++;
                    continue;
                }
                return p + 1;
            }
        return e;
    }
    if (c == '[') {
        const char *q = memchr(p, ']', (size_t)(e - p));
        return q ? q + 1 : e;
    }
    if (c == '-' && p + 1 < e && p[1] == '-') {
        const char *q = memchr(p, '\n', (size_t)(e - p));
        return q ? q : e;
    }
    if (c == '/' && p + 1 < e && p[1] == '*') {
        for (p += 2; p + 1 < e; p++)
            if (p[0] == '*' && p[1] == '/')
                return p + 2;
        return e;
    }
    return p;
}

static const char *skip_space(const char *p, const char *e)
{
    while (p < e && isspace((unsigned char)*p))
        p++;
    return p;
}

/* The ')' matching the '(' at p, or e. */
static const char *find_close(const char *p, const char *e)
{
    int depth = 0;
    while (p < e) {
        const char *q = skip_opaque(p, e);
        if (q != p) {
            p = q;
            continue;
        }
        if (*p == '(')
            depth++;
        else if (*p == ')' && --depth == 0)
            return p;
        p++;
    }
    return e;
}

/* The top-level comma-separated arguments between p (after '(') and close. */
static int split_args(const char *p, const char *close, struct span *a)
{
    int n = 0, depth = 0;
    const char *start = p;
    if (skip_space(p, close) == close)
        return 0;
    while (p < close) {
        const char *q = skip_opaque(p, close);
        if (q != p) {
            p = q;
            continue;
        }
        if (*p == '(')
            depth++;
        else if (*p == ')')
            depth--;
        else if (*p == ',' && depth == 0 && n < MAX_ARGS - 1) {
            a[n].p = start, a[n].e = p;
            n++;
            start = p + 1;
        }
        p++;
    }
    a[n].p = start, a[n].e = close;
    return n + 1;
}

static bool word_is(const char *p, const char *e, const char *w)
{
    size_t n = strlen(w);
    return (size_t)(e - p) == n && strncasecmp(p, w, n) == 0;
}

/* The word starting at the first non-space at or after p: [*ws, *we), empty when none. */
static void next_word(const char *p, const char *e, const char **ws, const char **we)
{
    p = skip_space(p, e);
    *ws = p;
    while (p < e && is_word(*p))
        p++;
    *we = p;
}

static void translate(struct tr *t, const char *p, const char *e, strbuf *out, bool top);

/* Words that are not column names in an expression. */
static bool sql_keyword(const char *ws, const char *we)
{
    static const char *const kw[] = {
        "case",     "when",      "then",    "else",    "end",      "and",       "or",
        "not",      "null",      "is",      "in",      "like",     "ilike",     "between",
        "excluded", "true",      "false",   "where",   "set",      "as",        "distinct",
        "from",     "select",    "escape",  "bigint",  "text",     "integer",   "int",
        "double",   "precision", "numeric", "boolean", "interval", "timestamp", "current_timestamp",
        "exists",   "any",       "all",     "on",      "conflict", "do",        "nothing",
        "update",   "returning", NULL};
    for (int i = 0; kw[i]; i++)
        if (word_is(ws, we, kw[i]))
            return true;
    return false;
}

/* After IS [NOT]: true when what follows is a value, not NULL/TRUE/FALSE/DISTINCT/UNKNOWN
 * (the forms PostgreSQL's IS already has). */
static bool is_value_compare(const char *p, const char *e)
{
    const char *ws, *we;
    next_word(p, e, &ws, &we);
    if (word_is(ws, we, "not")) {
        p = we;
        next_word(p, e, &ws, &we);
    }
    if (ws == we)
        return ws < e && (*ws == '?' || *ws == '(' || *ws == '\'' || *ws == '-');
    static const char *const kw[] = {"null", "true",     "false",      "distinct", "unknown",
                                     "json", "document", "normalized", NULL};
    for (int i = 0; kw[i]; i++)
        if (word_is(ws, we, kw[i]))
            return false;
    return true;
}

/* After a derived table's ')': true when no alias follows (PostgreSQL 15 requires one). */
static bool needs_alias(const char *p, const char *e)
{
    p = skip_space(p, e);
    if (p == e || *p == ')' || *p == ',' || *p == ';')
        return true;
    const char *ws, *we;
    next_word(p, e, &ws, &we);
    if (ws == we)
        return false;
    static const char *const kw[] = {"where",     "group", "order",  "limit",     "join",
                                     "left",      "inner", "cross",  "union",     "except",
                                     "intersect", "on",    "having", "window",    "offset",
                                     "natural",   "right", "full",   "returning", NULL};
    for (int i = 0; kw[i]; i++)
        if (word_is(ws, we, kw[i]))
            return true;
    return false;
}

/* True when an expression's top level is a comparison (its value a boolean in PostgreSQL). */
static bool is_comparison(const char *p, const char *e)
{
    int depth = 0;
    while (p < e) {
        const char *q = skip_opaque(p, e);
        if (q != p) {
            p = q;
            continue;
        }
        char c = *p;
        if (c == '(')
            depth++;
        else if (c == ')')
            depth--;
        else if (depth == 0 && (c == '=' || c == '<' || c == '>' || (c == '!' && p[1] == '=')))
            return true;
        else if (depth == 0 && (isalpha((unsigned char)c) || c == '_')) {
            const char *we = p;
            while (we < e && is_word(*we))
                we++;
            if (word_is(p, we, "is") || word_is(p, we, "in") || word_is(p, we, "like") ||
                word_is(p, we, "between") || word_is(p, we, "and") || word_is(p, we, "or") ||
                word_is(p, we, "not") || word_is(p, we, "exists"))
                return true;
            if (word_is(p, we, "case"))
                return false; /* CASE … END yields its branches' type */
            p = we;
            continue;
        }
        p++;
    }
    return false;
}

static char *arg_text(struct tr *t, struct span a)
{
    strbuf b = STRBUF_INIT;
    const char *p = skip_space(a.p, a.e), *e = a.e;
    while (e > p && isspace((unsigned char)e[-1]))
        e--;
    translate(t, p, e, &b, false);
    return b.buf ? sb_steal(&b) : strdup("");
}

/* A SQLite time-value argument as a PostgreSQL timestamp expression. */
static void time_base(struct tr *t, struct span a, bool unixepoch, strbuf *out)
{
    char *x = arg_text(t, a);
    if (strcasecmp(x, "'now'") == 0)
        sb_adds(out, "(now() AT TIME ZONE 'UTC')");
    else if (unixepoch)
        sb_printf(out, "(to_timestamp(%s) AT TIME ZONE 'UTC')", x);
    else
        sb_printf(out, "(%s)::text::timestamp", x); /* via text: a parameter stays text */
    free(x);
}

/* date/datetime/time/julianday/strftime: the value and its modifiers → a timestamp. */
static void time_expr(struct tr *t, struct span *a, int n, strbuf *out)
{
    bool unixepoch = false;
    for (int i = 1; i < n; i++) {
        char *m = arg_text(t, a[i]);
        if (strcasecmp(m, "'unixepoch'") == 0)
            unixepoch = true;
        free(m);
    }
    strbuf e = STRBUF_INIT;
    time_base(t, a[0], unixepoch, &e);
    for (int i = 1; i < n; i++) {
        char *m = arg_text(t, a[i]);
        if (strcasecmp(m, "'unixepoch'") == 0) {
        } else if (strncasecmp(m, "'start of ", 10) == 0) {
            char unit[16] = "";
            sscanf(m + 10, "%15[a-z]", unit);
            strbuf w = STRBUF_INIT;
            sb_printf(&w, "date_trunc('%s', %s)", unit, sb_str(&e));
            sb_free(&e);
            e = w;
        } else if (strcasecmp(m, "'localtime'") == 0 || strcasecmp(m, "'utc'") == 0 ||
                   strncasecmp(m, "'weekday", 8) == 0 || strcasecmp(m, "'auto'") == 0) {
            warn(t, "date modifier 'localtime'/'utc'/'weekday'");
        } else {
            sb_printf(&e, " + (%s)::interval", m);
        }
        free(m);
    }
    sb_add(out, e.buf ? e.buf : "", e.len);
    sb_free(&e);
}

/* An strftime format literal → a to_char pattern; false when it has a code with no match. */
static bool strftime_pattern(const char *lit, strbuf *out, bool *epoch_r)
{
    *epoch_r = false;
    size_t n = strlen(lit);
    if (n < 2 || lit[0] != '\'' || lit[n - 1] != '\'')
        return false;
    sb_addc(out, '\'');
    bool quoted = false;
    for (size_t i = 1; i < n - 1; i++) {
        const char *code = NULL;
        if (lit[i] == '%' && i + 1 < n - 1) {
            switch (lit[++i]) {
            case 'Y':
                code = "YYYY";
                break;
            case 'm':
                code = "MM";
                break;
            case 'd':
                code = "DD";
                break;
            case 'H':
                code = "HH24";
                break;
            case 'M':
                code = "MI";
                break;
            case 'S':
                code = "SS";
                break;
            case 'f':
                code = "SS.MS";
                break;
            case 'j':
                code = "DDD";
                break;
            case '%':
                code = "%";
                break;
            case 's':
                *epoch_r = true;
                return n == 4; /* '%s' alone */
            default:
                return false;
            }
            if (quoted)
                sb_addc(out, '"'), quoted = false;
            sb_adds(out, code);
        } else {
            /* Letters in double quotes: to_char would read them as patterns. */
            bool letter = isalpha((unsigned char)lit[i]);
            if (letter && !quoted)
                sb_addc(out, '"'), quoted = true;
            else if (!letter && quoted)
                sb_addc(out, '"'), quoted = false;
            if (lit[i] == '\'')
                i++; /* '' inside the SQL literal */
            sb_addc(out, lit[i] == '\'' ? '\'' : lit[i]);
            if (lit[i] == '\'')
                sb_addc(out, '\'');
        }
    }
    if (quoted)
        sb_addc(out, '"');
    sb_addc(out, '\'');
    return true;
}

/* A call to a function SQLite and PostgreSQL spell differently; false to copy it unchanged. */
/* printf(FORMAT, args…) with a literal FORMAT of %d, %s, %0Nd and %% only (the shapes the
 * services use, e.g. a petition's "0042/2026"): a concatenation. lpad's width never shortens a
 * longer number (printf does not truncate, lpad would). Anything else stays untranslated. */
static bool printf_concat(struct tr *t, const char *fmt, struct span *a, int n, strbuf *out)
{
    size_t len = strlen(fmt);
    if (len < 2 || fmt[0] != '\'' || fmt[len - 1] != '\'')
        return false;
    strbuf lit = STRBUF_INIT;
    int used = 0, pieces = 0;
    bool ok = true;
    for (size_t i = 1; i < len - 1 && ok; i++) {
        if (fmt[i] != '%') {
            sb_addc(&lit, fmt[i]); /* a doubled quote stays doubled: still one literal */
            continue;
        }
        int width = 0;
        size_t j = i + 1;
        if (j < len - 1 && fmt[j] == '%') {
            sb_addc(&lit, '%');
            i = j;
            continue;
        }
        bool zero = j < len - 1 && fmt[j] == '0';
        while (j < len - 1 && isdigit((unsigned char)fmt[j]))
            width = width * 10 + (fmt[j++] - '0');
        if (j >= len - 1 || (fmt[j] != 'd' && fmt[j] != 's') || used >= n ||
            (width && (!zero || fmt[j] != 'd'))) {
            ok = false;
            break;
        }
        if (lit.len) {
            sb_printf(out, "%s'%s'", pieces++ ? " || " : "", sb_str(&lit));
            sb_free(&lit);
        }
        char *x = arg_text(t, a[used++]);
        if (width)
            sb_printf(out, "%slpad((%s)::text, GREATEST(%d, length((%s)::text)), '0')",
                      pieces++ ? " || " : "", x, width, x);
        else
            sb_printf(out, "%s(%s)::text", pieces++ ? " || " : "", x);
        free(x);
        i = j;
    }
    if (ok && (lit.len || !pieces))
        sb_printf(out, "%s'%s'", pieces ? " || " : "", sb_str(&lit));
    sb_free(&lit);
    return ok && used == n;
}

static bool rewrite_call(struct tr *t, const char *ws, const char *we, const char *open,
                         const char *close, strbuf *out)
{
    struct span a[MAX_ARGS];
    int n = split_args(open + 1, close, a);
    if (word_is(ws, we, "ifnull")) {
        sb_adds(out, "COALESCE(");
        translate(t, open + 1, close, out, false);
        sb_addc(out, ')');
        return true;
    }
    if (word_is(ws, we, "instr") && n == 2) {
        sb_adds(out, "strpos(");
        translate(t, open + 1, close, out, false);
        sb_addc(out, ')');
        return true;
    }
    if (word_is(ws, we, "json_array_length") && n == 1) {
        /* JSON is stored as text: PostgreSQL's json functions want the type. */
        char *x = arg_text(t, a[0]);
        sb_printf(out, "json_array_length((%s)::json)", x);
        free(x);
        return true;
    }
    if (word_is(ws, we, "last_insert_rowid") && n == 0) {
        sb_adds(out, "lastval()");
        return true;
    }
    if ((word_is(ws, we, "min") || word_is(ws, we, "max")) && n >= 2) {
        sb_adds(out, word_is(ws, we, "min") ? "LEAST(" : "GREATEST(");
        translate(t, open + 1, close, out, false);
        sb_addc(out, ')');
        return true;
    }
    bool agg = word_is(ws, we, "sum") || word_is(ws, we, "max") || word_is(ws, we, "min") ||
               word_is(ws, we, "avg");
    if (agg && n == 1 && is_comparison(a[0].p, a[0].e)) {
        /* SQLite's comparisons are 0/1 integers and get summed; PostgreSQL's are booleans. */
        char *x = arg_text(t, a[0]);
        sb_add(out, ws, (size_t)(we - ws));
        sb_printf(out, "((%s)::int)", x);
        free(x);
        return true;
    }
    if (word_is(ws, we, "total") && n == 1) {
        char *x = arg_text(t, a[0]);
        sb_printf(out, "COALESCE(sum(%s), 0)::float8", x);
        free(x);
        return true;
    }
    if (word_is(ws, we, "group_concat") && (n == 1 || n == 2)) {
        char *x = arg_text(t, a[0]);
        const char *body = x;
        bool distinct = strncasecmp(x, "DISTINCT", 8) == 0 && isspace((unsigned char)x[8]);
        if (distinct)
            body = x + 9;
        char *sep = n == 2 ? arg_text(t, a[1]) : strdup("','");
        sb_printf(out, "string_agg(%s(%s)::text, %s)", distinct ? "DISTINCT " : "", body, sep);
        free(x), free(sep);
        return true;
    }
    bool is_date = word_is(ws, we, "date"), is_dt = word_is(ws, we, "datetime"),
         is_time = word_is(ws, we, "time"), is_jd = word_is(ws, we, "julianday");
    if ((is_date || is_dt || is_time || is_jd) && n >= 1) {
        strbuf e = STRBUF_INIT;
        time_expr(t, a, n, &e);
        if (is_jd)
            sb_printf(out, "(extract(epoch FROM %s) / 86400.0 + 2440587.5)", sb_str(&e));
        else
            sb_printf(out, "to_char(%s, '%s')", sb_str(&e),
                      is_date ? "YYYY-MM-DD"
                      : is_dt ? "YYYY-MM-DD HH24:MI:SS"
                              : "HH24:MI:SS");
        sb_free(&e);
        return true;
    }
    if (word_is(ws, we, "strftime") && n >= 2) {
        char *fmt = arg_text(t, a[0]);
        strbuf pat = STRBUF_INIT;
        bool epoch;
        if (!strftime_pattern(fmt, &pat, &epoch)) {
            warn(t, "strftime format");
            free(fmt), sb_free(&pat);
            return false;
        }
        strbuf e = STRBUF_INIT;
        time_expr(t, a + 1, n - 1, &e);
        if (epoch)
            sb_printf(out, "(extract(epoch FROM %s))::bigint::text", sb_str(&e));
        else
            sb_printf(out, "to_char(%s, %s)", sb_str(&e), sb_str(&pat));
        free(fmt), sb_free(&pat), sb_free(&e);
        return true;
    }
    if (word_is(ws, we, "printf") && n >= 1) {
        char *fmt = arg_text(t, a[0]);
        strbuf c = STRBUF_INIT;
        bool done = printf_concat(t, fmt, a + 1, n - 1, &c);
        if (done)
            sb_printf(out, "(%s)", sb_str(&c));
        free(fmt), sb_free(&c);
        if (done)
            return true;
    }
    static const char *const untranslated[] = {"json_extract",
                                               "json_each",
                                               "json_group_array",
                                               "json_group_object",
                                               "json_object",
                                               "json_array",
                                               "json_valid",
                                               "json_type",
                                               "printf",
                                               "format",
                                               "hex",
                                               "unhex",
                                               "char",
                                               "snippet",
                                               "highlight",
                                               "bm25",
                                               "typeof",
                                               "randomblob",
                                               "zeroblob",
                                               "changes",
                                               "iif",
                                               "unixepoch",
                                               "glob",
                                               "like",
                                               "likelihood",
                                               "unicode",
                                               "soundex",
                                               NULL};
    for (int i = 0; untranslated[i]; i++)
        if (word_is(ws, we, untranslated[i])) {
            char w[64];
            snprintf(w, sizeof w, "%s()", untranslated[i]);
            warn(t, w);
            return false;
        }
    return false;
}

/* `IN (SELECT value FROM json_each(X))`, SQLite's list parameter (a JSON array): the elements
 * as bigint when the left operand is an id column (…id), as text otherwise. Writes the
 * PostgreSQL form after "IN" and moves *p_r past the subquery; false when the text is another
 * shape (then json_each is reported as untranslated). */
static bool json_each_in(struct tr *t, const char *p, const char *e, strbuf *out, const char **p_r)
{
    p = skip_space(p, e);
    if (p == e || *p != '(')
        return false;
    const char *close = find_close(p, e);
    if (close == e)
        return false;
    static const char *const words[] = {"select", "value", "from", "json_each", NULL};
    const char *q = p + 1, *ws, *we;
    for (int i = 0; words[i]; i++) {
        next_word(q, close, &ws, &we);
        if (!word_is(ws, we, words[i]))
            return false;
        q = we;
    }
    q = skip_space(q, close);
    if (q == close || *q != '(')
        return false;
    const char *aclose = find_close(q, close);
    if (aclose == close || skip_space(aclose + 1, close) != close)
        return false;
    /* The left operand's last word, before an optional NOT. */
    size_t k = out->len;
    while (k > 0 && isspace((unsigned char)out->buf[k - 1]))
        k--;
    if (k >= 3 && strncasecmp(out->buf + k - 3, "not", 3) == 0 &&
        (k == 3 || !is_word(out->buf[k - 4]))) {
        k -= 3;
        while (k > 0 && isspace((unsigned char)out->buf[k - 1]))
            k--;
    }
    bool id = k >= 2 && strncasecmp(out->buf + k - 2, "id", 2) == 0;
    strbuf arg = STRBUF_INIT;
    translate(t, q + 1, aclose, &arg, false);
    /* Pieces, not a format: SQL text from SQL text, no value is ever pasted here. */
    sb_adds(out, "IN (SELECT value");
    sb_adds(out, id ? "::bigint" : "");
    sb_adds(out, " FROM json_array_elements_text((");
    sb_adds(out, sb_str(&arg));
    sb_adds(out, ")::json) AS j(value))");
    sb_free(&arg);
    *p_r = close + 1;
    return true;
}

static void translate(struct tr *t, const char *p, const char *e, strbuf *out, bool top)
{
    bool or_ignore = false;
    size_t returning_at = SIZE_MAX;
    int depth = 0;
    char prev = 0;           /* the last significant character copied, to tell t.col from a call */
    bool after_from = false; /* the last word was FROM or JOIN: a '(' opens a derived table */
    bool unary_ok = true;    /* a '+' here would be unary: after an operator or a keyword */
    /* INSERT … ON CONFLICT DO UPDATE SET: PostgreSQL finds `col` there ambiguous (the row or
     * excluded); SQLite means the row, so the SET list's right-hand sides name the table. */
    char *table = t->table;
    int *upsert_r = &t->upsert;
    const char *lw1s = NULL, *lw1e = NULL; /* the previous word */
    while (p < e) {
        const char *q = skip_opaque(p, e);
        if (q != p) {
            sb_add(out, p, (size_t)(q - p));
            p = q;
            continue;
        }
        char c = *p;
        if (c == '?') {
            p++;
            int num = 0;
            if (p < e && isdigit((unsigned char)*p)) {
                while (p < e && isdigit((unsigned char)*p))
                    num = num * 10 + (*p++ - '0');
            } else {
                num = t->next_auto;
            }
            if (num >= t->next_auto)
                t->next_auto = num + 1;
            if (num > t->maxp)
                t->maxp = num;
            sb_printf(out, "$%d", num);
            prev = '$';
            continue;
        }
        if (c == '=' && p + 1 < e && p[1] == '=' && prev != '!' && prev != '<' && prev != '>') {
            sb_addc(out, '=');
            p += 2;
            prev = '=';
            continue;
        }
        if (c == '(' && after_from) {
            const char *close = find_close(p, e);
            if (close < e) {
                sb_addc(out, '(');
                translate(t, p + 1, close, out, false);
                sb_addc(out, ')');
                if (needs_alias(close + 1, e))
                    sb_printf(out, " AS vp_sub%d", ++t->subqueries);
                p = close + 1;
                prev = ')';
                after_from = false;
                continue;
            }
        }
        if (!isspace((unsigned char)c)) {
            after_from = false;
            unary_ok = strchr("(,=<>!|*/-+", c) != NULL;
        }
        if (c == '(')
            depth++;
        else if (c == ')')
            depth--;
        if (c == '+' && unary_ok && p + 1 < e && (isalpha((unsigned char)p[1]) || p[1] == '_')) {
            /* SQLite's `+column` (a no-op that keeps an index out of the plan). */
            p++;
            continue;
        }
        if (!(isalpha((unsigned char)c) || c == '_')) {
            sb_addc(out, c);
            if (!isspace((unsigned char)c))
                prev = c;
            p++;
            continue;
        }
        /* A word. */
        const char *ws = p, *we = p;
        while (we < e && is_word(*we))
            we++;
        bool after_dot = prev == '.';
        const char *after = skip_space(we, e);
        if (!after_dot && after < e && *after == '(') {
            const char *close = find_close(after, e);
            if (close < e && rewrite_call(t, ws, we, after, close, out)) {
                p = close + 1;
                prev = ')';
                continue;
            }
        }
        const char *nws, *nwe;
        next_word(we, e, &nws, &nwe);
        if (lw1s && word_is(lw1s, lw1e, "into") && !table[0] && top &&
            (size_t)(we - ws) < sizeof t->table)
            snprintf(table, sizeof t->table, "%.*s", (int)(we - ws), ws);
        if (top && depth == 0 && word_is(ws, we, "update") && lw1s && word_is(lw1s, lw1e, "do"))
            *upsert_r = 1;
        else if (*upsert_r == 1 && word_is(ws, we, "set"))
            *upsert_r = 2, unary_ok = true;
        else if (top && *upsert_r >= 2 && depth == 0 && word_is(ws, we, "where"))
            *upsert_r = 3;
        else if (top && *upsert_r && depth == 0 && word_is(ws, we, "returning"))
            *upsert_r = 0;
        lw1s = ws, lw1e = we;
        if (*upsert_r >= 2 && table[0] && !after_dot && prev != ':' && after < e && *after != '(' &&
            *after != '.' && !(top && *upsert_r == 2 && *after == '=') && !sql_keyword(ws, we)) {
            sb_printf(out, "%s.%.*s", table, (int)(we - ws), ws);
            prev = 'a';
            unary_ok = false;
            after_from = false;
            p = we;
            continue;
        }
        if (after_dot) {
            if (word_is(ws, we, "rowid"))
                warn(t, "rowid");
            sb_add(out, ws, (size_t)(we - ws));
        } else if (word_is(ws, we, "like") && *after != '(') {
            sb_adds(out, "ILIKE");
        } else if (word_is(ws, we, "in") && json_each_in(t, we, e, out, &p)) {
            prev = ')';
            after_from = false;
            continue;
        } else if (word_is(ws, we, "insert") && word_is(nws, nwe, "or")) {
            const char *w2s, *w2e;
            next_word(nwe, e, &w2s, &w2e);
            if (word_is(w2s, w2e, "ignore")) {
                sb_add(out, ws, (size_t)(we - ws));
                or_ignore = true;
                we = w2e;
            } else {
                warn(t, "INSERT OR REPLACE");
                sb_add(out, ws, (size_t)(we - ws));
            }
        } else if (word_is(ws, we, "returning") && depth == 0) {
            returning_at = out->len;
            sb_add(out, ws, (size_t)(we - ws));
        } else if (word_is(ws, we, "is") && is_value_compare(we, e)) {
            /* SQLite's IS compares any two values, NULL-safe. */
            if (word_is(nws, nwe, "not")) {
                sb_adds(out, "IS DISTINCT FROM");
                we = nwe;
            } else {
                sb_adds(out, "IS NOT DISTINCT FROM");
            }
        } else if (word_is(ws, we, "as") && word_is(nws, nwe, "integer")) {
            sb_adds(out, "AS BIGINT");
            we = nwe;
        } else if (word_is(ws, we, "as") && word_is(nws, nwe, "real")) {
            sb_adds(out, "AS DOUBLE PRECISION");
            we = nwe;
        } else if (word_is(ws, we, "sqlite_schema") || word_is(ws, we, "sqlite_master")) {
            sb_adds(out, PG_SCHEMA_VIEW " AS ");
            sb_add(out, ws, (size_t)(we - ws));
        } else {
            if (word_is(ws, we, "match"))
                warn(t, "MATCH (FTS5)");
            else if (word_is(ws, we, "glob") || word_is(ws, we, "regexp"))
                warn(t, "GLOB/REGEXP");
            else if (word_is(ws, we, "pragma"))
                warn(t, "PRAGMA");
            else if (word_is(ws, we, "rowid") || word_is(ws, we, "_rowid_"))
                warn(t, "rowid");
            else if (word_is(ws, we, "nocase"))
                warn(t, "COLLATE NOCASE");
            else if (word_is(ws, we, "strict") || word_is(ws, we, "without"))
                warn(t, "STRICT/WITHOUT ROWID table");
            sb_add(out, ws, (size_t)(we - ws));
        }
        prev = 'a';
        after_from = word_is(ws, we, "from") || word_is(ws, we, "join");
        static const char *const kw[] = {"and",  "or",   "not",    "where",  "on",  "select",
                                         "when", "then", "else",   "by",     "set", "values",
                                         "case", "in",   "having", "return", NULL};
        unary_ok = false;
        for (int i = 0; kw[i]; i++)
            if (word_is(ws, we, kw[i]))
                unary_ok = true;
        p = we;
    }
    if (top && or_ignore) {
        /* Before RETURNING, or at the end before a trailing ';' and spaces. */
        size_t at = returning_at;
        if (at == SIZE_MAX) {
            at = out->len;
            while (at > 0 && (isspace((unsigned char)out->buf[at - 1]) || out->buf[at - 1] == ';'))
                at--;
        }
        strbuf tail = STRBUF_INIT;
        sb_add(&tail, out->buf + at, out->len - at);
        out->len = at;
        out->buf[at] = 0;
        if (at > 0 && !isspace((unsigned char)out->buf[at - 1]))
            sb_addc(out, ' ');
        sb_adds(out, "ON CONFLICT DO NOTHING");
        if (tail.len && !isspace((unsigned char)tail.buf[0]) && tail.buf[0] != ';')
            sb_addc(out, ' ');
        sb_add(out, tail.buf ? tail.buf : "", tail.len);
        sb_free(&tail);
    }
}

char *pg_sql_translate(const char *sql, int *nparams_r, char **warn_r)
{
    struct tr t = {.next_auto = 1};
    strbuf out = STRBUF_INIT;
    translate(&t, sql, sql + strlen(sql), &out, true);
    if (nparams_r)
        *nparams_r = t.maxp;
    if (warn_r)
        *warn_r = t.warn.len ? sb_steal(&t.warn) : NULL;
    sb_free(&t.warn);
    return out.buf ? sb_steal(&out) : strdup("");
}
