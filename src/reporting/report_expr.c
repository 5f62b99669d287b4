/* Validation rules of report forms: the parser and evaluator (report_expr.h). */
#include "reporting/report_expr.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/i18n.h"

enum node_kind { N_NUM, N_CODE, N_NEG, N_NOT, N_BIN, N_REQ };
enum op { OP_ADD, OP_SUB, OP_MUL, OP_DIV, OP_LT, OP_LE, OP_GT, OP_GE, OP_EQ, OP_NE, OP_AND, OP_OR };

struct rexpr {
    enum node_kind kind;
    enum op op;
    double num;
    const char *code;
    struct rexpr *l, *r;
};

typedef struct parser {
    arena *a;
    const char *s, *p;
    int depth;
    char *err;
    size_t n;
    bool failed;
} parser;

static void fail(parser *ps, const char *msg)
{
    if (ps->failed)
        return;
    ps->failed = true;
    snprintf(ps->err, ps->n, _("Quy tắc không hợp lệ ở vị trí %d: %s"), (int)(ps->p - ps->s) + 1,
             msg);
}

static void skip_ws(parser *ps)
{
    while (*ps->p == ' ' || *ps->p == '\t' || *ps->p == '\n' || *ps->p == '\r')
        ps->p++;
}

static bool ident_start(char c)
{
    return isalpha((unsigned char)c) || c == '_';
}

static bool ident_char(char c)
{
    return isalnum((unsigned char)c) || c == '_';
}

/* The word at p (without consuming it) equals kw, case-insensitively, and ends there. */
static bool word_is(const char *p, const char *kw)
{
    size_t n = strlen(kw);
    for (size_t i = 0; i < n; i++)
        if (tolower((unsigned char)p[i]) != kw[i])
            return false;
    return !ident_char(p[n]);
}

static bool is_keyword(const char *p)
{
    return word_is(p, "and") || word_is(p, "or") || word_is(p, "not") || word_is(p, "required_if");
}

/* Consumes the symbol or keyword tok if it comes next. */
static bool accept(parser *ps, const char *tok)
{
    skip_ws(ps);
    size_t n = strlen(tok);
    if (ident_start(tok[0])) {
        if (!word_is(ps->p, tok))
            return false;
    } else if (strncmp(ps->p, tok, n) != 0)
        return false;
    ps->p += n;
    return true;
}

static rexpr *node(parser *ps, enum node_kind k)
{
    rexpr *e = arena_alloc(ps->a, sizeof *e);
    e->kind = k;
    return e;
}

static rexpr *bin(parser *ps, enum op op, rexpr *l, rexpr *r)
{
    if (!l || !r)
        return NULL;
    rexpr *e = node(ps, N_BIN);
    e->op = op;
    e->l = l;
    e->r = r;
    return e;
}

static rexpr *p_or(parser *ps);

static bool enter(parser *ps)
{
    if (++ps->depth > REXPR_MAX_DEPTH) {
        fail(ps, _("lồng nhau quá sâu"));
        return false;
    }
    return true;
}

static const char *p_code(parser *ps)
{
    skip_ws(ps);
    if (!ident_start(*ps->p) || is_keyword(ps->p)) {
        fail(ps, _("cần mã chỉ tiêu"));
        return NULL;
    }
    const char *b = ps->p;
    while (ident_char(*ps->p))
        ps->p++;
    if (ps->p - b > 40) {
        fail(ps, _("mã chỉ tiêu quá dài"));
        return NULL;
    }
    return arena_strndup(ps->a, b, (size_t)(ps->p - b));
}

