/* The peer rows, this installation's organ id, the outbox (peers.h): validation first, then one
 * write transaction with its audit row. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <jansson.h>

#include "audit/audit.h"
#include "base/clock.h"
#include "base/i18n.h"
#include "jobs/jobs.h"
#include "peers/peers_impl.h"
#include "rules/rules.h"

#define COLS                                                                                       \
    "id, name, organ_id, base_url, public_key, ca_pem, tls_pin, enabled, last_ping_at, "           \
    "last_ping_reply, created_at, updated_at"

static const db_query q_get = {"peers.get", "SELECT " COLS " FROM peers WHERE id = ?1", NULL};
static const db_query q_by_organ = {"peers.by_organ",
                                    "SELECT " COLS " FROM peers WHERE organ_id = ?1", NULL};
static const db_query q_list = {"peers.list", "SELECT " COLS " FROM peers ORDER BY name, id", NULL};
static const db_query q_insert = {
    "peers.insert",
    "INSERT INTO peers (name, organ_id, base_url, public_key, ca_pem, tls_pin, enabled, "
    "created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8)",
    NULL};
static const db_query q_update = {
    "peers.update",
    "UPDATE peers SET name = ?2, organ_id = ?3, base_url = ?4, public_key = ?5, ca_pem = ?6, "
    "tls_pin = ?7, enabled = ?8, updated_at = ?9 WHERE id = ?1",
    NULL};
static const db_query q_self = {"peers.self", "SELECT organ_id FROM peers_self WHERE id = 1", NULL};
static const db_query q_self_set = {
    "peers.self_set",
    "INSERT INTO peers_self (id, organ_id, updated_at) VALUES (1, ?1, ?2) ON CONFLICT (id) DO "
    "UPDATE SET organ_id = excluded.organ_id, updated_at = excluded.updated_at",
    NULL};
static const db_query q_enqueue = {
    "peers.enqueue",
    "INSERT INTO peer_outbox (msg_id, peer_id, kind, idem_key, body, created_ts, queued_at, "
    "next_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6, ?6) ON CONFLICT (peer_id, kind, idem_key) DO "
    "NOTHING",
    NULL};
static const db_query q_outbox = {
    "peers.outbox",
    "SELECT o.id, o.peer_id, o.created_ts, o.msg_id, p.name, o.kind, o.state, o.last_error, "
    "o.delivered_at, CAST(o.reply AS TEXT), o.attempts, o.next_at FROM peer_outbox o JOIN peers p "
    "ON p.id = o.peer_id WHERE ?1 IS NULL OR o.state = ?1 ORDER BY o.id DESC LIMIT ?2",
    /* bytea cast to text is its \x hex on PostgreSQL: the reply's UTF-8 text is convert_from */
    "SELECT o.id, o.peer_id, o.created_ts, o.msg_id, p.name, o.kind, o.state, o.last_error, "
    "o.delivered_at, convert_from(o.reply, 'UTF8'), o.attempts, o.next_at FROM peer_outbox o "
    "JOIN peers p ON p.id = o.peer_id WHERE $1::text IS NULL OR o.state = $1 ORDER BY o.id DESC "
    "LIMIT $2"};
static const db_query q_counts = {"peers.outbox_counts",
                                  "SELECT state, COUNT(*) FROM peer_outbox GROUP BY state", NULL};
static const db_query q_retry = {
    "peers.retry",
    "UPDATE peer_outbox SET state = 'queued', next_at = ?2, locked_until = 0, attempts = 0, "
    "queued_at = ?2 WHERE id = ?1 AND state = 'failed'",
    NULL};
static const db_query q_outbox_get = {"peers.outbox_get",
                                      "SELECT state FROM peer_outbox WHERE id = ?1", NULL};

static const char *col(arena *a, db_stmt *s, int i)
{
    const char *v = db_col_text(s, i);
    return arena_strdup(a, v ? v : "");
}

static void read_row(arena *a, db_stmt *s, peer_row *p)
{
    p->id = db_col_int(s, 0);
    p->name = col(a, s, 1);
    p->organ_id = col(a, s, 2);
    p->base_url = col(a, s, 3);
    p->public_key = col(a, s, 4);
    p->ca_pem = col(a, s, 5);
    p->tls_pin = col(a, s, 6);
    p->enabled = db_col_int(s, 7) != 0;
    p->last_ping_at = db_col_null(s, 8) ? NULL : col(a, s, 8);
    p->last_ping_reply = db_col_null(s, 9) ? NULL : col(a, s, 9);
    p->created_at = col(a, s, 10);
    p->updated_at = col(a, s, 11);
}

