/* The sending end: a job worker's idle hook takes one due outbox row, signs its envelope and
 * POSTs it to the peer's /peer/inbox with libcurl, then records the outcome (peers.h).
 *
 * Durability: the row is claimed with a lease (locked_until) in a short transaction, the network
 * call happens outside any transaction, and the outcome is written in another. A process that
 * dies mid-delivery leaves the lease to lapse and the row is sent again with the same message
 * id, which the receiver answers from its inbox without running anything twice.
 *
 * TLS: https is verified (peer and host name) against the peer's configured CA (PEM, in
 * memory) or the system's CAs, optionally with a pinned public key; plain http is accepted by
 * validation only to loopback, and such a channel is never "encrypted". */
#include <curl/curl.h>
#include <jansson.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit/audit.h"
#include "base/clock.h"
#include "base/i18n.h"
#include "peers/peers_impl.h"
#include "rules/rules.h"

#define REPLY_MAX (8 * 1024 * 1024) /* bytes of an answer kept */

static const db_query q_due = {
    "peers.due",
    "SELECT id FROM peer_outbox WHERE state = 'queued' AND next_at <= ?1 AND locked_until <= ?1 "
    "ORDER BY next_at, id LIMIT 1",
    NULL};
static const db_query q_claim = {
    "peers.claim",
    "UPDATE peer_outbox SET locked_until = ?2 WHERE id = ?1 AND state = 'queued' AND "
    "next_at <= ?3 AND locked_until <= ?3",
    NULL};
static const db_query q_row = {"peers.row",
                               "SELECT msg_id, peer_id, kind, body, created_ts, queued_at, "
                               "attempts FROM peer_outbox WHERE id = ?1",
                               NULL};
static const db_query q_done = {
    "peers.done",
    "UPDATE peer_outbox SET state = 'delivered', reply = ?2, delivered_at = ?3, last_error = NULL, "
    "locked_until = 0, attempts = attempts + 1 WHERE id = ?1 AND state = 'queued'",
    NULL};
static const db_query q_fail = {
    "peers.fail",
    "UPDATE peer_outbox SET state = ?2, attempts = attempts + 1, last_error = ?3, next_at = ?4, "
    "locked_until = 0 WHERE id = ?1 AND state = 'queued'",
    NULL};

int64_t peers_backoff(int64_t first, int64_t max, int attempt)
{
    if (first < 1)
        first = 1;
    int64_t d = first;
    for (int i = 1; i < attempt && d < max; i++)
        d *= 2;
    return d < max ? d : max;
}

typedef struct sink {
    strbuf b;
    bool over;
} sink;

static size_t on_data(char *p, size_t size, size_t n, void *ud)
{
    sink *s = ud;
    size_t len = size * n;
    if (s->b.len + len > REPLY_MAX) {
        s->over = true;
        return 0;
    }
    sb_add(&s->b, p, len);
    return len;
}

/* POSTs the envelope; 0 with the peer's verified reply in *reply_r (malloc'd), or -1 with a
 * Vietnamese reason for the admin's page in *err_r (malloc'd). */
