/* libFuzzer target: the xlsx reader (files/xlsx_read.h) over arbitrary bytes — a zip of XML
 * parts from an office's spreadsheet is untrusted input — and the CSV it hands the imports. */
#include <stdint.h>
#include <stdlib.h>

#include "files/xlsx_read.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *err = NULL;
    xlsx_sheet *s = xlsx_read(data, size, NULL, &err);
    if (!s)
        return 0;
    int first = 0;
    size_t n = 0;
    char *csv = xlsx_to_csv(s, "ho_ten", &first, &n, &err);
    free(csv);
    xlsx_free(s);
    return 0;
}