int peers_get(db *d, arena *a, int64_t id, peer_row *p)
{
    db_stmt *s = db_stmt_get(d, &q_get);
    if (!s)
        return -1;
    db_bind_int(s, 1, id);
    int rc = db_step(s);
    if (rc == DB_ROW)
        read_row(a, s, p);
    db_reset(s);
    return rc == DB_ROW ? 1 : rc == DB_DONE ? 0 : -1;
}

int peers_by_organ(db *d, arena *a, const char *organ, peer_row *p)
{
    db_stmt *s = db_stmt_get(d, &q_by_organ);
    if (!s)
        return -1;
    db_bind_text(s, 1, organ);
    int rc = db_step(s);
    if (rc == DB_ROW)
        read_row(a, s, p);
    db_reset(s);
    return rc == DB_ROW ? 1 : rc == DB_DONE ? 0 : -1;
}

int peers_list(db *d, arena *a, peer_row **rows_r)
{
    db_stmt *s = db_stmt_get(d, &q_list);
    if (!s)
        return -1;
    int n = 0, cap = 8;
    peer_row *v = arena_alloc(a, (size_t)cap * sizeof *v);
    int rc;
    while ((rc = db_step(s)) == DB_ROW) {
        if (n == cap) {
            peer_row *w = arena_alloc(a, (size_t)cap * 2 * sizeof *v);
            memcpy(w, v, (size_t)n * sizeof *v);
            v = w;
            cap *= 2;
        }
        read_row(a, s, &v[n++]);
    }
    db_reset(s);
    *rows_r = v;
    return rc == DB_DONE ? n : -1;
}

void peers_self_organ(db *d, char *buf, size_t n)
{
    buf[0] = 0;
    db_stmt *s = db_stmt_get(d, &q_self);
    if (s && db_step(s) == DB_ROW && db_col_text(s, 0))
        snprintf(buf, n, "%s", db_col_text(s, 0));
    if (s)
        db_reset(s);
}

int peers_self(db *d, char *organ, size_t organ_n, char *pk, size_t pk_n)
{
    peers_keys k;
    char *err = NULL;
    peers_self_organ(d, organ, organ_n);
    if (peers_keys_get(&k, &err) != 0) {
        free(err);
        return -1;
    }
    char b64[PEERS_PK_B64];
    peers_pk_b64(k.pk, b64);
    snprintf(pk, pk_n, "%s", b64);
    return 0;
}

bool peers_url_encrypted(const char *url)
{
    return url && strncmp(url, "https://", 8) == 0;
}

/* https://host[:port][/path], or http:// only to this machine (tests: the channel is then not
 * encrypted). No credentials, query or fragment: the inbox path is appended. */
static bool url_ok(const char *u)
{
    if (!peers_token_ok(u, PEERS_URL_MAX))
        return false;
    const char *host;
    if (strncmp(u, "https://", 8) == 0)
        host = u + 8;
    else if (strncmp(u, "http://", 7) == 0) {
        host = u + 7;
        static const char *const loop[] = {"127.0.0.1", "localhost", "[::1]"};
        bool local = false;
        for (size_t i = 0; i < 3; i++) {
            size_t l = strlen(loop[i]);
            if (strncmp(host, loop[i], l) == 0 &&
                (host[l] == 0 || host[l] == ':' || host[l] == '/'))
                local = true;
        }
        if (!local)
            return false;
    } else
        return false;
    if (!*host || *host == '/' || *host == ':' || strpbrk(host, "@?#\\"))
        return false;
    return true;
}

bool peers_channel_encrypted(db *d, const char *organ_id)
{
    arena *a = arena_new();
    peer_row p;
    bool ok =
        peers_by_organ(d, a, organ_id, &p) == 1 && p.enabled && peers_url_encrypted(p.base_url);
    arena_free(&a);
    return ok;
}

bool peers_may_admin(const ctx *c)
{
    return c->user && c->user->role == ROLE_ADMIN;
}

static bool organ_ok(const char *s)
{
    return peers_token_ok(s, PEERS_ORGAN_LEN) && strlen(s) == PEERS_ORGAN_LEN && !strchr(s, ',');
}

static json_t *peer_audit_json(const peer_input *in)
{
    return json_pack("{s:s, s:s, s:s, s:s, s:b, s:b}", "name", in->name, "organ_id", in->organ_id,
                     "base_url", in->base_url, "public_key", in->public_key, "ca",
                     in->ca_pem && *in->ca_pem, "enabled", in->enabled);
}

