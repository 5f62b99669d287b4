/* `vanphong serve` and `vanphong http`: the two front ends (http/server.c, http/raw.c) over a
 * data directory opened by app_open, which hands them the dispatcher. */
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "app/app.h"
#include "app/cli.h"
#include "base/args.h"
#include "base/config.h"
#include "db/db.h"
#include "http/request.h"
#include "jobs/jobs.h"

static const char serve_help[] =
    "usage: vanphong serve --data DIR [--listen ADDR:PORT] [--threads N] [--jobs N] [--lang en]\n"
    "\n"
    "Runs the web server over the data directory DIR (created by `vanphong init`).\n"
    "  --listen ADDR:PORT  address to listen on (default 127.0.0.1:8080; port 0 picks a free\n"
    "                      port). Listening beyond 127.0.0.1 should go behind a TLS proxy.\n"
    "  --threads N         worker threads (default: the number of CPU cores)\n"
    "  --jobs N            background job workers: text extraction, OCR, indexing (default 1;\n"
    "                      0 runs none)\n"
    "  --lang en           English interface (default Vietnamese; also VANPHONG_LANG)\n"
    "Prints \"vanphong: listening on http://ADDR:PORT/\" once ready. SIGTERM or SIGINT stops\n"
    "it after the requests in flight are answered. VANPHONG_QUIET=1 silences the request\n"
    "log on stderr.\n";

static const char http_help[] =
    "usage: vanphong http --data DIR\n"
    "\n"
    "Reads one HTTP/1.1 request from stdin (request line, headers, a body of Content-Length\n"
    "bytes), answers it as `vanphong serve` would, and writes the full response to stdout.\n"
    "For tests and fuzzing: no sockets. A malformed request gets a 400 response (exit 0).\n"
    "Example:  printf 'GET /healthz HTTP/1.1\\r\\nHost: x\\r\\n\\r\\n' | vanphong http --data "
    "DIR\n";

static int n_jobs_to_start;

/* Background workers start once the server listens, and stop after its last request. */
static void start_jobs(void)
{
    if (jobs_start(n_jobs_to_start, config.data_dir) != 0)
        fprintf(stderr, "vanphong serve: background jobs did not start; uploads wait for "
                        "`vanphong reindex --run-jobs`\n");
}

static void stop_all(void)
{
    jobs_stop();
    db_thread_close();
}

int cli_serve(int argc, char **argv)
{
    static const char *const values[] = {"--data", "--listen", "--threads",
                                         "--lang", "--jobs",   NULL};
    static const char *const flags[] = {NULL};
    static const cli_spec spec = {"vanphong serve", serve_help, values, flags, 0, 0};
    int parsed = cli_parse(argc, argv, &spec);
    if (parsed >= 0)
        return parsed;
    const char *data = cli_opt(argc, argv, "--data");
    const char *listen = cli_opt(argc, argv, "--listen");
    const char *threads_s = cli_opt(argc, argv, "--threads");
    const char *lang = cli_opt(argc, argv, "--lang");
    const char *jobs_s = cli_opt(argc, argv, "--jobs");
    if (!data) {
        fputs(serve_help, stderr);
        return 2;
    }
    struct sockaddr_in sa;
    if (http_parse_listen(listen ? listen : "127.0.0.1:8080", &sa) != 0) {
        fprintf(stderr, "vanphong serve: --listen wants ADDR:PORT (IPv4), e.g. 127.0.0.1:8080\n");
        return 2;
    }
    long threads = sysconf(_SC_NPROCESSORS_ONLN);
    if (threads_s) {
        char *end;
        threads = strtol(threads_s, &end, 10);
        if (*end || threads < 1 || threads > 256) {
            fprintf(stderr, "vanphong serve: --threads wants a number from 1 to 256\n");
            return 2;
        }
    }
    if (threads < 1)
        threads = 1;
    long n_jobs = 1;
    if (jobs_s) {
        char *end;
        n_jobs = strtol(jobs_s, &end, 10);
        if (*end || n_jobs < 0 || n_jobs > JOBS_MAX_THREADS) {
            fprintf(stderr, "vanphong serve: --jobs wants a number from 0 to %d\n",
                    JOBS_MAX_THREADS);
            return 2;
        }
    }
    if (lang)
        setenv("VANPHONG_LANG", lang, 1);
    char *err = NULL;
    if (app_open(data, 1, &err) != 0) {
        fprintf(stderr, "vanphong serve: %s\n", err ? err : "cannot open the data directory");
        free(err);
        return 1;
    }

    return http_serve(&sa, listen ? listen : "127.0.0.1:8080", (unsigned)threads,
                      n_jobs > 0 ? (n_jobs_to_start = (int)n_jobs, start_jobs) : NULL, stop_all);
}

int cli_http(int argc, char **argv)
{
    static const char *const values[] = {"--data", NULL};
    static const char *const flags[] = {NULL};
    static const cli_spec spec = {"vanphong http", http_help, values, flags, 0, 0};
    int parsed = cli_parse(argc, argv, &spec);
    if (parsed >= 0)
        return parsed;
    const char *data = cli_opt(argc, argv, "--data");
    if (!data) {
        fputs(http_help, stderr);
        return 2;
    }
    char *err = NULL;
    if (app_open(data, 1, &err) != 0) {
        fprintf(stderr, "vanphong http: %s\n", err ? err : "cannot open the data directory");
        free(err);
        return 1;
    }
    http_answer_stream(stdin, stdout);
    return 0;
}
