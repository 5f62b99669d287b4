/* edXML over the transport between installations (edxml_peers.h): the sender's side (issue,
 * recall, the status on the recipient table) and the receiver's (the handler, the landing job,
 * the statuses sent back). edxml/ calls peers/, never the other way round. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "base/clock.h"
#include "base/i18n.h"
#include "catalog/vocab.h"
#include "edxml/edxml.h"
#include "edxml/edxml_peers.h"
#include "exchange/exchange.h"
#include "jobs/jobs.h"
#include "outgoing/outgoing.h"
#include "peers/peers.h"

#define JOB_IN "edxml.peer_in"
#define SYNC_BATCH 100

static const db_query q_peer_by_name = {
    "edxml.peer_by_name",
    "SELECT organ_id FROM peers WHERE name = ?1 AND enabled = 1 ORDER BY id LIMIT 1", NULL};
static const db_query q_peer_names = {
    "edxml.peer_names", "SELECT name FROM peers WHERE enabled = 1 ORDER BY name LIMIT 200", NULL};
static const db_query q_peer_name_of = {"edxml.peer_name_of",
                                        "SELECT name FROM peers WHERE organ_id = ?1 LIMIT 1", NULL};
/* The peer's organ becomes a known outside organ here (edxml_organs), its channel as the
 * transport reports it; an admin's own name for it is kept. */
static const db_query q_organ_known = {
    "edxml.peer_organ",
    "INSERT INTO edxml_organs (organ_id, name, encrypted, created_at) VALUES (?1, ?2, ?3, ?4)"
    " ON CONFLICT (organ_id) DO UPDATE SET encrypted = excluded.encrypted",
    NULL};
static const db_query q_sent_before = {
    "edxml.peer_sent_before",
    "SELECT 1 FROM edxml_packages WHERE direction = 'out' AND kind = 'document' AND"
    " outgoing_id = ?1 AND to_organ = ?2 AND channel = 'peer' LIMIT 1",
    NULL};
/* The last word heard about the document sent to the peer of that name. */
static const db_query q_sent_status = {
    "edxml.peer_sent_status",
    "SELECT p.status FROM edxml_packages p JOIN peers pe ON pe.organ_id = p.to_organ"
    " WHERE p.direction = 'out' AND p.kind = 'document' AND p.outgoing_id = ?1 AND"
    " p.channel = 'peer' AND pe.name = ?2 ORDER BY p.id DESC LIMIT 1",
    NULL};
static const db_query q_sent_organs = {
    "edxml.peer_sent_organs",
    "SELECT DISTINCT to_organ FROM edxml_packages WHERE direction = 'out' AND"
    " kind = 'document' AND outgoing_id = ?1 AND channel = 'peer' AND business IN (0, 3)",
    NULL};
/* Queue rows that came from a peer, with the last status sent back for them; the ones whose
 * story is over (06, 02, 13 sent) are left alone. */
static const db_query q_to_sync = {
    "edxml.peer_to_sync",
    "SELECT q.outgoing_id, q.to_unit_id, p.document_id, p.from_organ, q.refused_reason,"
    " (SELECT s.status FROM edxml_packages s WHERE s.direction = 'out' AND s.kind = 'status'"
    "  AND s.document_id = p.document_id AND s.to_organ = p.from_organ ORDER BY s.id DESC"
    "  LIMIT 1) AS last"
    " FROM edxml_packages p JOIN inbox q ON q.id = p.inbox_id"
    " JOIN peers pe ON pe.organ_id = p.from_organ AND pe.enabled = 1"
    " WHERE p.direction = 'in' AND p.kind = 'document' AND p.channel = 'peer'"
    " AND p.status <> '02' AND last IS NOT NULL AND last NOT IN ('06', '02', '13')"
    " ORDER BY q.id DESC LIMIT 100",
    /* PostgreSQL: an output column's alias cannot be used in WHERE; the same in a subquery. */
    "SELECT outgoing_id, to_unit_id, document_id, from_organ, refused_reason, last FROM"
    " (SELECT q.id AS qid, q.outgoing_id, q.to_unit_id, p.document_id, p.from_organ,"
    " q.refused_reason, (SELECT s.status FROM edxml_packages s WHERE s.direction = 'out'"
    " AND s.kind = 'status' AND s.document_id = p.document_id AND s.to_organ = p.from_organ"
    " ORDER BY s.id DESC LIMIT 1) AS last"
    " FROM edxml_packages p JOIN inbox q ON q.id = p.inbox_id"
    " JOIN peers pe ON pe.organ_id = p.from_organ AND pe.enabled = 1"
    " WHERE p.direction = 'in' AND p.kind = 'document' AND p.channel = 'peer'"
    " AND p.status <> '02') AS v"
    " WHERE last IS NOT NULL AND last NOT IN ('06', '02', '13') ORDER BY qid DESC LIMIT 100"};

