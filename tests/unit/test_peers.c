/* The transport between installations (peers/): the key file, envelopes signed and verified,
 * every tampered field refused, the signed answer, the envelope's JSON, the backoff schedule,
 * the outbox's idempotency key, and a delivery to a peer that is down (attempt recorded with its
 * error and the next try after the backoff; given up after the rule's hours → failed). */
#include "test_outgoing_fixture.h"

#include <sys/stat.h>

#include "peers/peers.h"
#include "peers/peers_impl.h"
#include "rules/rules.h"

static const char *ORGAN_A = "000.00.00.A01", *ORGAN_B = "000.00.00.B01";

static int setup(void **state)
{
    (void)fx_value;
    return fx_setup(state);
}

static peers_msg sample(const void *body, size_t n)
{
    return (peers_msg){.id = "0123456789abcdef0123456789abcdef",
                       .from_organ = ORGAN_A,
                       .to_organ = ORGAN_B,
                       .kind = "edxml.package",
                       .created = 1780000000,
                       .sent = 1780000100,
                       .body = body,
                       .len = n};
}

static void test_key_file(void **state)
{
    struct fx *f = *state;
    char path[128];
    snprintf(path, sizeof path, "%s/keys/peer.key", f->dir);
    peers_keys k1, k2;
    char *err = NULL;
    assert_int_equal(peers_keys_load(path, &k1, &err), 0);
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0600);
    assert_int_equal(peers_keys_load(path, &k2, &err), 0);
    assert_memory_equal(k1.pk, k2.pk, 32); /* made once, then read back */
    char b64[PEERS_PK_B64];
    peers_pk_b64(k1.pk, b64);
    unsigned char pk[32];
    assert_true(peers_pk_parse(b64, pk));
    assert_memory_equal(pk, k1.pk, 32);
    assert_false(peers_pk_parse("abc", pk));
    assert_false(peers_pk_parse(NULL, pk));
    b64[10] = '*';
    assert_false(peers_pk_parse(b64, pk));
    /* a damaged key file is an error, never silently a new identity */
    FILE *fp = fopen(path, "w");
    fputs("zz\n", fp);
    fclose(fp);
    assert_int_equal(peers_keys_load(path, &k2, &err), -1);
    assert_non_null(err);
    free(err);
}

static void test_sign_verify_tamper(void **state)
{
    struct fx *f = *state;
    char path[128];
    snprintf(path, sizeof path, "%s/keys/k.key", f->dir);
    peers_keys k, other;
    char *err = NULL;
    assert_int_equal(peers_keys_load(path, &k, &err), 0);
    snprintf(path, sizeof path, "%s/keys/other.key", f->dir);
    assert_int_equal(peers_keys_load(path, &other, &err), 0);
    const char body[] = "<edXMLEnvelope/>";
    peers_msg m = sample(body, sizeof body - 1);
    char sig[PEERS_SIG_B64];
    peers_sign_msg(&k, &m, sig);
    assert_true(peers_verify_msg(k.pk, &m, sig));
    assert_false(peers_verify_msg(other.pk, &m, sig)); /* someone else's key */
    peers_msg t = m;
    t.kind = "edxml.status";
    assert_false(peers_verify_msg(k.pk, &t, sig));
    t = m;
    t.to_organ = "000.00.00.C01";
    assert_false(peers_verify_msg(k.pk, &t, sig));
    t = m;
    t.sent++;
    assert_false(peers_verify_msg(k.pk, &t, sig));
    t = m;
    t.created--;
    assert_false(peers_verify_msg(k.pk, &t, sig));
    t = m;
    t.id = "0123456789abcdef0123456789abcdee";
    assert_false(peers_verify_msg(k.pk, &t, sig));
    char changed[sizeof body];
    memcpy(changed, body, sizeof body);
    changed[3] = 'Q';
    t = m;
    t.body = changed;
    assert_false(peers_verify_msg(k.pk, &t, sig));
    assert_false(peers_verify_msg(k.pk, &m, "not-base64"));
    assert_false(peers_verify_msg(k.pk, &m, NULL));

    /* the answer */
    peers_sign_reply(&k, m.id, ORGAN_B, ORGAN_A, "pong", 4, sig);
    assert_true(peers_verify_reply(k.pk, m.id, ORGAN_B, ORGAN_A, "pong", 4, sig));
    assert_false(peers_verify_reply(k.pk, m.id, ORGAN_B, ORGAN_A, "pang", 4, sig));
    assert_false(peers_verify_reply(k.pk, m.id, ORGAN_A, ORGAN_B, "pong", 4, sig));
    assert_false(peers_verify_reply(other.pk, m.id, ORGAN_B, ORGAN_A, "pong", 4, sig));
}

