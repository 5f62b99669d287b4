/* Operators' probes: GET /readyz (ready to serve: database, disk, migrations) and GET /metrics
 * (Prometheus text format). /healthz (liveness: the process answers) is web/layout.c's.
 *
 * /readyz is public: a load balancer or systemd probes it without an account, and it says
 * nothing about the office beyond "ready" or why not. /metrics is for administrators (a
 * session or an API token: Prometheus sends `Authorization: Bearer …`): counts of documents
 * and traffic by route are not for every visitor. */
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include "app/app.h"
#include "app/metrics.h"
#include "base/i18n.h"
#include "db/db.h"
#include "http/router.h"
#include "web/ctx.h"
#include "web/respond.h"

/* Less free space than this on the data directory's filesystem and the node is not ready: a
 * write would fail half-way. VANPHONG_READY_MIN_FREE_MB overrides (0 turns the check off). */
#define READY_MIN_FREE_MB 64

static const db_query q_ping = {"ops.ping", "SELECT 1", NULL};
static const db_query q_jobs = {"ops.jobs", "SELECT state, count(*) FROM jobs GROUP BY state",
                                NULL};
static const db_query q_docs = {"ops.docs",
                                "SELECT (SELECT count(*) FROM incoming), "
                                "(SELECT count(*) FROM outgoing WHERE number IS NOT NULL)",
                                NULL};

static long min_free_mb(void)
{
    const char *s = getenv("VANPHONG_READY_MIN_FREE_MB");
    if (!s || !*s)
        return READY_MIN_FREE_MB;
    char *end;
    long v = strtol(s, &end, 10);
    return *end || v < 0 ? READY_MIN_FREE_MB : v > (1L << 40) ? (1L << 40) : v;
}

/* Writes, fsyncs and removes a small file where uploads land (<data>/tmp): what a request
 * that stores a file does first. 0, or the errno. */
static int probe_write(const char *data_dir)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/tmp/.readyz-%ld", data_dir, (long)gettid());
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0)
        return errno ? errno : EIO;
    static const char block[4096];
    int err = 0;
    if (write(fd, block, sizeof block) != (ssize_t)sizeof block || fsync(fd) != 0)
        err = errno ? errno : EIO;
    close(fd);
    unlink(path);
    return err;
}

static void not_ready(ctx *c, json_t *checks, const char *reason, const char *message)
{
    json_t *j = json_pack("{s:s, s:s, s:s, s:o}", "status", "not_ready", "reason", reason,
                          "message", message, "checks", checks);
    respond_json(c, 503, j);
    resp_header(c->a, c->rs, "Retry-After", "5");
}

static void h_readyz(ctx *c)
{
    json_t *checks = json_object();
    db_stmt *s = db_stmt_get(c->db, &q_ping);
    int rc = s ? db_step(s) : DB_ERROR;
    if (s)
        db_reset(s);
    if (rc != DB_ROW) {
        json_object_set_new(checks, "database", json_string("error"));
        not_ready(c, checks, "database", _("Không truy cập được cơ sở dữ liệu."));
        return;
    }
    json_object_set_new(checks, "database", json_string("ok"));
    char *pending = NULL;
    int n = db_migrations_pending(c->db, &pending);
    free(pending);
    if (n != 0) {
        json_object_set_new(checks, "migrations", json_string("pending"));
        not_ready(c, checks, "migrations",
                  _("Cơ sở dữ liệu chưa được nâng cấp lên phiên bản của chương trình."));
        return;
    }
    json_object_set_new(checks, "migrations", json_string("ok"));
    struct statvfs vfs;
    long need = min_free_mb();
    if (need > 0 && statvfs(c->data_dir, &vfs) == 0 &&
        (unsigned long long)vfs.f_bavail * vfs.f_frsize < (unsigned long long)need << 20) {
        json_object_set_new(checks, "disk", json_string("full"));
        not_ready(c, checks, "disk_full", _("Ổ đĩa của thư mục dữ liệu sắp đầy."));
        return;
    }
    int err = probe_write(c->data_dir);
    if (err) {
        json_object_set_new(checks, "disk", json_string(err == ENOSPC ? "full" : "read_only"));
        not_ready(c, checks, err == ENOSPC ? "disk_full" : "data_not_writable",
                  err == ENOSPC ? _("Ổ đĩa của thư mục dữ liệu đã đầy.")
                                : _("Không ghi được vào thư mục dữ liệu."));
        return;
    }
    json_object_set_new(checks, "disk", json_string("ok"));
    respond_json(c, 200, json_pack("{s:s, s:o}", "status", "ready", "checks", checks));
}

static void h_metrics(ctx *c)
{
    if (!c->user || c->user->role != ROLE_ADMIN) {
        respond_api_error(c, 403, "forbidden",
                          _("Chỉ quản trị hệ thống xem được số liệu vận hành."));
        return;
    }
    strbuf out = STRBUF_INIT;
    metrics_render_http(&out);
    uint64_t full, busy, error;
    db_error_counts(&full, &busy, &error);
    sb_adds(&out, "# HELP vanphong_db_errors_total Database failures since start, by kind.\n"
                  "# TYPE vanphong_db_errors_total counter\n");
    sb_printf(&out, "vanphong_db_errors_total{kind=\"full\"} %llu\n", (unsigned long long)full);
    sb_printf(&out, "vanphong_db_errors_total{kind=\"busy\"} %llu\n", (unsigned long long)busy);
    sb_printf(&out, "vanphong_db_errors_total{kind=\"error\"} %llu\n", (unsigned long long)error);
    /* Read at scrape time: the jobs table is the truth, shared with `reindex --run-jobs`. */
    long long by_state[4] = {0, 0, 0, 0};
    static const char *const states[] = {"queued", "running", "done", "failed"};
    db_stmt *s = db_stmt_get(c->db, &q_jobs);
    while (s && db_step(s) == DB_ROW) {
        const char *st = db_col_text(s, 0);
        for (int i = 0; i < 4; i++)
            if (st && strcmp(st, states[i]) == 0)
                by_state[i] = db_col_int(s, 1);
    }
    if (s)
        db_reset(s);
    sb_adds(&out, "# HELP vanphong_jobs Background jobs by state (failed: gave up after every "
                  "retry).\n# TYPE vanphong_jobs gauge\n");
    for (int i = 0; i < 4; i++)
        sb_printf(&out, "vanphong_jobs{state=\"%s\"} %lld\n", states[i], by_state[i]);
    long long in = 0, outg = 0;
    s = db_stmt_get(c->db, &q_docs);
    if (s && db_step(s) == DB_ROW) {
        in = db_col_int(s, 0);
        outg = db_col_int(s, 1);
    }
    if (s)
        db_reset(s);
    sb_adds(&out, "# HELP vanphong_documents_registered Documents registered: arrivals in the "
                  "incoming register, numbered outgoing documents.\n"
                  "# TYPE vanphong_documents_registered gauge\n");
    sb_printf(&out, "vanphong_documents_registered{register=\"incoming\"} %lld\n", in);
    sb_printf(&out, "vanphong_documents_registered{register=\"outgoing\"} %lld\n", outg);
    c->rs->status = 200;
    resp_header(c->a, c->rs, "Content-Type", "text/plain; version=0.0.4; charset=utf-8");
    sb_add(&c->rs->body, out.buf, out.len);
    sb_free(&out);
}

void ops_routes(void)
{
    route_add("GET", "/readyz", h_readyz, ROUTE_PUBLIC);
    route_add("GET", "/metrics", h_metrics, ROUTE_BEARER);
}
