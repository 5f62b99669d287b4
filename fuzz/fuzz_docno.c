/* libFuzzer target: the document-number parser ("36-HD/VPTW", "123/QĐ-UBND"). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "docno/docno.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *s = malloc(size + 1);
    memcpy(s, data, size);
    s[size] = 0;
    struct docno d;
    char *err = NULL;
    if (docno_parse(s, &d, &err) == 0) {
        char *f = docno_format(d.form, d.number, d.type_abbr, d.issuer_abbr);
        free(f);
    }
    free(err);
    free(s);
    return 0;
}