static const db_query q_status_queued = {
    "edxml.peer_status_queued",
    "SELECT 1 FROM peer_outbox WHERE kind = 'edxml.status' AND idem_key = ?1 LIMIT 1", NULL};
/* A document we sent, by its DocumentId (a reply's ResponseFor). */
static const db_query q_ours = {
    "edxml.peer_ours",
    "SELECT outgoing_id FROM edxml_packages WHERE direction = 'out' AND kind = 'document' AND"
    " document_id = ?1 AND outgoing_id IS NOT NULL ORDER BY id LIMIT 1",
    NULL};

/* A package the transport gave up on (peers.give_up_hours): its sent row says so, for the
 * recipient table. Found by the bytes' hash, which edxml_build_ex recorded. */
static const db_query q_gave_up = {
    "edxml.peer_gave_up",
    "UPDATE edxml_packages SET status = 'failed', reason = ?2 WHERE direction = 'out' AND"
    " kind = 'document' AND sha256 = ?1 AND status = ''",
    NULL};

static int organ_known(db *d, const char *organ, const char *name)
{
    char now[32];
    clock_iso(clock_now(), now, sizeof now);
    db_stmt *s = db_stmt_get(d, &q_organ_known);
    if (!s)
        return -1;
    db_bind_text(s, 1, organ);
    db_bind_text(s, 2, name);
    db_bind_int(s, 3, peers_channel_encrypted(d, organ) ? 1 : 0);
    db_bind_text(s, 4, now);
    return db_exec(s) == DB_DONE ? 0 : -1;
}

/* The idempotency key of a message: DocumentId, organ and what it says, hashed (a DocumentId
 * may be longer than the transport's key). */
static void idem_key(const char *document_id, const char *organ, const char *what, char key[65])
{
    strbuf b = {0};
    sb_printf(&b, "%s|%s|%s", document_id, organ, what);
    edxml_sha256_hex(b.buf, b.len, key);
    sb_free(&b);
}

/* Builds the package of outgoing_id for organ and queues it, inside the caller's transaction.
 * 0, or -1 with *err_r (malloc'd). */
static int send_package_reason(db *d, int64_t outgoing_id, const char *organ, int business,
                               const char *tag, const char *reason, char **err_r)
{
    strbuf out = {0};
    char docid[256];
    int rc = -1;
    if (edxml_build_reason(d, outgoing_id, organ, business, peers_channel_encrypted(d, organ), 0,
                           reason, &out, err_r) != 0)
        goto done;
    if (edxml_document_id(d, outgoing_id, docid, sizeof docid) != 0) {
        *err_r = strdup(_("Đơn vị ban hành chưa có mã định danh điện tử (OrganId): khai báo ở "
                          "trang đơn vị."));
        goto done;
    }
    char key[65];
    idem_key(docid, organ, tag, key);
    rc = peers_enqueue(d, organ, EDXML_KIND_PACKAGE, out.buf, out.len, key, err_r);
done:
    sb_free(&out);
    return rc;
}

static int send_package(db *d, int64_t outgoing_id, const char *organ, int business,
                        const char *tag, char **err_r)
{
    return send_package_reason(d, outgoing_id, organ, business, tag, NULL, err_r);
}