static void test_envelope_json(void **state)
{
    struct fx *f = *state;
    const char body[] = "nội dung";
    peers_msg m = sample(body, strlen(body));
    char *j = peers_envelope_json(&m, "c2ln");
    peers_msg p = {0};
    const char *hash, *sig, *err;
    assert_int_equal(peers_envelope_parse(f->a, j, &p, &hash, &sig, &err), 0);
    free(j);
    assert_string_equal(p.id, m.id);
    assert_string_equal(p.from_organ, ORGAN_A);
    assert_string_equal(p.to_organ, ORGAN_B);
    assert_string_equal(p.kind, m.kind);
    assert_int_equal(p.created, m.created);
    assert_int_equal(p.sent, m.sent);
    char h[65];
    peers_sha256_hex(body, strlen(body), h);
    assert_string_equal(hash, h);
    assert_string_equal(sig, "c2ln");
    /* malformed: not JSON, wrong version, a field with a newline (it could fake a line of the
     * signed text), a missing time */
    assert_int_equal(peers_envelope_parse(f->a, "{", &p, &hash, &sig, &err), -1);
    assert_int_equal(peers_envelope_parse(f->a, "{\"v\":2}", &p, &hash, &sig, &err), -1);
    assert_int_equal(peers_envelope_parse(
                         f->a,
                         "{\"v\":1,\"id\":\"0123456789abcdef0123456789abcdef\",\"from\":\"a\\nb\","
                         "\"to\":\"b\",\"kind\":\"k\",\"created\":1,\"sent\":1,"
                         "\"body_sha256\":\"x\",\"sig\":\"s\"}",
                         &p, &hash, &sig, &err),
                     -1);
    assert_int_equal(
        peers_envelope_parse(f->a,
                             "{\"v\":1,\"id\":\"0123456789abcdef0123456789abcdef\",\"from\":\"a\","
                             "\"to\":\"b\",\"kind\":\"k\",\"created\":1,"
                             "\"body_sha256\":\"x\",\"sig\":\"s\"}",
                             &p, &hash, &sig, &err),
        -1);
    assert_non_null(err);
}

static void test_backoff(void **state)
{
    /* 30 s, doubling, capped at an hour */
    const int64_t want[] = {30, 60, 120, 240, 480, 960, 1920, 3600, 3600};
    for (int i = 0; i < 9; i++)
        assert_int_equal(peers_backoff(30, 3600, i + 1), want[i]);
    assert_int_equal(peers_backoff(1, 2, 1), 1);
    assert_int_equal(peers_backoff(1, 2, 5), 2);
    assert_int_equal(peers_backoff(0, 10, 1), 1);
}

static const db_query q_self = {"t.peers_self", "UPDATE peers_self SET organ_id = ?1", NULL};
static const db_query q_peer = {
    "t.peers_peer",
    "INSERT INTO peers (name, organ_id, base_url, public_key, enabled, created_at, updated_at) "
    "VALUES ('B', ?1, 'http://127.0.0.1:1', ?2, ?3, 'x', 'x')",
    NULL};
static const db_query q_count = {"t.peers_count", "SELECT COUNT(*) FROM peer_outbox", NULL};
static const db_query q_row = {
    "t.peers_row",
    "SELECT state, attempts, next_at, COALESCE(last_error, ''), locked_until FROM peer_outbox",
    NULL};

