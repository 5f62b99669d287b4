/* The dispatcher (app/dispatch.h): request rules, route, authentication, CSRF, handler,
 * security headers, the request log line. */
#include "app/dispatch.h"

#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "app/metrics.h"
#include "web/forms.h"
#include "web/respond.h"
#include "auth/auth.h"
#include "base/clock.h"
#include "base/i18n.h"
#include "db/db.h"
#include "http/proxy.h"
#include "http/router.h"

/* frame-src 'self' spells out what default-src already allows, so a reader of this line sees
 * it: the one frame our pages hold is an incoming record's scan, /attachments/{id}/preview,
 * which carries its own policy (no scripts; images sandboxed) and X-Frame-Options SAMEORIGIN
 * (files/attach.c). Pages stay unframable (frame-ancestors 'none') and plugins stay off
 * (object-src 'none'): the PDF shows in the frame through the browser's own viewer. */
static const char csp[] = "default-src 'self'; script-src 'self'; style-src 'self'; "
                          "img-src 'self' data:; frame-src 'self'; object-src 'none'; "
                          "frame-ancestors 'none'; form-action 'self'; base-uri 'none'";

static bool has_header(const http_resp *rs, const char *name)
{
    for (size_t i = 0; i < rs->headers.n; i++)
        if (strcasecmp(rs->headers.v[i].name, name) == 0)
            return true;
    return false;
}

static void add_missing(arena *a, http_resp *rs, const char *name, const char *value)
{
    if (!has_header(rs, name))
        resp_header(a, rs, name, value);
}

void app_security_headers(arena *a, http_resp *rs)
{
    add_missing(a, rs, "Content-Security-Policy", csp);
    add_missing(a, rs, "X-Content-Type-Options", "nosniff");
    add_missing(a, rs, "Referrer-Policy", "same-origin");
    add_missing(a, rs, "X-Frame-Options", "DENY");
    /* Assets set their own caching; everything else is per user and must not be stored. */
    add_missing(a, rs, "Cache-Control", "no-store");
}

/* Codes of the refusals made before any handler runs (the request itself: its framing, size,
 * method), distinct from a service's refusals (respond_code_for). */
static const char *code_for(int status)
{
    switch (status) {
    case 400:
        return "bad_request";
    case 404:
        return "not_found";
    case 405:
        return "method_not_allowed";
    case 411:
        return "length_required";
    case 413:
        return "too_large";
    case 415:
        return "unsupported_type";
    case 414:
        return "uri_too_long";
    case 431:
        return "headers_too_large";
    case 507:
        return "insufficient_storage";
    default:
        return status >= 500 ? "internal" : "error";
    }
}

/* Sends an anonymous visitor to the login page, remembering where they were going. A form
 * posted after the session expired is kept (web/forms.h, form_keep_expired): the login page
 * says the session expired, and the page the form was on shows it again, filled in. */
static void to_login(ctx *c)
{
    strbuf next = STRBUF_INIT;
    bool expired = false;
    const char *from = req_is_write(c->rq) ? form_referer_path(c) : NULL;
    if (from) {
        form_keep_expired(c);
        expired = true;
        sb_adds(&next, from);
    } else {
        sb_adds(&next, c->rq->path);
        if (c->rq->raw_query && *c->rq->raw_query) {
            sb_addc(&next, '?');
            sb_adds(&next, c->rq->raw_query);
        }
    }
    strbuf loc = STRBUF_INIT;
    sb_adds(&loc, "/login?next=");
    url_encode(&loc, sb_str(&next));
    if (expired)
        sb_adds(&loc, "&expired=1");
    respond_redirect(c, arena_strdup(c->a, sb_str(&loc)));
    sb_free(&next);
    sb_free(&loc);
}

/* A page's form refused by the request rules before any handler (an upload over its limit):
 * back to the form's page with the message beside the file field and what was typed — never
 * a bare error page. Only for a signed-in user posting from a page of this site. */