static rexpr *p_primary(parser *ps)
{
    skip_ws(ps);
    if (accept(ps, "required_if")) {
        if (!accept(ps, "(")) {
            fail(ps, _("cần «(» sau required_if"));
            return NULL;
        }
        const char *code = p_code(ps);
        if (!code)
            return NULL;
        if (!accept(ps, ",")) {
            fail(ps, _("cần «,» giữa chỉ tiêu và điều kiện"));
            return NULL;
        }
        rexpr *cond = p_or(ps);
        if (!cond)
            return NULL;
        if (!accept(ps, ")")) {
            fail(ps, _("thiếu «)»"));
            return NULL;
        }
        rexpr *e = node(ps, N_REQ);
        e->code = code;
        e->r = cond;
        return e;
    }
    if (accept(ps, "(")) {
        rexpr *e = p_or(ps);
        if (!e)
            return NULL;
        if (!accept(ps, ")")) {
            fail(ps, _("thiếu «)»"));
            return NULL;
        }
        return e;
    }
    if (isdigit((unsigned char)*ps->p) || (*ps->p == '.' && isdigit((unsigned char)ps->p[1]))) {
        const char *b = ps->p;
        while (isdigit((unsigned char)*ps->p))
            ps->p++;
        if (*ps->p == '.') {
            ps->p++;
            while (isdigit((unsigned char)*ps->p))
                ps->p++;
        }
        if (ps->p - b > 30) {
            fail(ps, _("số quá dài"));
            return NULL;
        }
        char buf[32];
        memcpy(buf, b, (size_t)(ps->p - b));
        buf[ps->p - b] = 0;
        rexpr *e = node(ps, N_NUM);
        e->num = strtod(buf, NULL);
        return e;
    }
    if (ident_start(*ps->p) && !is_keyword(ps->p)) {
        rexpr *e = node(ps, N_CODE);
        e->code = p_code(ps);
        return e->code ? e : NULL;
    }
    fail(ps, *ps->p ? _("ký tự không mong đợi") : _("biểu thức kết thúc quá sớm"));
    return NULL;
}

static rexpr *p_unary(parser *ps)
{
    if (!enter(ps))
        return NULL;
    rexpr *e;
    if (accept(ps, "-")) {
        rexpr *x = p_unary(ps);
        e = x ? node(ps, N_NEG) : NULL;
        if (e)
            e->l = x;
    } else
        e = p_primary(ps);
    ps->depth--;
    return e;
}

static rexpr *p_prod(parser *ps)
{
    rexpr *e = p_unary(ps);
    while (e) {
        if (accept(ps, "*"))
            e = bin(ps, OP_MUL, e, p_unary(ps));
        else if (accept(ps, "/"))
            e = bin(ps, OP_DIV, e, p_unary(ps));
        else
            break;
    }
    return e;
}

static rexpr *p_sum(parser *ps)
{
    rexpr *e = p_prod(ps);
    while (e) {
        if (accept(ps, "+"))
            e = bin(ps, OP_ADD, e, p_prod(ps));
        else if (accept(ps, "-"))
            e = bin(ps, OP_SUB, e, p_prod(ps));
        else
            break;
    }
    return e;
}

static rexpr *p_cmp(parser *ps)
{
    rexpr *e = p_sum(ps);
    if (!e)
        return NULL;
    /* Two-character operators first. */
    static const struct {
        const char *t;
        enum op op;
    } ops[] = {{"<=", OP_LE}, {">=", OP_GE}, {"==", OP_EQ}, {"!=", OP_NE},
               {"<>", OP_NE}, {"<", OP_LT},  {">", OP_GT},  {"=", OP_EQ}};
    for (size_t i = 0; i < sizeof ops / sizeof ops[0]; i++)
        if (accept(ps, ops[i].t))
            return bin(ps, ops[i].op, e, p_sum(ps));
    return e;
}

static rexpr *p_not(parser *ps)
{
    if (!enter(ps))
        return NULL;
    rexpr *e;
    skip_ws(ps);
    if (accept(ps, "not") || (ps->p[0] == '!' && ps->p[1] != '=' && accept(ps, "!"))) {
        rexpr *x = p_not(ps);
        e = x ? node(ps, N_NOT) : NULL;
        if (e)
            e->l = x;
    } else
        e = p_cmp(ps);
    ps->depth--;
    return e;
}

static rexpr *p_and(parser *ps)
{
    rexpr *e = p_not(ps);
    while (e && (accept(ps, "and") || accept(ps, "&&")))
        e = bin(ps, OP_AND, e, p_not(ps));
    return e;
}

static rexpr *p_or(parser *ps)
{
    if (!enter(ps))
        return NULL;
    rexpr *e = p_and(ps);
    while (e && (accept(ps, "or") || accept(ps, "||")))
        e = bin(ps, OP_OR, e, p_and(ps));
    ps->depth--;
    return e;
}

rexpr *rexpr_parse(arena *a, const char *text, char *err, size_t n)
{
    parser ps = {.a = a, .s = text ? text : "", .p = text ? text : "", .err = err, .n = n};
    if (n)
        err[0] = 0;
    if (strlen(ps.s) > REXPR_MAX_TEXT) {
        snprintf(err, n, _("Quy tắc dài quá %d ký tự."), REXPR_MAX_TEXT);
        return NULL;
    }
    skip_ws(&ps);
    if (!*ps.p) {
        snprintf(err, n, "%s", _("Quy tắc trống."));
        return NULL;
    }
    rexpr *e = p_or(&ps);
    skip_ws(&ps);
    if (e && *ps.p)
        fail(&ps, _("ký tự thừa sau biểu thức"));
    if (ps.failed)
        return NULL;
    return e;
}

