/* The search query language → an FTS5 MATCH expression. Contract in search.h.
 *
 * The output only ever holds double-quoted strings made of the query's letters and digits,
 * the operators AND, OR, NOT, parentheses and a '*' after a quoted string, so whatever was
 * typed, FTS5 never sees a column filter, NEAR group or syntax error from the user. Key choice
 * (exact or folded) is left to the "vi" tokenizer, which sees each quoted string. */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "base/i18n.h"
#include "base/strbuf.h"
#include "search/search.h"
#include "text/vi.h"

enum { MAX_DEPTH = 8, MIN_PREFIX_CHARS = 2 };

#define E_LONG N_("Câu tìm kiếm quá dài (tối đa 500 byte).")
#define E_UTF8 N_("Câu tìm kiếm có ký tự không hợp lệ (không phải văn bản UTF-8).")
#define E_CTRL N_("Câu tìm kiếm có ký tự điều khiển; hãy gõ lại.")
#define E_QUOTE N_("Thiếu dấu ngoặc kép đóng: hãy đặt cụm từ giữa hai dấu \", ví dụ \"văn phòng\".")
#define E_PAREN N_("Dấu ngoặc đơn không cân: mỗi \"(\" cần một \")\".")
#define E_MINUS N_("Dấu trừ phải đứng liền trước từ cần loại trừ, ví dụ: -nháp.")
#define E_EMPTY N_("Hãy nhập từ cần tìm (chữ hoặc số).")
#define E_ONLY_NOT N_("Cần ít nhất một từ cần tìm, không chỉ các từ loại trừ.")
#define E_OR N_("OR cần một từ ở mỗi bên, ví dụ: đảng OR đoàn.")
#define E_OR_NOT N_("Mỗi vế của OR cần ít nhất một từ cần tìm, không chỉ các từ loại trừ.")
#define E_TERMS N_("Câu tìm kiếm có quá nhiều từ (tối đa 32).")
#define E_DEPTH N_("Quá nhiều lớp ngoặc lồng nhau.")
#define E_PREFIX N_("Tìm theo tiền tố (dấu *) cần ít nhất 2 chữ, ví dụ: ngu*.")

enum tok_kind { T_END, T_LPAREN, T_RPAREN, T_OR, T_MINUS, T_WORD, T_PHRASE };

typedef struct tok {
    enum tok_kind kind;
    const char *s; /* WORD/PHRASE text (without quotes and star) */
    size_t n;
    bool prefix; /* a '*' followed */
} tok;

typedef struct parser {
    const char *q;
    size_t n, pos;
    const char *error;
    int terms;
} parser;