/* ---- the sender: hooks of outgoing/ ------------------------------------------------------- */

static int out_dispatch(ctx *c, int64_t outgoing_id, int secrecy, int64_t replaces_id,
                        const char *name, const char **refused_r)
{
    db_stmt *s = db_stmt_get(c->db, &q_peer_by_name);
    if (!s)
        return -1;
    db_bind_text(s, 1, name);
    const char *organ = db_step(s) == DB_ROW ? arena_strdup(c->a, db_col_text(s, 0)) : NULL;
    db_reset(s);
    if (!organ)
        return 1; /* not another installation: by post, as before */
    if (secrecy == SECRECY_MAT && !peers_channel_encrypted(c->db, organ)) {
        *refused_r = arena_printf(
            c->a,
            _("Văn bản Mật chỉ được gửi qua kênh đã mã hóa (Quy định 217-QĐ/TW): kết nối đến «%s» "
              "chưa được mã hóa. Không phát hành; gửi bản giấy hoặc bỏ nơi nhận này."),
            name);
        return 2;
    }
    if (organ_known(c->db, organ, name) != 0)
        return -1;
    /* A document replacing one sent there before travels as a replacement (business 3). */
    int business = EDXML_NEW;
    if (replaces_id > 0 && (s = db_stmt_get(c->db, &q_sent_before))) {
        db_bind_int(s, 1, replaces_id);
        db_bind_text(s, 2, organ);
        if (db_step(s) == DB_ROW)
            business = EDXML_REPLACE;
        db_reset(s);
    }
    /* The receiver accepts a package only From the organ the transport authenticates: the
     * issuing unit's organ id must be this installation's. */
    char docid[256], self[PEERS_ORGAN_LEN + 8], pk[64];
    if (edxml_document_id(c->db, outgoing_id, docid, sizeof docid) == 0 &&
        peers_self(c->db, self, sizeof self, pk, sizeof pk) == 0) {
        size_t k = strcspn(docid, ",");
        if (strlen(self) != k || strncmp(docid, self, k) != 0) {
            *refused_r = arena_printf(
                c->a,
                _("Mã định danh của đơn vị ban hành (%.*s) khác mã định danh của hệ thống (%s) "
                  "đã khai báo với các hệ thống liên thông: không gửi được đến «%s». Quản trị "
                  "hệ thống khai báo lại ở trang đơn vị hoặc trang Kết nối liên thông."),
                (int)k, docid, *self ? self : "—", name);
            return 2;
        }
    }
    char *err = NULL;
    if (send_package(c->db, outgoing_id, organ, business, business ? "replace" : "new", &err) !=
        0) {
        *refused_r = arena_printf(c->a, _("Không gửi được đến «%s»: %s"), name,
                                  err ? err : _("Lỗi cơ sở dữ liệu."));
        free(err);
        return 2;
    }
    return 0;
}

/* The labels of the edXML statuses as the sender's recipient table shows them. */
static const char *status_label(const char *code)
{
    static const struct {
        const char *code, *label;
    } t[] = {
        {"", N_("Đang gửi")},
        {EDXML_ARRIVED, N_("Đã đến")},
        {EDXML_REFUSED, N_("Từ chối tiếp nhận")},
        {EDXML_ACCEPTED, N_("Đã tiếp nhận")},
        {EDXML_WAITING, N_("Chờ phân công")},
        {EDXML_IN_PROGRESS, N_("Đã phân công, đang xử lý")},
        {EDXML_DONE, N_("Đã xử lý xong")},
        {EDXML_RECALLED, N_("Thu hồi")},
        {EDXML_AGREE, N_("Đồng ý thu hồi, cập nhật, thay thế")},
        {EDXML_DISAGREE, N_("Không đồng ý thu hồi, cập nhật, thay thế")},
        {"failed", N_("Không gửi được (xem Kết nối liên thông)")},
    };
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++)
        if (strcmp(t[i].code, code) == 0)
            return _(t[i].label);
    return _("Đang gửi");
}

