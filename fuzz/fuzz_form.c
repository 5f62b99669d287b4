/* libFuzzer target: urlencoded bodies, query strings, cookies, percent-decoding. */
#include <stdint.h>
#include <string.h>

#include "base/arena.h"
#include "http/http.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    arena *a = arena_new();
    kvlist form = {0}, cookies = {0};
    const char *err = NULL;
    http_parse_urlencoded(a, (const char *)data, size, &form, &err);
    char *s = arena_strndup(a, (const char *)data, size);
    http_parse_cookies(a, s, &cookies);
    http_percent_decode(a, (const char *)data, size, true);
    arena_free(&a);
    return 0;
}