static void add_peer(struct fx *f, const char *organ, bool enabled)
{
    char organ_self[32], pk[PEERS_PK_B64];
    assert_int_equal(peers_self(f->d, organ_self, sizeof organ_self, pk, sizeof pk), 0);
    db_stmt *s = db_stmt_get(f->d, &q_self);
    db_bind_text(s, 1, ORGAN_A);
    assert_int_equal(db_exec(s), DB_DONE);
    s = db_stmt_get(f->d, &q_peer);
    db_bind_text(s, 1, organ);
    db_bind_text(s, 2, pk);
    db_bind_int(s, 3, enabled);
    assert_int_equal(db_exec(s), DB_DONE);
}

static int enqueue(struct fx *f, const char *organ, const char *key)
{
    char *err = NULL;
    assert_int_equal(db_begin_write(f->d), 0);
    int rc = peers_enqueue(f->d, organ, "peers.ping", "ping", 4, key, &err);
    if (rc == 0)
        assert_int_equal(db_commit(f->d), 0);
    else {
        db_rollback(f->d);
        assert_non_null(err);
    }
    free(err);
    return rc;
}

static void test_outbox_idempotent_and_refusals(void **state)
{
    struct fx *f = *state;
    add_peer(f, ORGAN_B, true);
    add_peer(f, "000.00.00.C01", false);
    assert_int_equal(enqueue(f, ORGAN_B, "văn bản 12/TB-VPTU"), 0);
    assert_int_equal(enqueue(f, ORGAN_B, "văn bản 12/TB-VPTU"), 0); /* the same: nothing added */
    assert_int_equal(fx_value(f, &q_count), 1);
    assert_int_equal(enqueue(f, ORGAN_B, NULL), 0);
    assert_int_equal(enqueue(f, ORGAN_B, NULL), 0); /* no key: two messages */
    assert_int_equal(fx_value(f, &q_count), 3);
    assert_int_equal(enqueue(f, "000.00.00.Z99", NULL), -1); /* unknown */
    assert_int_equal(enqueue(f, "000.00.00.C01", NULL), -1); /* disabled */
    assert_int_equal(fx_value(f, &q_count), 3);
    assert_true(peers_channel_encrypted(f->d, ORGAN_B) == false); /* http to loopback */
    assert_false(peers_channel_encrypted(f->d, "000.00.00.Z99"));
}

static int failed_seen;
static char failed_err[300];
static void on_failed(db *d, const peers_msg *m, const char *error)
{
    failed_seen++;
    snprintf(failed_err, sizeof failed_err, "%s %s", m->kind, error);
}

