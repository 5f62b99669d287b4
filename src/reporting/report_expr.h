#ifndef VP_REPORT_EXPR_H
#define VP_REPORT_EXPR_H
/* Validation rules of a report form, written as expressions over indicator codes (quy tắc
 * kiểm tra): "DON_NHAN >= DON_GIAI_QUYET", "A + B = C", "TY_LE <= 100 and TY_LE >= 0",
 * "required_if(LY_DO, SO_VU > 0)". The grammar (a recursive-descent parser, no allocation but
 * the caller's arena, depth bounded by REXPR_MAX_DEPTH):
 *
 *   or   := and (("or" | "||") and)*
 *   and  := not (("and" | "&&") not)*
 *   not  := ("not" | "!") not | cmp
 *   cmp  := sum (("<" | "<=" | ">" | ">=" | "=" | "==" | "!=" | "<>") sum)?
 *   sum  := prod (("+" | "-") prod)*
 *   prod := unary (("*" | "/") unary)*
 *   unary:= "-" unary | primary
 *   primary := number | CODE | "(" or ")" | "required_if" "(" CODE "," or ")"
 *
 * Keywords are case-insensitive; CODE is [A-Za-z_][A-Za-z0-9_]* (not a keyword).
 *
 * Missing values (DHIS2's "skip if any value is missing"): an operation on a missing value is
 * missing, and a rule whose result is missing holds — a rule judges the figures it has.
 * required_if(a, cond) is the exception: when cond holds, a must be present. Division by zero
 * is missing. "=" compares with a relative tolerance of 1e-9 (decimals add up). */
#include <stdbool.h>
#include <stddef.h>

#include "base/arena.h"

#define REXPR_MAX_TEXT 1000 /* bytes of one rule */
#define REXPR_MAX_DEPTH 64  /* nesting of parentheses and operators */
#define REXPR_MAX_IDENTS 64 /* distinct codes one rule names */

typedef struct rexpr rexpr;

/* Parses text into the arena. NULL with a Vietnamese message (naming the position) in err
 * (>= 200 bytes) for an empty, too long or malformed rule. */
rexpr *rexpr_parse(arena *a, const char *text, char *err, size_t n);
/* The distinct codes the rule names, in order of appearance (arena array); the count. */
int rexpr_codes(arena *a, const rexpr *e, const char ***codes_r);

/* How a rule finds a value: true with *num_r when the code has a numeric value, false when it
 * is missing. A present non-numeric value (text, yes/no given as text) counts as 1. */
typedef bool (*rexpr_lookup)(void *arg, const char *code, double *num_r);
/* True when the rule holds for these values (or cannot be judged: a value is missing). */
bool rexpr_holds(const rexpr *e, rexpr_lookup fn, void *arg);
/* The number an expression gives (a computed indicator's formula, "NAM + NU"): false when a
 * value it needs is missing or the result is not finite (a division by zero). */
bool rexpr_value(const rexpr *e, rexpr_lookup fn, void *arg, double *out);

#endif
