/* libFuzzer target: the streaming multipart parser, fed in two chunks split at a position the
 * input chooses, so chunk boundaries inside delimiters and headers are explored too. */
#include <stdint.h>
#include <string.h>

#include "http/multipart.h"

static int on_begin(void *u, const mp_part *p)
{
    (void)u;
    return (p->name && strlen(p->name) > MP_MAX_NAME) ? 1 : 0;
}
static int on_data(void *u, const char *d, size_t n)
{
    (void)u, (void)d, (void)n;
    return 0;
}
static int on_end(void *u)
{
    (void)u;
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const mp_callbacks cb = {on_begin, on_data, on_end};
    static multipart m;
    if (size < 1)
        return 0;
    size_t split = data[0] % (size);
    if (mp_init(&m, "XyZbOuNdArY", &cb, NULL) != 0)
        return 0;
    const char *body = (const char *)data + 1;
    size_t n = size - 1;
    if (split > n)
        split = n;
    if (mp_feed(&m, body, split) == 0 && mp_feed(&m, body + split, n - split) == 0)
        mp_finish(&m);
    char buf[MP_MAX_BOUNDARY + 1];
    char ct[512];
    size_t k = n < sizeof ct - 1 ? n : sizeof ct - 1;
    memcpy(ct, body, k);
    ct[k] = 0;
    mp_boundary(ct, buf, sizeof buf);
    return 0;
}