static void test_peer_down_backoff_then_give_up(void **state)
{
    struct fx *f = *state;
    peers_on_failed("peers.ping", on_failed);
    failed_seen = 0;
    add_peer(f, ORGAN_B, true);
    assert_int_equal(enqueue(f, ORGAN_B, NULL), 0);
    assert_int_equal(peers_deliver_one(f->d), 1); /* nobody listens on port 1 */
    db_stmt *s = db_stmt_get(f->d, &q_row);
    assert_int_equal(db_step(s), DB_ROW);
    assert_string_equal(db_col_text(s, 0), "queued");
    assert_int_equal(db_col_int(s, 1), 1);
    assert_int_equal(db_col_int(s, 2), FX_NOW + 30); /* peers.retry_first_s */
    assert_non_null(strstr(db_col_text(s, 3), "Không kết nối được"));
    assert_int_equal(db_col_int(s, 4), 0); /* the lease given back */
    db_reset(s);
    assert_int_equal(peers_deliver_one(f->d), 0); /* not due yet */
    clock_set_fake(FX_NOW + 30);
    assert_int_equal(peers_deliver_one(f->d), 1);
    s = db_stmt_get(f->d, &q_row);
    assert_int_equal(db_step(s), DB_ROW);
    assert_int_equal(db_col_int(s, 1), 2);
    assert_int_equal(db_col_int(s, 2), FX_NOW + 30 + 60); /* doubled */
    db_reset(s);
    /* past peers.give_up_hours: failed, for the admin to see and send again */
    clock_set_fake(FX_NOW + 72 * 3600);
    assert_int_equal(peers_deliver_one(f->d), 1);
    s = db_stmt_get(f->d, &q_row);
    assert_int_equal(db_step(s), DB_ROW);
    assert_string_equal(db_col_text(s, 0), "failed");
    db_reset(s);
    assert_int_equal(failed_seen, 1); /* the sending module's hook, to tell its users */
    assert_non_null(strstr(failed_err, "peers.ping Không kết nối được"));
    assert_int_equal(peers_deliver_one(f->d), 0);
    /* "Gửi lại": back in the queue, due now, the give-up clock restarted */
    web_err e = {0};
    ctx *admin = &f->c[P_ADMIN];
    assert_int_equal(peers_retry(&f->c[P_CLERK], 1, &e), -1);
    assert_int_equal(e.status, 403);
    e = (web_err){0};
    assert_int_equal(peers_retry(admin, 1, &e), 0);
    s = db_stmt_get(f->d, &q_row);
    assert_int_equal(db_step(s), DB_ROW);
    assert_string_equal(db_col_text(s, 0), "queued");
    db_reset(s);
    e = (web_err){0};
    assert_int_equal(peers_retry(admin, 1, &e), -1); /* only a failed one */
    assert_int_equal(e.status, 409);
}

static void test_save_validation(void **state)
{
    struct fx *f = *state;
    char organ[32], pk[PEERS_PK_B64];
    assert_int_equal(peers_self(f->d, organ, sizeof organ, pk, sizeof pk), 0);
    peer_input in = {
        "Thành ủy Vị Thanh", ORGAN_B, "https://vanphong.vithanh.example", pk, "", "", true};
    web_err e = {0};
    assert_int_equal(peers_save(&f->c[P_OFFICE], 0, &in, &e), -1);
    assert_int_equal(e.status, 403);
    e = (web_err){0};
    peer_input bad = {"", "ngắn", "ftp://x", "abc", "không phải PEM", "md5//x", true};
    assert_int_equal(peers_save(&f->c[P_ADMIN], 0, &bad, &e), -1);
    assert_int_equal(e.status, 400);
    assert_non_null(web_err_field(&e, "name"));
    assert_non_null(web_err_field(&e, "organ_id"));
    assert_non_null(web_err_field(&e, "base_url"));
    assert_non_null(web_err_field(&e, "public_key"));
    assert_non_null(web_err_field(&e, "ca_pem"));
    assert_non_null(web_err_field(&e, "tls_pin"));
    /* plain http only to this machine */
    e = (web_err){0};
    peer_input far = in;
    far.base_url = "http://10.0.0.5";
    assert_int_equal(peers_save(&f->c[P_ADMIN], 0, &far, &e), -1);
    assert_non_null(web_err_field(&e, "base_url"));
    e = (web_err){0};
    int64_t id = peers_save(&f->c[P_ADMIN], 0, &in, &e);
    assert_true(id > 0);
    assert_true(peers_channel_encrypted(f->d, ORGAN_B));
    e = (web_err){0};
    assert_int_equal(peers_save(&f->c[P_ADMIN], 0, &in, &e), -1);
    assert_int_equal(e.status, 409);
    /* disabled: no longer a channel */
    in.enabled = false;
    e = (web_err){0};
    assert_int_equal(peers_save(&f->c[P_ADMIN], id, &in, &e), id);
    assert_false(peers_channel_encrypted(f->d, ORGAN_B));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_key_file, setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_sign_verify_tamper, setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_envelope_json, setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_backoff, setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_outbox_idempotent_and_refusals, setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_peer_down_backoff_then_give_up, setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_save_validation, setup, fx_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