static bool refused_upload(ctx *c, unsigned flags)
{
    http_req *rq = c->rq;
    if (c->is_api || !req_is_write(rq) || (rq->error_status != 413 && rq->error_status != 415))
        return false;
    /* Another site's post carries no session cookie (SameSite=Lax), so only this user's own
     * page gets here. */
    const char *back = form_referer_path(c);
    if (!back)
        return false;
    auth_authenticate(c, flags & (ROUTE_API | ROUTE_BEARER));
    if (!c->user || c->session_id == 0)
        return false;
    web_err e = {0};
    web_err_add(&e, rq->error_status, rq->error_status == 413 ? "too_large" : "unsupported_type",
                "file", rq->error_msg ? rq->error_msg : _("Dữ liệu gửi lên quá lớn."));
    form_fail(c, &e);
    form_keep(c, back);
    respond_redirect(c, back);
    return true;
}

/* The database's server is out of reach (db.h db_lost: PostgreSQL restarting or failing
 * over): 503 and a message that says so, never a login page or "wrong password" from a session
 * that could not be read, nor a bare 500. The node reconnects by itself at a later request. */
static void respond_db_lost(ctx *c)
{
    respond_error(c, 503, "db_unavailable",
                  _("Tạm thời không kết nối được tới cơ sở dữ liệu: yêu cầu chưa được thực hiện, "
                    "dữ liệu chưa được lưu. Hãy thử lại sau ít phút."));
    resp_header(c->a, c->rs, "Retry-After", "5");
}

static void run(ctx *c)
{
    http_req *rq = c->rq;
    /* /peer/ is the inbox between installations (peers/inbox.c): machines, JSON errors too. */
    c->is_api = strncmp(rq->path, "/api/", 5) == 0 || strcmp(rq->path, "/api") == 0 ||
                strncmp(rq->path, "/peer/", 6) == 0;
    if (rq->error_status) {
        unsigned eflags = 0;
        bool emismatch = false;
        if (route_match(rq, &eflags, &emismatch) && !(eflags & ROUTE_PUBLIC) &&
            refused_upload(c, eflags))
            return;
        respond_error(c, rq->error_status, code_for(rq->error_status),
                      rq->error_msg ? rq->error_msg : _("Yêu cầu không hợp lệ."));
        return;
    }
    unsigned flags = 0;
    bool mismatch = false;
    handler_fn fn = route_match(rq, &flags, &mismatch);
    if (!fn) {
        if (mismatch) {
            /* RFC 9110 §15.5.6: a 405 lists what the path does accept. */
            char allow[64];
            route_allowed(rq->path, allow, sizeof allow);
            respond_error(c, 405, "method_not_allowed",
                          arena_printf(c->a,
                                       _("Địa chỉ này không nhận phương thức %s; chỉ nhận: %s."),
                                       rq->method, allow));
            resp_header(c->a, c->rs, "Allow", arena_strdup(c->a, allow));
        } else
            respond_not_found(c);
        return;
    }
    /* Behind a trusted reverse proxy, the address it forwards: throttling and the audit
     * trail are about the person, not the proxy. */
    rq->client_ip = proxy_client_ip(rq);
    auth_authenticate(c, c->is_api || (flags & (ROUTE_API | ROUTE_BEARER)));
    if (!(flags & ROUTE_PUBLIC) && !c->user) {
        if (db_lost(c->db))
            respond_db_lost(c);
        else if (c->is_api)
            respond_api_error(c, 401, "unauthorized", _("Cần đăng nhập."));
        else
            to_login(c);
        return;
    }
    if (auth_password_gate(c, flags))
        return;
    if (req_is_write(rq) && c->session_id != 0 && !auth_csrf_ok(c)) {
        respond_error(c, 403, "csrf",
                      _("Phiên làm việc đã hết hạn hoặc yêu cầu không hợp lệ (thiếu mã CSRF). "
                        "Hãy tải lại trang và thử lại."));
        return;
    }
    fn(c);
    if (db_in_tx(c->db)) {
        fprintf(stderr, "vanphong: BUG: %s %s left a transaction open; rolled back\n", rq->method,
                rq->path);
        db_rollback(c->db);
    }
    /* An answer computed while the link dropped is not the data's answer: a lookup that failed
     * reads as "not in the catalogue" (422) or "not found" (404). Only a success stands — it
     * was committed, and a 503 would make the client register it twice. */
    if (c->rs->status >= 400 && c->rs->status != 503 && db_lost(c->db))
        respond_db_lost(c);
}