static int out_status(ctx *c, int64_t outgoing_id, const char *name, const char **code_r,
                      const char **label_r)
{
    db_stmt *s = db_stmt_get(c->db, &q_sent_status);
    if (!s)
        return 1;
    db_bind_int(s, 1, outgoing_id);
    db_bind_text(s, 2, name);
    int rc = 1;
    if (db_step(s) == DB_ROW) {
        const char *code = arena_strdup(c->a, db_col_text(s, 0));
        *code_r = code;
        *label_r = status_label(code);
        rc = 0;
    }
    db_reset(s);
    return rc;
}

/* Every status heard from the peer of that name about the document, in order: the first of
 * each code (a status the transport carried twice counts once). */
static const db_query q_heard = {
    "edxml.peer_heard",
    "SELECT s.status, MIN(s.at), MIN(s.id) AS first FROM edxml_packages s"
    " JOIN peers pe ON pe.organ_id = s.from_organ AND pe.name = ?2"
    " WHERE s.direction = 'in' AND s.kind = 'status' AND s.document_id IN"
    " (SELECT p.document_id FROM edxml_packages p WHERE p.direction = 'out' AND"
    "  p.kind = 'document' AND p.outgoing_id = ?1 AND p.channel = 'peer'"
    "  AND p.to_organ = pe.organ_id)"
    " GROUP BY s.status ORDER BY first LIMIT 20",
    NULL};

static int out_timeline(ctx *c, int64_t outgoing_id, const char *name, json_t *arr)
{
    db_stmt *s = db_stmt_get(c->db, &q_heard);
    if (!s)
        return -1;
    db_bind_int(s, 1, outgoing_id);
    db_bind_text(s, 2, name);
    while (db_step(s) == DB_ROW) {
        const char *code = db_col_text(s, 0);
        json_array_append_new(arr, json_pack("{s:s, s:s, s:s}", "code", code, "label",
                                             status_label(code), "at", db_col_text(s, 1)));
    }
    db_reset(s);
    return 0;
}

static int out_recall(ctx *c, int64_t outgoing_id, const char *reason)
{
    db_stmt *s = db_stmt_get(c->db, &q_sent_organs);
    if (!s)
        return -1;
    db_bind_int(s, 1, outgoing_id);
    const char *organs[64];
    int n = 0;
    while (n < 64 && db_step(s) == DB_ROW)
        organs[n++] = arena_strdup(c->a, db_col_text(s, 0));
    db_reset(s);
    for (int i = 0; i < n; i++) {
        char *err = NULL;
        /* A peer disabled since keeps its copy: the admin sees nothing queued for it. */
        int rc = send_package(c->db, outgoing_id, organs[i], EDXML_RECALL, "recall", &err);
        if (rc != 0)
            fprintf(stderr, "edxml: recall of %lld to %s not queued: %s\n", (long long)outgoing_id,
                    organs[i], err ? err : "?");
        free(err);
    }
    return 0;
}

/* An update travels to every organ the document (or the one it replaced) reached as a new
 * document or replacement; each update package is its own message (its bytes' hash keys it). */
static int out_send_update(ctx *c, int64_t outgoing_id, const char *reason)
{
    db_stmt *s = db_stmt_get(c->db, &q_sent_organs);
    if (!s)
        return -1;
    db_bind_int(s, 1, outgoing_id);
    const char *organs[64];
    int n = 0;
    while (n < 64 && db_step(s) == DB_ROW)
        organs[n++] = arena_strdup(c->a, db_col_text(s, 0));
    db_reset(s);
    for (int i = 0; i < n; i++) {
        char *err = NULL;
        char tag[48];
        snprintf(tag, sizeof tag, "update-%lld", (long long)clock_now_ms());
        int rc =
            send_package_reason(c->db, outgoing_id, organs[i], EDXML_UPDATE, tag, reason, &err);
        if (rc != 0)
            fprintf(stderr, "edxml: update of %lld to %s not queued: %s\n", (long long)outgoing_id,
                    organs[i], err ? err : "?");
        free(err);
        if (rc != 0)
            return -1;
    }
    return n;
}