static int post(const peer_row *p, const peers_msg *m, const char *env_json, void **reply_r,
                size_t *reply_n, char **err_r)
{
    CURL *h = curl_easy_init();
    if (!h) {
        *err_r = strdup("curl");
        return -1;
    }
    char url[PEERS_URL_MAX + 32];
    size_t ul = strlen(p->base_url);
    snprintf(url, sizeof url, "%.*s/peer/inbox",
             (int)(ul && p->base_url[ul - 1] == '/' ? ul - 1 : ul), p->base_url);
    curl_mime *mime = curl_mime_init(h);
    curl_mimepart *part = curl_mime_addpart(mime);
    curl_mime_name(part, "envelope");
    curl_mime_data(part, env_json, CURL_ZERO_TERMINATED);
    curl_mime_type(part, "application/json");
    part = curl_mime_addpart(mime);
    curl_mime_name(part, "body");
    curl_mime_filename(part, "body.bin");
    curl_mime_type(part, "application/octet-stream");
    curl_mime_data(part, m->len ? m->body : "", m->len);
    sink s = {STRBUF_INIT, false};
    char errbuf[CURL_ERROR_SIZE] = "";
    curl_easy_setopt(h, CURLOPT_URL, url);
    curl_easy_setopt(h, CURLOPT_MIMEPOST, mime);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_data);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, &s);
    curl_easy_setopt(h, CURLOPT_ERRORBUFFER, errbuf);
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(h, CURLOPT_TIMEOUT, (long)PEERS_HTTP_TIMEOUT_S);
    curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, 10L);
    curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 1L);
    curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 2L);
    struct curl_blob ca = {(void *)p->ca_pem, strlen(p->ca_pem), CURL_BLOB_COPY};
    if (*p->ca_pem)
        curl_easy_setopt(h, CURLOPT_CAINFO_BLOB, &ca);
    if (*p->tls_pin)
        curl_easy_setopt(h, CURLOPT_PINNEDPUBLICKEY, p->tls_pin);
    struct curl_slist *hdr = curl_slist_append(NULL, "Expect:");
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, hdr);
    CURLcode cc = curl_easy_perform(h);
    long status = 0;
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
    curl_slist_free_all(hdr);
    curl_mime_free(mime);
    curl_easy_cleanup(h);
    int rc = -1;
    json_t *j = NULL;
    if (cc != CURLE_OK) {
        if (asprintf(err_r, _("Không kết nối được: %s"),
                     *errbuf ? errbuf : curl_easy_strerror(cc)) < 0)
            *err_r = NULL;
        goto out;
    }
    j = json_loadb(sb_str(&s.b), s.b.len, 0, NULL);
    if (status != 200) {
        const char *msg =
            json_string_value(json_object_get(json_object_get(j, "error"), "message"));
        if (asprintf(err_r, _("Bên nhận trả lời %ld: %s"), status, msg ? msg : _("(không rõ)")) < 0)
            *err_r = NULL;
        goto out;
    }
    const char *rid = json_string_value(json_object_get(j, "id"));
    const char *from = json_string_value(json_object_get(j, "from"));
    const char *to = json_string_value(json_object_get(j, "to"));
    const char *b64 = json_string_value(json_object_get(j, "reply"));
    const char *sig = json_string_value(json_object_get(j, "sig"));
    unsigned char pk[32];
    size_t bn = b64 ? strlen(b64) : 0, rn = 0;
    unsigned char *r = malloc(bn + 1);
    if (!rid || !from || !to || !b64 || !sig || !r || strcmp(rid, m->id) != 0 ||
        strcmp(from, p->organ_id) != 0 || strcmp(to, m->from_organ) != 0 ||
        sodium_base642bin(r, bn + 1, b64, bn, NULL, &rn, NULL, sodium_base64_VARIANT_ORIGINAL) !=
            0 ||
        !peers_pk_parse(p->public_key, pk) || !peers_verify_reply(pk, rid, from, to, r, rn, sig)) {
        free(r);
        *err_r = strdup(_("Trả lời của bên nhận không có chữ ký hợp lệ."));
        goto out;
    }
    *reply_r = r;
    *reply_n = rn;
    rc = 0;
out:
    json_decref(j);
    sb_free(&s.b);
    if (rc != 0 && !*err_r)
        *err_r = strdup("?");
    return rc;
}

/* Claims the oldest due row. Its id, or 0. The idle hook runs every poll of every worker, so
 * the question "anything due?" is a read: the write lock is taken only to claim a row. */
static int64_t claim(db *d, int64_t now)
{
    db_stmt *s = db_stmt_get(d, &q_due);
    int64_t id = 0;
    if (s) {
        db_bind_int(s, 1, now);
        if (db_step(s) == DB_ROW)
            id = db_col_int(s, 0);
        db_reset(s);
    }
    if (!id || db_begin_write(d) != 0)
        return 0;
    db_stmt *u = db_stmt_get(d, &q_claim);
    if (u) {
        db_bind_int(u, 1, id);
        db_bind_int(u, 2, now + PEERS_LEASE_S);
        db_bind_int(u, 3, now);
        /* another worker may have claimed it between the read and the lock */
        if (db_exec(u) != DB_DONE || db_changes(d) != 1)
            id = 0;
    } else
        id = 0;
    if (!id || db_commit(d) != 0) {
        db_rollback(d);
        return 0;
    }
    return id;
}

