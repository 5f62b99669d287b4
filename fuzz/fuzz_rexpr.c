/* libFuzzer target: the validation-rule language of report forms (report_expr.h) — parsing any
 * bytes, and evaluating what parses against a fixed set of values. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "reporting/report_expr.h"

static bool lookup(void *arg, const char *code, double *num_r)
{
    (void)arg;
    if (code[0] == 'X')
        return false; /* X… are missing */
    *num_r = (double)(unsigned char)code[0];
    return true;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *s = malloc(size + 1);
    memcpy(s, data, size);
    s[size] = 0;
    arena *a = arena_new();
    char err[256];
    rexpr *e = rexpr_parse(a, s, err, sizeof err);
    if (e) {
        const char **codes;
        (void)rexpr_codes(a, e, &codes);
        (void)rexpr_holds(e, lookup, NULL);
    }
    arena_free(&a);
    free(s);
    return 0;
}
