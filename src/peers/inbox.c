/* POST /peer/inbox: the receiving end (peers.h). No session: the request is authenticated by
 * the Ed25519 signature of a configured, enabled peer, so no cookie is ever read and the CSRF
 * check (which applies to session requests) never concerns it.
 *
 * The request is multipart: a text part "envelope" (JSON, envelope.c) and a file part "body"
 * (the opaque bytes; streamed to disk by the request builder, so a package may be larger than
 * an in-memory form). Checks, in order: the envelope's form, a known enabled sender,
 * addressed to this installation, the body part, the size, the body hash, the signature, the
 * time window, a handler for the kind; then in one write transaction: seen before → the stored
 * answer again; else the handler and the inbox row. Every refusal answers 4xx JSON with a
 * Vietnamese message and leaves a log line (an audit row when the sender is a configured peer). */
#include <fcntl.h>
#include <jansson.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "audit/audit.h"
#include "base/clock.h"
#include "base/i18n.h"
#include "http/router.h"
#include "peers/peers_impl.h"
#include "rules/rules.h"
#include "web/respond.h"

static const db_query q_seen = {"peers.inbox_seen",
                                "SELECT reply, peer_id FROM peer_inbox WHERE msg_id = ?1", NULL};
static const db_query q_keep = {
    "peers.inbox_keep",
    "INSERT INTO peer_inbox (msg_id, peer_id, kind, reply, received_at) VALUES (?1, ?2, ?3, ?4, "
    "?5)",
    NULL};

/* The refusal: JSON, a log line, and — when p is given — an audit row of its own (nothing of
 * the message itself was applied). The audit row is kept for what names a configured peer and
 * carries a signature to judge (a bad one is the security event worth keeping) or a good one;
 * before that, anyone could write rows by naming a peer, so only the log line. */
static void refuse(ctx *c, int status, const char *code, const char *msg, const peer_row *p,
                   const peers_msg *m)
{
    fprintf(stderr, "vanphong: peer inbox refused (%s) from %s msg %s: %s\n", code,
            m && m->from_organ ? m->from_organ : "?", m && m->id ? m->id : "?", c->rq->client_ip);
    if (p && p->id) {
        json_t *j = json_pack("{s:s, s:s?, s:s?, s:s}", "code", code, "msg_id", m ? m->id : NULL,
                              "kind", m ? m->kind : NULL, "ip", c->rq->client_ip);
        char *aj = json_dumps(j, JSON_COMPACT);
        json_decref(j);
        if (db_begin_write(c->db) == 0) {
            if (audit_log(c->db, NULL, "peer.refused", "peer", p->id, NULL, aj) == 0)
                db_commit(c->db);
            else
                db_rollback(c->db);
        }
        free(aj);
    }
    respond_api_error(c, status, code, msg);
}

static void answer(ctx *c, const char *msg_id, const char *self, const char *to, const void *reply,
                   size_t n, bool replay)
{
    peers_keys k;
    char *err = NULL;
    if (peers_keys_get(&k, &err) != 0) {
        free(err);
        respond_api_error(c, 500, "internal", _("Không đọc được khóa của hệ thống."));
        return;
    }
    char sig[PEERS_SIG_B64];
    peers_sign_reply(&k, msg_id, self, to, reply, n, sig);
    size_t b64n = sodium_base64_ENCODED_LEN(n, sodium_base64_VARIANT_ORIGINAL);
    char *b64 = arena_alloc(c->a, b64n);
    sodium_bin2base64(b64, b64n, reply, n, sodium_base64_VARIANT_ORIGINAL);
    respond_json(c, 200,
                 json_pack("{s:s, s:s, s:s, s:s, s:s, s:b}", "id", msg_id, "from", self, "to", to,
                           "reply", b64, "sig", sig, "replay", replay));
}