static void record_failure(db *d, int64_t id, const peers_msg *m, int64_t queued_at, int attempts,
                           const char *err)
{
    int64_t now = clock_now();
    int64_t first = rules_int(d, "peers.retry_first_s", NULL);
    int64_t max = rules_int(d, "peers.retry_max_s", NULL);
    int64_t give_up = rules_int(d, "peers.give_up_hours", NULL) * 3600;
    bool failed = now - queued_at >= give_up;
    if (db_begin_write(d) != 0)
        return;
    db_stmt *s = db_stmt_get(d, &q_fail);
    if (!s) {
        db_rollback(d);
        return;
    }
    db_bind_int(s, 1, id);
    db_bind_text(s, 2, failed ? "failed" : "queued");
    db_bind_text(s, 3, err);
    db_bind_int(s, 4, now + peers_backoff(first, max, attempts + 1));
    int rc = db_exec(s);
    if (rc == DB_DONE && failed) {
        /* Shown on /admin/peers (the failed list and its count) for the administrator. */
        json_t *j = json_pack("{s:s, s:s, s:s}", "msg_id", m->id, "to", m->to_organ, "error", err);
        char *aj = json_dumps(j, JSON_COMPACT);
        json_decref(j);
        rc = audit_log(d, NULL, "peer.failed", "peer_outbox", id, NULL, aj) == 0 ? DB_DONE : -1;
        peers_failed_fn fn = m->kind ? peers_failed_for(m->kind) : NULL;
        if (rc == DB_DONE && fn)
            fn(d, m, err);
        free(aj);
        fprintf(stderr, "vanphong: peer message %s to %s given up: %s\n", m->id, m->to_organ, err);
    }
    if (rc != DB_DONE || db_commit(d) != 0)
        db_rollback(d);
}

static void record_success(db *d, int64_t id, const peers_msg *m, const void *reply, size_t n)
{
    char at[32];
    clock_iso(clock_now(), at, sizeof at);
    if (db_begin_write(d) != 0)
        return;
    db_stmt *s = db_stmt_get(d, &q_done);
    if (!s) {
        db_rollback(d);
        return;
    }
    db_bind_int(s, 1, id);
    db_bind_blob(s, 2, n ? reply : "", n);
    db_bind_text(s, 3, at);
    if (db_exec(s) != DB_DONE || db_changes(d) != 1) {
        db_rollback(d); /* handed back by an admin meanwhile, or already done */
        return;
    }
    peers_reply_fn fn = peers_reply_for(m->kind);
    if (fn)
        fn(d, m, reply, n);
    json_t *j = json_pack("{s:s, s:s, s:s}", "msg_id", m->id, "to", m->to_organ, "kind", m->kind);
    char *aj = json_dumps(j, JSON_COMPACT);
    json_decref(j);
    int arc = audit_log(d, NULL, "peer.delivered", "peer_outbox", id, NULL, aj);
    free(aj);
    if (arc != 0 || db_commit(d) != 0)
        db_rollback(d);
}

int peers_deliver_one(db *d)
{
    int64_t now = clock_now();
    int64_t id = claim(d, now);
    if (!id)
        return 0;
    arena *a = arena_new();
    db_stmt *s = db_stmt_get(d, &q_row);
    peers_msg m = {0};
    int64_t queued_at = now;
    int attempts = 0;
    bool have = false;
    if (s) {
        db_bind_int(s, 1, id);
        if (db_step(s) == DB_ROW) {
            m.id = arena_strdup(a, db_col_text(s, 0));
            m.peer_id = db_col_int(s, 1);
            m.kind = arena_strdup(a, db_col_text(s, 2));
            size_t n = 0;
            const void *b = db_col_blob(s, 3, &n);
            void *copy = arena_alloc(a, n + 1);
            if (n)
                memcpy(copy, b, n);
            m.body = copy;
            m.len = n;
            m.created = db_col_int(s, 4);
            queued_at = db_col_int(s, 5);
            attempts = (int)db_col_int(s, 6);
            have = true;
        }
        db_reset(s);
    }
    peer_row p;
    char self[32];
    peers_self_organ(d, self, sizeof self);
    char *err = NULL;
    void *reply = NULL;
    size_t rn = 0;
    peers_keys k;
    if (!have || peers_get(d, a, m.peer_id, &p) != 1) {
        err = strdup(_("Không đọc được thư hoặc đơn vị nhận."));
    } else {
        m.to_organ = p.organ_id;
        m.from_organ = arena_strdup(a, self);
        m.sent = clock_now();
        if (!p.enabled)
            err = strdup(_("Kết nối tới đơn vị nhận đang tạm ngừng."));
        else if (!*self)
            err = strdup(_("Chưa đặt mã định danh của cơ quan này."));
        else if (peers_keys_get(&k, &err) == 0) {
            char sig[PEERS_SIG_B64];
            peers_sign_msg(&k, &m, sig);
            char *env = peers_envelope_json(&m, sig);
            if (post(&p, &m, env, &reply, &rn, &err) == 0)
                record_success(d, id, &m, reply, rn);
            free(env);
        }
    }
    if (err) {
        if (!m.id)
            m.id = "";
        if (!m.to_organ)
            m.to_organ = "";
        record_failure(d, id, &m, queued_at, attempts, err);
    }
    free(err);
    free(reply);
    arena_free(&a);
    return 1;
}