static int out_names(ctx *c, const char ***names_r)
{
    db_stmt *s = db_stmt_get(c->db, &q_peer_names);
    if (!s)
        return -1;
    const char **v = arena_alloc(c->a, sizeof *v * 200);
    int n = 0;
    while (n < 200 && db_step(s) == DB_ROW)
        v[n++] = arena_strdup(c->a, db_col_text(s, 0));
    db_reset(s);
    *names_r = v;
    return n;
}

static const outgoing_outside_hooks hooks = {out_dispatch, out_status,   out_recall,
                                             out_names,    out_timeline, out_send_update};

/* ---- the receiver: the handler keeps the message as a job --------------------------------- */

static int on_message(db *d, const peers_msg *m, strbuf *reply)
{
    json_t *xml = json_stringn(m->body, m->len);
    if (!xml) {
        sb_adds(reply, _("Gói tin edXML không phải văn bản UTF-8."));
        return -1;
    }
    json_t *j = json_pack("{s:s, s:s, s:o}", "from", m->from_organ, "kind", m->kind, "xml", xml);
    char *payload = j ? json_dumps(j, JSON_COMPACT) : NULL;
    json_decref(j);
    int64_t id = payload ? jobs_enqueue(d, JOB_IN, payload) : -1;
    free(payload);
    if (id < 0) {
        sb_adds(reply, _("Lỗi cơ sở dữ liệu."));
        return -1;
    }
    jobs_wake();
    sb_adds(reply, "{\"queued\":true}");
    return 0;
}

static void on_failed(db *d, const peers_msg *m, const char *error)
{
    char sha[65];
    edxml_sha256_hex(m->body, m->len, sha);
    db_stmt *s = db_stmt_get(d, &q_gave_up);
    if (!s)
        return;
    db_bind_text(s, 1, sha);
    db_bind_text(s, 2, error);
    db_exec(s);
}

/* Sends a status about document_id back to organ, in its own transaction. 0 or -1. */
static int send_status(db *d, const char *document_id, const char *organ, const char *code,
                       const char *description)
{
    strbuf out = {0};
    char *err = NULL;
    if (db_begin_write(d) != 0)
        return -1;
    char key[65];
    idem_key(document_id, organ, code, key);
    int rc = edxml_build_status(d, document_id, organ, code, description, &out, &err);
    if (rc != 0 && strcmp(code, EDXML_REFUSED) == 0) {
        /* A package refused on arrival has no accepted row to answer from: the answer comes
         * from this installation's organ, about the DocumentId it carried. */
        char self[PEERS_ORGAN_LEN + 8], pk[64], now[32];
        const char *werr = NULL;
        clock_iso(clock_now(), now, sizeof now);
        edxml_status st = {.response_for = {.organ_id = organ, .document_id = document_id},
                           .code = code,
                           .description = description,
                           .timestamp = now};
        if (peers_self(d, self, sizeof self, pk, sizeof pk) == 0 && *self) {
            st.from.organ_id = self;
            free(err);
            err = NULL;
            sb_reset(&out);
            rc = edxml_write_status(&st, &out, &werr);
        }
    }
    if (rc == 0)
        rc = peers_enqueue(d, organ, EDXML_KIND_STATUS, out.buf, out.len, key, &err);
    if (rc == 0 && db_commit(d) == 0) {
        sb_free(&out);
        return 0;
    }
    db_rollback(d);
    fprintf(stderr, "edxml: status %s of %s to %s not queued: %s\n", code, document_id, organ,
            err ? err : "store error");
    free(err);
    sb_free(&out);
    return -1;
}

/* A document that answers one we sent (ResponseFor = our DocumentId): the trace of our document
 * says so, with the reply's number and subject, for those who follow it. */