/* The path as a log can show it: a decoded %0A must not forge a second log line. */
static const char *log_safe(arena *a, const char *s)
{
    size_t n = strlen(s);
    if (n > 200)
        n = 200;
    char *out = arena_alloc(a, 4 * n + 1), *o = out;
    for (size_t i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)s[i];
        if (ch < 0x20 || ch == 0x7F)
            o += sprintf(o, "\\x%02x", ch);
        else
            *o++ = (char)ch;
    }
    *o = 0;
    return out;
}

/* The request id: the one a trusted proxy sent (X-Request-Id, so one id follows the request
 * through nginx and here), else a fresh one. Sent back as X-Request-Id and in the log line. */
static const char *request_id(http_req *rq)
{
    const char *peer = rq->client_ip ? rq->client_ip : "";
    const char *theirs = req_header(rq, "x-request-id");
    if (theirs && *peer && proxy_trusted(peer) && metrics_request_id_ok(theirs))
        return theirs;
    char buf[24];
    metrics_request_id(buf, sizeof buf);
    return arena_strdup(rq->a, buf);
}

/* Under systemd, stderr goes to journald, which reads a "<N>" syslog level prefix
 * (sd-daemon(3)): 5xx are errors (3), the rest information (6). On a terminal, a word. */
static bool to_journal(void)
{
    static atomic_int j = -1; /* read by every request thread: atomic, no lock */
    int v = atomic_load_explicit(&j, memory_order_relaxed);
    if (v < 0) {
        v = getenv("JOURNAL_STREAM") != NULL;
        atomic_store_explicit(&j, v, memory_order_relaxed);
    }
    return v;
}

void app_dispatch(http_req *rq, http_resp *rs, const char *data_dir)
{
    static int quiet = -1;
    if (quiet < 0) {
        const char *q = getenv("VANPHONG_QUIET");
        quiet = q && strcmp(q, "1") == 0;
    }
    struct timespec ts0;
    clock_gettime(CLOCK_MONOTONIC, &ts0);
    int64_t t0 = clock_now_ms();
    rq->route_id = 0;
    const char *rid = request_id(rq);
    ctx c = {.a = rq->a, .rq = rq, .rs = rs, .db = db_thread(), .data_dir = data_dir};
    if (!rq->path)
        rq->path = "/";
    if (!rq->method)
        rq->method = "GET";
    db_memo_epoch(c.db); /* memoised answers: checked against the database as of now */
    run(&c);
    /* A forgotten reset must not pin an old WAL snapshot past the request. */
    db_reset_all(c.db);
    app_security_headers(rq->a, rs);
    resp_header(rq->a, rs, "X-Request-Id", rid);
    struct timespec ts1;
    clock_gettime(CLOCK_MONOTONIC, &ts1);
    int64_t us = (int64_t)(ts1.tv_sec - ts0.tv_sec) * 1000000 + (ts1.tv_nsec - ts0.tv_nsec) / 1000;
    metrics_observe(rq->route_id, rs->status, us);
    if (!quiet) {
        bool err = rs->status >= 500;
        /* level, client (behind a trusted proxy: the forwarded address), request id, request. */
        fprintf(stderr, "%s%s %s %s %s %s %d %lldms\n", to_journal() ? (err ? "<3>" : "<6>") : "",
                err ? "error" : "info", log_safe(rq->a, rq->client_ip ? rq->client_ip : "-"), rid,
                rq->method, log_safe(rq->a, rq->path), rs->status,
                (long long)(clock_now_ms() - t0));
    }
}
