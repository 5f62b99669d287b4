#ifndef VP_PEERS_IMPL_H
#define VP_PEERS_IMPL_H
/* Private to src/peers/: keys, envelopes, the peer rows and the outbox. */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/strbuf.h"
#include "db/db.h"
#include "peers/peers.h"
#include "web/ctx.h"
#include "web/errors.h"

#define PEERS_ID_HEX 32   /* a message id: 16 random bytes in hex */
#define PEERS_SIG_B64 128 /* room for a base64 Ed25519 signature */
#define PEERS_PK_B64 64   /* room for a base64 public key */
#define PEERS_URL_MAX 300
#define PEERS_NAME_MAX 200
#define PEERS_PEM_MAX (64 * 1024)
#define PEERS_HTTP_TIMEOUT_S 30
#define PEERS_LEASE_S 120 /* a delivery in progress holds its row this long */

typedef struct peers_keys {
    unsigned char pk[32], sk[64];
} peers_keys;

/* ---- envelope.c: keys, signatures, envelopes ---------------------------------------------- */

/* Reads the key pair from path (hex seed), making it (0600, folder 0700) when missing. */
int peers_keys_load(const char *path, peers_keys *k, char **err_r);
/* The installation's pair: <config.data_dir>/keys/peer.key, loaded once. */
int peers_keys_get(peers_keys *k, char **err_r);
/* Base64 (original alphabet, padded) of a 32-byte key; decoding checks the length. */
void peers_pk_b64(const unsigned char pk[32], char out[PEERS_PK_B64]);
bool peers_pk_parse(const char *b64, unsigned char pk[32]);
void peers_sha256_hex(const void *p, size_t n, char out[65]);
void peers_new_id(char out[PEERS_ID_HEX + 1]);

/* The signed text of a message: version, id, from, to, kind, created, body hash, one a line. */
void peers_sign_msg(const peers_keys *k, const peers_msg *m, char sig[PEERS_SIG_B64]);
bool peers_verify_msg(const unsigned char pk[32], const peers_msg *m, const char *sig);
/* The signed text of a reply: version, the message id, from (the replier), to, reply hash. */
void peers_sign_reply(const peers_keys *k, const char *msg_id, const char *from, const char *to,
                      const void *reply, size_t n, char sig[PEERS_SIG_B64]);
bool peers_verify_reply(const unsigned char pk[32], const char *msg_id, const char *from,
                        const char *to, const void *reply, size_t n, const char *sig);

/* The envelope's JSON (without the body, which travels as its own part): malloc'd. */
char *peers_envelope_json(const peers_msg *m, const char *sig);
/* Parses an envelope (fields into arena strings; m->body left alone). 0, or -1 with a
 * Vietnamese *err_r. The signature is returned in *sig_r, the body hash in *hash_r. */
int peers_envelope_parse(arena *a, const char *json, peers_msg *m, const char **hash_r,
                         const char **sig_r, const char **err_r);
/* A field of the envelope: printable ASCII without spaces, 1..max bytes. */
bool peers_token_ok(const char *s, size_t max);

/* ---- peers.c: the peer rows ---------------------------------------------------------------- */

typedef struct peer_row {
    int64_t id;
    const char *name, *organ_id, *base_url, *public_key, *ca_pem, *tls_pin;
    bool enabled;
    const char *last_ping_at, *last_ping_reply, *created_at, *updated_at;
} peer_row;

int peers_get(db *d, arena *a, int64_t id, peer_row *p);             /* 1, 0 none, -1 */
int peers_by_organ(db *d, arena *a, const char *organ, peer_row *p); /* 1, 0 none, -1 */
int peers_list(db *d, arena *a, peer_row **rows_r);                  /* count or -1 */
bool peers_url_encrypted(const char *url);
/* The self organ id into buf ("" when unset). */
void peers_self_organ(db *d, char *buf, size_t n);

/* Queues a peers.ping to peer id (the admin's "Kiểm tra kết nối"). */
int peers_ping(ctx *c, int64_t id, web_err *e);
/* A failed message back to the queue, due now. */
int peers_retry(ctx *c, int64_t outbox_id, web_err *e);
bool peers_may_admin(const ctx *c);

typedef struct outbox_row {
    int64_t id, peer_id, created_ts;
    const char *msg_id, *peer_name, *kind, *state, *last_error, *delivered_at, *reply;
    int attempts;
    int64_t next_at;
} outbox_row;
/* The newest rows, state NULL = all. Count or -1. */
int peers_outbox_list(db *d, arena *a, const char *state, int limit, outbox_row **rows_r);
/* How many rows in each state: queued, delivered, failed. */
void peers_outbox_counts(db *d, int64_t counts[3]);

/* ---- the handler tables (peers_kinds.c) --------------------------------------------------- */
peers_handler peers_handler_for(const char *kind);
peers_reply_fn peers_reply_for(const char *kind);
peers_failed_fn peers_failed_for(const char *kind);

/* ---- deliver.c ---------------------------------------------------------------------------- */
/* The delay before attempt number `attempt` (1 = the first retry): first × 2^(attempt-1),
 * capped at max. */
int64_t peers_backoff(int64_t first, int64_t max, int attempt);

#endif
