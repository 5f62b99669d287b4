/* `vanphong bench-peers [--runs N] [--bytes B]`: the transport between installations over
 * loopback (peers.h). Builds two installations in temporary data directories — A in this
 * process, B a child `vanphong serve` — configured as each other's peers, then N times (default
 * 50, after one unmeasured): enqueue a message of B bytes (default 64 KiB) in A, sign it, POST
 * it to B (which verifies it, runs peers.ping's handler in a write transaction and signs its
 * answer) and verify and record the answer. Prints one JSON object a line, like the others:
 *   {"what":"peers_deliver","bytes":…,"runs":N,"p50_ms":…,"p95_ms":…,"p99_ms":…,"max_ms":…}
 * The budget (issue 18, set here): p95 ≤ 100 ms for 64 KiB over loopback. */
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <jansson.h>

#include "app/app.h"
#include "app/bench_stats.h"
#include "app/cli.h"
#include "base/args.h"
#include "base/clock.h"
#include "base/i18n.h"
#include "db/db.h"
#include "peers/peers.h"

extern char **environ;

static const char help[] =
    N_("cách dùng: vanphong bench-peers [--runs N] [--bytes B]\n"
       "  Dựng hai hệ thống trong thư mục tạm (một chạy máy chủ riêng), cấu hình chúng là đơn vị\n"
       "  kết nối của nhau và đo thời gian ký, gửi, kiểm tra và ghi nhận N thư (mặc định 50, mỗi\n"
       "  thư B byte, mặc định 65536) qua loopback. In các dòng JSON ra stdout.\n");

static const db_query q_self = {"bench.peers_self",
                                "UPDATE peers_self SET organ_id = ?1 WHERE id = 1", NULL};
static const db_query q_peer = {
    "bench.peers_peer",
    "INSERT INTO peers (name, organ_id, base_url, public_key, created_at, updated_at) VALUES "
    "(?1, ?2, ?3, ?4, 'x', 'x')",
    NULL};
static const db_query q_state = {
    "bench.peers_state", "SELECT COUNT(*) FROM peer_outbox WHERE state = 'delivered'", NULL};

static int set_self(db *d, const char *organ)
{
    db_stmt *s = db_stmt_get(d, &q_self);
    if (!s)
        return -1;
    db_bind_text(s, 1, organ);
    return db_exec(s) == DB_DONE ? 0 : -1;
}

static int add_peer(db *d, const char *name, const char *organ, const char *url, const char *pk)
{
    db_stmt *s = db_stmt_get(d, &q_peer);
    if (!s)
        return -1;
    db_bind_text(s, 1, name);
    db_bind_text(s, 2, organ);
    db_bind_text(s, 3, url);
    db_bind_text(s, 4, pk);
    return db_exec(s) == DB_DONE ? 0 : -1;
}

/* Starts `vanphong serve` over dir; its port from the "listening" line, or -1. */
static int spawn_server(const char *dir, pid_t *pid_r)
{
    int fds[2];
    if (pipe(fds) != 0)
        return -1;
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, fds[1], 1);
    posix_spawn_file_actions_addclose(&fa, fds[0]);
    char *const args[] = {"vanphong", "serve", "--data",    (char *)dir, "--listen", "127.0.0.1:0",
                          "--jobs",   "0",     "--threads", "2",         NULL};
    setenv("VANPHONG_QUIET", "1", 1);
    int rc = posix_spawn(pid_r, "/proc/self/exe", &fa, NULL, args, environ);
    posix_spawn_file_actions_destroy(&fa);
    close(fds[1]);
    if (rc != 0) {
        close(fds[0]);
        return -1;
    }
    char buf[256];
    size_t n = 0;
    int port = -1;
    struct pollfd p = {fds[0], POLLIN, 0};
    while (port < 0 && n < sizeof buf - 1 && poll(&p, 1, 30000) > 0) {
        ssize_t r = read(fds[0], buf + n, sizeof buf - 1 - n);
        if (r <= 0)
            break;
        n += (size_t)r;
        buf[n] = 0;
        const char *m = strstr(buf, "127.0.0.1:");
        if (m && strchr(m, '/'))
            port = atoi(m + 10);
    }
    close(fds[0]);
    return port;
}