int64_t peers_save(ctx *c, int64_t id, const peer_input *in, web_err *e)
{
    if (!peers_may_admin(c)) {
        web_err_add(e, 403, "forbidden", NULL,
                    _("Chỉ quản trị hệ thống mới cấu hình được kết nối liên thông."));
        return -1;
    }
    peer_row old = {0};
    if (id > 0 && peers_get(c->db, c->a, id, &old) != 1) {
        web_err_add(e, 404, "not_found", NULL, _("Không có đơn vị kết nối này."));
        return -1;
    }
    unsigned char pk[32];
    if (!in->name || !*in->name)
        web_err_add(e, 400, "invalid_input", "name", _("Hãy nhập tên cơ quan kết nối."));
    else if (strlen(in->name) > PEERS_NAME_MAX)
        web_err_add(e, 400, "invalid_input", "name", _("Tên quá dài (tối đa 200 byte)."));
    if (!organ_ok(in->organ_id))
        web_err_add(e, 400, "invalid_input", "organ_id",
                    _("Mã định danh cơ quan phải đúng 13 ký tự, không có khoảng trắng."));
    if (!url_ok(in->base_url))
        web_err_add(e, 400, "invalid_input", "base_url",
                    _("Địa chỉ phải bắt đầu bằng https:// (http:// chỉ được dùng với máy này, để "
                      "thử nghiệm), không có tên đăng nhập, dấu ? hay #."));
    if (!peers_pk_parse(in->public_key, pk))
        web_err_add(e, 400, "invalid_input", "public_key",
                    _("Khóa công khai không hợp lệ: cần 44 ký tự base64 của một khóa Ed25519 "
                      "(lấy ở trang Kết nối liên thông của bên kia)."));
    if (in->ca_pem && *in->ca_pem &&
        (strlen(in->ca_pem) > PEERS_PEM_MAX || !strstr(in->ca_pem, "-----BEGIN CERTIFICATE-----")))
        web_err_add(e, 400, "invalid_input", "ca_pem",
                    _("Chứng thư CA phải ở dạng PEM (bắt đầu bằng -----BEGIN CERTIFICATE-----)."));
    if (in->tls_pin && *in->tls_pin &&
        (strncmp(in->tls_pin, "sha256//", 8) != 0 || !peers_token_ok(in->tls_pin, 200)))
        web_err_add(e, 400, "invalid_input", "tls_pin",
                    _("Khóa ghim phải có dạng sha256//<base64>."));
    char self[32];
    peers_self_organ(c->db, self, sizeof self);
    if (!e->n && *self && strcmp(self, in->organ_id) == 0)
        web_err_add(e, 400, "invalid_input", "organ_id",
                    _("Đây là mã định danh của chính cơ quan này."));
    if (e->n)
        return -1;
    if (db_begin_write(c->db) != 0)
        return web_err_rollback(c, e);
    peer_row dup;
    int have = peers_by_organ(c->db, c->a, in->organ_id, &dup);
    if (have == 1 && dup.id != id) {
        db_rollback(c->db);
        web_err_add(e, 409, "duplicate", "organ_id",
                    _("Đã có một đơn vị kết nối với mã định danh này."));
        e->existing_id = dup.id;
        return -1;
    }
    char now[32];
    clock_iso(clock_now(), now, sizeof now);
    db_stmt *s = db_stmt_get(c->db, id > 0 ? &q_update : &q_insert);
    if (!s)
        return web_err_rollback(c, e);
    int i = 1;
    if (id > 0)
        db_bind_int(s, i++, id);
    db_bind_text(s, i++, in->name);
    db_bind_text(s, i++, in->organ_id);
    db_bind_text(s, i++, in->base_url);
    db_bind_text(s, i++, in->public_key);
    db_bind_text(s, i++, in->ca_pem ? in->ca_pem : "");
    db_bind_text(s, i++, in->tls_pin ? in->tls_pin : "");
    db_bind_int(s, i++, in->enabled ? 1 : 0);
    db_bind_text(s, i++, now);
    if (db_exec(s) != DB_DONE)
        return web_err_rollback(c, e);
    if (id == 0)
        id = db_last_id(c->db);
    json_t *after = peer_audit_json(in);
    char *aj = json_dumps(after, JSON_COMPACT);
    json_decref(after);
    char *bj = NULL;
    if (old.id) {
        peer_input was = {old.name,   old.organ_id, old.base_url, old.public_key,
                          old.ca_pem, old.tls_pin,  old.enabled};
        json_t *before = peer_audit_json(&was);
        bj = json_dumps(before, JSON_COMPACT);
        json_decref(before);
    }
    int arc = audit_log(c->db, c->user, old.id ? "peer.update" : "peer.create", "peer", id, bj, aj);
    free(aj);
    free(bj);
    if (arc != 0 || db_commit(c->db) != 0)
        return web_err_rollback(c, e);
    return id;
}

