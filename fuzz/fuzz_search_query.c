/* libFuzzer target: the search query language parser (a pure function over bytes). */
#include <stdint.h>

#include "search/search.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    search_query q;
    search_query_parse((const char *)data, size, &q);
    search_query_free(&q);
    return 0;
}