static void collect(arena *a, const rexpr *e, const char ***v, int *n, int *cap)
{
    if (!e)
        return;
    if (e->code) {
        for (int i = 0; i < *n; i++)
            if (strcmp((*v)[i], e->code) == 0)
                goto kids;
        if (*n < REXPR_MAX_IDENTS) {
            const char **vv = *v;
            ARENA_GROW(a, vv, *n, *cap);
            vv[(*n)++] = e->code;
            *v = vv;
        }
    }
kids:
    collect(a, e->l, v, n, cap);
    collect(a, e->r, v, n, cap);
}

int rexpr_codes(arena *a, const rexpr *e, const char ***codes_r)
{
    int n = 0, cap = 8;
    const char **v = arena_alloc(a, (size_t)cap * sizeof *v);
    collect(a, e, &v, &n, &cap);
    *codes_r = v;
    return n;
}

typedef struct val {
    bool missing;
    double v;
} val;

static bool near_equal(double a, double b)
{
    double scale = fmax(1.0, fmax(fabs(a), fabs(b)));
    return fabs(a - b) <= 1e-9 * scale;
}

static val eval(const rexpr *e, rexpr_lookup fn, void *arg)
{
    val r = {false, 0}, l, x;
    switch (e->kind) {
    case N_NUM:
        r.v = e->num;
        return r;
    case N_CODE:
        r.missing = !fn(arg, e->code, &r.v);
        return r;
    case N_NEG:
        l = eval(e->l, fn, arg);
        l.v = -l.v;
        return l;
    case N_NOT:
        l = eval(e->l, fn, arg);
        l.v = l.v == 0 ? 1 : 0;
        return l;
    case N_REQ: {
        val cond = eval(e->r, fn, arg);
        double dummy;
        r.v = (cond.missing || cond.v == 0 || fn(arg, e->code, &dummy)) ? 1 : 0;
        return r;
    }
    case N_BIN:
        break;
    }
    l = eval(e->l, fn, arg);
    x = eval(e->r, fn, arg);
    /* and/or decide without the missing side when the other side settles it. */
    if (e->op == OP_AND) {
        if ((!l.missing && l.v == 0) || (!x.missing && x.v == 0))
            return r;
        r.missing = l.missing || x.missing;
        r.v = 1;
        return r;
    }
    if (e->op == OP_OR) {
        if ((!l.missing && l.v != 0) || (!x.missing && x.v != 0)) {
            r.v = 1;
            return r;
        }
        r.missing = l.missing || x.missing;
        return r;
    }
    if (l.missing || x.missing) {
        r.missing = true;
        return r;
    }
    switch (e->op) {
    case OP_ADD:
        r.v = l.v + x.v;
        break;
    case OP_SUB:
        r.v = l.v - x.v;
        break;
    case OP_MUL:
        r.v = l.v * x.v;
        break;
    case OP_DIV:
        if (x.v == 0)
            r.missing = true;
        else
            r.v = l.v / x.v;
        break;
    case OP_LT:
        r.v = l.v < x.v && !near_equal(l.v, x.v);
        break;
    case OP_LE:
        r.v = l.v < x.v || near_equal(l.v, x.v);
        break;
    case OP_GT:
        r.v = l.v > x.v && !near_equal(l.v, x.v);
        break;
    case OP_GE:
        r.v = l.v > x.v || near_equal(l.v, x.v);
        break;
    case OP_EQ:
        r.v = near_equal(l.v, x.v);
        break;
    case OP_NE:
        r.v = !near_equal(l.v, x.v);
        break;
    default:
        break;
    }
    if (!isfinite(r.v))
        r.missing = true;
    return r;
}

bool rexpr_holds(const rexpr *e, rexpr_lookup fn, void *arg)
{
    val v = eval(e, fn, arg);
    return v.missing || v.v != 0;
}

bool rexpr_value(const rexpr *e, rexpr_lookup fn, void *arg, double *out)
{
    val v = eval(e, fn, arg);
    if (v.missing || !isfinite(v.v))
        return false;
    *out = v.v;
    return true;
}