static void link_reply(db *d, const char *from, int64_t inbox_id, const char *xml, size_t n)
{
    arena *a = arena_new();
    edxml_doc *p = NULL;
    edxml_status *st = NULL;
    const char *err = NULL;
    if (edxml_parse(a, xml, n, &p, &st, &err) != 1 || !p->n_responses)
        goto out;
    for (int i = 0; i < p->n_responses; i++) {
        db_stmt *s = p->responses[i].document_id ? db_stmt_get(d, &q_ours) : NULL;
        if (!s)
            continue;
        db_bind_text(s, 1, p->responses[i].document_id);
        int64_t ours = db_step(s) == DB_ROW ? db_col_int(s, 0) : 0;
        db_reset(s);
        if (!ours)
            continue;
        const char *code =
            p->code_number && p->code_notation
                ? arena_printf(a, "%s%s%s", p->code_number,
                               strchr(p->code_notation, '/') ? "-" : "/", p->code_notation)
                : (p->code_notation ? p->code_notation : "");
        /* The sender's wait for that recipient ends, as for a reply inside the tree: the
         * recipient is the peer's name, as the document listed it. */
        db_stmt *pn = db_stmt_get(d, &q_peer_name_of);
        const char *name = NULL;
        if (pn) {
            db_bind_text(pn, 1, from);
            if (db_step(pn) == DB_ROW)
                name = arena_strdup(a, db_col_text(pn, 0));
            db_reset(pn);
        }
        if (!name || db_begin_write(d) != 0)
            continue;
        if (outgoing_reply_arrived(d, ours, name, code, p->subject ? p->subject : "", inbox_id) !=
                0 ||
            db_commit(d) != 0)
            db_rollback(d);
    }
out:
    arena_free(&a);
}

static int job_in(db *d, const char *payload, const char *data_dir, char **err_r)
{
    (void)data_dir;
    json_error_t je;
    json_t *j = json_loads(payload, 0, &je);
    const char *from = json_string_value(json_object_get(j, "from"));
    const char *kind = json_string_value(json_object_get(j, "kind"));
    json_t *xj = json_object_get(j, "xml");
    if (!from || !kind || !json_is_string(xj)) {
        json_decref(j);
        *err_r = strdup("edxml.peer_in: bad payload");
        return -2;
    }
    const char *xml = json_string_value(xj);
    size_t n = json_string_length(xj);
    int rc = 0;
    if (strcmp(kind, EDXML_KIND_STATUS) == 0) {
        /* Only the organ the transport authenticated may speak of its own copy. */
        arena *a = arena_new();
        edxml_doc *p = NULL;
        edxml_status *st = NULL;
        const char *perr = NULL;
        bool own = edxml_parse(a, xml, n, &p, &st, &perr) == 2 && st->from.organ_id &&
                   strcmp(st->from.organ_id, from) == 0;
        arena_free(&a);
        if (!own)
            fprintf(stderr, "edxml: status from %s about another organ's copy ignored\n", from);
        else
            rc = edxml_receive_status(d, xml, n) < 0 ? -1 : 0;
        goto out;
    }
    /* The sender is a configured peer (its signature was checked): a known organ from now on. */
    db_stmt *s = db_stmt_get(d, &q_peer_name_of);
    char name[320] = "";
    if (s) {
        db_bind_text(s, 1, from);
        if (db_step(s) == DB_ROW)
            snprintf(name, sizeof name, "%s", db_col_text(s, 0));
        db_reset(s);
    }
    if (db_begin_write(d) != 0 || organ_known(d, from, *name ? name : from) != 0 ||
        db_commit(d) != 0) {
        db_rollback(d);
        rc = -1;
        goto out;
    }
    edxml_result r = {.encrypted_channel = peers_channel_encrypted(d, from)};
    int got = edxml_receive(d, from, xml, n, &r);
    if (got < 0) {
        rc = -1;
        goto out;
    }
    if (r.document_id[0] && r.status[0])
        send_status(d, r.document_id, from, r.status,
                    strcmp(r.status, EDXML_REFUSED) == 0 ? r.message : NULL);
    if (got == 0 && r.inbox_id > 0)
        link_reply(d, from, r.inbox_id, xml, n);
out:
    if (rc != 0 && !*err_r)
        *err_r = strdup("edxml.peer_in: store error");
    json_decref(j);
    return rc;
}