int peers_set_self(ctx *c, const char *organ_id, web_err *e)
{
    if (!peers_may_admin(c)) {
        web_err_add(e, 403, "forbidden", NULL,
                    _("Chỉ quản trị hệ thống mới cấu hình được kết nối liên thông."));
        return -1;
    }
    if (!organ_ok(organ_id)) {
        web_err_add(e, 400, "invalid_input", "organ_id",
                    _("Mã định danh cơ quan phải đúng 13 ký tự, không có khoảng trắng."));
        return -1;
    }
    char now[32], was[32];
    clock_iso(clock_now(), now, sizeof now);
    if (db_begin_write(c->db) != 0)
        return web_err_rollback(c, e);
    peers_self_organ(c->db, was, sizeof was);
    db_stmt *s = db_stmt_get(c->db, &q_self_set);
    if (!s)
        return web_err_rollback(c, e);
    db_bind_text(s, 1, organ_id);
    db_bind_text(s, 2, now);
    if (db_exec(s) != DB_DONE)
        return web_err_rollback(c, e);
    json_t *b = json_pack("{s:s}", "organ_id", was), *a = json_pack("{s:s}", "organ_id", organ_id);
    char *bj = json_dumps(b, JSON_COMPACT), *aj = json_dumps(a, JSON_COMPACT);
    json_decref(b);
    json_decref(a);
    int arc = audit_log(c->db, c->user, "peer.self", "peer", 0, bj, aj);
    free(bj);
    free(aj);
    if (arc != 0 || db_commit(c->db) != 0)
        return web_err_rollback(c, e);
    return 0;
}

static char *msgdup(const char *s)
{
    return strdup(s);
}

int peers_enqueue(db *d, const char *to_peer_organ, const char *kind, const void *body, size_t n,
                  const char *idempotency_key, char **err_r)
{
    *err_r = NULL;
    if (!peers_token_ok(kind, PEERS_KIND_MAX)) {
        *err_r = msgdup(_("Loại thư không hợp lệ."));
        return -1;
    }
    if (idempotency_key && strlen(idempotency_key) > PEERS_KEY_MAX) {
        *err_r = msgdup(_("Khóa chống gửi trùng quá dài."));
        return -1;
    }
    int64_t max_mb = rules_int(d, "peers.max_body_mb", NULL);
    if (n > (size_t)max_mb * 1024 * 1024) {
        *err_r = msgdup(_("Gói tin quá lớn để gửi liên thông."));
        return -1;
    }
    arena *a = arena_new();
    peer_row p;
    int have = peers_by_organ(d, a, to_peer_organ, &p);
    if (have != 1 || !p.enabled) {
        arena_free(&a);
        *err_r = msgdup(have < 0 ? _(WEB_MSG_DB)
                                 : _("Cơ quan nhận chưa được cấu hình kết nối liên thông hoặc "
                                     "đang tạm ngừng."));
        return -1;
    }
    char id[PEERS_ID_HEX + 1];
    peers_new_id(id);
    db_stmt *s = db_stmt_get(d, &q_enqueue);
    int rc = -1;
    if (s) {
        db_bind_text(s, 1, id);
        db_bind_int(s, 2, p.id);
        db_bind_text(s, 3, kind);
        db_bind_text(s, 4, idempotency_key);
        db_bind_blob(s, 5, body ? body : "", n);
        db_bind_int(s, 6, clock_now());
        if (db_exec(s) == DB_DONE) {
            rc = 0;
            if (db_changes(d) > 0) {
                json_t *j = json_pack("{s:s, s:s, s:s, s:I}", "msg_id", id, "to", to_peer_organ,
                                      "kind", kind, "bytes", (json_int_t)n);
                char *aj = json_dumps(j, JSON_COMPACT);
                json_decref(j);
                rc = audit_log(d, NULL, "peer.enqueue", "peer_outbox", db_last_id(d), NULL, aj) == 0
                         ? 0
                         : -1;
                free(aj);
                jobs_wake();
            }
        }
    }
    arena_free(&a);
    if (rc != 0)
        *err_r = msgdup(_(WEB_MSG_DB));
    return rc;
}