int cli_bench_peers(int argc, char **argv)
{
    static const char *const values[] = {"--runs", "--bytes", NULL};
    static const cli_spec spec = {"vanphong bench-peers", help, values, NULL, 0, 0};
    int st = cli_parse(argc, argv, &spec);
    if (st >= 0)
        return st;
    int runs = 50, bytes = 65536;
    const char *v;
    if ((v = cli_opt(argc, argv, "--runs")))
        runs = atoi(v);
    if ((v = cli_opt(argc, argv, "--bytes")))
        bytes = atoi(v);
    if (runs <= 0 || bytes < 0 || bytes > 40 * 1024 * 1024) {
        fputs(_(help), stderr);
        return 2;
    }
    char dir[] = "/tmp/vp-bench-peers-XXXXXX";
    if (!mkdtemp(dir)) {
        perror("bench-peers");
        return 1;
    }
    char a_dir[64], b_dir[64], b_db[96];
    snprintf(a_dir, sizeof a_dir, "%s/a", dir);
    snprintf(b_dir, sizeof b_dir, "%s/b", dir);
    snprintf(b_db, sizeof b_db, "%s/vanphong.db", b_dir);
    char *err = NULL;
    char organ[32], pk_a[128], pk_b[128];
    pid_t pid = 0;
    int rc = -1;
    /* B first: its key and organ id; then A; then B learns A. */
    if (app_open(b_dir, 0, &err) != 0 ||
        peers_self(db_thread(), organ, sizeof organ, pk_b, sizeof pk_b) != 0 ||
        set_self(db_thread(), "000.00.00.B01") != 0)
        goto out;
    db_thread_close();
    if (app_open(a_dir, 0, &err) != 0 ||
        peers_self(db_thread(), organ, sizeof organ, pk_a, sizeof pk_a) != 0 ||
        set_self(db_thread(), "000.00.00.A01") != 0)
        goto out;
    db *bd = NULL;
    if (db_open(b_db, &bd, &err) != 0)
        goto out;
    int brc = add_peer(bd, "A", "000.00.00.A01", "http://127.0.0.1:1", pk_a);
    db_close(&bd);
    if (brc != 0)
        goto out;
    int port = spawn_server(b_dir, &pid);
    if (port <= 0) {
        fputs("bench-peers: the receiving server did not start\n", stderr);
        goto out;
    }
    char url[64];
    snprintf(url, sizeof url, "http://127.0.0.1:%d", port);
    db *d = db_thread();
    if (add_peer(d, "B", "000.00.00.B01", url, pk_b) != 0)
        goto out;
    char *body = malloc((size_t)bytes + 1);
    for (int i = 0; i < bytes; i++)
        body[i] = (char)('a' + i % 26);
    double *t = calloc((size_t)runs, sizeof *t);
    rc = 0;
    for (int r = -1; r < runs && rc == 0; r++) {
        int64_t x = clock_now_ms();
        char *e2 = NULL;
        if (db_begin_write(d) != 0 ||
            peers_enqueue(d, "000.00.00.B01", "peers.ping", body, (size_t)bytes, NULL, &e2) != 0 ||
            db_commit(d) != 0) {
            db_rollback(d);
            fprintf(stderr, "bench-peers: enqueue: %s\n", e2 ? e2 : "?");
            rc = -1;
        }
        free(e2);
        if (rc == 0 && peers_deliver_one(d) != 1)
            rc = -1;
        int64_t y = clock_now_ms();
        if (r >= 0)
            t[r] = (double)(y - x);
    }
    db_stmt *s = db_stmt_get(d, &q_state);
    int64_t delivered = s && db_step(s) == DB_ROW ? db_col_int(s, 0) : 0;
    if (s)
        db_reset(s);
    if (rc == 0 && delivered != runs + 1) {
        fprintf(stderr, "bench-peers: %lld of %d delivered\n", (long long)delivered, runs + 1);
        rc = -1;
    }
    if (rc == 0) {
        qsort(t, (size_t)runs, sizeof *t, bench_cmp_double);
        json_t *j = json_pack("{s:s, s:i, s:i, s:f, s:f, s:f, s:f}", "what", "peers_deliver",
                              "bytes", bytes, "runs", runs, "p50_ms", bench_pct(t, runs, 0.5),
                              "p95_ms", bench_pct(t, runs, 0.95), "p99_ms",
                              bench_pct(t, runs, 0.99), "max_ms", t[runs - 1]);
        char *out = json_dumps(j, JSON_COMPACT);
        printf("%s\n", out);
        fflush(stdout);
        free(out);
        json_decref(j);
    }
    free(t);
    free(body);
out:
    if (rc != 0 && err)
        fprintf(stderr, "bench-peers: %s\n", err);
    free(err);
    if (pid > 0) {
        kill(pid, SIGTERM);
        waitpid(pid, NULL, 0);
    }
    db_thread_close();
    char cmd[96];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    if (system(cmd) != 0)
        fprintf(stderr, "bench-peers: could not remove %s\n", dir);
    return rc == 0 ? 0 : 1;
}