static bool is_space(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static bool is_word_end(unsigned char c)
{
    return is_space(c) || c == '"' || c == '(' || c == ')';
}

/* Reads the next token at p->pos without consuming it; *end_r gets the position after it. */
static tok lex(parser *p, size_t *end_r)
{
    size_t i = p->pos;
    while (i < p->n && is_space((unsigned char)p->q[i]))
        i++;
    tok t = {T_END, NULL, 0, false};
    if (i >= p->n) {
        *end_r = i;
        return t;
    }
    char c = p->q[i];
    if (c == '(' || c == ')') {
        t.kind = c == '(' ? T_LPAREN : T_RPAREN;
        *end_r = i + 1;
        return t;
    }
    if (c == '"') {
        size_t j = i + 1;
        while (j < p->n && p->q[j] != '"')
            j++;
        if (j >= p->n) {
            p->error = E_QUOTE;
            *end_r = p->n;
            return t;
        }
        t.kind = T_PHRASE;
        t.s = p->q + i + 1;
        t.n = j - i - 1;
        j++;
        if (j < p->n && p->q[j] == '*') {
            t.prefix = true;
            j++;
        }
        *end_r = j;
        return t;
    }
    if (c == '-') {
        if (i + 1 >= p->n || is_space((unsigned char)p->q[i + 1]) || p->q[i + 1] == ')' ||
            p->q[i + 1] == '-') {
            p->error = E_MINUS;
            *end_r = p->n;
            return t;
        }
        t.kind = T_MINUS;
        *end_r = i + 1;
        return t;
    }
    size_t j = i;
    while (j < p->n && !is_word_end((unsigned char)p->q[j]))
        j++;
    t.kind = T_WORD;
    t.s = p->q + i;
    t.n = j - i;
    if (t.n == 2 && memcmp(t.s, "OR", 2) == 0) {
        t.kind = T_OR;
    } else {
        while (t.n > 0 && t.s[t.n - 1] == '*') {
            t.prefix = true;
            t.n--;
        }
    }
    *end_r = j;
    return t;
}

static tok peek(parser *p)
{
    size_t end;
    return lex(p, &end);
}

static tok next(parser *p)
{
    size_t end;
    tok t = lex(p, &end);
    p->pos = end;
    return t;
}

/* Appends the parts of s[0..n) separated by spaces to out (no quotes); returns the number of
 * parts and the character count of the last one. */
static int add_parts(strbuf *out, const char *s, size_t n, int *last_chars_r)
{
    const utf8proc_uint8_t *u = (const utf8proc_uint8_t *)s;
    size_t i = 0;
    int parts = 0, chars = 0;
    bool in = false;
    while (i < n) {
        utf8proc_int32_t c;
        utf8proc_ssize_t k = utf8proc_iterate(u + i, (utf8proc_ssize_t)(n - i), &c);
        if (k <= 0) { /* validated before; defensive */
            in = false;
            i++;
            continue;
        }
        if (in ? vi_cp_token_part(c) : vi_cp_token_start(c)) {
            if (!in) {
                if (parts++)
                    sb_addc(out, ' ');
                chars = 0;
                in = true;
            }
            sb_add(out, s + i, (size_t)k);
            if (utf8proc_category(c) != UTF8PROC_CATEGORY_MN)
                chars++;
        } else {
            in = false;
        }
        i += (size_t)k;
    }
    *last_chars_r = chars;
    return parts;
}

/* A word or phrase as an FTS5 string; empty (out unchanged, returns 0) when it holds no
 * letter or digit. */
static int term(parser *p, const tok *t, strbuf *out)
{
    strbuf parts = STRBUF_INIT;
    int last_chars = 0;
    int n = add_parts(&parts, t->s, t->n, &last_chars);
    if (n == 0) {
        sb_free(&parts);
        return 0;
    }
    if (t->prefix && last_chars < MIN_PREFIX_CHARS) {
        p->error = E_PREFIX;
        sb_free(&parts);
        return 0;
    }
    if (++p->terms > SEARCH_MAX_TERMS) {
        p->error = E_TERMS;
        sb_free(&parts);
        return 0;
    }
    sb_addc(out, '"');
    sb_add(out, parts.buf, parts.len); /* parts hold no '"' */
    sb_addc(out, '"');
    if (t->prefix)
        sb_addc(out, '*');
    sb_free(&parts);
    return 1;
}

static int seq(parser *p, int depth, strbuf *out);

/* unary := ['-'] (WORD | PHRASE | '(' seq ')'). Writes the item to out; *neg_r tells an
 * exclusion. Returns 1 for an item, 0 for an empty one, -1 on error. */
static int unary(parser *p, int depth, strbuf *out, bool *neg_r)
{
    *neg_r = false;
    tok t = next(p);
    if (p->error)
        return -1;
    if (t.kind == T_MINUS) {
        *neg_r = true;
        t = next(p);
        if (p->error)
            return -1;
    }
    switch (t.kind) {
    case T_WORD:
    case T_PHRASE: {
        int r = term(p, &t, out);
        return p->error ? -1 : r;
    }
    case T_LPAREN: {
        if (depth + 1 > MAX_DEPTH) {
            p->error = E_DEPTH;
            return -1;
        }
        strbuf inner = STRBUF_INIT;
        int r = seq(p, depth + 1, &inner);
        if (r >= 0 && next(p).kind != T_RPAREN) {
            p->error = E_PAREN;
            r = -1;
        }
        if (r > 0) {
            sb_addc(out, '(');
            sb_add(out, inner.buf, inner.len);
            sb_addc(out, ')');
        }
        sb_free(&inner);
        return r;
    }
    case T_OR:
        p->error = E_OR;
        return -1;
    case T_MINUS:
        p->error = E_MINUS;
        return -1;
    case T_RPAREN:
        p->error = E_PAREN;
        return -1;
    case T_END:
        p->error = *neg_r ? E_MINUS : E_EMPTY;
        return -1;
    }
    return -1;
}

/* branch := item+ until OR, ')' or the end, written as (pos AND pos …) NOT neg NOT neg …
 * *compound_r tells that the text needs parentheses inside an OR. Returns 1 when something
 * was written, 0 when the branch is empty, -1 on error. */
static int branch(parser *p, int depth, bool in_or, strbuf *out, bool *compound_r)
{
    strbuf pos = STRBUF_INIT, neg = STRBUF_INIT;
    int npos = 0, nneg = 0;
    for (;;) {
        tok t = peek(p);
        if (p->error)
            goto fail;
        if (t.kind == T_END || t.kind == T_OR)
            break;
        if (t.kind == T_RPAREN) {
            if (depth == 0) {
                p->error = E_PAREN;
                goto fail;
            }
            break;
        }
        strbuf item = STRBUF_INIT;
        bool is_neg = false;
        int r = unary(p, depth, &item, &is_neg);
        if (r < 0) {
            sb_free(&item);
            goto fail;
        }
        if (r > 0) {
            strbuf *dst = is_neg ? &neg : &pos;
            int *cnt = is_neg ? &nneg : &npos;
            if (*cnt > 0)
                sb_adds(dst, is_neg ? " NOT " : " AND ");
            sb_add(dst, item.buf, item.len);
            (*cnt)++;
        }
        sb_free(&item);
    }
    if (npos == 0 && nneg > 0) {
        p->error = in_or || peek(p).kind == T_OR ? E_OR_NOT : E_ONLY_NOT;
        goto fail;
    }
    *compound_r = npos > 1 || nneg > 0;
    if (npos > 0) {
        bool wrap = npos > 1 && nneg > 0;
        if (wrap)
            sb_addc(out, '(');
        sb_add(out, pos.buf, pos.len);
        if (wrap)
            sb_addc(out, ')');
        if (nneg > 0) {
            sb_adds(out, " NOT ");
            sb_add(out, neg.buf, neg.len);
        }
    }
    sb_free(&pos);
    sb_free(&neg);
    return npos > 0 ? 1 : 0;
fail:
    sb_free(&pos);
    sb_free(&neg);
    return -1;
}

/* seq := branch (OR branch)* until ')' or the end. OR binds looser than the implicit AND:
 * "chuyển đổi số OR sạt lở" is (chuyển AND đổi AND số) OR (sạt AND lở), the way people write
 * two alternatives. Returns 1 when something was written, 0 when empty, -1 on error. */
static int seq(parser *p, int depth, strbuf *out)
{
    strbuf first = STRBUF_INIT, all = STRBUF_INIT;
    int n = 0;
    bool in_or = false;
    for (;;) {
        if (peek(p).kind == T_OR) { /* OR with nothing before it */
            p->error = E_OR;
            goto fail;
        }
        strbuf b = STRBUF_INIT;
        bool compound = false;
        int r = branch(p, depth, in_or, &b, &compound);
        if (r < 0) {
            sb_free(&b);
            goto fail;
        }
        if (r > 0) {
            if (n == 0)
                sb_add(&first, b.buf, b.len);
            if (n > 0)
                sb_adds(&all, " OR ");
            if (compound)
                sb_addc(&all, '(');
            sb_add(&all, b.buf, b.len);
            if (compound)
                sb_addc(&all, ')');
            n++;
        }
        sb_free(&b);
        if (peek(p).kind != T_OR)
            break;
        next(p);
        in_or = true;
        tok t = peek(p);
        if (t.kind == T_END || t.kind == T_RPAREN || t.kind == T_OR) {
            p->error = E_OR;
            goto fail;
        }
    }
    if (p->error)
        goto fail;
    if (n == 1) {
        sb_add(out, first.buf, first.len);
    } else if (n > 1) {
        sb_addc(out, '(');
        sb_add(out, all.buf, all.len);
        sb_addc(out, ')');
    }
    sb_free(&first);
    sb_free(&all);
    return n > 0 ? 1 : 0;
fail:
    sb_free(&first);
    sb_free(&all);
    return -1;
}

int search_query_parse(const char *q, size_t n, search_query *out)
{
    memset(out, 0, sizeof *out);
    if (!q)
        n = 0;
    if (n > SEARCH_MAX_QUERY) {
        out->error = E_LONG;
        return -1;
    }
    if (!vi_valid_utf8(q, n)) {
        out->error = E_UTF8;
        return -1;
    }
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)q[i];
        if ((c < 0x20 && !is_space(c)) || c == 0x7f) {
            out->error = E_CTRL;
            return -1;
        }
    }
    parser p = {q, n, 0, NULL, 0};
    strbuf sb = STRBUF_INIT;
    int r = seq(&p, 0, &sb);
    if (r >= 0 && p.error == NULL && r == 0)
        p.error = E_EMPTY;
    if (p.error) {
        sb_free(&sb);
        out->error = p.error;
        return -1;
    }
    out->match = sb_steal(&sb);
    out->n_terms = p.terms;
    return 0;
}

void search_query_free(search_query *sq)
{
    if (!sq)
        return;
    free(sq->match);
    sq->match = NULL;
}