int peers_ping(ctx *c, int64_t id, web_err *e)
{
    if (!peers_may_admin(c)) {
        web_err_add(e, 403, "forbidden", NULL,
                    _("Chỉ quản trị hệ thống mới cấu hình được kết nối liên thông."));
        return -1;
    }
    peer_row p;
    if (peers_get(c->db, c->a, id, &p) != 1) {
        web_err_add(e, 404, "not_found", NULL, _("Không có đơn vị kết nối này."));
        return -1;
    }
    if (!p.enabled) {
        web_err_add(e, 409, "invalid_state", NULL, _("Kết nối này đang tạm ngừng."));
        return -1;
    }
    if (db_begin_write(c->db) != 0)
        return web_err_rollback(c, e);
    char *err = NULL;
    if (peers_enqueue(c->db, p.organ_id, "peers.ping", "ping", 4, NULL, &err) != 0) {
        db_rollback(c->db);
        web_err_add(e, 500, "internal", NULL, arena_strdup(c->a, err ? err : _(WEB_MSG_DB)));
        free(err);
        return -1;
    }
    if (db_commit(c->db) != 0)
        return web_err_rollback(c, e);
    return 0;
}

int peers_retry(ctx *c, int64_t outbox_id, web_err *e)
{
    if (!peers_may_admin(c)) {
        web_err_add(e, 403, "forbidden", NULL,
                    _("Chỉ quản trị hệ thống mới cấu hình được kết nối liên thông."));
        return -1;
    }
    if (db_begin_write(c->db) != 0)
        return web_err_rollback(c, e);
    db_stmt *g = db_stmt_get(c->db, &q_outbox_get);
    if (!g)
        return web_err_rollback(c, e);
    db_bind_int(g, 1, outbox_id);
    int rc = db_step(g);
    const char *state = rc == DB_ROW ? arena_strdup(c->a, db_col_text(g, 0)) : NULL;
    db_reset(g);
    if (!state) {
        db_rollback(c->db);
        web_err_add(e, 404, "not_found", NULL, _("Không có thư này trong hàng đợi gửi."));
        return -1;
    }
    if (strcmp(state, "failed") != 0) {
        db_rollback(c->db);
        web_err_add(e, 409, "invalid_state", NULL,
                    _("Chỉ gửi lại được thư đã gửi không thành công."));
        return -1;
    }
    db_stmt *s = db_stmt_get(c->db, &q_retry);
    if (!s)
        return web_err_rollback(c, e);
    db_bind_int(s, 1, outbox_id);
    db_bind_int(s, 2, clock_now());
    if (db_exec(s) != DB_DONE ||
        audit_log(c->db, c->user, "peer.retry", "peer_outbox", outbox_id, NULL, NULL) != 0 ||
        db_commit(c->db) != 0)
        return web_err_rollback(c, e);
    jobs_wake();
    return 0;
}

int peers_outbox_list(db *d, arena *a, const char *state, int limit, outbox_row **rows_r)
{
    db_stmt *s = db_stmt_get(d, &q_outbox);
    if (!s)
        return -1;
    db_bind_text(s, 1, state);
    db_bind_int(s, 2, limit);
    outbox_row *v = arena_alloc(a, (size_t)(limit > 0 ? limit : 1) * sizeof *v);
    int n = 0, rc;
    while ((rc = db_step(s)) == DB_ROW && n < limit) {
        outbox_row *o = &v[n++];
        o->id = db_col_int(s, 0);
        o->peer_id = db_col_int(s, 1);
        o->created_ts = db_col_int(s, 2);
        o->msg_id = col(a, s, 3);
        o->peer_name = col(a, s, 4);
        o->kind = col(a, s, 5);
        o->state = col(a, s, 6);
        o->last_error = db_col_null(s, 7) ? NULL : col(a, s, 7);
        o->delivered_at = db_col_null(s, 8) ? NULL : col(a, s, 8);
        o->reply = db_col_null(s, 9) ? NULL : col(a, s, 9);
        o->attempts = (int)db_col_int(s, 10);
        o->next_at = db_col_int(s, 11);
    }
    db_reset(s);
    *rows_r = v;
    return rc == DB_ERROR ? -1 : n;
}

void peers_outbox_counts(db *d, int64_t counts[3])
{
    counts[0] = counts[1] = counts[2] = 0;
    db_stmt *s = db_stmt_get(d, &q_counts);
    if (!s)
        return;
    while (db_step(s) == DB_ROW) {
        const char *st = db_col_text(s, 0);
        int i = st && strcmp(st, "queued") == 0 ? 0 : st && strcmp(st, "delivered") == 0 ? 1 : 2;
        counts[i] += db_col_int(s, 1);
    }
    db_reset(s);
}