/* ---- the receiver: statuses that changed go back ------------------------------------------ */

typedef struct sync_row {
    int64_t outgoing_id, to_unit_id;
    char *document_id, *organ, *reason, *last;
} sync_row;

/* Whether the status code about document_id was queued for organ already (true on a store
 * error: better late than twice). */
static bool status_queued(db *d, const char *document_id, const char *organ, const char *code)
{
    char key[65];
    idem_key(document_id, organ, code, key);
    db_stmt *k = db_stmt_get(d, &q_status_queued);
    bool queued = true;
    if (k) {
        db_bind_text(k, 1, key);
        queued = db_step(k) == DB_ROW;
        db_reset(k);
    }
    return queued;
}

int edxml_peers_sync(db *d)
{
    db_stmt *s = db_stmt_get(d, &q_to_sync);
    if (!s)
        return 0;
    sync_row v[SYNC_BATCH];
    int n = 0;
    while (n < SYNC_BATCH && db_step(s) == DB_ROW) {
        v[n].outgoing_id = db_col_int(s, 0);
        v[n].to_unit_id = db_col_int(s, 1);
        v[n].document_id = strdup(db_col_text(s, 2));
        v[n].organ = strdup(db_col_text(s, 3));
        v[n].reason = db_col_null(s, 4) ? NULL : strdup(db_col_text(s, 4));
        v[n].last = strdup(db_col_text(s, 5));
        n++;
    }
    db_reset(s);
    int sent = 0;
    for (int i = 0; i < n; i++) {
        const char *code = NULL, *label = NULL;
        /* The clerk's answer to a recall/update/replace request (15/16, recorded by
         * edxml_request_decide) goes out once; then the queue row's own status again. */
        if (strcmp(v[i].last, EDXML_AGREE) == 0 || strcmp(v[i].last, EDXML_DISAGREE) == 0) {
            if (!status_queued(d, v[i].document_id, v[i].organ, v[i].last)) {
                if (send_status(d, v[i].document_id, v[i].organ, v[i].last, NULL) == 0)
                    sent++;
                goto next;
            }
        }
        if (inbox_status(d, v[i].outgoing_id, v[i].to_unit_id, &code, &label) != 0 ||
            strcmp(code, v[i].last) == 0 || strcmp(code, EDXML_ARRIVED) == 0)
            goto next;
        /* Along the way (03, 04, 05, 06) every step goes back, in order, each once (its
         * idempotency key): a record registered and routed between two passes still tells the
         * sender it was accepted and awaited routing. */
        int rank = inbox_status_rank(code);
        for (int k = 1; k < rank; k++) {
            const char *step = inbox_status_at_rank(k);
            if (status_queued(d, v[i].document_id, v[i].organ, step))
                continue;
            if (send_status(d, v[i].document_id, v[i].organ, step, NULL) != 0)
                goto next;
            sent++;
        }
        if (!status_queued(d, v[i].document_id, v[i].organ, code) &&
            send_status(d, v[i].document_id, v[i].organ, code,
                        strcmp(code, EDXML_REFUSED) == 0 ? v[i].reason : NULL) == 0)
            sent++;
    next:
        free(v[i].document_id);
        free(v[i].organ);
        free(v[i].reason);
        free(v[i].last);
    }
    return sent;
}

void edxml_peers_init(void)
{
    outgoing_on_outside(&hooks);
    peers_on(EDXML_KIND_PACKAGE, on_message);
    peers_on(EDXML_KIND_STATUS, on_message);
    peers_on_failed(EDXML_KIND_PACKAGE, on_failed);
    jobs_register(JOB_IN, job_in, NULL);
    jobs_add_idle(edxml_peers_sync);
}
