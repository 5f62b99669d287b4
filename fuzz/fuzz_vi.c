/* libFuzzer target: the Vietnamese normaliser — NFC, both keys, folding of whole texts. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "text/vi.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *s = (const char *)data;
    char *nfc = vi_nfc(s, size);
    free(nfc);
    if (size > 256)
        return 0;
    char out[VI_KEY_SIZE(256)];
    vi_exact_key(s, size, out, sizeof out);
    vi_folded_key(s, size, true, out, sizeof out);
    vi_has_marks(s, size);
    char *z = malloc(size + 1);
    memcpy(z, s, size);
    z[size] = 0;
    if (vi_valid_utf8(z, strlen(z))) {
        char *f = vi_fold_text(z);
        free(f);
    }
    free(z);
    return 0;
}
