/* libFuzzer target: whole HTTP requests through the request builder, the router, the
 * dispatcher and the handlers, against a demo office in a temporary data directory — the same
 * path as `vanphong http`. Logged-out requests reach the public pages, the login form and the
 * error paths; a token in the corpus (Bearer) is not valid here, so writes are refused, which
 * is itself the path we want hardened. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "app/app.h"
#include "http/request.h"
#include "org/org.h"

static int ready;
static char dir_path[64];

/* The temporary office goes when the run ends (a replay in `make test` leaves nothing). */
static void remove_dir(void)
{
    char cmd[96];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir_path);
    if (system(cmd) != 0)
        fprintf(stderr, "fuzz_http: could not remove %s\n", dir_path);
}

static void setup(void)
{
    char tmpl[] = "/tmp/vanphong-fuzz-XXXXXX";
    char *dir = mkdtemp(tmpl);
    char *err = NULL;
    setenv("VANPHONG_QUIET", "1", 1);
    if (!dir || app_open(dir, 0, &err) != 0) {
        fprintf(stderr, "fuzz_http: %s\n", err ? err : "no temp dir");
        abort();
    }
    snprintf(dir_path, sizeof dir_path, "%s", dir);
    atexit(remove_dir);
    ready = 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!ready)
        setup();
    FILE *in = fmemopen((void *)data, size ? size : 1, "rb");
    FILE *out = fopen("/dev/null", "wb");
    if (!in || !out)
        abort();
    if (size == 0)
        getc(in);
    http_answer_stream(in, out);
    fclose(in);
    fclose(out);
    return 0;
}