static unsigned char *read_upload(const http_upload *u, size_t *n_r)
{
    int fd = open(u->tmp_path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return NULL;
    size_t n = (size_t)u->size;
    unsigned char *buf = malloc(n ? n : 1);
    size_t got = 0;
    while (buf && got < n) {
        ssize_t r = read(fd, buf + got, n - got);
        if (r <= 0)
            break;
        got += (size_t)r;
    }
    close(fd);
    if (buf && got != n) {
        free(buf);
        return NULL;
    }
    *n_r = n;
    return buf;
}

static void h_inbox(ctx *c)
{
    /* Who is it from before what it brings: an unknown sender learns nothing more. */
    const char *env = req_form(c->rq, "envelope");
    const http_upload *u = req_upload(c->rq, "body");
    peers_msg m = {0};
    const char *hash = NULL, *sig = NULL, *perr = NULL;
    if (!env) {
        refuse(c, 400, "bad_request",
               _("Yêu cầu phải gồm phần \"envelope\" (phong bì thư) và tệp \"body\" (nội dung)."),
               NULL, NULL);
        return;
    }
    if (peers_envelope_parse(c->a, env, &m, &hash, &sig, &perr) != 0) {
        refuse(c, 400, "bad_envelope", perr, NULL, NULL);
        return;
    }
    peer_row p = {0};
    unsigned char pk[32];
    if (peers_by_organ(c->db, c->a, m.from_organ, &p) != 1 || !p.enabled ||
        !peers_pk_parse(p.public_key, pk)) {
        refuse(c, 403, "unknown_peer",
               _("Cơ quan gửi chưa được cấu hình kết nối liên thông hoặc đang tạm ngừng."), NULL,
               &m);
        return;
    }
    char self[32];
    peers_self_organ(c->db, self, sizeof self);
    if (!*self) {
        refuse(c, 503, "not_configured",
               _("Hệ thống nhận chưa đặt mã định danh cơ quan nên chưa nhận thư liên thông."), NULL,
               &m);
        return;
    }
    if (strcmp(m.to_organ, self) != 0) {
        refuse(c, 400, "wrong_recipient",
               _("Thư không gửi cho cơ quan này (mã định danh người nhận không khớp)."), NULL, &m);
        return;
    }
    if (!u) {
        refuse(c, 400, "bad_request",
               _("Yêu cầu phải gồm phần \"envelope\" (phong bì thư) và tệp \"body\" (nội dung)."),
               NULL, &m);
        return;
    }
    int64_t max_bytes = rules_int(c->db, "peers.max_body_mb", NULL) * 1024 * 1024;
    if (u->size > max_bytes) {
        refuse(c, 413, "too_large", _("Gói tin vượt quá dung lượng cho phép."), NULL, &m);
        return;
    }
    size_t n = 0;
    unsigned char *body = read_upload(u, &n);
    if (!body) {
        refuse(c, 500, "internal", _("Không đọc được nội dung thư."), NULL, &m);
        return;
    }
    arena_defer(c->a, free, body);
    m.body = body;
    m.len = n;
    m.peer_id = p.id;
    char got[65];
    peers_sha256_hex(body, n, got);
    if (strcmp(got, hash) != 0) {
        refuse(c, 400, "bad_body_hash",
               _("Nội dung thư không khớp mã băm trong phong bì (bị thay đổi trên đường đi?)."),
               NULL, &m);
        return;
    }
    if (!peers_verify_msg(pk, &m, sig)) {
        refuse(c, 403, "bad_signature",
               _("Chữ ký của thư không hợp lệ với khóa công khai đã cấu hình cho cơ quan gửi."), &p,
               &m);
        return;
    }
    int64_t skew = rules_int(c->db, "peers.clock_skew_s", NULL), now = clock_now();
    if (m.sent < now - skew || m.sent > now + skew) {
        refuse(c, 400, "stale",
               _("Thư quá cũ hoặc thời gian gửi lệch quá nhiều so với đồng hồ của hệ thống nhận."),
               &p, &m);
        return;
    }
    peers_handler fn = peers_handler_for(m.kind);
    if (!fn) {
        refuse(c, 400, "unknown_kind", _("Hệ thống nhận không xử lý loại thư này."), &p, &m);
        return;
    }
    if (db_begin_write(c->db) != 0) {
        respond_api_error(c, 503, "busy", _("Hệ thống đang bận, hãy gửi lại sau."));
        return;
    }
    /* Seen: the same answer again, the handler never runs twice. */
    db_stmt *s = db_stmt_get(c->db, &q_seen);
    if (!s) {
        db_rollback(c->db);
        respond_api_error(c, 500, "internal", _(WEB_MSG_DB));
        return;
    }
    db_bind_text(s, 1, m.id);
    if (db_step(s) == DB_ROW) {
        size_t rn = 0;
        const void *r = db_col_blob(s, 0, &rn);
        int64_t from_peer = db_col_int(s, 1);
        void *copy = arena_alloc(c->a, rn + 1);
        if (rn)
            memcpy(copy, r, rn);
        db_reset(s);
        db_rollback(c->db);
        if (from_peer != p.id) {
            refuse(c, 409, "duplicate_id", _("Mã thư đã được một cơ quan khác dùng."), &p, &m);
            return;
        }
        fprintf(stderr, "vanphong: peer inbox replay of %s from %s: same answer\n", m.id,
                m.from_organ);
        answer(c, m.id, self, m.from_organ, copy, rn, true);
        return;
    }
    db_reset(s);
    strbuf reply = STRBUF_INIT;
    int rc = fn(c->db, &m, &reply);
    if (rc != 0) {
        db_rollback(c->db);
        const char *why =
            arena_strdup(c->a, reply.len ? sb_str(&reply) : _("Hệ thống nhận từ chối thư."));
        sb_free(&reply);
        refuse(c, 422, "refused", why, &p, &m);
        return;
    }
    char at[32];
    clock_iso(now, at, sizeof at);
    s = db_stmt_get(c->db, &q_keep);
    json_t *j = json_pack("{s:s, s:s, s:s, s:I}", "msg_id", m.id, "from", m.from_organ, "kind",
                          m.kind, "bytes", (json_int_t)n);
    char *aj = json_dumps(j, JSON_COMPACT);
    json_decref(j);
    bool ok = false;
    if (s) {
        db_bind_text(s, 1, m.id);
        db_bind_int(s, 2, p.id);
        db_bind_text(s, 3, m.kind);
        db_bind_blob(s, 4, reply.len ? sb_str(&reply) : "", reply.len);
        db_bind_text(s, 5, at);
        ok = db_exec(s) == DB_DONE &&
             audit_log(c->db, NULL, "peer.receive", "peer", p.id, NULL, aj) == 0 &&
             db_commit(c->db) == 0;
    }
    free(aj);
    if (!ok) {
        db_rollback(c->db);
        sb_free(&reply);
        respond_api_error(c, 500, "internal", _(WEB_MSG_DB));
        return;
    }
    size_t rn = reply.len;
    char *copy = arena_alloc(c->a, rn + 1);
    if (rn)
        memcpy(copy, sb_str(&reply), rn);
    sb_free(&reply);
    answer(c, m.id, self, m.from_organ, copy, rn, false);
}

void peers_inbox_routes(void)
{
    route_add("POST", "/peer/inbox", h_inbox, ROUTE_PUBLIC);
}
